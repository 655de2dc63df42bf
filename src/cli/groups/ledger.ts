// `radcred ledger ...`: the transparency ledger (C2SP tlog-tiles): a ledger and its copies,
// witnesses, entries and proofs.
import { type Command } from 'commander';
import { pathArguments, pathOption } from '../options.js';
import { out, force, type Action } from './shared.js';

export function registerLedger(program: Command, action: Action): void {
  const ledger = program.command('ledger').description('the transparency ledger (C2SP tlog-tiles)');
  ledgerCopies(ledger, action);
  witnesses(ledger, action);
  entriesAndProofs(ledger, action);
}

/** init, status, audit, integrate, pull */
function ledgerCopies(ledger: Command, action: Action): void {
  pathArguments(
    ledger.command('init <dir>').description('create a ledger; the operator identity (Ed25519) signs its checkpoints'),
    'dir-out',
  )
    .requiredOption('--origin <origin>', 'the log identity, e.g. ledger.example.org/credentials')
    .requiredOption('--operator <name>', 'operator identity')
    .action(action(async () => (await import('../commands/ledger-operator.js')).init));
  pathArguments(
    ledger.command('status <dir>').description('origin, size, root, vkey, newest entry time'),
    'dir',
  ).action(action(async () => (await import('../commands/ledger-operator.js')).status));
  pathArguments(
    ledger
      .command('audit <dir>')
      .description(
        'recompute every tile and the root from the entries; check every entry signature (a directory or a URL)',
      ),
    'dir',
  )
    .addOption(
      pathOption(
        '--vkey <vkey>',
        "the ledger key to check against (text or file; default: the pin, else the ledger's vkey file)",
        'text-or-file',
      ),
    )
    .addOption(
      pathOption(
        '--witness-policy <file>',
        'a c2sp.org/tlog-policy file: the checkpoint must carry its quorum of witness cosignatures',
        'in',
      ),
    )
    .action(action(async () => (await import('../commands/ledger-verifier.js')).audit));
  pathArguments(
    ledger.command('integrate <dir>').description('sequence the entries in DIR/pending/ in one commit'),
    'dir',
  )
    .requiredOption('--operator <name>', 'operator identity')
    .action(action(async () => (await import('../commands/ledger-operator.js')).integrate));
  pathArguments(
    ledger
      .command('pull <src> <dst>')
      .description('update a pinned local copy from a directory or an http(s) URL; refuses forks (exit 4)'),
    'dir',
    'dir-out',
  )
    .addOption(pathOption('--vkey <vkey>', 'the ledger key to pin on the first pull (text or file)', 'text-or-file'))
    .addOption(
      pathOption(
        '--witness-policy <file>',
        'a c2sp.org/tlog-policy file: the checkpoint must carry its quorum of witness cosignatures',
        'in',
      ),
    )
    .action(action(async () => (await import('../commands/ledger-verifier.js')).pull));
}

/** witness-key, cosign, add-cosignatures */
function witnesses(ledger: Command, action: Action): void {
  ledger
    .command('witness-key <name>')
    .description('the witness key (a vkey, type 0x04) of an Ed25519 identity, for witness policies')
    .option('--key-name <name>', 'the name witnesses go by (default: the identity name), e.g. witness.northbay.example')
    .action(action(async () => (await import('../commands/ledger-witness.js')).witnessKeyCommand));
  pathArguments(
    ledger
      .command('cosign <dir>')
      .description(
        "cosign a pulled copy's checkpoint as a witness (checked against this home's pin and its last cosignature)",
      ),
    'dir',
  )
    .requiredOption('--witness <name>', 'the Ed25519 identity that cosigns')
    .option('--key-name <name>', 'the name witnesses go by (default: the identity name)')
    .addOption(out('the cosigned checkpoint, for the operator').makeOptionMandatory())
    .addOption(force())
    .action(action(async () => (await import('../commands/ledger-witness.js')).cosign));
  pathArguments(
    ledger
      .command('add-cosignatures <dir> <file...>')
      .description("append witnesses' cosignatures to the ledger's current checkpoint (operator)"),
    'dir',
    'in',
  ).action(action(async () => (await import('../commands/ledger-operator.js')).addCosignaturesCommand));
}

/** entries, prove, check-proof */
function entriesAndProofs(ledger: Command, action: Action): void {
  pathArguments(
    ledger
      .command('entries <src>')
      .description("list a ledger's entries (a directory or an http(s) URL): monitor what is logged in your name"),
    'dir',
  )
    .option('--issuer <did>', 'only entries signed in the name of this DID')
    .option('--since <time>', 'only entries dated at or after this time')
    .addOption(
      pathOption(
        '--vkey <vkey>',
        "the ledger key (text or file; default: the pin, else the ledger's vkey file)",
        'text-or-file',
      ),
    )
    .action(action(async () => (await import('../commands/ledger-verifier.js')).entries));
  pathArguments(
    ledger.command('prove <dir> <credential>').description("write a C2SP tlog-proof of a credential's issue entry"),
    'dir',
    'text-or-file',
  )
    .addOption(out('the proof file').makeOptionMandatory())
    .addOption(pathOption('--entry-out <file>', 'where to write the entry (default: OUT.entry)', 'out'))
    .addOption(force('replace existing files'))
    .action(action(async () => (await import('../commands/ledger-verifier.js')).prove));
  pathArguments(ledger.command('check-proof <file>').description('check a tlog-proof offline'), 'in')
    .addOption(pathOption('--entry <file>', 'the logged entry', 'in').makeOptionMandatory())
    .addOption(pathOption('--vkey <vkey>', 'the ledger key (text or file)', 'text-or-file').makeOptionMandatory())
    .action(action(async () => (await import('../commands/ledger-verifier.js')).checkProofCommand));
}
