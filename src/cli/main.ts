// The command-line entry: wires commands (each loaded only when it runs, so --help stays fast),
// renders results as text or JSON, and turns every error into one exit status from one table.
import { Command, CommanderError, Option } from 'commander';
import { RadcredError } from '../errors.js';
import { makeContext, type CliContext, type GlobalOptions } from './context.js';
import { EXIT, EXIT_FOR_KIND } from './exit.js';
import { processIo, type CliIo } from './io.js';
import type { CommandResult } from './result.js';
import { styleFor } from './style.js';

export const VERSION = '0.1.0';

type Handler = (ctx: CliContext, args: string[], opts: Record<string, unknown>) => Promise<CommandResult>;
type Loader = () => Promise<Handler>;

/** The width commander wraps help to: the terminal's, else the snapshot's 80 columns. */
export const helpWidth = (out: CliIo['stdout']): number => (out.isTTY && out.columns ? out.columns : 80);

const collect = (value: string, previous: string[] = []) => [...previous, value];

function build(io: CliIo, settle: (code: number) => void): Command {
  const program = new Command('radcred');
  program
    .description('Radiologist credentials as W3C Verifiable Credentials, verified offline')
    .version(VERSION, '-V, --version')
    .option('--home <dir>', 'radcred home (default $RADCRED_HOME, else ~/.radcred)')
    .option('--json', 'print one JSON document on stdout, nothing else')
    .option('--no-input', 'never prompt; fail with a hint instead')
    .option('--passphrase-file <file>', 'read the keystore passphrase from FILE (else $RADCRED_PASSPHRASE, else a prompt)')
    .option('--now <time>', 'the clock for issuing and verifying (ISO 8601 or unix seconds)')
    // Hidden, and only so that a passphrase given in argv is refused with a hint (PASSPHRASE_IN_ARGV)
    // instead of being echoed back in commander's "unknown option '--passphrase=...'".
    .addOption(new Option('--passphrase <value>').hideHelp())
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // Help is wrapped to the terminal, else to 80 columns; bin/radcred serves the 80-column
      // top-level help from a build-time snapshot (dist/bundle/start.json), so both must agree.
      getOutHelpWidth: () => helpWidth(io.stdout),
      getErrHelpWidth: () => helpWidth(io.stderr),
      outputError: (s, write) => write(`radcred: ${s.replace(/^error: /, 'error: ')}`),
    });

  const action = (load: Loader) =>
    async function (this: Command, ...raw: unknown[]) {
      const cmd = raw[raw.length - 1] as Command;
      const opts = cmd.optsWithGlobals() as Record<string, unknown> & GlobalOptions;
      const args = raw.slice(0, -2).flatMap((a) => (Array.isArray(a) ? a.map(String) : a === undefined ? [] : [String(a)]));
      settle(await execute(io, opts, load, args));
    };

  const id = program.command('id').description('identities (did:key) and their encrypted keystores');
  const keyType = () => new Option('--key-type <type>', 'key type').choices(['ed25519', 'p256', 'secp256k1']);
  id.command('create <name>').description('create an identity with a new key')
    .addOption(keyType().default('ed25519')).option('--label <text>', 'a human label, e.g. "Texas Medical Board"')
    .action(action(async () => (await import('./commands/id.js')).create));
  id.command('import <name>').description('import a raw 32-byte private key (--seed) or a private JWK')
    .option('--seed <hex>', 'raw private key as 64 hex characters').option('--seed-file <file>', 'file holding the hex seed (keeps it out of argv)')
    .option('--jwk <file>', 'private JWK file').addOption(keyType()).option('--label <text>', 'a human label')
    .action(action(async () => (await import('./commands/id.js')).importKey));
  id.command('export <name>').description("write the identity's private key, unencrypted, as a JWK to a new file (mode 0600)")
    .requiredOption('--out <file>', 'the file to create (never replaced, never stdout)')
    .option('--yes', 'confirm without a prompt (required without a terminal or with --no-input)')
    .action(action(async () => (await import('./commands/id.js')).exportKey));
  id.command('list').description('list identities').action(action(async () => (await import('./commands/id.js')).list));
  id.command('show <name>').description('show one identity (never its private key)').action(action(async () => (await import('./commands/id.js')).show));

  const types = program.command('types').description('built-in credential types')
    .action(action(async () => (await import('./commands/types.js')).list));
  types.command('show <type>').description("print a type's subject JSON Schema and an example")
    .action(action(async () => (await import('./commands/types.js')).show));

  program.command('issue <type>').description('issue a credential')
    .requiredOption('--issuer <name>', 'issuing identity')
    .option('--subject <did>', 'holder DID')
    .option('--data <file>', 'credential subject JSON (without "id")')
    .option('--batch <roster>', 'issue one credential per row of a CSV roster (with --out-dir)')
    .option('--out-dir <dir>', 'where --batch writes the credentials, one file per row')
    .option('--valid-from <time>', 'start of validity (default: now)')
    .option('--valid-until <time>', 'end of validity')
    .option('--out <file>', 'write the VC-JWT here (default: stdout)')
    .option('--force', 'replace an existing --out file')
    .option('--ledger <dir>', 'log the issuance in this ledger (directly if this home holds the operator key, else in DIR/pending/)')
    .action(action(async () => (await import('./commands/issue.js')).issue));

  const issued = program.command('issued').description('the issuer register: every credential this home issued');
  issued.command('list').description('list them: date, type, subject, jti, ledger')
    .option('--subject <did>', 'only credentials issued to this DID').option('--type <type>', 'only this credential type')
    .action(action(async () => (await import('./commands/issued.js')).list));

  for (const [name, what] of [['revoke', 'revoke a credential (final)'], ['suspend', 'suspend a credential'], ['reinstate', 'lift a suspension']] as const) {
    const cmd = program.command(`${name} <credential>`).description(`${what}: a signed status entry in the ledger`)
      .requiredOption('--issuer <name>', "the credential's issuer identity")
      .requiredOption('--ledger <dir>', 'the ledger the credential was issued in');
    if (name !== 'reinstate') cmd.option('--reason <text>', 'one line, recorded in the ledger (no personal data)');
    cmd.action(action(async () => (await import('./commands/status.js'))[name]));
  }

  const wallet = program.command('wallet').description("the holder's credentials");
  wallet.command('add <file...>').description('check and store credentials').option('--holder <name>', 'only accept credentials issued to this identity')
    .action(action(async () => (await import('./commands/wallet.js')).add));
  wallet.command('list').description('list stored credentials').option('--type <type>', 'only this credential type')
    .option('--expiring <duration>', 'only credentials that lapse within this period (e.g. 90d)')
    .action(action(async () => (await import('./commands/wallet.js')).list));
  wallet.command('show <id>').description('show a credential (id: digest prefix, jti or file)')
    .action(action(async () => (await import('./commands/wallet.js')).show));
  wallet.command('remove <id>').description('remove a credential from the wallet')
    .action(action(async () => (await import('./commands/wallet.js')).remove));

  const request = program.command('request').description("a credentialing office's signed request");
  request.command('create').description('write a signed request: who asks, a fresh challenge, what is required')
    .requiredOption('--verifier <name>', 'the office identity that signs the request')
    .option('--require <type...>', 'credential types the presentation must include')
    .option('--cme <preset|file>', 'CME rule: abr, tx, ca, pa, mqsa, or a rule file')
    .option('--valid-for <duration>', 'how long the holder may answer (default 30d)')
    .option('--appointment-until <time>', 'end of the appointment period (credentials lapsing before it are flagged)')
    .requiredOption('--out <file>', 'write the request JWT here').option('--force', 'replace an existing --out file')
    .action(action(async () => (await import('./commands/request.js')).create));
  request.command('show <file>').description('check a request and show who is asking for what')
    .action(action(async () => (await import('./commands/request.js')).show));

  program.command('present').description('sign a presentation of chosen credentials for one verifier')
    .requiredOption('--holder <name>', 'holder identity')
    .option('--request <file>', "answer this request (its verifier and challenge; only credentials it asks for)")
    .option('--audience <did>', "the verifier's DID").option('--challenge <nonce>', "the verifier's challenge")
    .option('--select <id...>', 'credentials to present (digest prefix, jti or file)').option('--all', "present all of the holder's credentials")
    .option('--valid-for <duration>', 'how long the presentation is valid (default 7d)')
    .requiredOption('--out <file>', 'write the VP-JWT here').option('--force', 'replace an existing --out file')
    .action(action(async () => (await import('./commands/present.js')).present));

  program.command('disclosures').description('list every presentation this home has made')
    .action(action(async () => (await import('./commands/present.js')).disclosures));

  program.command('verify <file...>').description('verify credentials or presentations')
    .option('--request <file>', 'the request the presentation answers: audience, challenge and policy (required types, CME, appointment)')
    .option('--audience <did>', 'expected audience (your DID)').option('--challenge <nonce>', 'expected challenge')
    .option('--any-audience', 'skip the audience and challenge checks (shown as a warning)')
    .option('--trust <file>', 'trust list (default: the home trust.json)').option('--any-issuer', 'skip the trust check (shown as a warning)')
    .option('--ledger <dir>', 'pinned ledger copy for the anchor and status checks (repeatable)', collect)
    .option('--no-ledger', 'skip the ledger anchor and status checks (shown as warnings)')
    .option('--max-ledger-age <duration>', 'fail when the pinned checkpoint was last confirmed by a pull longer ago')
    .option('--report <file>', 'also write the JSON report here')
    .action(action(async () => (await import('./commands/verify.js')).verify));

  const trust = program.command('trust').description('which issuer DID may issue which types')
    .option('--file <file>', 'trust list file (default: the home trust.json)');
  trust.command('add <did>').description('trust an issuer for types').requiredOption('--name <text>', "the issuer's name")
    .requiredOption('--types <type...>', 'credential types, or "*" for all')
    .option('--valid-from <time>', 'trusted from').option('--valid-until <time>', 'trusted until')
    .action(action(async () => (await import('./commands/trust.js')).add));
  trust.command('list').description('list trusted issuers').action(action(async () => (await import('./commands/trust.js')).list));
  trust.command('remove <did>').description('stop trusting an issuer').action(action(async () => (await import('./commands/trust.js')).remove));

  const ledger = program.command('ledger').description('the transparency ledger (C2SP tlog-tiles)');
  ledger.command('init <dir>').description('create a ledger; the operator identity (Ed25519) signs its checkpoints')
    .requiredOption('--origin <origin>', 'the log identity, e.g. ledger.example.org/credentials')
    .requiredOption('--operator <name>', 'operator identity')
    .action(action(async () => (await import('./commands/ledger.js')).init));
  ledger.command('status <dir>').description('origin, size, root, vkey, newest entry time')
    .action(action(async () => (await import('./commands/ledger.js')).status));
  ledger.command('audit <dir>').description('recompute every tile and the root from the entries; check every entry signature')
    .option('--vkey <vkey>', 'the ledger key to check against (text or file; default: the pin, else the ledger\'s vkey file)')
    .action(action(async () => (await import('./commands/ledger.js')).audit));
  ledger.command('integrate <dir>').description('sequence the entries in DIR/pending/ in one commit')
    .requiredOption('--operator <name>', 'operator identity')
    .action(action(async () => (await import('./commands/ledger.js')).integrate));
  ledger.command('pull <src> <dst>').description('update a pinned local copy; refuses forks (exit 4)')
    .option('--vkey <vkey>', 'the ledger key to pin on the first pull (text or file)')
    .action(action(async () => (await import('./commands/ledger.js')).pull));
  ledger.command('prove <dir> <credential>').description("write a C2SP tlog-proof of a credential's issue entry")
    .requiredOption('--out <file>', 'the proof file').option('--entry-out <file>', 'where to write the entry (default: OUT.entry)')
    .option('--force', 'replace existing files')
    .action(action(async () => (await import('./commands/ledger.js')).prove));
  ledger.command('check-proof <file>').description('check a tlog-proof offline')
    .requiredOption('--entry <file>', 'the logged entry').requiredOption('--vkey <vkey>', 'the ledger key (text or file)')
    .action(action(async () => (await import('./commands/ledger.js')).checkProofCommand));

  program.command('demo').description('the whole credential story on the fixtures, in a temporary directory')
    .option('--dir <dir>', 'work here instead of a new temporary directory')
    .action(action(async () => (await import('./commands/demo.js')).demo));
  return program;
}

