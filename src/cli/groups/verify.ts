// `radcred verify FILE... ...`: the verdict, and the office's report and record of it.
import { type Command, Option } from 'commander';
import { collect, negationFlag, pathArguments, pathOption } from '../options.js';
import { force, type Action } from './shared.js';

export function registerVerify(program: Command, action: Action): void {
  pathArguments(program.command('verify <file...>').description('verify credentials or presentations'), 'in')
    .addOption(
      pathOption(
        '--request <file>',
        'the request the presentation answers: audience, challenge and policy (required types, CME, appointment)',
        'in',
      ).conflicts(['audience', 'challenge', 'anyAudience']),
    )
    .option('--audience <did>', 'expected audience (your DID)')
    .option('--challenge <nonce>', 'expected challenge')
    .addOption(
      new Option('--any-audience', 'skip the audience and challenge checks (shown as a warning)').conflicts([
        'audience',
        'challenge',
      ]),
    )
    .addOption(pathOption('--trust <file>', 'trust list (default: the home trust.json)', 'in').conflicts(['anyIssuer']))
    .option('--any-issuer', 'skip the trust check (shown as a warning)')
    .addOption(
      pathOption('--ledger <dir>', 'pinned ledger copy for the anchor and status checks (repeatable)', 'dir')
        .argParser(collect)
        .conflicts(['noLedger']),
    )
    .addOption(
      negationFlag('--no-ledger', 'skip the ledger anchor and status checks (shown as warnings)').conflicts([
        'maxLedgerAge',
      ]),
    )
    .option(
      '--max-ledger-age <duration>',
      'fail when the pinned checkpoint was last confirmed by a pull longer ago (e.g. 36h, 7d)',
    )
    .addOption(
      pathOption(
        '--witness-policy <file>',
        'a c2sp.org/tlog-policy file: the checkpoint must carry its quorum of witness cosignatures',
        'in',
      ),
    )
    .addOption(
      pathOption('--report <file>', 'also write the report here: FILE.html a printable page, else JSON', 'out'),
    )
    .addOption(pathOption('--record <file>', 'write the signed verification record here (one file verified)', 'out'))
    .option('--signer <name>', 'the office identity that signs the --record (and is named on the page)')
    .option('--reviewer <text>', 'who reviewed this verification, for the record and the page')
    .addOption(
      new Option('--attach <kind=text>', 'the office\'s own check, e.g. npdb="no reports" (repeatable)').argParser(
        collect,
      ),
    )
    .option('--verbose', "show every credential's checks, not only those that failed or warned")
    .addOption(force('replace an existing --report or --record file'))
    .action(action(async () => (await import('../commands/verify.js')).verify));
}
