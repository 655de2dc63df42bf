// A verdict that holds on every path (issue 10): each case was reproduced on the earlier main, and
// each runs the real executable, asserting the exit status and the code, and that a refused
// command leaves every stored file as it was.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, radcredProcess, tempDir } from '../helpers.js';
import { decodeJwt, demoSigner, failing, resign } from '../verify/tokens.js';
import { buildWorld, changes, copyWorld, snapshot, type World } from './world.js';

let root: string;
let world: World;
let n = 0;
beforeAll(async () => {
  root = tempDir('radcred-verdict-');
  world = await buildWorld(join(root, 'world'));
});
afterAll(() => cleanup(root));

const NOW = '2026-11-27T19:00:00Z';
/** A fresh copy of the world for a case that may write. */
const fresh = () => copyWorld(world, join(root, `case-${++n}`));
const run = (w: World, home: string, args: string[], env: Record<string, string> = {}) =>
  radcredProcess(['--home', home, '--now', NOW, ...args], { cwd: w.dir, env });
const errorOf = (r: { stdout: string }) => JSON.parse(r.stdout).error;

/** Asserts a refusal: the exit status, the code, a hint, no stack trace, and nothing stored changed. */
async function refused(w: World, home: string, args: string[], exit: number, code: string): Promise<void> {
  const before = snapshot(w.dir);
  const r = await run(w, home, ['--json', ...args]);
  expect(r.code, r.stderr).toBe(exit);
  expect(errorOf(r).code).toBe(code);
  expect(r.stderr).toMatch(/^hint: /m);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(changes(before, snapshot(w.dir))).toEqual([]);
}

describe('a bare credential cannot answer a request or a challenge', () => {
  it('verify license.jwt --request req.jwt: PRESENTATION_REQUIRED, exit 1 (it verified before)', async () => {
    const w = world;
    const r = await run(w, w.homes.verifier, [
      '--json',
      'verify',
      w.files.license,
      '--request',
      w.files.request,
      '--ledger',
      w.files.copy,
    ]);
    expect(r.code).toBe(1);
    expect(failing(r.json().results[0])).toEqual(['PRESENTATION_REQUIRED']);
  });

  it('the same with --audience and --challenge; and the presentation itself verifies', async () => {
    const w = world;
    const r = await run(w, w.homes.verifier, [
      '--json',
      'verify',
      w.files.license,
      '--audience',
      w.dids.northbay!,
      '--challenge',
      'c',
      '--ledger',
      w.files.copy,
    ]);
    expect(r.code).toBe(1);
    expect(failing(r.json().results[0])).toEqual(['PRESENTATION_REQUIRED']);
    expect(
      (await run(w, w.homes.verifier, ['verify', w.files.vp, '--request', w.files.request, '--ledger', w.files.copy]))
        .code,
    ).toBe(0);
  });
});

