// `radcred issue TYPE ...` and `radcred issued list`: issuing, and the issuer register.
import { type Command, Option } from 'commander';
import { pathOption } from '../options.js';
import { out, force, type Action } from './shared.js';

export function registerIssue(program: Command, action: Action): void {
  program
    .command('issue <type>')
    .description('issue a credential')
    .requiredOption('--issuer <name>', 'issuing identity')
    .addOption(new Option('--subject <did>', 'holder DID').conflicts(['batch', 'outDir']))
    .addOption(
      pathOption('--data <file>', 'credential subject JSON (without "id")', 'in').conflicts(['batch', 'outDir']),
    )
    .addOption(pathOption('--batch <roster>', 'issue one credential per row of a CSV roster (with --out-dir)', 'in'))
    .addOption(pathOption('--out-dir <dir>', 'where --batch writes the credentials, one file per row', 'dir-out'))
    .option('--valid-from <time>', 'start of validity (default: now; a date means 00:00:00Z)')
    .addOption(
      new Option('--valid-until <time>', 'end of validity (a date means its last second, 23:59:59Z)').conflicts([
        'batch',
      ]),
    )
    .addOption(out('write the VC-JWT here (default: stdout)').conflicts(['batch', 'outDir']))
    .addOption(force())
    .addOption(
      pathOption(
        '--ledger <dir>',
        'log the issuance in this ledger (directly if this home holds the operator key, else in DIR/pending/)',
        'dir',
      ),
    )
    .action(action(async () => (await import('../commands/issue.js')).issue));
}

export function registerIssued(program: Command, action: Action): void {
  const issued = program.command('issued').description('the issuer register: every credential this home issued');
  issued
    .command('list')
    .description('list them: date, type, subject, jti, ledger')
    .option('--subject <did>', 'only credentials issued to this DID')
    .option('--type <type>', 'only this credential type')
    .action(action(async () => (await import('../commands/issued.js')).list));
}
