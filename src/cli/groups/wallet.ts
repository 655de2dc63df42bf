// `radcred wallet ...`: the holder's credentials.
import { type Command } from 'commander';
import { pathArguments } from '../options.js';
import { type Action } from './shared.js';

export function registerWallet(program: Command, action: Action): void {
  const wallet = program.command('wallet').description("the holder's credentials");
  pathArguments(wallet.command('add <file...>').description('check and store credentials'), 'in')
    .option('--holder <name>', 'only accept credentials issued to this identity')
    .action(action(async () => (await import('../commands/wallet.js')).add));
  wallet
    .command('list')
    .description('list stored credentials')
    .option('--type <type>', 'only this credential type')
    .option(
      '--expiring <duration>',
      'only credentials that lapse within this period: 90d, 3mo (a month is 30 days), 1y',
    )
    .action(action(async () => (await import('../commands/wallet.js')).list));
  pathArguments(
    wallet.command('show <id>').description('show a credential (id: digest prefix, jti or file)'),
    'text-or-file',
  ).action(action(async () => (await import('../commands/wallet.js')).show));
  pathArguments(wallet.command('remove <id>').description('remove a credential from the wallet'), 'text-or-file')
    .option(
      '--yes',
      'do not ask (on a terminal radcred shows the credential and asks; without one, or with --no-input, it does not)',
    )
    .action(action(async () => (await import('../commands/wallet.js')).remove));
}