describe('ordinary mistakes are exit 2 or 3, never 70, and change nothing', () => {
  it('verify --no-ledger --ledger DIR, and the other order: OPTION_CONFLICT (exit 2)', async () => {
    const w = world;
    await refused(
      w,
      w.homes.verifier,
      ['verify', w.files.vp, '--request', w.files.request, '--no-ledger', '--ledger', w.files.copy],
      2,
      'OPTION_CONFLICT',
    );
    await refused(
      w,
      w.homes.verifier,
      ['verify', w.files.vp, '--request', w.files.request, '--ledger', w.files.copy, '--no-ledger'],
      2,
      'OPTION_CONFLICT',
    );
  });

  it('issue --out DIR --force --ledger L: OUT_IS_DIRECTORY before anything is signed or committed', async () => {
    const w = fresh();
    mkdirSync(join(w.dir, 'outdir'));
    await refused(
      w,
      w.homes.issuer,
      [
        'issue',
        'MedicalLicenseCredential',
        '--issuer',
        'tmb',
        '--subject',
        w.dids.priya!,
        '--data',
        w.files.data,
        '--ledger',
        w.files.ledger,
        '--out',
        'outdir',
        '--force',
      ],
      2,
      'OUT_IS_DIRECTORY',
    );
  });

  it('present, request create and verify --report into a directory: OUT_IS_DIRECTORY', async () => {
    const w = fresh();
    mkdirSync(join(w.dir, 'outdir'));
    await refused(
      w,
      w.homes.holder,
      ['present', '--holder', 'priya', '--request', w.files.request, '--all', '--out', 'outdir', '--force'],
      2,
      'OUT_IS_DIRECTORY',
    );
    await refused(
      w,
      w.homes.verifier,
      ['request', 'create', '--verifier', 'northbay', '--out', 'outdir', '--force'],
      2,
      'OUT_IS_DIRECTORY',
    );
    await refused(
      w,
      w.homes.verifier,
      ['verify', w.files.vp, '--request', w.files.request, '--ledger', w.files.copy, '--report', 'outdir'],
      2,
      'OUT_IS_DIRECTORY',
    );
  });

  it('an --out whose directory is a file, or does not exist: OUT_PARENT_MISSING, the ledger untouched', async () => {
    const w = fresh();
    for (const out of [`${w.files.license}/new.jwt`, 'no/such/dir/new.jwt']) {
      await refused(
        w,
        w.homes.issuer,
        [
          'issue',
          'MedicalLicenseCredential',
          '--issuer',
          'tmb',
          '--subject',
          w.dids.priya!,
          '--data',
          w.files.data,
          '--ledger',
          w.files.ledger,
          '--out',
          out,
        ],
        2,
        'OUT_PARENT_MISSING',
      );
    }
  });

  it('verify --report over an input file, or inside the ledger copy: OUT_SAME_FILE, even with --force', async () => {
    const w = fresh();
    const base = ['verify', w.files.vp, '--request', w.files.request, '--ledger', w.files.copy, '--force'];
    await refused(w, w.homes.verifier, [...base, '--report', w.files.vp], 2, 'OUT_SAME_FILE');
    await refused(w, w.homes.verifier, [...base, '--report', `${w.files.copy}/checkpoint`], 2, 'OUT_SAME_FILE');
    // and over any other file only with --force
    writeFileSync(join(w.dir, 'old-report.json'), 'keep');
    await refused(
      w,
      w.homes.verifier,
      ['verify', w.files.vp, '--request', w.files.request, '--ledger', w.files.copy, '--report', 'old-report.json'],
      2,
      'OUT_EXISTS',
    );
  });

  it('ledger pull SRC FILE: OUT_NOT_DIRECTORY (exit 2)', async () => {
    const w = fresh();
    await refused(w, w.homes.verifier, ['ledger', 'pull', w.files.ledger, w.files.license], 2, 'OUT_NOT_DIRECTORY');
  });

  it('ledger prove --out NEW --entry-out EXISTING leaves NEW unwritten', async () => {
    const w = fresh();
    await refused(
      w,
      w.homes.issuer,
      ['ledger', 'prove', w.files.ledger, w.files.license, '--out', 'new.proof', '--entry-out', w.files.proof],
      2,
      'OUT_EXISTS',
    );
    await refused(
      w,
      w.homes.issuer,
      ['ledger', 'prove', w.files.ledger, w.files.license, '--out', 'same', '--entry-out', 'same'],
      2,
      'OUT_SAME_FILE',
    );
  });

  it('--home naming a file: HOME_NOT_DIRECTORY (exit 3)', async () => {
    const w = world;
    await refused(w, w.files.license, ['id', 'list'], 3, 'HOME_NOT_DIRECTORY');
  });
});

describe('who is to blame decides the exit status', () => {
  it('a damaged ledger copy is exit 4 whether a presentation or a bare credential reached it', async () => {
    const w = fresh();
    // the entry bundle made unreadable: a directory where the file was
    const partial = join(w.dir, w.files.copy, 'tile', 'entries', '000.p');
    const bundle = join(partial, readdirSync(partial)[0]!);
    rmSync(bundle);
    mkdirSync(bundle);
    for (const file of [w.files.vp, w.files.license]) {
      const r = await run(w, w.homes.verifier, ['--json', 'verify', file, '--any-audience', '--ledger', w.files.copy]);
      expect(r.code, r.stderr).toBe(4);
      expect(errorOf(r).code).toBe('LEDGER_FILE_UNREADABLE');
    }
  });
});

describe('damaged stored state is named, and can be repaired', () => {
  it('an empty wallet file is WALLET_DAMAGED naming the file, and wallet remove DIGEST removes it', async () => {
    const w = fresh();
    const dir = join(w.dir, w.homes.holder, 'credentials');
    const name = readdirSync(dir).find((f) => f.endsWith('.jwt'))!;
    writeFileSync(join(dir, name), '');
    const list = await run(w, w.homes.holder, ['--json', 'wallet', 'list']);
    expect(list.code).toBe(3);
    expect(errorOf(list)).toMatchObject({ code: 'WALLET_DAMAGED', message: expect.stringContaining(name) });
    expect((await run(w, w.homes.holder, ['wallet', 'remove', name.slice(0, 12)])).code).toBe(0);
    expect(readdirSync(dir)).not.toContain(name);
  });

  it('HOME/pins that is a file is PIN_INVALID, not "nothing pinned" (trust on first use)', async () => {
    const w = fresh();
    rmSync(join(w.dir, w.homes.verifier, 'pins'), { recursive: true });
    writeFileSync(join(w.dir, w.homes.verifier, 'pins'), 'not a directory');
    await refused(w, w.homes.verifier, ['ledger', 'audit', w.files.copy], 3, 'PIN_INVALID');
  });
});

