// The paths of every command line, checked once before any command runs (src/cli/path-values.ts):
// an empty path, `-` for an output file, and an output that would replace (or write inside) one of
// the command's own inputs are refused, whatever the command, and nothing is written.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, NOW, radcred, tempDir } from '../helpers.js';
import { buildWorld, changes, copyWorld, snapshot, type World } from './world.js';

let root: string;
let world: World;
let n = 0;
beforeAll(async () => {
  root = tempDir('radcred-paths-');
  world = await buildWorld(join(root, 'world'));
}, 120_000);
afterAll(() => cleanup(root));

/** Runs in a fresh copy of the world; expects the refusal and that nothing changed. */
async function refused(args: (w: World) => string[], code: string, env: Record<string, string> = {}) {
  const w = copyWorld(world, join(root, `w-${++n}`));
  const before = snapshot(w.dir);
  const r = await radcred(['--json', '--now', NOW, ...args(w)], { cwd: w.dir, env });
  expect(r.code, r.stderr).toBe(2);
  expect(r.json().error.code).toBe(code);
  expect(r.stderr).toMatch(/\nhint: /);
  expect(changes(before, snapshot(w.dir))).toEqual([]);
  return r;
}

describe("an output over one of the command's own inputs, even with --force", () => {
  it('issue --data FILE --out FILE', async () => {
    const r = await refused(
      (w) => [
        '--home',
        w.homes.issuer,
        'issue',
        'MedicalLicenseCredential',
        '--issuer',
        'tmb',
        '--subject',
        w.dids.priya!,
        '--data',
        w.files.data,
        '--out',
        w.files.data,
        '--force',
      ],
      'OUT_SAME_FILE',
    );
    expect(r.json().error.message).toBe(`--out ${world.files.data} would replace --data ${world.files.data}`);
  });

  it('present --select FILE --out FILE', async () => {
    await refused(
      (w) => [
        '--home',
        w.homes.holder,
        'present',
        '--holder',
        'priya',
        '--audience',
        w.dids.northbay!,
        '--challenge',
        'c',
        '--select',
        w.files.license,
        '--out',
        w.files.license,
        '--force',
      ],
      'OUT_SAME_FILE',
    );
  });

  it('verify FILE --report FILE, and a proof written inside the ledger it is read from', async () => {
    await refused(
      (w) => ['--home', w.homes.verifier, 'verify', w.files.vp, '--any-audience', '--report', w.files.vp, '--force'],
      'OUT_SAME_FILE',
    );
    await refused(
      (w) => [
        '--home',
        w.homes.issuer,
        'ledger',
        'prove',
        w.files.ledger,
        w.files.license,
        '--out',
        join(w.files.ledger, 'proof'),
      ],
      'OUT_SAME_FILE',
    );
  });
});

describe('`-` and empty paths', () => {
  it('--out - is refused (no file named "-" appears)', async () => {
    await refused(
      (w) => [
        '--home',
        w.homes.issuer,
        'issue',
        'MedicalLicenseCredential',
        '--issuer',
        'tmb',
        '--subject',
        w.dids.priya!,
        '--data',
        w.files.data,
        '--out',
        '-',
      ],
      'OUT_STDOUT',
    );
  });

  it('an empty --home or --out is refused; an empty RADCRED_HOME is unset, not the working directory', async () => {
    await refused((w) => ['--home', '', 'trust', 'list'], 'OPTION_VALUE_MISSING');
    await refused(
      (w) => ['--home', w.homes.verifier, 'request', 'create', '--verifier', 'northbay', '--out', ''],
      'OPTION_VALUE_MISSING',
    );
    const cwd = tempDir();
    const r = await radcred(['--json', 'trust', 'list'], { cwd, env: { RADCRED_HOME: '' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().file.startsWith(cwd)).toBe(false);
    expect(existsSync(join(cwd, 'trust.json'))).toBe(false);
    cleanup(cwd);
  });
});

it('an input that is not a file is not taken for one (a digest, a preset)', async () => {
  const w = copyWorld(world, join(root, `w-${++n}`));
  const r = await radcred(
    [
      '--now',
      NOW,
      '--home',
      w.homes.verifier,
      'request',
      'create',
      '--verifier',
      'northbay',
      '--cme',
      'abr',
      '--out',
      'abr',
    ],
    { cwd: w.dir },
  );
  expect(r.code, r.stderr).toBe(0);
  expect(readFileSync(join(w.dir, 'abr'), 'utf8')).toMatch(/^ey/);
});
