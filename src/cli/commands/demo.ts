// demo [--dir DIR]: the whole credential story on the fixtures, run through the real commands in
// separate homes (issuers, holder, credentialing office), with no prompts.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RadcredError } from '../../errors.js';
import { fixturePath } from '../../fixtures.js';
import { isoTime } from '../../util/time.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit.js';
import type { CliIo } from '../io.js';
import type { CommandResult } from '../result.js';

const DEMO_CLOCK = '2026-11-27T18:00:00Z';
const DEMO_PASSPHRASE = 'correct horse battery staple (demo only)';

interface Step {
  party: string;
  args: string[];
  exitCode: number;
  stdout: string;
}

export async function demo(ctx: CliContext, _args: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const { run } = await import('../main.js');
  const dir = typeof opts.dir === 'string' ? ctx.resolvePath(opts.dir) : mkdtempSync(join(tmpdir(), 'radcred-demo-'));
  mkdirSync(dir, { recursive: true });
  const clock = typeof opts.now === 'string' ? opts.now : DEMO_CLOCK;
  const steps: Step[] = [];
  const say = (text: string) => {
    if (!ctx.json) ctx.io.stdout.write(text + '\n');
  };
  const s = ctx.style;

  async function radcred(party: string, args: string[], expect: number = EXIT.ok, maxLines = 40): Promise<string> {
    let stdout = '';
    let stderr = '';
    const io: CliIo = {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      stdinIsTTY: false,
      env: { ...ctx.io.env, RADCRED_PASSPHRASE: DEMO_PASSPHRASE, NO_COLOR: '1' },
      cwd: dir,
    };
    const argv = ['--home', party, '--no-input', '--now', clock, ...args];
    const exitCode = await run(argv, io);
    steps.push({ party, args, exitCode, stdout });
    say(s.dim(`  $ radcred --home ${party} ${args.map(shellQuote).join(' ')}`));
    const shown = (stdout + stderr).trimEnd();
    if (shown) say(shown.split('\n').slice(0, maxLines).map((l) => '    ' + l).join('\n'));
    if (exitCode !== expect) {
      throw new RadcredError('internal', 'DEMO_FAILED', `demo step \`radcred ${args.join(' ')}\` exited ${exitCode}, expected ${expect}`);
    }
    return stdout;
  }

  const parties = JSON.parse(readFileSync(fixturePath('demo-identities.json'), 'utf8')) as {
    identities: { name: string; label: string; keyType: string; seed: string }[];
  };
  const didOf = async (name: string) => (JSON.parse(await radcredJson(name, ['id', 'show', name])) as { did: string }).did;
  async function radcredJson(party: string, args: string[]): Promise<string> {
    let out = '';
    const io: CliIo = { stdout: { write: (t: string) => (out += t) }, stderr: { write: () => true }, stdinIsTTY: false, env: { ...ctx.io.env, RADCRED_PASSPHRASE: DEMO_PASSPHRASE }, cwd: dir };
    await run(['--home', party, '--json', '--no-input', ...args], io);
    return out;
  }

  say(s.bold(`radcred demo — in ${dir} (clock ${isoTime(Math.floor(Date.parse(clock) / 1000) || Number(clock))})`));
  say('');
  say(s.bold('1. Everyone has an identity (did:key), each in its own home, keys encrypted at rest.'));
  // The demo parties have fixed public test seeds (fixtures/demo-identities.json) so the story is
  // reproducible; they go through --seed-file, the way a real key should, never through argv.
  mkdirSync(join(dir, 'seeds'), { recursive: true, mode: 0o700 });
  for (const p of parties.identities) {
    writeFileSync(join(dir, 'seeds', `${p.name}.hex`), p.seed + '\n', { mode: 0o600 });
    await radcred(p.name, ['id', 'import', p.name, '--seed-file', `seeds/${p.name}.hex`, '--key-type', p.keyType, '--label', p.label], EXIT.ok, 2);
  }
  const did = Object.fromEntries(await Promise.all(parties.identities.map(async (p) => [p.name, await didOf(p.name)] as const)));

  say('');
  say(s.bold('2. Lakeshore University, the Texas Medical Board and RSNA issue to Dr. Priya Halvorsen.'));
  mkdirSync(join(dir, 'inbox'), { recursive: true });
  const subjects = (type: string) => {
    const file = join(dir, `${type}.json`);
    writeFileSync(file, readFileSync(fixturePath('subjects', `${type}.json`)));
    return `${type}.json`;
  };
  await radcred('lakeshore', ['issue', 'MedicalDegreeCredential', '--issuer', 'lakeshore', '--subject', did.priya!, '--data', subjects('MedicalDegreeCredential'), '--out', 'inbox/degree.jwt']);
  await radcred('tmb', ['issue', 'MedicalLicenseCredential', '--issuer', 'tmb', '--subject', did.priya!, '--data', subjects('MedicalLicenseCredential'), '--valid-until', '2027-08-31T23:59:59Z', '--out', 'inbox/license.jwt']);
  await radcred('rsna', ['issue', 'CMECertificateCredential', '--issuer', 'rsna', '--subject', did.priya!, '--data', subjects('CMECertificateCredential'), '--out', 'inbox/cme-rsna25.jwt']);

  say('');
  say(s.bold('3. Dr. Halvorsen checks and stores them in her wallet.'));
  await radcred('priya', ['wallet', 'add', 'inbox/degree.jwt', 'inbox/license.jwt', 'inbox/cme-rsna25.jwt']);
  await radcred('priya', ['wallet', 'add', 'inbox/license.jwt']);
  await radcred('priya', ['wallet', 'list']);

  say('');
  say(s.bold("4. Northbay General's credentialing office says whom it trusts for what."));
  await radcred('northbay', ['trust', 'add', did.lakeshore!, '--name', 'Lakeshore University School of Medicine', '--types', 'MedicalDegreeCredential']);
  await radcred('northbay', ['trust', 'add', did.tmb!, '--name', 'Texas Medical Board', '--types', 'MedicalLicenseCredential']);
  await radcred('northbay', ['trust', 'add', did.rsna!, '--name', 'Radiological Society of North America', '--types', 'CMECertificateCredential']);

  say('');
  say(s.bold('5. Dr. Halvorsen presents them to Northbay, for its challenge only.'));
  const challenge = 'northbay-appointment-2026-4471';
  await radcred('priya', ['present', '--holder', 'priya', '--audience', did.northbay!, '--challenge', challenge, '--all', '--valid-for', '14d', '--out', 'to-northbay.vp.jwt']);

  say('');
  say(s.bold('6. Northbay verifies the presentation offline (the ledger arrives in the next release: --no-ledger).'));
  await radcred('northbay', ['verify', 'to-northbay.vp.jwt', '--audience', did.northbay!, '--challenge', challenge, '--no-ledger']);

  say('');
  say(s.bold('7. Someone edits the license inside the presentation (Q4821 -> Q4822): caught.'));
  const vp = readFileSync(join(dir, 'to-northbay.vp.jwt'), 'utf8').trim();
  writeFileSync(join(dir, 'tampered.vp.jwt'), tamperLicense(vp) + '\n');
  await radcred('northbay', ['verify', 'tampered.vp.jwt', '--audience', did.northbay!, '--challenge', challenge, '--no-ledger'], EXIT.failed);

  return {
    data: { dir, clock, steps: steps.map(({ party, args, exitCode }) => ({ party, command: ['radcred', ...args].join(' '), exitCode })), verified: true, tamperedDetected: true },
    human: () => `\n${s.ok(s.bold('demo complete'))}: the genuine presentation VERIFIED, the tampered one was NOT VERIFIED.\nFiles are in ${dir}`,
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

const shellQuote = (arg: string) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`);
