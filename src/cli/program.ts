// The command table: every command, its options and arguments, which paths they take, which
// flags exclude each other. Each command's code is loaded only when it runs, so --help stays fast.
import { Command, Option } from 'commander';
import type { CliIo } from './io.js';
import { collect, negationFlag, pathArguments, pathOption, refuseRepeatedOptions } from './options.js';

export { VERSION } from '../version.js';
import { VERSION } from '../version.js';

export type Action = (load: () => Promise<unknown>) => (...raw: unknown[]) => Promise<void>;

/** The width commander wraps help to: the terminal's, else the snapshot's 80 columns. */
export const helpWidth = (out: CliIo['stdout']): number => (out.isTTY && out.columns ? out.columns : 80);

const keyType = () => new Option('--key-type <type>', 'key type').choices(['ed25519', 'p256', 'secp256k1']);
const out = (what: string) => pathOption('--out <file>', what, 'out');
const force = (what = 'replace an existing --out file') => new Option('--force', what);
const allowWeak = () =>
  new Option(
    '--allow-weak-passphrase',
    'accept a new passphrase that fails the strength rule (for tests and demos only)',
  );

export function buildProgram(io: CliIo, action: Action): Command {
  const program = new Command('radcred');
  program
    .description('Radiologist credentials as W3C Verifiable Credentials, verified offline')
    .version(VERSION, '-V, --version')
    .addOption(pathOption('--home <dir>', 'radcred home (default $RADCRED_HOME, else ~/.radcred)', 'dir-out'))
    .option('--json', 'print one JSON document on stdout, nothing else')
    .option('--no-input', 'never prompt; fail with a hint instead')
    .addOption(
      pathOption(
        '--passphrase-file <file>',
        'read keystore passphrases from FILE; NAME=FILE for identity NAME only (repeatable); else $RADCRED_PASSPHRASE_NAME, $RADCRED_PASSPHRASE, a prompt',
        'in',
      ).argParser(collect),
    )
    .option('--now <time>', 'the clock for issuing and verifying (ISO 8601 or unix seconds)')
    // Hidden, and only so that a passphrase given in argv is refused with a hint (PASSPHRASE_IN_ARGV)
    // instead of being echoed back in commander's "unknown option '--passphrase=...'".
    .addOption(new Option('--passphrase <value>').hideHelp())
    .exitOverride()
    // main.ts suggests with radcred's own rule (src/util/suggest.ts), in its hint line
    .showSuggestionAfterError(false)
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // Help is wrapped to the terminal, else to 80 columns; bin/radcred serves the 80-column
      // top-level help from a build-time snapshot (dist/bundle/start.json), so both must agree.
      getOutHelpWidth: () => helpWidth(io.stdout),
      getErrHelpWidth: () => helpWidth(io.stderr),
      // main.ts reports commander's errors itself, in radcred's style (`error:` then `hint:`)
      outputError: () => undefined,
    });

  const id = program.command('id').description('identities (did:key) and their encrypted keystores');
  id.command('create <name>')
    .description('create an identity with a new key')
    .addOption(keyType().default('ed25519'))
    .option('--label <text>', 'a human label, e.g. "Texas Medical Board"')
    .addOption(allowWeak())
    .action(action(async () => (await import('./commands/id.js')).create));
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
    .action(action(async () => (await import('./commands/id.js')).importKey));
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
    .action(action(async () => (await import('./commands/id.js')).passwd));
  id.command('export <name>')
    .description("write the identity's private key, unencrypted, as a JWK to a new file (mode 0600)")
    .addOption(
      pathOption('--out <file>', 'the file to create (never replaced, never stdout)', 'out').makeOptionMandatory(),
    )
    .option('--yes', 'confirm without a prompt (required without a terminal or with --no-input)')
    .action(action(async () => (await import('./commands/id.js')).exportKey));
  id.command('list')
    .description('list identities')
    .action(action(async () => (await import('./commands/id.js')).list));
  id.command('show <name>')
    .description('show one identity (never its private key)')
    .action(action(async () => (await import('./commands/id.js')).show));

  const types = program
    .command('types')
    .description('built-in credential types')
    .action(action(async () => (await import('./commands/types.js')).list));
  types
    .command('show <type>')
    .description("print a type's subject JSON Schema and an example")
    .action(action(async () => (await import('./commands/types.js')).show));

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
    .action(action(async () => (await import('./commands/issue.js')).issue));

  const issued = program.command('issued').description('the issuer register: every credential this home issued');
  issued
    .command('list')
    .description('list them: date, type, subject, jti, ledger')
    .option('--subject <did>', 'only credentials issued to this DID')
    .option('--type <type>', 'only this credential type')
    .action(action(async () => (await import('./commands/issued.js')).list));

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
    pathArguments(cmd, 'text-or-file').action(action(async () => (await import('./commands/status.js'))[name]));
  }

  const wallet = program.command('wallet').description("the holder's credentials");
  pathArguments(wallet.command('add <file...>').description('check and store credentials'), 'in')
    .option('--holder <name>', 'only accept credentials issued to this identity')
    .action(action(async () => (await import('./commands/wallet.js')).add));
  wallet
    .command('list')
    .description('list stored credentials')
    .option('--type <type>', 'only this credential type')
    .option(
      '--expiring <duration>',
      'only credentials that lapse within this period: 90d, 3mo (a month is 30 days), 1y',
    )
    .action(action(async () => (await import('./commands/wallet.js')).list));
  pathArguments(
    wallet.command('show <id>').description('show a credential (id: digest prefix, jti or file)'),
    'text-or-file',
  ).action(action(async () => (await import('./commands/wallet.js')).show));
  pathArguments(wallet.command('remove <id>').description('remove a credential from the wallet'), 'text-or-file')
    .option(
      '--yes',
      'do not ask (on a terminal radcred shows the credential and asks; without one, or with --no-input, it does not)',
    )
    .action(action(async () => (await import('./commands/wallet.js')).remove));

  const request = program.command('request').description("a credentialing office's signed request");
  request
    .command('create')
    .description('write a signed request: who asks, a fresh challenge, what is required')
    .requiredOption('--verifier <name>', 'the office identity that signs the request')
    .option('--require <type...>', 'credential types the presentation must include')
    .option(
      '--allow-unknown-type',
      'accept a --require type radcred does not know even when it looks like a typo of one it does',
    )
    .addOption(
      pathOption('--policy <file>', "the office's bylaws: a policy file (version 1); the flags add to it", 'in'),
    )
    .addOption(
      pathOption(
        '--cme <preset|file>',
        'CME rule: abr, tx, ca, pa, mqsa, or a rule file (repeatable: every rule must be met)',
        'text-or-file',
      ).argParser(collect),
    )
    .option('--valid-for <duration>', 'how long the holder may answer (default 30d; units s, min, h, d, w, mo, y)')
    .option('--appointment-from <time>', 'start of the appointment period')
    .option('--appointment-until <time>', 'end of the appointment period (credentials lapsing before it are flagged)')
    .addOption(out('write the request JWT here').makeOptionMandatory())
    .addOption(force())
    .action(action(async () => (await import('./commands/request.js')).create));
  pathArguments(
    request.command('show <file>').description('check a request and show who is asking for what'),
    'in',
  ).action(action(async () => (await import('./commands/request.js')).show));

  program
    .command('present')
    .description('sign a presentation of chosen credentials for one verifier')
    .requiredOption('--holder <name>', 'holder identity')
    .addOption(
      pathOption(
        '--request <file>',
        'answer this request (its verifier and challenge; only credentials it asks for)',
        'in',
      ).conflicts(['audience', 'challenge']),
    )
    .option('--audience <did>', "the verifier's DID")
    .option('--challenge <nonce>', "the verifier's challenge")
    .addOption(
      pathOption('--select <id...>', 'credentials to present (digest prefix, jti or file)', 'text-or-file').conflicts([
        'all',
      ]),
    )
    .option('--all', "present all of the holder's credentials")
    .option('--valid-for <duration>', 'how long the presentation is valid (default 7d; units s, min, h, d, w, mo, y)')
    .addOption(out('write the VP-JWT here').makeOptionMandatory())
    .addOption(force())
    .action(action(async () => (await import('./commands/present.js')).present));

  program
    .command('disclosures')
    .description('list every presentation this home has made')
    .action(action(async () => (await import('./commands/present.js')).disclosures));

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
    .action(action(async () => (await import('./commands/verify.js')).verify));

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
    .action(action(async () => (await import('./commands/record.js')).check));
  pathArguments(record.command('show <file>').description('print a record for a person, or as a printable page'), 'in')
    .addOption(pathOption('--html <file>', 'write the printable page (self-contained HTML) here', 'out'))
    .addOption(force('replace an existing --html file'))
    .action(action(async () => (await import('./commands/record.js')).show));

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
    .action(action(async () => (await import('./commands/trust.js')).add));
  trust
    .command('list')
    .description('list trusted issuers')
    .action(action(async () => (await import('./commands/trust.js')).list));
  trust
    .command('remove <did>')
    .description('stop trusting an issuer')
    .action(action(async () => (await import('./commands/trust.js')).remove));

  const ledger = program.command('ledger').description('the transparency ledger (C2SP tlog-tiles)');
  pathArguments(
    ledger.command('init <dir>').description('create a ledger; the operator identity (Ed25519) signs its checkpoints'),
    'dir-out',
  )
    .requiredOption('--origin <origin>', 'the log identity, e.g. ledger.example.org/credentials')
    .requiredOption('--operator <name>', 'operator identity')
    .action(action(async () => (await import('./commands/ledger.js')).init));
  pathArguments(
    ledger.command('status <dir>').description('origin, size, root, vkey, newest entry time'),
    'dir',
  ).action(action(async () => (await import('./commands/ledger.js')).status));
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
    .action(action(async () => (await import('./commands/ledger.js')).audit));
  pathArguments(
    ledger.command('integrate <dir>').description('sequence the entries in DIR/pending/ in one commit'),
    'dir',
  )
    .requiredOption('--operator <name>', 'operator identity')
    .action(action(async () => (await import('./commands/ledger.js')).integrate));
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
    .action(action(async () => (await import('./commands/ledger.js')).pull));
  ledger
    .command('witness-key <name>')
    .description('the witness key (a vkey, type 0x04) of an Ed25519 identity, for witness policies')
    .option('--key-name <name>', 'the name witnesses go by (default: the identity name), e.g. witness.northbay.example')
    .action(action(async () => (await import('./commands/ledger.js')).witnessKeyCommand));
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
    .action(action(async () => (await import('./commands/ledger.js')).cosign));
  pathArguments(
    ledger
      .command('add-cosignatures <dir> <file...>')
      .description("append witnesses' cosignatures to the ledger's current checkpoint (operator)"),
    'dir',
    'in',
  ).action(action(async () => (await import('./commands/ledger.js')).addCosignaturesCommand));
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
    .action(action(async () => (await import('./commands/ledger.js')).entries));
  pathArguments(
    ledger.command('prove <dir> <credential>').description("write a C2SP tlog-proof of a credential's issue entry"),
    'dir',
    'text-or-file',
  )
    .addOption(out('the proof file').makeOptionMandatory())
    .addOption(pathOption('--entry-out <file>', 'where to write the entry (default: OUT.entry)', 'out'))
    .addOption(force('replace existing files'))
    .action(action(async () => (await import('./commands/ledger.js')).prove));
  pathArguments(ledger.command('check-proof <file>').description('check a tlog-proof offline'), 'in')
    .addOption(pathOption('--entry <file>', 'the logged entry', 'in').makeOptionMandatory())
    .addOption(pathOption('--vkey <vkey>', 'the ledger key (text or file)', 'text-or-file').makeOptionMandatory())
    .action(action(async () => (await import('./commands/ledger.js')).checkProofCommand));

  program
    .command('demo')
    .description('the whole credential story on the fixtures, in a temporary directory')
    .addOption(
      pathOption('--dir <dir>', 'work here (a new or empty directory) instead of a new temporary directory', 'dir-out'),
    )
    .action(action(async () => (await import('./commands/demo.js')).demo));

  refuseRepeatedOptions(program);
  return program;
}
