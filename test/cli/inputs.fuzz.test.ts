// Property, at the command line: whatever file a user hands radcred (a credential, presentation,
// request, trust list, roster, tlog-proof or entry, or a ledger directory with one file damaged),
// the real command (run in-process) exits 0-4 and never 70, reports a failure as `radcred: error:`
// (or as its own NOT VERIFIED / refused report) without a stack trace, and leaves what was stored
// before (the wallet, the disclosure log, the pins, the ledger) byte-identical when it failed.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requiredTiles, hashFiles } from '../ledger/support.js';
import { cleanup, DEMO_IDENTITIES, fixture, NOW, PASSPHRASE, radcred, tempDir, type RunResult } from '../helpers.js';
import { fc, fuzzParams } from '../fuzz.js';
import { cheapKeystore, mutatedBytes, mutatedText } from '../fuzz-mutations.js';
import { decodeJwt, demoSigner, handmade } from '../verify/tokens.js';
import type { KeyType } from '../../src/identity/key-types.js';

const dir = tempDir('radcred-cli-fuzz-');
afterAll(() => cleanup(dir));
const home = join(dir, 'home');
const at = (...p: string[]) => join(dir, ...p);
const LEDGER = at('ledger');
const PINNED = at('pinned');
const AUDITED = at('audited');
const INTEGRATED = at('integrated');
const ORIGIN = 'ledger.example/cli-fuzz';
let vkey = '';
let did: Record<string, string> = {};
const seeds: Record<string, string> = {};

const cli = (args: string[]) => radcred(['--home', home, '--now', NOW, '--no-input', ...args]);

async function ok(args: string[]): Promise<RunResult> {
  const r = await cli(args);
  if (r.code !== 0) throw new Error(`${args.join(' ')} failed (${r.code}): ${r.stderr}${r.stdout}`);
  return r;
}

beforeAll(async () => {
  // identities with the cheapest scrypt a keystore may carry, so unlocking is fast
  mkdirSync(join(home, 'identities'), { recursive: true, mode: 0o700 });
  for (const name of ['tmb', 'priya', 'northbay', 'registry', 'rsna']) {
    const id = DEMO_IDENTITIES.find((i) => i.name === name)!;
    const ks = cheapKeystore(name, id.keyType as KeyType, Buffer.from(id.seed, 'hex'), PASSPHRASE);
    writeFileSync(join(home, 'identities', `${name}.json`), JSON.stringify(ks, null, 2) + '\n', { mode: 0o600 });
    did[name] = ks.did;
  }
  vkey = (await ok(['--json', 'ledger', 'init', LEDGER, '--origin', ORIGIN, '--operator', 'registry'])).json().vkey;
  const data = fixture('subjects', 'MedicalLicenseCredential.json');
  await ok([
    'issue',
    'MedicalLicenseCredential',
    '--issuer',
    'tmb',
    '--subject',
    did.priya!,
    '--data',
    data,
    '--out',
    at('license.jwt'),
    '--ledger',
    LEDGER,
  ]);
  await ok([
    'issue',
    'MedicalLicenseCredential',
    '--issuer',
    'tmb',
    '--subject',
    did.priya!,
    '--data',
    data,
    '--out',
    at('revoked.jwt'),
    '--ledger',
    LEDGER,
  ]);
  await ok(['revoke', at('revoked.jwt'), '--issuer', 'tmb', '--ledger', LEDGER, '--reason', 'surrendered']);
  await ok(['wallet', 'add', at('license.jwt')]);
  await ok([
    'request',
    'create',
    '--verifier',
    'northbay',
    '--require',
    'MedicalLicenseCredential',
    '--out',
    at('request.jwt'),
  ]);
  await ok(['present', '--holder', 'priya', '--request', at('request.jwt'), '--all', '--out', at('vp.jwt')]);
  await ok([
    'trust',
    'add',
    did.tmb!,
    '--name',
    'Texas Medical Board',
    '--types',
    'MedicalLicenseCredential',
    '--file',
    at('trust.json'),
  ]);
  await ok(['ledger', 'prove', LEDGER, at('license.jwt'), '--out', at('proof.tlog')]);
  await ok(['ledger', 'pull', LEDGER, PINNED, '--vkey', vkey]);
  cpSync(LEDGER, AUDITED, { recursive: true });
  cpSync(LEDGER, INTEGRATED, { recursive: true });
  // the verifier's derived index exists before the fuzzing starts (it is a file to damage, too)
  expect((await cli(['verify', at('revoked.jwt'), '--any-issuer', '--ledger', PINNED])).code).toBe(1);
  for (const f of ['license.jwt', 'vp.jwt', 'request.jwt', 'trust.json', 'proof.tlog'])
    seeds[f] = readFileSync(at(f), 'utf8');
  seeds['proof.tlog.entry'] = readFileSync(at('proof.tlog.entry'), 'utf8');
  seeds.roster = readFileSync(fixture('rosters', 'rsna-cme.csv'), 'utf8');
});