async function execute(io: CliIo, opts: GlobalOptions, load: Loader, args: string[]): Promise<number> {
  const ctx = makeContext(opts, io);
  const handler = await load();
  const result = await handler(ctx, args, opts as Record<string, unknown>);
  if (ctx.json) io.stdout.write(JSON.stringify(result.data, null, 2) + '\n');
  else {
    if (result.raw !== undefined) io.stdout.write(result.raw);
    const text = result.human(ctx.style);
    if (text.length > 0) io.stdout.write(text.endsWith('\n') ? text : text + '\n');
  }
  return result.exitCode ?? EXIT.ok;
}

function reportError(io: CliIo, e: unknown, json: boolean): number {
  const style = styleFor(io.stderr.isTTY, io.env);
  if (e instanceof RadcredError) {
    io.stderr.write(`${style.bad('radcred: error:')} ${e.message}\n`);
    if (e.hint) io.stderr.write(`${style.dim('hint:')} ${e.hint}\n`);
    if (json) io.stdout.write(JSON.stringify({ error: { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}), ...(e.details !== undefined ? { details: e.details } : {}) } }, null, 2) + '\n');
    return EXIT_FOR_KIND[e.kind];
  }
  // A bug, not the user's fault: one line, no stack unless asked for.
  const message = e instanceof Error ? e.message : String(e);
  io.stderr.write(`${style.bad('radcred: internal error:')} ${message}\n`);
  io.stderr.write(`${style.dim('hint:')} this is a bug in radcred; rerun with RADCRED_DEBUG=1 for details\n`);
  if (io.env.RADCRED_DEBUG && e instanceof Error && e.stack) io.stderr.write(e.stack + '\n');
  if (json) io.stdout.write(JSON.stringify({ error: { code: 'INTERNAL', message } }) + '\n');
  return EXIT.internal;
}

/** Runs one command line; returns the exit status (only bin/radcred calls process.exit). */
export async function run(argv: string[], io: CliIo = processIo()): Promise<number> {
  const json = argv.includes('--json');
  let code: number = EXIT.ok;
  const program = build(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0) return EXIT.ok;
      if (e.code === 'commander.help') return EXIT.usage;
      if (json) io.stdout.write(JSON.stringify({ error: { code: 'USAGE', message: e.message.replace(/^error: /, '') } }) + '\n');
      return EXIT.usage;
    }
    return reportError(io, e, json);
  }
}
