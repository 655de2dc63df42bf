// Keys, hardened: a keystore others can read is warned about by every command that reads or
// unlocks it; passphrases and seeds never appear in argv-echoes, output or error messages; a
// crafted keystore is refused (exit 3) before any key derivation; a wrong passphrase is exit 3.
// (Tests may run as root, so they check the mode logic, not permission denial.)
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  fixture,
  importDemoIdentities,
  NOW,
  radcred,
  tempDir,
  unwrapped,
  type RunResult,
} from '../helpers.js';

let dir: string;
beforeAll(() => {
  dir = tempDir('radcred-keys-');
});
afterAll(() => cleanup(dir));

const LICENSE = fixture('subjects', 'MedicalLicenseCredential.json');
const ROSTER = fixture('rosters', 'rsna-cme.csv');

describe('a keystore readable by others', () => {
  let home: string;
  let dids: Record<string, string>;
  const NAMES = ['tmb', 'priya', 'northbay', 'registry'];
  const keystore = (name: string) => join(home, 'identities', `${name}.json`);
  const cli = (args: string[], env?: Record<string, string | undefined>) =>
    radcred(['--home', home, '--now', NOW, ...args], { cwd: dir, ...(env ? { env } : {}) });
  const json = (args: string[], env?: Record<string, string | undefined>) => cli(['--json', ...args], env);

  /** stderr names each of `names` as a loose keystore; with a JSON result, so does its `warnings`. */
  function expectWarned(r: RunResult, names: string[], inJson = true) {
    expect(r.code, r.stderr).toBe(0);
    for (const name of names) {
      expect(unwrapped(r.stderr)).toMatch(
        new RegExp(`^radcred: warning: keystore of ${name} has mode 0644: .*chmod 600`, 'm'),
      );
      if (inJson)
        expect(r.json().warnings).toEqual(
          expect.arrayContaining([expect.stringContaining(`keystore of ${name} has mode 0644`)]),
        );
    }
  }

  beforeAll(async () => {
    home = join(dir, 'loose-home');
    dids = await importDemoIdentities(home, NAMES);
    for (const n of NAMES) chmodSync(keystore(n), 0o644);
  });

  it('id show and id list warn on stderr; their JSON carries insecureMode', async () => {
    const show = await json(['id', 'show', 'tmb']);
    expectWarned(show, ['tmb'], false);
    expect(show.json().insecureMode).toBe('0644');
    const list = await json(['id', 'list']);
    expectWarned(list, NAMES, false);
    expect(list.json().identities.map((i: { insecureMode?: string }) => i.insecureMode)).toEqual(
      NAMES.map(() => '0644'),
    );
  });

  it('every command that unlocks one warns (stderr, and `warnings` in its JSON)', async () => {
    expectWarned(
      await json(['ledger', 'init', 'ledger', '--origin', 'keys.example/ledger', '--operator', 'registry']),
      ['registry'],
    );
    // the issuer, and the operator this home holds for --ledger
    expectWarned(
      await json([
        'issue',
        'MedicalLicenseCredential',
        '--issuer',
        'tmb',
        '--subject',
        dids.priya!,
        '--data',
        LICENSE,
        '--out',
        'license.jwt',
        '--ledger',
        'ledger',
      ]),
      ['tmb', 'registry'],
    );
    expectWarned(
      await json(['issue', 'CMECertificateCredential', '--issuer', 'tmb', '--batch', ROSTER, '--out-dir', 'cme']),
      ['tmb'],
    );
    expectWarned(await json(['wallet', 'add', 'license.jwt']), NAMES);
    expectWarned(
      await json([
        'request',
        'create',
        '--verifier',
        'northbay',
        '--require',
        'MedicalLicenseCredential',
        '--out',
        'request.jwt',
      ]),
      ['northbay'],
    );
    expectWarned(await json(['present', '--holder', 'priya', '--request', 'request.jwt', '--all', '--out', 'vp.jwt']), [
      'priya',
    ]);
    expectWarned(await json(['suspend', 'license.jwt', '--issuer', 'tmb', '--ledger', 'ledger']), ['tmb', 'registry']);
    expectWarned(await json(['ledger', 'integrate', 'ledger', '--operator', 'registry']), ['registry']);
    const exported = await json(['id', 'export', 'priya', '--out', 'priya.jwk', '--yes']);
    expectWarned(exported, ['priya'], false);
    expect(Object.keys(exported.json()).sort()).toEqual(['did', 'name', 'out']); // the export's JSON stays {name, did, out}
  });

  it('human output warns on stderr, once per keystore', async () => {
    const r = await cli([
      'issue',
      'MedicalLicenseCredential',
      '--issuer',
      'tmb',
      '--subject',
      dids.priya!,
      '--data',
      LICENSE,
      '--out',
      'license2.jwt',
      '--ledger',
      'ledger',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.match(/keystore of tmb has mode/g)).toHaveLength(1);
    expect(r.stdout).not.toContain('warning');
  });

  it('warns before the passphrase is checked: a wrong one still shows the warning (and is exit 3)', async () => {
    const r = await json(
      ['issue', 'MedicalLicenseCredential', '--issuer', 'tmb', '--subject', dids.priya!, '--data', LICENSE],
      { RADCRED_PASSPHRASE: 'wrong' },
    );
    expect(r.code).toBe(3);
    expect(r.json().error.code).toBe('KEYSTORE_PASSPHRASE');
    expect(r.stderr).toContain('keystore of tmb has mode 0644');
  });

  it('no warning once the keystores are 0600 again', async () => {
    for (const n of NAMES) chmodSync(keystore(n), 0o600);
    for (const r of [
      await json(['id', 'list']),
      await json([
        'issue',
        'MedicalLicenseCredential',
        '--issuer',
        'tmb',
        '--subject',
        dids.priya!,
        '--data',
        LICENSE,
        '--out',
        'license3.jwt',
        '--ledger',
        'ledger',
      ]),
      await json(['wallet', 'add', 'license3.jwt']),
    ]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toContain('warning');
      expect(r.json().warnings).toBeUndefined();
    }
  });

  it('mode 0640 (group-readable) counts as loose too; 0400 does not', async () => {
    chmodSync(keystore('northbay'), 0o640);
    expect((await json(['id', 'show', 'northbay'])).stderr).toContain('has mode 0640');
    chmodSync(keystore('northbay'), 0o400);
    const r = await json(['id', 'show', 'northbay']);
    expect(r.stderr).toBe('');
    expect(r.json().insecureMode).toBeUndefined();
    chmodSync(keystore('northbay'), 0o600);
  });
});

describe('passphrases are never taken from argv', () => {
  const SECRET = 'Quokka-in-argv-4411';
  it.each([
    ['--passphrase VALUE after the command', ['id', 'create', 'x', '--passphrase', SECRET]],
    ['--passphrase=VALUE after the command', ['id', 'create', 'x', `--passphrase=${SECRET}`]],
    ['--passphrase VALUE before the command', ['--passphrase', SECRET, 'id', 'list']],
    ['--passphrase=VALUE on issue', ['issue', 'MedicalLicenseCredential', '--issuer', 'tmb', `--passphrase=${SECRET}`]],
  ])(
    '%s: exit 2, PASSPHRASE_IN_ARGV, a hint to --passphrase-file / RADCRED_PASSPHRASE, the value never echoed',
    async (_why, args) => {
      const home = join(dir, 'argv-home');
      const r = await radcred(['--home', home, '--json', ...args]);
      expect(r.code).toBe(2);
      expect(r.json().error.code).toBe('PASSPHRASE_IN_ARGV');
      expect(r.json().error.hint).toMatch(/--passphrase-file/);
      expect(r.json().error.hint).toMatch(/RADCRED_PASSPHRASE/);
      expect(r.stdout + r.stderr).not.toContain(SECRET);
      expect((await radcred(['--home', home, '--json', 'id', 'list'])).json().identities).toEqual([]);
    },
  );

  it('the help lists no --passphrase option', async () => {
    const r = await radcred(['--help']);
    expect(r.stdout).not.toMatch(/--passphrase[ <]/);
    expect(r.stdout).toContain('--passphrase-file');
  });
});

describe('id import --seed warns that the seed is in argv', () => {
  it('--seed: a warning suggesting --seed-file (stderr and JSON); --seed-file: none', async () => {
    const home = join(dir, 'seed-home');
    const seed = createHash('sha256').update('seed warning').digest('hex');
    const r = await radcred(['--home', home, '--json', 'id', 'import', 'a', '--seed', seed]);
    expect(r.code).toBe(0);
    expect(unwrapped(r.stderr)).toMatch(/^radcred: warning: .*--seed-file/m);
    expect(r.json().warnings).toEqual([expect.stringContaining('--seed-file')]);
    const file = join(dir, 'seed.hex');
    writeFileSync(file, seed + '\n');
    const f = await radcred(['--home', home, '--json', 'id', 'import', 'b', '--seed-file', file]);
    expect(f.code).toBe(0);
    expect(f.stderr).toBe('');
    expect(f.json().warnings).toBeUndefined();
    expect(f.json().did).toBe(r.json().did);
  });
});

describe('no output ever contains the passphrase or the seed', () => {
  const PASS = 'Zebra-Quokka-7781-never-print-me';
  const SEED = createHash('sha256').update('radcred leak test seed').digest('hex');
  const secrets = [
    PASS,
    SEED,
    SEED.toUpperCase(),
    Buffer.from(SEED, 'hex').toString('base64url'),
    Buffer.from(SEED, 'hex').toString('base64'),
  ];
  const runs: [string, RunResult][] = [];

  it('create, import, issue, present, export, and the wrong-passphrase paths', async () => {
    const home = join(dir, 'leak-home');
    const env = { RADCRED_PASSPHRASE: PASS };
    const wrong = { RADCRED_PASSPHRASE: `${PASS}-wrong` };
    const passFile = join(dir, 'leak-pass.txt');
    writeFileSync(passFile, PASS + '\n');
    const seedFile = join(dir, 'leak-seed.hex');
    writeFileSync(seedFile, SEED + '\n');
    const badSeedFile = join(dir, 'leak-seed-bad.hex');
    writeFileSync(badSeedFile, SEED + 'zz\n');
    const priv = Buffer.from(SEED, 'hex').toString('base64url');
    const brokenJwk = join(dir, 'leak-broken.jwk');
    writeFileSync(brokenJwk, `{"kty":"OKP","crv":"Ed25519" "d":"${priv}"}`); // a missing comma
    const unquotedJwk = join(dir, 'leak-unquoted.jwk');
    writeFileSync(unquotedJwk, `{"kty":"OKP","crv":"Ed25519","d":${priv}}`);
    const publicMismatchJwk = join(dir, 'leak-mismatch.jwk');
    writeFileSync(publicMismatchJwk, JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43), d: priv }));

    const go = async (label: string, args: string[], e: Record<string, string | undefined> = env) => {
      for (const json of [[], ['--json']]) {
        const r = await radcred(['--home', home, '--now', NOW, ...json, ...args], { cwd: dir, env: e });
        runs.push([`${label}${json.length ? ' --json' : ''}`, r]);
      }
      return runs[runs.length - 1]![1];
    };
    expect((await go('create', ['id', 'create', 'issuer'])).code).toBe(3); // the second run: IDENTITY_EXISTS
    expect((await go('import --seed-file', ['id', 'import', 'holder', '--seed-file', seedFile])).code).toBe(3);
    expect((await go('import --seed', ['id', 'import', 'holder2', '--seed', SEED])).code).toBe(3);
    expect((await go('import --seed bad', ['id', 'import', 'bad', '--seed', SEED + 'zz'])).code).toBe(2);
    expect((await go('import --seed-file bad', ['id', 'import', 'bad', '--seed-file', badSeedFile])).code).toBe(2);
    expect((await go('import --jwk broken', ['id', 'import', 'bad', '--jwk', brokenJwk])).code).toBe(3);
    expect((await go('import --jwk unquoted', ['id', 'import', 'bad', '--jwk', unquotedJwk])).code).toBe(3);
    expect((await go('import --jwk x/d mismatch', ['id', 'import', 'bad', '--jwk', publicMismatchJwk])).code).toBe(3);
    expect(
      (
        await go(
          'import --seed with --passphrase-file',
          ['--passphrase-file', passFile, 'id', 'import', 'holder3', '--seed', SEED],
          {},
        )
      ).code,
    ).toBe(3);
    const holder = (await radcred(['--home', home, '--json', 'id', 'show', 'holder'])).json().did as string;
    expect(
      (
        await go('issue', [
          'issue',
          'MedicalLicenseCredential',
          '--issuer',
          'issuer',
          '--subject',
          holder,
          '--data',
          LICENSE,
          '--out',
          'leak.jwt',
        ])
      ).code,
    ).toBe(2);
    expect(
      (
        await go(
          'issue, wrong passphrase',
          ['issue', 'MedicalLicenseCredential', '--issuer', 'issuer', '--subject', holder, '--data', LICENSE],
          wrong,
        )
      ).code,
    ).toBe(3);
    expect(
      (
        await go(
          'issue, wrong passphrase file',
          [
            '--passphrase-file',
            seedFile,
            'issue',
            'MedicalLicenseCredential',
            '--issuer',
            'issuer',
            '--subject',
            holder,
            '--data',
            LICENSE,
          ],
          {},
        )
      ).code,
    ).toBe(3);
    expect((await go('wallet add', ['wallet', 'add', 'leak.jwt'])).code).toBe(0);
    expect(
      (
        await go(
          'present, wrong passphrase',
          [
            'present',
            '--holder',
            'holder',
            '--audience',
            holder,
            '--challenge',
            'c',
            '--all',
            '--out',
            'leak-w.vp.jwt',
          ],
          wrong,
        )
      ).code,
    ).toBe(3);
    expect(
      (
        await go('present', [
          'present',
          '--holder',
          'holder',
          '--audience',
          holder,
          '--challenge',
          'c',
          '--all',
          '--out',
          'leak.vp.jwt',
          '--force',
        ])
      ).code,
    ).toBe(0);
    expect(
      (await go('export, wrong passphrase', ['id', 'export', 'holder', '--out', 'leak-w.jwk', '--yes'], wrong)).code,
    ).toBe(3);
    expect((await go('export', ['id', 'export', 'holder', '--out', 'leak.jwk', '--yes'])).code).toBe(2); // the second run: OUT_EXISTS
    expect((await go('--passphrase in argv', ['--passphrase', PASS, 'id', 'list'])).code).toBe(2);
    expect((await go('--passphrase= in argv', [`--passphrase=${PASS}`, 'id', 'list'])).code).toBe(2);
    expect((await go('show and list', ['id', 'show', 'holder'])).code).toBe(0);
    expect((await go('list', ['id', 'list'])).code).toBe(0);
    expect((await go('verify', ['verify', 'leak.vp.jwt', '--any-issuer', '--no-ledger', '--any-audience'])).code).toBe(
      0,
    );
    // the exported file does hold the key (control: the secrets are what we think they are)
    expect(readFileSync(join(dir, 'leak.jwk'), 'utf8')).toContain(priv);
  });

  it('in no stdout, stderr, JSON document or error message', () => {
    expect(runs.length).toBeGreaterThan(40);
    for (const [label, r] of runs) {
      for (const secret of secrets) {
        expect(r.stdout, `${label}: stdout`).not.toContain(secret);
        expect(r.stderr, `${label}: stderr`).not.toContain(secret);
      }
      expect(r.stderr, `${label}: a stack trace`).not.toMatch(/^\s+at /m);
    }
  });
});