// ---- what every run must look like -----------------------------------------------------------

interface Expect {
  exits: number[];
  json?: boolean;
  /** a failure reported on stdout as the command's own report (verify, wallet add, batch) */
  report?: (r: RunResult) => boolean;
}

function wellBehaved(r: RunResult, e: Expect): void {
  const shown = `exit ${r.code}\n--- stderr\n${r.stderr}\n--- stdout\n${r.stdout.slice(0, 2000)}`;
  expect(r.code, shown).not.toBe(70);
  expect(e.exits, shown).toContain(r.code);
  expect(
    [...r.stdout.split('\n'), ...r.stderr.split('\n')].filter((l) => /^\s+at /.test(l)),
    shown,
  ).toEqual([]);
  expect(r.stderr, shown).not.toMatch(/internal error|TypeError|RangeError|SyntaxError/);
  if (e.json) expect(() => JSON.parse(r.stdout), shown).not.toThrow();
  if (r.code !== 0) {
    const first = r.stderr.split('\n')[0]!;
    if (first.length > 0 || !e.report) expect(first, shown).toMatch(/^radcred: error: /);
    else expect(e.report(r), shown).toBe(true);
  }
}

/** Every file under these directories, as path -> SHA-256 (for "nothing changed"). */
function snapshot(...dirs: string[]): Record<string, string> {
  return Object.fromEntries(
    dirs.flatMap((d) => Object.entries(hashFiles(d)).map(([p, h]) => [join(relative(dir, d), p), h])),
  );
}

/** A seed file's text with edits, or its bytes mutated (then often not UTF-8). */
const near = (seed: string) =>
  fc.oneof(
    { weight: 3, arbitrary: mutatedText(seed).map((t) => Buffer.from(t)) },
    { weight: 1, arbitrary: mutatedBytes(Buffer.from(seed)) },
  );
const same = (bytes: Buffer, seed: string) => bytes.toString('utf8').trim() === seed.trim();
const jsonFlag = fc.boolean();
let n = 0;
const fresh = (name: string) => at('runs', `${n++}-${name}`);
mkdirSync(at('runs'), { recursive: true });
const put = (name: string, bytes: Buffer) => {
  const p = fresh(name);
  writeFileSync(p, bytes);
  return p;
};

const notVerified = (json: boolean) => (r: RunResult) =>
  json ? JSON.parse(r.stdout).verified === false : r.stdout.includes('NOT VERIFIED');

// ---- the properties ------------------------------------------------------------------------------

