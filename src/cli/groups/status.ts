// `radcred revoke|suspend|reinstate CREDENTIAL ...`: status changes, each a signed ledger entry.
import { type Command } from 'commander';
import { pathArguments, pathOption } from '../options.js';
import { type Action } from './shared.js';

export function registerStatus(program: Command, action: Action): void {
  for (const [name, what] of [
    ['revoke', 'revoke a credential (final; on a terminal, asks first)'],
    ['suspend', 'suspend a credential'],
    ['reinstate', 'lift a suspension'],
  ] as const) {
    const cmd = program
      .command(`${name} <credential>`)
      .description(`${what}: a signed status entry in the ledger`)
      .requiredOption('--issuer <name>', "the credential's issuer identity")
      .addOption(pathOption('--ledger <dir>', 'the ledger the credential was issued in', 'dir').makeOptionMandatory());
    if (name !== 'reinstate') cmd.option('--reason <text>', 'one line, recorded in the ledger (no personal data)');
    // revocation is final: a terminal is asked first; scripts (no terminal, --no-input) are not
    if (name === 'revoke')
      cmd.option(
        '--yes',
        'do not ask (on a terminal radcred shows the credential and asks; without one, or with --no-input, it does not)',
      );
    pathArguments(cmd, 'text-or-file').action(action(async () => (await import('../commands/status.js'))[name]));
  }
}
