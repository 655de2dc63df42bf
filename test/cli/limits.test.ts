// Resource limits: oversized inputs are refused with a stable size code and exit 3 (a damaged
// ledger tile: exit 4) before they are read or parsed whole; deep JSON is refused with the input's
// own code, never a stack overflow; a presentation carrying too many credentials is refused before
// any of them is checked. The 100 MB files are sparse (truncate), so they cost no disk.
import { cpSync, mkdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ROSTER_BYTES } from '../../src/credential/roster.js';
import { MAX_JWS_BYTES } from '../../src/jws/compact.js';
import { signCompactJws } from '../verify/tokens.js';
import { MAX_CREDENTIALS_PER_PRESENTATION } from '../../src/presentation/present.js';
import { MAX_INPUT_BYTES } from '../../src/util/files.js';
import { encodeBase64url } from '../../src/util/bytes.js';
import { cleanup, fixture, importDemoIdentities, NOW, NOW_S, radcred, tempDir, type RunResult } from '../helpers.js';
import { append, newLedger, opaque, seedHex, seedSigner } from '../ledger/support.js';
import { demoSigner } from '../verify/tokens.js';

const HUNDRED_MB = 100 * 1024 * 1024;
const DEPTH = 10_000;
const LICENSE = fixture('subjects', 'MedicalLicenseCredential.json');

let dir: string;
let home: string;
let dids: Record<string, string>;
let vkey: string;
const noPassphrase = { RADCRED_PASSPHRASE: undefined };
const path = (name: string) => join(dir, name);
const cli = (args: string[], env: Record<string, string | undefined> = {}) =>
  radcred(['--home', home, '--now', NOW, '--json', '--no-input', ...args], { cwd: dir, env });

/** A sparse file of `size` bytes (zeros): no disk used, but stat says `size`. */
function sparse(name: string, size = HUNDRED_MB): string {
  writeFileSync(path(name), '');
  truncateSync(path(name), size);
  return path(name);
}