describe('radcred with fuzzed input files', () => {
  it('verify FILE --any-issuer --no-ledger --any-audience: 0 only for the untouched file, else 1 or 3 with a report', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('license.jwt', 'vp.jwt').chain((f) => fc.tuple(fc.constant(f), near(seeds[f]!))),
        jsonFlag,
        async ([f, bytes], json) => {
          const r = await cli([
            ...(json ? ['--json'] : []),
            'verify',
            put(f, bytes),
            '--any-issuer',
            '--no-ledger',
            '--any-audience',
          ]);
          wellBehaved(r, { exits: same(bytes, seeds[f]!) ? [0] : [1, 3], json, report: notVerified(json) });
        },
      ),
      fuzzParams(40),
    );
  });

  it('verify --request FILE --trust FILE with one of them fuzzed: a verdict or an input error, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('request.jwt', 'trust.json').chain((f) => fc.tuple(fc.constant(f), near(seeds[f]!))),
        jsonFlag,
        async ([f, bytes], json) => {
          const file = put(f, bytes);
          const request = f === 'request.jwt' ? file : at('request.jwt');
          const trust = f === 'trust.json' ? file : at('trust.json');
          const r = await cli([
            ...(json ? ['--json'] : []),
            'verify',
            at('vp.jwt'),
            '--request',
            request,
            '--trust',
            trust,
            '--no-ledger',
          ]);
          wellBehaved(r, { exits: [0, 1, 3], json, report: notVerified(json) });
          if (r.code === 0) expect(f === 'trust.json' || same(bytes, seeds[f]!)).toBe(true);
        },
      ),
      fuzzParams(25),
    );
  });

  it('wallet add FILE: refused (1 or 3) unless it is the stored credential again, and the wallet is untouched', async () => {
    await fc.assert(
      fc.asyncProperty(near(seeds['license.jwt']!), jsonFlag, async (bytes, json) => {
        const before = snapshot(home);
        const r = await cli([...(json ? ['--json'] : []), 'wallet', 'add', put('credential.jwt', bytes)]);
        wellBehaved(r, {
          exits: same(bytes, seeds['license.jwt']!) ? [0] : [1, 3],
          json,
          report: (x) => (json ? JSON.parse(x.stdout).results[0].status === 'refused' : x.stdout.includes('refused')),
        });
        expect(snapshot(home)).toEqual(before);
      }),
      fuzzParams(30),
    );
  });

  it('trust list / trust add --file FILE: the list or TRUST_LIST_INVALID (exit 3), and a refused file is left as it was', async () => {
    await fc.assert(
      fc.asyncProperty(near(seeds['trust.json']!), fc.boolean(), jsonFlag, async (bytes, add, json) => {
        const file = put('trust.json', bytes);
        const args = add
          ? ['trust', 'add', did.rsna!, '--name', 'RSNA', '--types', 'CMECertificateCredential', '--file', file]
          : ['trust', 'list', '--file', file];
        const r = await cli([...(json ? ['--json'] : []), ...args]);
        wellBehaved(r, { exits: [0, 3], json });
        if (r.code !== 0 || !add) expect(readFileSync(file).equals(bytes)).toBe(true);
      }),
      fuzzParams(25),
    );
  });

  it('present --request FILE: refused (2, 3 or 1) unless it is the request, with the wallet and disclosure log untouched', async () => {
    await fc.assert(
      fc.asyncProperty(near(seeds['request.jwt']!), jsonFlag, async (bytes, json) => {
        const before = snapshot(home);
        const out = fresh('vp.jwt');
        const r = await cli([
          ...(json ? ['--json'] : []),
          'present',
          '--holder',
          'priya',
          '--request',
          put('request.jwt', bytes),
          '--all',
          '--out',
          out,
        ]);
        wellBehaved(r, { exits: same(bytes, seeds['request.jwt']!) ? [0] : [1, 2, 3], json });
        if (r.code !== 0) {
          expect(snapshot(home)).toEqual(before);
          expect(existsSync(out)).toBe(false);
        }
      }),
      fuzzParams(25),
    );
  });

  it('request show FILE: the request or an error (1 or 3)', async () => {
    await fc.assert(
      fc.asyncProperty(near(seeds['request.jwt']!), jsonFlag, async (bytes, json) => {
        const r = await cli([...(json ? ['--json'] : []), 'request', 'show', put('request.jwt', bytes)]);
        wellBehaved(r, { exits: same(bytes, seeds['request.jwt']!) ? [0] : [1, 3], json });
      }),
      fuzzParams(20),
    );
  });

  it('ledger check-proof FILE --entry FILE: valid only for the untouched entry, else 3 or 4', async () => {
    const which = fc.constantFrom('proof.tlog', 'proof.tlog.entry');
    await fc.assert(
      fc.asyncProperty(
        which.chain((f) => fc.tuple(fc.constant(f), near(seeds[f]!))),
        jsonFlag,
        async ([f, bytes], json) => {
          const file = put(f, bytes);
          const [proof, entry] = f === 'proof.tlog' ? [file, at('proof.tlog.entry')] : [at('proof.tlog'), file];
          const r = await cli([
            ...(json ? ['--json'] : []),
            'ledger',
            'check-proof',
            proof,
            '--entry',
            entry,
            '--vkey',
            vkey,
          ]);
          wellBehaved(r, { exits: [0, 3, 4], json });
          if (r.code === 0 && f === 'proof.tlog.entry') expect(bytes.equals(Buffer.from(seeds[f]!))).toBe(true);
        },
      ),
      fuzzParams(30),
    );
  });

  it('issue --batch ROSTER: good rows issued, bad rows reported (exit 1), a bad file refused (3) with nothing written', async () => {
    await fc.assert(
      fc.asyncProperty(near(seeds.roster!), jsonFlag, async (bytes, json) => {
        const outDir = fresh('batch');
        const r = await cli([
          ...(json ? ['--json'] : []),
          'issue',
          'CMECertificateCredential',
          '--issuer',
          'rsna',
          '--batch',
          put('roster.csv', bytes),
          '--out-dir',
          outDir,
        ]);
        wellBehaved(r, {
          exits: [0, 1, 2, 3],
          json,
          report: (x) => (json ? JSON.parse(x.stdout).bad.length > 0 : /bad row/.test(x.stdout)),
        });
        if (r.code >= 2)
          expect(existsSync(outDir) ? readdirSync(outDir).filter((f) => !f.startsWith('.')) : []).toEqual([]);
      }),
      fuzzParams(20),
    );
  });
});