describe('crafted keystores are refused (exit 3) before any passphrase or key derivation', () => {
  let home: string;
  let good: Record<string, any>;
  beforeAll(async () => {
    home = join(dir, 'crafted-home');
    await importDemoIdentities(home, ['tmb']);
    good = JSON.parse(readFileSync(join(home, 'identities', 'tmb.json'), 'utf8'));
  });

  const kdfs: [string, Record<string, unknown>][] = [
    ['N = 2^30', { N: 2 ** 30 }],
    ['N = 2^20 with r = 16, p = 4 (8 GiB)', { N: 2 ** 20, r: 16, p: 4 }],
    ['r huge', { r: 2 ** 30 }],
    ['p huge', { p: 2 ** 30 }],
    ['a maxmem field (ignored) with N = 2^20, r = 8 (1 GiB)', { N: 2 ** 20, r: 8, maxmem: 2 ** 42 }],
    ['N negative', { N: -(2 ** 15) }],
    ['r negative', { r: -8 }],
    ['N not an integer', { N: 32768.5 }],
    ['p not an integer', { p: 1.25 }],
    ['N not a power of two', { N: 3 * 2 ** 15 }],
    ['N as a string', { N: '1073741824' }],
  ];

  it.each(kdfs)('%s: KEYSTORE_INVALID from id show, issue and id export', async (_why, kdf) => {
    const name = 'crafted';
    writeFileSync(
      join(home, 'identities', `${name}.json`),
      JSON.stringify({ ...good, name, kdf: { ...good.kdf, ...kdf } }),
      { mode: 0o600 },
    );
    const noPassphrase = { env: { RADCRED_PASSPHRASE: undefined } };
    for (const args of [
      ['id', 'show', name],
      ['issue', 'MedicalLicenseCredential', '--issuer', name, '--subject', good.did, '--data', LICENSE],
      ['id', 'export', name, '--out', join(dir, 'crafted.jwk'), '--yes'],
    ]) {
      const r = await radcred(['--home', home, '--now', NOW, '--json', '--no-input', ...args], noPassphrase);
      expect(r.code, r.stderr).toBe(3);
      expect(r.json().error.code).toBe('KEYSTORE_INVALID');
    }
  });

  it('the same keystore with its real parameters opens (control)', async () => {
    const r = await radcred([
      '--home',
      home,
      '--now',
      NOW,
      '--json',
      'issue',
      'MedicalLicenseCredential',
      '--issuer',
      'tmb',
      '--subject',
      good.did,
      '--data',
      LICENSE,
    ]);
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('a wrong passphrase', () => {
  it('is exit 3 with the stable code KEYSTORE_PASSPHRASE for every command that unlocks', async () => {
    const home = join(dir, 'wrong-home');
    const dids = await importDemoIdentities(home, ['tmb', 'priya', 'registry']);
    const wrong = { env: { RADCRED_PASSPHRASE: 'definitely not it' } };
    for (const args of [
      ['issue', 'MedicalLicenseCredential', '--issuer', 'tmb', '--subject', dids.priya!, '--data', LICENSE],
      ['ledger', 'init', join(home, 'ledger'), '--origin', 'wrong.example/l', '--operator', 'registry'],
      ['request', 'create', '--verifier', 'priya', '--out', join(home, 'req.jwt')],
      ['id', 'export', 'tmb', '--out', join(home, 'tmb.jwk'), '--yes'],
    ]) {
      const r = await radcred(['--home', home, '--now', NOW, '--json', ...args], wrong);
      expect(r.code, args.join(' ')).toBe(3);
      expect(r.json().error.code).toBe('KEYSTORE_PASSPHRASE');
      expect(r.json().error.hint).toMatch(/--passphrase-file|RADCRED_PASSPHRASE/);
    }
  });
});
