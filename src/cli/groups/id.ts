// `radcred id ...`: identities (did:key) and their encrypted keystores.
import { type Command, Option } from 'commander';
import { pathOption } from '../options.js';
import { keyType, allowWeak, type Action } from './shared.js';

export function registerId(program: Command, action: Action): void {
  const id = program.command('id').description('identities (did:key) and their encrypted keystores');
  id.command('create <name>')
    .description('create an identity with a new key')
    .addOption(keyType().default('ed25519'))
    .option('--label <text>', 'a human label, e.g. "Texas Medical Board"')
    .addOption(allowWeak())
    .action(action(async () => (await import('../commands/id.js')).create));
  id.command('import <name>')
    .description('import a raw 32-byte private key (--seed) or a private JWK')
    .addOption(new Option('--seed <hex>', 'raw private key as 64 hex characters').conflicts(['seedFile', 'jwk']))
    .addOption(
      pathOption('--seed-file <file>', 'file holding the hex seed (keeps it out of argv)', 'in').conflicts(['jwk']),
    )
    .addOption(pathOption('--jwk <file>', 'private JWK file', 'in'))
    .addOption(keyType())
    .option('--label <text>', 'a human label')
    .addOption(allowWeak())
    .action(action(async () => (await import('../commands/id.js')).importKey));
  id.command('passwd <name>')
    .description("change an identity's passphrase: the current one unlocks, the keystore is re-encrypted")
    .addOption(
      pathOption(
        '--new-passphrase-file <file>',
        'read the new passphrase from FILE (else $RADCRED_NEW_PASSPHRASE, else a prompt, twice)',
        'in',
      ),
    )
    .addOption(allowWeak())
    .action(action(async () => (await import('../commands/id.js')).passwd));
  id.command('export <name>')
    .description("write the identity's private key, unencrypted, as a JWK to a new file (mode 0600)")
    .addOption(
      pathOption('--out <file>', 'the file to create (never replaced, never stdout)', 'out').makeOptionMandatory(),
    )
    .option('--yes', 'confirm without a prompt (required without a terminal or with --no-input)')
    .action(action(async () => (await import('../commands/id.js')).exportKey));
  id.command('list')
    .description('list identities')
    .action(action(async () => (await import('../commands/id.js')).list));
  id.command('show <name>')
    .description('show one identity (never its private key)')
    .action(action(async () => (await import('../commands/id.js')).show));
}