// ---- a ledger directory with one file damaged ----------------------------------------------------

/** The files of a ledger dir that its checkpoint size requires (and the checkpoint), plus its derived index. */
function ledgerFiles(d: string): string[] {
  const size = Number(readFileSync(join(d, 'checkpoint'), 'utf8').split('\n')[1]);
  // index/<version>/{state,<shard>}: every file of every version
  const index = existsSync(join(d, 'index'))
    ? readdirSync(join(d, 'index'), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => relative(d, join(e.parentPath, e.name)))
    : [];
  return ['checkpoint', 'vkey', ...requiredTiles(size).map((t) => t.path), ...index];
}

/** Damages one file of a directory for the length of `fn`, then puts every file back as it was. */
async function withDamage<T>(d: string, rel: string, bytes: Buffer | null, fn: () => Promise<T>): Promise<T> {
  const saved = new Map(Object.keys(hashFiles(d)).map((p) => [p, readFileSync(join(d, p))]));
  try {
    if (bytes === null) rmSync(join(d, rel));
    else writeFileSync(join(d, rel), bytes);
    return await fn();
  } finally {
    for (const p of Object.keys(hashFiles(d))) if (!saved.has(p)) rmSync(join(d, p));
    for (const [p, b] of saved) {
      mkdirSync(join(d, p, '..'), { recursive: true });
      writeFileSync(join(d, p), b);
    }
  }
}

const damage = (d: string) =>
  fc
    .constantFrom(...ledgerFiles(d))
    .chain((rel) => fc.tuple(fc.constant(rel), fc.option(mutatedBytes(readFileSync(join(d, rel))), { freq: 8 })));

