// demo [--dir DIR]: the whole credential story on the fixtures, run through the real commands in
// separate homes (issuers, ledger operator, holder, credentialing office), with no prompts.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { RadcredError } from '../../errors.js';
import { fixturePath } from '../../fixtures.js';
import { isoTime, parseTime } from '../../util/time.js';
import { checkOutputDir } from '../../util/output.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit.js';
import { bufferedIo } from '../io.js';
import type { CommandResult } from '../result.js';

const DEMO_CLOCK = '2026-11-27T18:00:00Z';
const DEMO_PASSPHRASE = 'correct horse battery staple (demo only)';
const DAY = 86400;

interface Step {
  party: string;
  args: string[];
  exitCode: number;
}

interface RunOptions {
  expect?: number;
  /** seconds after the demo clock at which this step runs */
  at?: number;
  /** how much of the output to show: all of it, the first n lines, or the lines a filter keeps */
  show?: number | ((line: string) => boolean);
  /** run without echoing the command (the demo reads the result itself) */
  quiet?: boolean;
}

const shellQuote = (arg: string) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`);

/** Verification output trimmed to what the story needs: the ledger used, failures and verdicts. */
const verdictLines = (line: string) => /FAIL|VERIFIED|^ledger /.test(line.trim()) || /\b(anchor|status)\b/.test(line) && /License/.test(line);

export async function demo(ctx: CliContext, _args: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const { run } = await import('../main.js');
  // a new or empty directory: the story starts from nothing, and never mixes with other files
  const dir = typeof opts.dir === 'string'
    ? checkOutputDir(ctx.resolvePath(opts.dir), '--dir', { empty: true, emptyHint: 'the demo starts from nothing: give a new or empty directory' })
    : mkdtempSync(join(tmpdir(), 'radcred-demo-'));
  mkdirSync(dir, { recursive: true });
  const t0 = typeof opts.now === 'string' ? parseTime(opts.now, '--now') : parseTime(DEMO_CLOCK);
  const steps: Step[] = [];
  const s = ctx.style;
  const say = (text: string) => {
    if (!ctx.json) ctx.io.stdout.write(text + '\n');
  };

  async function radcred(party: string, args: string[], options: RunOptions = {}): Promise<string> {
    const captured = bufferedIo({ ...ctx.io.env, RADCRED_PASSPHRASE: DEMO_PASSPHRASE, NO_COLOR: '1' }, dir);
    const at = t0 + (options.at ?? 0);
    const exitCode = await run(['--home', party, '--no-input', '--now', String(at), ...args], captured.io);
    const [stdout, stderr] = [captured.stdout(), captured.stderr()];
    steps.push({ party, args, exitCode });
    if (!options.quiet) say(s.dim(`  $ radcred --home ${party}${options.at ? ` --now ${isoTime(at)}` : ''} ${args.map(shellQuote).join(' ')}`));
    const lines = (stderr + stdout).trimEnd().split('\n').filter((l) => l.length > 0);
    const show = options.show ?? 40;
    const shown = typeof show === 'number' ? lines.slice(0, show) : lines.filter(show);
    if (shown.length) say(shown.map((l) => '    ' + l).join('\n'));
    const expect = options.expect ?? EXIT.ok;
    if (exitCode !== expect) {
      throw new RadcredError('DEMO_FAILED', `demo step \`radcred ${args.join(' ')}\` exited ${exitCode}, expected ${expect}`);
    }
    return stdout;
  }
  const json = async (party: string, args: string[]) => JSON.parse(await radcred(party, ['--json', ...args], { show: 0, quiet: true })) as Record<string, unknown>;

  const parties = JSON.parse(readFileSync(fixturePath('demo-identities.json'), 'utf8')) as {
    identities: { name: string; label: string; keyType: string; seed: string }[];
  };

  say(s.bold(`radcred demo — in ${dir} (clock ${isoTime(t0)})`));
  say('');
  say(s.bold('1. Everyone has an identity (did:key), each in its own home, keys encrypted at rest.'));
  // The demo parties have fixed public test seeds (fixtures/demo-identities.json) so the story is
  // reproducible; they go through --seed-file, the way a real key should, never through argv.
  mkdirSync(join(dir, 'seeds'), { recursive: true, mode: 0o700 });
  for (const p of parties.identities) {
    writeFileSync(join(dir, 'seeds', `${p.name}.hex`), p.seed + '\n', { mode: 0o600 });
    await radcred(p.name, ['id', 'import', p.name, '--seed-file', `seeds/${p.name}.hex`, '--key-type', p.keyType, '--label', p.label], { show: 2 });
  }
  const did: Record<string, string> = {};
  for (const p of parties.identities) did[p.name] = String((await json(p.name, ['id', 'show', p.name])).did);

  say('');
  say(s.bold('2. The Texas Credentials Registry runs the transparency ledger (C2SP tlog-tiles) and publishes its key.'));
  await radcred('registry', ['ledger', 'init', 'ledger', '--origin', 'registry.example.org/radcred', '--operator', 'registry'], { show: 2 });
  const vkey = readFileSync(join(dir, 'ledger', 'vkey'), 'utf8').trim();

  say('');
  say(s.bold('3. Lakeshore University, the Texas Medical Board and the ABR issue to Dr. Priya Halvorsen; RSNA issues its CME roster. Each issuance is logged.'));
  mkdirSync(join(dir, 'inbox'), { recursive: true });
  const subject = (type: string) => {
    writeFileSync(join(dir, `${type}.json`), readFileSync(fixturePath('subjects', `${type}.json`)));
    return `${type}.json`;
  };
  const issue = (issuer: string, type: string, out: string, extra: string[] = []) =>
    radcred(issuer, ['issue', type, '--issuer', issuer, '--subject', did.priya!, '--data', subject(type), ...extra, '--ledger', 'ledger', '--out', out], { show: 2 });
  await issue('lakeshore', 'MedicalDegreeCredential', 'inbox/degree.jwt');
  await issue('tmb', 'MedicalLicenseCredential', 'inbox/license.jwt', ['--valid-until', '2027-08-31T23:59:59Z']);
  await issue('abr', 'BoardCertificationCredential', 'inbox/board.jwt');
  await issue('rsna', 'CMECertificateCredential', 'inbox/cme-rsna25.jwt');
  writeFileSync(join(dir, 'rsna-cme.csv'), readFileSync(fixturePath('rosters', 'rsna-cme.csv')));
  const batch = await json('rsna', ['issue', 'CMECertificateCredential', '--issuer', 'rsna', '--batch', 'rsna-cme.csv', '--out-dir', 'rsna-certificates', '--ledger', 'ledger']);
  say(s.dim(`  $ radcred --home rsna issue CMECertificateCredential --issuer rsna --batch rsna-cme.csv --out-dir rsna-certificates --ledger ledger`));
  say(`    issued ${String(batch.issued)} certificates from the roster into rsna-certificates/`);
  say(s.dim('  The issuers do not hold the ledger key, so their entries wait in ledger/pending/; the registry sequences them in one commit:'));
  await radcred('registry', ['ledger', 'integrate', 'ledger', '--operator', 'registry']);

  say('');
  say(s.bold('4. Dr. Halvorsen checks and stores them in her wallet (a second copy is not stored twice).'));
  // RSNA's roster covers other radiologists too; each receives only the certificates issued to them.
  const rsnaForPriya = (batch.credentials as { subject: string; file: string }[]).filter((c) => c.subject === did.priya).map((c) => relative(dir, c.file));
  await radcred('priya', ['wallet', 'add', 'inbox/degree.jwt', 'inbox/license.jwt', 'inbox/board.jwt', 'inbox/cme-rsna25.jwt', ...rsnaForPriya]);
  await radcred('priya', ['wallet', 'add', 'inbox/license.jwt']);
  await radcred('priya', ['wallet', 'list']);

  say('');
  say(s.bold("5. Northbay General's credentialing office trusts each issuer for its type, and pins the ledger with the registry's key."));
  const trusted: [string, string, string][] = [
    ['lakeshore', 'Lakeshore University School of Medicine', 'MedicalDegreeCredential'],
    ['tmb', 'Texas Medical Board', 'MedicalLicenseCredential'],
    ['abr', 'American Board of Radiology', 'BoardCertificationCredential'],
    ['rsna', 'Radiological Society of North America', 'CMECertificateCredential'],
  ];
  for (const [who, name, type] of trusted) await radcred('northbay', ['trust', 'add', did[who]!, '--name', name, '--types', type], { show: 1 });
  await radcred('northbay', ['ledger', 'pull', 'ledger', 'northbay-ledger', '--vkey', vkey]);

  say('');
  say(s.bold('6. Northbay asks: an active license, board certification, and the ABR CME rule, for an appointment to the end of 2028.'));
  await radcred('northbay', ['request', 'create', '--verifier', 'northbay', '--require', 'MedicalLicenseCredential', 'BoardCertificationCredential',
    '--cme', 'abr', '--appointment-until', '2028-12-31', '--valid-for', '30d', '--out', 'northbay-request.jwt']);

  say('');
  say(s.bold('7. Dr. Halvorsen sees who is asking and for what, and answers with exactly that (not her diploma).'));
  await radcred('priya', ['present', '--holder', 'priya', '--request', 'northbay-request.jwt', '--all', '--valid-for', '14d', '--out', 'to-northbay.vp.jwt']);

  say('');
  say(s.bold('8. Northbay verifies the presentation against its request, offline, with its pinned copy of the ledger.'));
  const verify = (file: string, at: number, expect: number, show?: RunOptions['show']) =>
    radcred('northbay', ['verify', file, '--request', 'northbay-request.jwt', '--ledger', 'northbay-ledger'], { at, expect, ...(show ? { show } : {}) });
  await verify('to-northbay.vp.jwt', 3600, EXIT.ok, (l) => !/^\s+pass  (signature|issuer|subject|validity|schema|trust|anchor|status|parse)/.test(l));
  say('');
  say(s.bold('9. Someone edits the license number inside the presentation (Q4821 -> Q4822): caught.'));
  const vp = readFileSync(join(dir, 'to-northbay.vp.jwt'), 'utf8').trim();
  writeFileSync(join(dir, 'tampered.vp.jwt'), tamperLicense(vp) + '\n');
  await verify('tampered.vp.jwt', 3600, EXIT.failed, verdictLines);

  say('');
  say(s.bold('10. A day later the Texas Medical Board suspends the license; the registry logs it.'));
  await radcred('tmb', ['suspend', 'inbox/license.jwt', '--issuer', 'tmb', '--ledger', 'ledger', '--reason', 'Board order 2026-118 (temporary suspension)'], { at: DAY });
  await radcred('registry', ['ledger', 'integrate', 'ledger', '--operator', 'registry'], { at: DAY });

  say('');
  say(s.bold("11. Northbay pulls the ledger (audited, consistent with its pin) and verifies again, still offline: NOT VERIFIED."));
  await radcred('northbay', ['ledger', 'pull', 'ledger', 'northbay-ledger'], { at: DAY + 3600 });
  await verify('to-northbay.vp.jwt', DAY + 3600, EXIT.failed, verdictLines);
  say(s.dim('  And "was the license active when we first checked?" has an answer too:'));
  await verify('to-northbay.vp.jwt', 3600, EXIT.ok, verdictLines);

  return {
    data: {
      dir, clock: isoTime(t0), vkey, steps: steps.map(({ party, args, exitCode }) => ({ party, command: ['radcred', ...args].join(' '), exitCode })),
      verified: true, tamperedDetected: true, suspensionDetected: true,
    },
    human: () => `\n${s.ok(s.bold('demo complete'))}: VERIFIED; the tampered copy NOT VERIFIED; after the suspension NOT VERIFIED (status: suspended).\nFiles are in ${dir}`,
  };
}

/** Rewrites the license number inside the VP's license credential, keeping every encoding valid. */
function tamperLicense(vpJwt: string): string {
  const [h, p, sig] = vpJwt.split('.') as [string, string, string];
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { vp: { verifiableCredential: string[] } };
  payload.vp.verifiableCredential = payload.vp.verifiableCredential.map((vc) => {
    const [vh, vpl, vs] = vc.split('.') as [string, string, string];
    const text = Buffer.from(vpl, 'base64url').toString('utf8');
    return text.includes('"Q4821"') ? `${vh}.${Buffer.from(text.replace('"Q4821"', '"Q4822"')).toString('base64url')}.${vs}` : vc;
  });
  return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`;
}
