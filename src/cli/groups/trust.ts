// `radcred trust add|list|remove`: which issuer DID may issue which types.
import { type Command } from 'commander';
import { pathOption } from '../options.js';
import { type Action } from './shared.js';

export function registerTrust(program: Command, action: Action): void {
  const trust = program
    .command('trust')
    .description('which issuer DID may issue which types')
    .addOption(pathOption('--file <file>', 'trust list file (default: the home trust.json)', 'in'));
  trust
    .command('add <did>')
    .description('trust an issuer for types')
    .requiredOption('--name <text>', "the issuer's name")
    .requiredOption('--types <type...>', 'credential types, or "*" for all')
    .option('--allow-unknown-type', 'accept a type radcred does not know even when it looks like a typo of one it does')
    .option('--valid-from <time>', 'trusted from')
    .option('--valid-until <time>', 'trusted until (a date means its last second)')
    .action(action(async () => (await import('../commands/trust.js')).add));
  trust
    .command('list')
    .description('list trusted issuers')
    .action(action(async () => (await import('../commands/trust.js')).list));
  trust
    .command('remove <did>')
    .description('stop trusting an issuer')
    .action(action(async () => (await import('../commands/trust.js')).remove));
}