describe('radcred with a damaged ledger directory', () => {
  it('ledger audit / status DIR --vkey: a damaged required file fails the audit (3 or 4); nothing is written', async () => {
    await fc.assert(
      fc.asyncProperty(damage(AUDITED), fc.boolean(), async ([rel, bytes], status) => {
        fc.pre(bytes === null || !bytes.equals(readFileSync(join(AUDITED, rel))));
        await withDamage(AUDITED, rel, bytes, async () => {
          const before = snapshot(AUDITED, home);
          const r = await cli([
            '--json',
            'ledger',
            status ? 'status' : 'audit',
            AUDITED,
            ...(status ? [] : ['--vkey', vkey]),
          ]);
          // the vkey file is not a trust root (--vkey is); a damaged index/ fails the audit (4,
          // LEDGER_INDEX_MISMATCH) unless the damage leaves it what the entries give
          wellBehaved(r, {
            exits: status || rel === 'vkey' || rel.startsWith('index/') ? [0, 3, 4] : [3, 4],
            json: true,
          });
          expect(snapshot(AUDITED, home)).toEqual(before);
        });
      }),
      fuzzParams(30),
    );
  });

  it('ledger integrate DIR with a fuzzed entry in pending/: rejected (exit 1) or a duplicate, the committed ledger untouched', async () => {
    await fc.assert(
      fc.asyncProperty(near(seeds['proof.tlog.entry']!), jsonFlag, async (bytes, json) => {
        const committed = () =>
          Object.fromEntries(
            Object.entries(snapshot(INTEGRATED)).filter(([p]) => !p.includes('/pending/') && !p.includes('/index/')),
          );
        const before = committed();
        mkdirSync(join(INTEGRATED, 'pending'), { recursive: true });
        writeFileSync(join(INTEGRATED, 'pending', 'fuzzed.entry'), bytes);
        try {
          const r = await cli([
            ...(json ? ['--json'] : []),
            'ledger',
            'integrate',
            INTEGRATED,
            '--operator',
            'registry',
          ]);
          wellBehaved(r, {
            exits: [0, 1],
            json,
            report: (x) => (json ? JSON.parse(x.stdout).rejected.length === 1 : x.stdout.includes('rejected')),
          });
          expect(committed()).toEqual(before);
        } finally {
          rmSync(join(INTEGRATED, 'pending'), { recursive: true, force: true });
        }
      }),
      fuzzParams(20),
    );
  });

  it('verify --ledger DIR with one file of the pinned copy damaged: a revoked credential never verifies; pins and tiles untouched', async () => {
    await fc.assert(
      fc.asyncProperty(damage(PINNED), jsonFlag, async ([rel, bytes], json) => {
        await withDamage(PINNED, rel, bytes, async () => {
          const tiles = () =>
            Object.fromEntries(Object.entries(snapshot(PINNED)).filter(([p]) => !p.includes('/index/')));
          const before = { tiles: tiles(), home: snapshot(home) };
          const r = await cli([
            ...(json ? ['--json'] : []),
            'verify',
            at('revoked.jwt'),
            '--any-issuer',
            '--ledger',
            PINNED,
          ]);
          wellBehaved(r, { exits: [1, 3, 4], json, report: notVerified(json) });
          expect({ tiles: tiles(), home: snapshot(home) }).toEqual(before);
        });
      }),
      fuzzParams(30),
    );
  });
});

// ---- what the fuzzing found, as the user met it (each was exit 70, an internal error) -----------

describe('regressions found by fuzzing (CLI)', () => {
  it('present --valid-for 418458y: a usage error, not a RangeError', async () => {
    const r = await cli([
      '--json',
      'present',
      '--holder',
      'priya',
      '--request',
      at('request.jwt'),
      '--all',
      '--valid-for',
      '418458y',
      '--out',
      fresh('vp.jwt'),
    ]);
    wellBehaved(r, { exits: [2], json: true });
  });

  it('--now past year 9999: a usage error (a CME rule could not tally at that date)', async () => {
    const r = await cli([
      '--now',
      '999999999999',
      'request',
      'create',
      '--verifier',
      'northbay',
      '--cme',
      'tx',
      '--out',
      fresh('request.jwt'),
    ]);
    wellBehaved(r, { exits: [2] });
  });

  it('request create --cme __proto__: not a preset', async () => {
    const r = await cli([
      'request',
      'create',
      '--verifier',
      'northbay',
      '--cme',
      '__proto__',
      '--out',
      fresh('request.jwt'),
    ]);
    wellBehaved(r, { exits: [2] });
  });

  it('verify a credential whose nbf is 2^53 - 1: NOT VERIFIED (DATE_NOT_SECONDS), not a RangeError', async () => {
    const tmb = demoSigner('tmb');
    const payload = { ...decodeJwt(seeds['license.jwt']!).payload, nbf: 2 ** 53 - 1 };
    const r = await cli([
      '--json',
      'verify',
      put('nbf.jwt', Buffer.from(handmade({ alg: tmb.alg, typ: 'JWT', kid: tmb.kid }, payload, (i) => tmb.sign(i)))),
      '--any-issuer',
      '--no-ledger',
    ]);
    wellBehaved(r, { exits: [1], json: true, report: notVerified(true) });
    expect(r.json().results[0].checks.map((c: { code: string }) => c.code)).toContain('DATE_NOT_SECONDS');
  });
});