describe('a pull never replaces a copy of another ledger', () => {
  it('ledger pull B DST, where DST holds A: LEDGER_OTHER_ORIGIN (exit 3), the copy and pins unchanged', async () => {
    const w = fresh();
    await radcredProcess(
      [
        '--home',
        w.homes.issuer,
        '--now',
        NOW,
        'ledger',
        'init',
        'ledger-b',
        '--origin',
        'other.example/log',
        '--operator',
        'registry',
      ],
      { cwd: w.dir },
    );
    await refused(
      w,
      w.homes.verifier,
      ['ledger', 'pull', 'ledger-b', w.files.copy, '--vkey', 'ledger-b/vkey'],
      3,
      'LEDGER_OTHER_ORIGIN',
    );
  });

  it('a directory that is not a ledger copy, or the source itself: refused', async () => {
    const w = fresh();
    await refused(
      w,
      w.homes.verifier,
      ['ledger', 'pull', w.files.ledger, w.homes.holder],
      3,
      'LEDGER_DESTINATION_NOT_LEDGER',
    );
    await refused(w, w.homes.verifier, ['ledger', 'pull', w.files.copy, w.files.copy], 2, 'PULL_SAME_DIRECTORY');
  });
});

describe('the VC Data Model as did-jwt-vc enforces it', () => {
  const priya = demoSigner('priya');
  const tmb = demoSigner('tmb');
  const write = (w: World, name: string, jwt: string) => (writeFileSync(join(w.dir, name), jwt + '\n'), name);
  const verifyAny = (w: World, file: string) =>
    run(w, w.homes.verifier, ['--json', 'verify', file, '--any-audience', '--ledger', w.files.copy]);

  it('a VP whose vp.verifiableCredential is one VC-JWT string (as didkit writes it) verifies', async () => {
    const w = fresh();
    const license = readFileSync(join(w.dir, w.files.license), 'utf8').trim();
    const vp = resign(
      readFileSync(join(w.dir, w.files.vp), 'utf8').trim(),
      priya,
      (p) => (p.vp.verifiableCredential = license),
    );
    const r = await run(w, w.homes.verifier, [
      '--json',
      'verify',
      write(w, 'single.vp.jwt', vp),
      '--request',
      w.files.request,
      '--ledger',
      w.files.copy,
    ]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.json().results[0].credentials).toHaveLength(1);
  });

  it('a credential without the base @context, with exp in milliseconds or without a subject: its shape code, exit 1', async () => {
    const w = fresh();
    const license = readFileSync(join(w.dir, w.files.license), 'utf8').trim();
    for (const [name, edit, code] of [
      ['no-context.jwt', (p: Record<string, any>) => delete p.vc['@context'], 'CONTEXT_INVALID'],
      ['ms-exp.jwt', (p: Record<string, any>) => (p.exp = p.exp * 1000), 'DATE_NOT_SECONDS'],
      ['no-subject.jwt', (p: Record<string, any>) => delete p.vc.credentialSubject, 'SUBJECT_EMPTY'],
    ] as const) {
      const r = await verifyAny(w, write(w, name, resign(license, tmb, edit)));
      expect(r.code, name).toBe(1);
      const fail = r.json().results[0].checks.find((c: { status: string }) => c.status === 'fail');
      expect(fail, name).toMatchObject({ code, check: 'shape', step: 4 });
    }
  });

  it('a well-formed, signed JWT that is neither a VC nor a VP: JWT_NOT_VC_OR_VP, exit 1', async () => {
    const w = fresh();
    const r = await verifyAny(
      w,
      write(
        w,
        'plain.jwt',
        resign(readFileSync(join(w.dir, w.files.license), 'utf8').trim(), tmb, (p) => delete p.vc),
      ),
    );
    expect(r.code).toBe(1);
    expect(r.json().results[0]).toMatchObject({ malformed: false, verified: false });
    expect(failing(r.json().results[0])).toEqual(['JWT_NOT_VC_OR_VP']);
  });
});

describe('date-only end times', () => {
  it('--valid-until 2027-08-31 lasts to 23:59:59Z: the license verifies all of Aug 31 UTC (it stopped on the evening of Aug 30 in Texas)', async () => {
    const w = world;
    const { payload } = decodeJwt(readFileSync(join(w.dir, w.files.license), 'utf8'));
    expect(payload.exp).toBe(Date.parse('2027-08-31T23:59:59Z') / 1000);
    const at = (now: string) =>
      radcredProcess(['--home', w.homes.verifier, '--now', now, 'verify', w.files.license, '--ledger', w.files.copy], {
        cwd: w.dir,
      });
    expect((await at('2027-08-30T20:00:00-05:00')).code).toBe(0); // 8 pm in Texas on Aug 30: 01:00Z on the 31st
    expect((await at('2027-08-31T12:00:00-05:00')).code).toBe(0); // noon in Texas on the day itself
    expect((await at('2027-09-01T00:01:01Z')).code).toBe(1); // past the day (and the 60 s clock skew)
  });
});

describe('the environment', () => {
  it('RADCRED_WRITE_CODE_CACHE=1 no longer turns a command into a silent exit 0', async () => {
    const w = world;
    const r = await run(
      w,
      w.homes.verifier,
      ['verify', w.files.license, '--request', w.files.request, '--ledger', w.files.copy],
      { RADCRED_WRITE_CODE_CACHE: '1' },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/PRESENTATION_REQUIRED/);
  });
});