function noCrash(r: RunResult) {
  expect(r.stderr).not.toMatch(/Maximum call stack|RangeError|internal error/);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

/** exit status and code of a refused command (the error document of --json) */
function expectRefused(r: RunResult, exit: number, code: string) {
  noCrash(r);
  expect(r.code, r.stderr).toBe(exit);
  expect(r.json().error.code).toBe(code);
  if (code === 'FILE_TOO_LARGE') expect(r.stderr).toMatch(/limit/);
}

/** a verify run whose one file was refused at the parse step with `code` */
function expectParseRefusal(r: RunResult, code: string, exit = 3) {
  noCrash(r);
  expect(r.code, r.stderr).toBe(exit);
  const result = r.json().results[0];
  expect(result.checks).toEqual([expect.objectContaining({ check: 'parse', status: 'fail', code })]);
  expect(result.credentials).toEqual([]);
}

/** A well-formed presentation refused for its shape: exit 1, parsed, nothing inside checked. */
function expectShapeRefusal(r: RunResult, code: string) {
  noCrash(r);
  expect(r.code, r.stderr).toBe(1);
  const result = r.json().results[0];
  expect(result.malformed).toBe(false);
  expect(result.checks).toEqual([
    expect.objectContaining({ check: 'parse', status: 'pass' }),
    expect.objectContaining({ check: 'shape', status: 'fail', code }),
  ]);
  expect(result.credentials).toEqual([]);
}

const b64json = (text: string) => encodeBase64url(Buffer.from(text, 'utf8'));
const deepArray = () => '['.repeat(DEPTH) + ']'.repeat(DEPTH);
const SIG = encodeBase64url(Buffer.alloc(64));

beforeAll(async () => {
  dir = tempDir('radcred-limits-');
  home = path('home');
  dids = await importDemoIdentities(home, ['tmb', 'priya', 'northbay', 'registry']);
  expect(
    (await cli(['ledger', 'init', 'ledger', '--origin', 'limits.example/ledger', '--operator', 'registry'])).code,
  ).toBe(0);
  const issued = await cli([
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
  ]);
  expect(issued.code, issued.stderr).toBe(0);
  expect((await cli(['wallet', 'add', 'license.jwt'])).code).toBe(0);
  expect(
    (
      await cli([
        'request',
        'create',
        '--verifier',
        'northbay',
        '--require',
        'MedicalLicenseCredential',
        '--out',
        'request.jwt',
      ])
    ).code,
  ).toBe(0);
  const proved = await cli(['ledger', 'prove', 'ledger', 'license.jwt', '--out', 'license.proof']);
  expect(proved.code, proved.stderr).toBe(0);
  vkey = (await cli(['ledger', 'status', 'ledger'])).json().vkey;
  sparse('big');
});
afterAll(() => cleanup(dir));

describe('a 100 MB file is refused by its size (FILE_TOO_LARGE, exit 3)', () => {
  const BIG = () => path('big');

  it('is what the test thinks it is: 100 MB by stat, above every input limit', () => {
    expect(statSync(BIG()).size).toBe(HUNDRED_MB);
    expect(HUNDRED_MB).toBeGreaterThan(MAX_INPUT_BYTES);
  });

  it('verify FILE: the file fails its parse check', async () => {
    expectParseRefusal(await cli(['verify', BIG(), '--any-issuer', '--no-ledger', '--any-audience']), 'FILE_TOO_LARGE');
  });

  it('wallet add FILE: refused, nothing stored', async () => {
    const r = await cli(['wallet', 'add', BIG()]);
    noCrash(r);
    expect(r.code).toBe(3);
    expect(r.json().results).toEqual([expect.objectContaining({ status: 'refused', code: 'FILE_TOO_LARGE' })]);
  });

  it.each<[string, () => string[], Record<string, string | undefined>?]>([
    ['trust list --file', () => ['trust', 'list', '--file', BIG()]],
    ['trust add --file', () => ['trust', 'add', dids.tmb!, '--name', 'TMB', '--types', '*', '--file', BIG()]],
    ['verify --trust', () => ['verify', 'license.jwt', '--trust', BIG(), '--no-ledger']],
    ['verify --request', () => ['verify', 'license.jwt', '--request', BIG(), '--any-issuer', '--no-ledger']],
    [
      'present --request (before any passphrase)',
      () => ['present', '--holder', 'priya', '--request', BIG(), '--all', '--out', 'x.vp.jwt'],
      noPassphrase,
    ],
    ['request show', () => ['request', 'show', BIG()]],
    [
      'request create --cme (before any passphrase)',
      () => ['request', 'create', '--verifier', 'northbay', '--cme', BIG(), '--out', 'x.req.jwt'],
      noPassphrase,
    ],
    [
      'ledger check-proof FILE',
      () => ['ledger', 'check-proof', BIG(), '--entry', 'license.proof.entry', '--vkey', vkey],
    ],
    ['ledger check-proof --entry', () => ['ledger', 'check-proof', 'license.proof', '--entry', BIG(), '--vkey', vkey]],
    ['ledger audit --vkey FILE', () => ['ledger', 'audit', 'ledger', '--vkey', BIG()]],
    ['ledger prove DIR CREDENTIAL-FILE', () => ['ledger', 'prove', 'ledger', BIG(), '--out', 'x.proof']],
    [
      'revoke CREDENTIAL-FILE (before any passphrase)',
      () => ['revoke', BIG(), '--issuer', 'tmb', '--ledger', 'ledger'],
      noPassphrase,
    ],
    ['wallet show FILE', () => ['wallet', 'show', BIG()]],
    [
      'issue --data (before any passphrase)',
      () => ['issue', 'MedicalLicenseCredential', '--issuer', 'tmb', '--subject', dids.priya!, '--data', BIG()],
      noPassphrase,
    ],
    [
      'issue --batch roster (before any passphrase)',
      () => ['issue', 'CMECertificateCredential', '--issuer', 'tmb', '--batch', BIG(), '--out-dir', 'batch-out'],
      noPassphrase,
    ],
    [
      '--passphrase-file',
      () => [
        '--passphrase-file',
        BIG(),
        'issue',
        'MedicalLicenseCredential',
        '--issuer',
        'tmb',
        '--subject',
        dids.priya!,
        '--data',
        LICENSE,
      ],
    ],
    ['id import --jwk', () => ['id', 'import', 'big-jwk', '--jwk', BIG()]],
    ['id import --seed-file', () => ['id', 'import', 'big-seed', '--seed-file', BIG()]],
  ])('%s', async (_what, args, env) => {
    expectRefused(await cli(args(), env ?? {}), 3, 'FILE_TOO_LARGE');
  });

  it('a 100 MB keystore: id show, issue and id export refuse it (before any passphrase)', async () => {
    const h = path('big-keystore-home');
    mkdirSync(join(h, 'identities'), { recursive: true });
    writeFileSync(join(h, 'identities', 'huge.json'), '');
    truncateSync(join(h, 'identities', 'huge.json'), HUNDRED_MB);
    for (const args of [
      ['id', 'show', 'huge'],
      ['issue', 'MedicalLicenseCredential', '--issuer', 'huge', '--subject', dids.priya!, '--data', LICENSE],
      ['id', 'export', 'huge', '--out', path('huge.jwk'), '--yes'],
    ]) {
      const r = await radcred(['--home', h, '--now', NOW, '--json', '--no-input', ...args], { env: noPassphrase });
      expectRefused(r, 3, 'FILE_TOO_LARGE');
    }
  });

  it('a roster just over its own limit (64 MB) is refused the same way', async () => {
    const roster = sparse('roster-over.csv', MAX_ROSTER_BYTES + 1);
    expectRefused(
      await cli(
        ['issue', 'CMECertificateCredential', '--issuer', 'tmb', '--batch', roster, '--out-dir', 'batch-out'],
        noPassphrase,
      ),
      3,
      'FILE_TOO_LARGE',
    );
  });
});

describe('presentations carrying too much', () => {
  const holder = demoSigner('priya');
  const vp = (credentials: string[]) =>
    signCompactJws(holder, {
      iss: holder.did,
      aud: dids.northbay,
      nonce: 'limits',
      iat: NOW_S,
      nbf: NOW_S,
      exp: NOW_S + 3600,
      vp: {
        '@context': ['https://www.w3.org/2018/credentials/v1'],
        type: ['VerifiablePresentation'],
        verifiableCredential: credentials,
      },
    });
  const verifyVp = (file: string) => cli(['verify', file, '--any-issuer', '--no-ledger', '--any-audience']);
  let vc: string;
  beforeAll(() => {
    vc = readFileSync(path('license.jwt'), 'utf8').trim();
    expect(vc.split('.')).toHaveLength(3);
  });

  it('too large in bytes (over the JWS limit, under the file limit): JWS_TOO_LARGE, exit 3, nothing checked', async () => {
    const count = Math.ceil((3.5 * 1024 * 1024) / (vc.length + 3));
    const jwt = vp(Array.from({ length: count }, () => vc));
    expect(jwt.length).toBeGreaterThan(MAX_JWS_BYTES);
    expect(jwt.length).toBeLessThan(MAX_INPUT_BYTES);
    writeFileSync(path('bytes.vp.jwt'), jwt + '\n');
    expectParseRefusal(await verifyVp('bytes.vp.jwt'), 'JWS_TOO_LARGE');
  });

  it('100,000 entries under the byte limit: PRESENTATION_TOO_LARGE, exit 1 (a well-formed JWT that fails a check), none of them checked', async () => {
    const jwt = vp(Array.from({ length: 100_000 }, (_, i) => `a.b.${i}`));
    expect(jwt.length).toBeLessThan(MAX_JWS_BYTES);
    writeFileSync(path('many.vp.jwt'), jwt + '\n');
    expectShapeRefusal(await verifyVp('many.vp.jwt'), 'PRESENTATION_TOO_LARGE');
  });

  it(`${MAX_CREDENTIALS_PER_PRESENTATION + 1} real credentials: PRESENTATION_TOO_LARGE; exactly ${MAX_CREDENTIALS_PER_PRESENTATION} are verified`, async () => {
    writeFileSync(
      path('over.vp.jwt'),
      vp(Array.from({ length: MAX_CREDENTIALS_PER_PRESENTATION + 1 }, () => vc)) + '\n',
    );
    expectShapeRefusal(await verifyVp('over.vp.jwt'), 'PRESENTATION_TOO_LARGE');
    writeFileSync(path('cap.vp.jwt'), vp(Array.from({ length: MAX_CREDENTIALS_PER_PRESENTATION }, () => vc)) + '\n');
    const r = await verifyVp('cap.vp.jwt');
    noCrash(r);
    expect(r.json().results[0].credentials).toHaveLength(MAX_CREDENTIALS_PER_PRESENTATION);
  });
});

describe(`JSON nested ${DEPTH.toLocaleString('en')} levels deep: the input's own code, never a stack overflow`, () => {
  const H = b64json('{"alg":"EdDSA","typ":"JWT"}');
  beforeAll(() => {
    writeFileSync(path('deep-payload.jwt'), `${H}.${b64json(`{"vc":${deepArray()}}`)}.${SIG}\n`);
    writeFileSync(
      path('deep-header.jwt'),
      `${b64json(`{"alg":"EdDSA","x":${deepArray()}}`)}.${b64json('{"vc":{}}')}.${SIG}\n`,
    );
    writeFileSync(
      path('deep-request.jwt'),
      `${b64json('{"alg":"EdDSA","typ":"radcred-request+jwt"}')}.${b64json(`{"radcredRequest":${deepArray()}}`)}.${SIG}\n`,
    );
    writeFileSync(path('deep.json'), `{"name":${deepArray()}}`);
    writeFileSync(path('deep-trust.json'), `{"version":1,"issuers":${deepArray()}}`);
  });

  it('in a JWT payload or header: verify fails its parse check (JWS_MALFORMED, exit 3)', async () => {
    expectParseRefusal(await cli(['verify', 'deep-payload.jwt', '--any-issuer', '--no-ledger']), 'JWS_MALFORMED');
    expectParseRefusal(await cli(['verify', 'deep-header.jwt', '--any-issuer', '--no-ledger']), 'JWS_MALFORMED');
  });

  it('in a JWT handed to wallet add: refused, JWS_MALFORMED, exit 3', async () => {
    const r = await cli(['wallet', 'add', 'deep-payload.jwt']);
    noCrash(r);
    expect(r.code).toBe(3);
    expect(r.json().results[0]).toMatchObject({ status: 'refused', code: 'JWS_MALFORMED' });
  });

  it('inside a presentation: that credential fails (VC_MALFORMED, exit 1), the rest is checked', async () => {
    const holder = demoSigner('priya');
    const inner = `${H}.${b64json(`{"vc":${deepArray()}}`)}.${SIG}`;
    const jwt = signCompactJws(holder, {
      iss: holder.did,
      aud: dids.northbay,
      nonce: 'deep',
      iat: NOW_S,
      exp: NOW_S + 3600,
      vp: {
        '@context': ['https://www.w3.org/2018/credentials/v1'],
        type: ['VerifiablePresentation'],
        verifiableCredential: [inner],
      },
    });
    writeFileSync(path('deep-inner.vp.jwt'), jwt + '\n');
    const r = await cli(['verify', 'deep-inner.vp.jwt', '--any-issuer', '--no-ledger', '--any-audience']);
    noCrash(r);
    expect(r.code).toBe(1);
    expect(r.json().results[0].checks.map((c: { code: string }) => c.code)).toContain('VC_MALFORMED');
  });

  it.each<[string, () => string[], string, Record<string, string | undefined>?]>([
    [
      'a request (present --request)',
      () => ['present', '--holder', 'priya', '--request', 'deep-request.jwt', '--all', '--out', 'x.vp.jwt'],
      'JWS_MALFORMED',
      noPassphrase,
    ],
    [
      'a request (verify --request)',
      () => ['verify', 'license.jwt', '--request', 'deep-request.jwt', '--any-issuer', '--no-ledger'],
      'JWS_MALFORMED',
    ],
    [
      'a trust list (verify --trust)',
      () => ['verify', 'license.jwt', '--trust', 'deep-trust.json', '--no-ledger'],
      'TRUST_LIST_INVALID',
    ],
    ['a trust list (trust list --file)', () => ['trust', 'list', '--file', 'deep-trust.json'], 'TRUST_LIST_INVALID'],
    [
      'a --data file',
      () => ['issue', 'MedicalLicenseCredential', '--issuer', 'tmb', '--subject', dids.priya!, '--data', 'deep.json'],
      'DATA_INVALID',
      noPassphrase,
    ],
    [
      'a CME rule file',
      () => ['request', 'create', '--verifier', 'northbay', '--cme', 'deep.json', '--out', 'x.req.jwt'],
      'CME_RULE_INVALID',
      noPassphrase,
    ],
    ['a JWK file', () => ['id', 'import', 'deep-jwk', '--jwk', 'deep.json'], 'JWK_INVALID'],
  ])('in %s: exit 3', async (_what, args, code, env) => {
    expectRefused(await cli(args(), env ?? {}), 3, code);
  });

  it('in a keystore: KEYSTORE_INVALID, exit 3', async () => {
    const h = path('deep-keystore-home');
    mkdirSync(join(h, 'identities'), { recursive: true });
    writeFileSync(join(h, 'identities', 'deep.json'), `{"version":1,"name":"deep","kdf":${deepArray()}}`, {
      mode: 0o600,
    });
    expectRefused(await radcred(['--home', h, '--json', 'id', 'show', 'deep']), 3, 'KEYSTORE_INVALID');
  });

  it('in a roster cell: the row is bad (its line and field), the other rows are issued, exit 1', async () => {
    const header = 'subject,name,lookbackFrom,lookbackTo,claimCount,claims';
    writeFileSync(
      path('deep-roster.csv'),
      `${header}\n${dids.priya},Priya N. Halvorsen,2016-11-01,2026-10-31,0,${deepArray()}\n${dids.priya},Priya N. Halvorsen,2016-11-01,2026-10-31,0,[]\n`,
    );
    const r = await cli([
      'issue',
      'ClaimsHistoryCredential',
      '--issuer',
      'tmb',
      '--batch',
      'deep-roster.csv',
      '--out-dir',
      'deep-out',
    ]);
    noCrash(r);
    expect(r.code, r.stderr).toBe(1);
    expect(r.json().bad.map((b: { line: number; field: string }) => [b.line, b.field])).toEqual([[2, 'claims']]);
    expect(r.json().issued).toBe(1);
  });
});

describe('a ledger tile of the wrong size (LEDGER_TILE_SIZE, exit 4)', () => {
  const SIZE = 300; // tile/0/000 full, tile/0/001.p/44, tile/1/000.p/1, entry bundles 000 and 001.p/44
  let base: string;
  let ledgerVkey: string;
  let n = 0;
  const copy = () => {
    const d = path(`tiles-${n++}`);
    cpSync(base, d, { recursive: true });
    return d;
  };
  beforeAll(() => {
    base = path('tiles-base');
    const op = newLedger(base, 'limits.example/tiles', seedSigner(seedHex(40), 'ed25519', 'operator'));
    append(base, op, opaque('leaf', SIZE));
    ledgerVkey = op.vkey.text;
  });
  const audit = (d: string) => cli(['ledger', 'audit', d, '--vkey', ledgerVkey]);

  it('the undamaged copy audits (control)', async () => {
    const r = await audit(copy());
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().size).toBe(SIZE);
  });

  it.each([
    ['a full tile grown (sparse) to 100 MB', 'tile/0/000', HUNDRED_MB],
    ['a partial tile grown (sparse) to 100 MB', 'tile/0/001.p/44', HUNDRED_MB],
    ['a level-1 tile grown (sparse) to 100 MB', 'tile/1/000.p/1', HUNDRED_MB],
    ['an entry bundle grown (sparse) to 100 MB', 'tile/entries/000', HUNDRED_MB],
    ['a full tile one byte short', 'tile/0/000', 8191],
    ['a partial tile one byte long', 'tile/0/001.p/44', 44 * 32 + 1],
  ])('%s: ledger audit and ledger pull refuse it', async (_why, rel, size) => {
    const d = copy();
    truncateSync(join(d, rel), size);
    expectRefused(await audit(d), 4, 'LEDGER_TILE_SIZE');
    const pulled = await cli(['ledger', 'pull', d, path(`pulled-${n++}`), '--vkey', ledgerVkey]);
    expectRefused(pulled, 4, 'LEDGER_TILE_SIZE');
  });
});
