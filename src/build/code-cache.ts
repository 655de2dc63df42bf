// A build step, not part of the CLI: writes V8's code cache for the bundle (dist/bundle/main.cjs
// -> main.cjs.cache), which bin/radcred hands to vm.Script so a short command does not compile
// its JavaScript first. The bundle is compiled exactly as bin/radcred compiles it (the same
// CommonJS wrapper and file name, or V8 rejects the cache). Before the cache is taken, the bundle
// runs a short warm-up story in a temporary directory (an identity, a ledger, an issuance, a pull,
// a trust entry, a verification): V8 caches the functions that ran, so the ones every command
// uses (commander, the resolver, did-jwt-vc's checks, the pipeline) start compiled too, instead
// of only the top level.
//
// This used to be a branch of bin/radcred, taken when RADCRED_WRITE_CODE_CACHE=1 was set; with
// that variable in a user's environment every command exited 0 without doing anything.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Script } from 'node:vm';

type Run = (argv: string[], io: unknown) => Promise<number>;

const WARM_SEED = '11'.repeat(32); // a throwaway key for the warm-up, never used for anything else

/** Runs the warm-up story through the bundle's own `run`; every step must succeed. */
async function warmUp(run: Run, fixtures: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'radcred-warm-'));
  const sink = { write: () => true };
  const io = {
    stdout: sink,
    stderr: sink,
    stdinIsTTY: false,
    env: { RADCRED_PASSPHRASE: 'warm-up only', NO_COLOR: '1' },
    cwd: dir,
  };
  const step = async (...argv: string[]) => {
    const code = await run(['--home', 'home', '--now', '2026-11-27T18:00:00Z', ...argv], io);
    if (code !== 0) throw new Error(`code-cache warm-up: radcred ${argv.join(' ')} exited ${code}`);
  };
  try {
    writeFileSync(join(dir, 'seed'), WARM_SEED);
    await step('id', 'import', 'warm', '--seed-file', 'seed');
    await step('ledger', 'init', 'ledger', '--origin', 'warm-up.example/ledger', '--operator', 'warm');
    writeFileSync(join(dir, 'data.json'), readFileSync(join(fixtures, 'subjects', 'MedicalLicenseCredential.json')));
    const shown: string[] = [];
    const capture = { ...io, stdout: { write: (s: string) => (shown.push(s), true) } };
    await run(['--home', 'home', '--json', 'id', 'show', 'warm'], capture);
    const subject = (JSON.parse(shown.join('')) as { did: string }).did;
    await step(
      'issue',
      'MedicalLicenseCredential',
      '--issuer',
      'warm',
      '--subject',
      subject,
      '--data',
      'data.json',
      '--ledger',
      'ledger',
      '--out',
      'license.jwt',
    );
    await step('ledger', 'pull', 'ledger', 'copy', '--vkey', 'ledger/vkey');
    await step('trust', 'add', subject, '--name', 'Warm-up Board', '--types', 'MedicalLicenseCredential');
    await step('verify', 'license.jwt', '--ledger', 'copy');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function writeCodeCache(bundleDir: string, fixtures: string): Promise<string> {
  const file = resolve(bundleDir, 'main.cjs');
  const wrap = (Module as unknown as { wrap(source: string): string }).wrap;
  const script = new Script(wrap(readFileSync(file, 'utf8')), { filename: file });
  const module = { exports: {} as { run?: Run } };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  if (module.exports.run === undefined) throw new Error(`${file} exports no run()`);
  await warmUp(module.exports.run, fixtures);
  const out = join(bundleDir, 'main.cjs.cache');
  writeFileSync(out, script.createCachedData());
  return out;
}
