// `radcred record check|show`: verification records, signed and re-checkable.
import { type Command } from 'commander';
import { collect, pathArguments, pathOption } from '../options.js';
import { force, type Action } from './shared.js';

export function registerRecord(program: Command, action: Action): void {
  const record = program
    .command('record')
    .description('verification records: what the office files, signed and re-checkable');
  pathArguments(
    record
      .command('check <file>')
      .description("check a record again offline: the office's signature, the proofs, the verdict at its time"),
    'in',
  )
    .addOption(
      pathOption(
        '--vkey <vkey>',
        "a ledger key to check the proofs against (text or file; default: this home's pin)",
        'text-or-file',
      ).argParser(collect),
    )
    .option(
      '--office <did>',
      "who must have signed it: a DID or an identity name (default: this home's identities, or offices trusted for VerificationRecordCredential)",
    )
    .addOption(
      pathOption(
        '--ledger <dir>',
        'a pinned ledger copy: check that no entry was left out of the record (repeatable)',
        'dir',
      ).argParser(collect),
    )
    .action(action(async () => (await import('../commands/record.js')).check));
  pathArguments(record.command('show <file>').description('print a record for a person, or as a printable page'), 'in')
    .addOption(pathOption('--html <file>', 'write the printable page (self-contained HTML) here', 'out'))
    .addOption(force('replace an existing --html file'))
    .action(action(async () => (await import('../commands/record.js')).show));
}
