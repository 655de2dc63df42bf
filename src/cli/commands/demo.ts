// demo [--dir DIR]: the whole credential story on the fixtures, run through the real commands in
// separate homes (issuers, ledger operator, holder, credentialing office), with no prompts.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RadcredError } from '../../errors.js';
import { fixturePath } from '../../fixtures.js';
import { isoTime, parseTime } from '../../util/time.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit.js';
import type { CliIo } from '../io.js';
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
}

const shellQuote = (arg: string) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`);

/** Verification output trimmed to what the story needs: the ledger used, failures and verdicts. */
const verdictLines = (line: string) => /FAIL|VERIFIED|^ledger /.test(line.trim()) || /\b(anchor|status)\b/.test(line) && /License/.test(line);

export async function demo(ctx: CliContext, _args: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const { run } = await import('../main.js');
  const dir = typeof opts.dir === 'string' ? ctx.resolvePath(opts.dir) : mkdtempSync(join(tmpdir(), 'radcred-demo-'));
  mkdirSync(dir, { recursive: true });
  const t0 = typeof opts.now === 'string' ? parseTime(opts.now, '--now') : parseTime(DEMO_CLOCK);
  const steps: Step[] = [];
  const s = ctx.style;
  const say = (text: string) => {
    if (!ctx.json) ctx.io.stdout.write(text + '\n');
  };

  async function radcred(party: string, args: string[], options: RunOptions = {}): Promise<string> {
    let stdout = '';
    let stderr = '';
    const io: CliIo = {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      stdinIsTTY: false,
      env: { ...ctx.io.env, RADCRED_PASSPHRASE: DEMO_PASSPHRASE, NO_COLOR: '1' },
      cwd: dir,
    };
    const at = t0 + (options.at ?? 0);
    const exitCode = await run(['--home', party, '--no-input', '--now', String(at), ...args], io);
    steps.push({ party, args, exitCode });
    say(s.dim(`  $ radcred --home ${party}${options.at ? ` --now ${isoTime(at)}` : ''} ${args.map(shellQuote).join(' ')}`));
    const lines = (stdout + stderr).trimEnd().split('\n').filter((l) => l.length > 0);
    const show = options.show ?? 40;
    const shown = typeof show === 'number' ? lines.slice(0, show) : lines.filter(show);
    if (shown.length) say(shown.map((l) => '    ' + l).join('\n'));
    const expect = options.expect ?? EXIT.ok;
    if (exitCode !== expect) {
      throw new RadcredError('internal', 'DEMO_FAILED', `demo step \`radcred ${args.join(' ')}\` exited ${exitCode}, expected ${expect}`);
    }
    return stdout;
  }
  const json = async (party: string, args: string[]) => JSON.parse(await radcred(party, ['--json', ...args], { show: 0 })) as Record<string, unknown>;

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
  say(s.bold('3. Lakeshore University, the Texas Medical Board and RSNA issue to Dr. Priya Halvorsen, logging each issuance.'));
  mkdirSync(join(dir, 'inbox'), { recursive: true });
  const subject = (type: string) => {
    writeFileSync(join(dir, `${type}.json`), readFileSync(fixturePath('subjects', `${type}.json`)));
    return `${type}.json`;
  };
  const issue = (issuer: string, type: string, out: string, extra: string[] = []) =>
    radcred(issuer, ['issue', type, '--issuer', issuer, '--subject', did.priya!, '--data', subject(type), ...extra, '--ledger', 'ledger', '--out', out], { show: 2 });
  await issue('lakeshore', 'MedicalDegreeCredential', 'inbox/degree.jwt');
  await issue('tmb', 'MedicalLicenseCredential', 'inbox/license.jwt', ['--valid-until', '2027-08-31T23:59:59Z']);
  await issue('rsna', 'CMECertificateCredential', 'inbox/cme-rsna25.jwt');
  say(s.dim('  The issuers do not hold the ledger key, so their entries wait in ledger/pending/; the registry sequences them in one commit:'));
  await radcred('registry', ['ledger', 'integrate', 'ledger', '--operator', 'registry']);

  say('');
  say(s.bold('4. Dr. Halvorsen checks and stores them in her wallet (a second copy is not stored twice).'));
  await radcred('priya', ['wallet', 'add', 'inbox/degree.jwt', 'inbox/license.jwt', 'inbox/cme-rsna25.jwt']);
  await radcred('priya', ['wallet', 'add', 'inbox/license.jwt']);
  await radcred('priya', ['wallet', 'list']);

  say('');
  say(s.bold("5. Northbay General's credentialing office trusts each issuer for its type, and pins the ledger with the registry's key."));
  await radcred('northbay', ['trust', 'add', did.lakeshore!, '--name', 'Lakeshore University School of Medicine', '--types', 'MedicalDegreeCredential'], { show: 1 });
  await radcred('northbay', ['trust', 'add', did.tmb!, '--name', 'Texas Medical Board', '--types', 'MedicalLicenseCredential'], { show: 1 });
  await radcred('northbay', ['trust', 'add', did.rsna!, '--name', 'Radiological Society of North America', '--types', 'CMECertificateCredential'], { show: 1 });
  await radcred('northbay', ['ledger', 'pull', 'ledger', 'northbay-ledger', '--vkey', vkey]);

  say('');
  say(s.bold('6. Dr. Halvorsen presents her credentials to Northbay, for its challenge only.'));
  const challenge = 'northbay-appointment-2026-4471';
  await radcred('priya', ['present', '--holder', 'priya', '--audience', did.northbay!, '--challenge', challenge, '--all', '--valid-for', '14d', '--out', 'to-northbay.vp.jwt']);

  say('');
  say(s.bold('7. Northbay verifies it offline, against its pinned copy of the ledger.'));
  const verify = (file: string, at: number, expect: number, show?: RunOptions['show']) =>
    radcred('northbay', ['verify', file, '--audience', did.northbay!, '--challenge', challenge, '--ledger', 'northbay-ledger'], { at, expect, ...(show ? { show } : {}) });
  await verify('to-northbay.vp.jwt', 3600, EXIT.ok, 60);

  say('');
  say(s.bold('8. Someone edits the license number inside the presentation (Q4821 -> Q4822): caught.'));
  const vp = readFileSync(join(dir, 'to-northbay.vp.jwt'), 'utf8').trim();
  writeFileSync(join(dir, 'tampered.vp.jwt'), tamperLicense(vp) + '\n');
  await verify('tampered.vp.jwt', 3600, EXIT.failed, verdictLines);

  say('');
  say(s.bold('9. A day later the Texas Medical Board suspends the license; the registry logs it.'));
  await radcred('tmb', ['suspend', 'inbox/license.jwt', '--issuer', 'tmb', '--ledger', 'ledger', '--reason', 'Board order 2026-118 (temporary suspension)'], { at: DAY });
  await radcred('registry', ['ledger', 'integrate', 'ledger', '--operator', 'registry'], { at: DAY });

  say('');
  say(s.bold("10. Northbay pulls the ledger (audited, consistent with its pin) and verifies again, still offline: NOT VERIFIED."));
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
