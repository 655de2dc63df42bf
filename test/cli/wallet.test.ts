// wallet add FILE... [--holder NAME] | wallet list [--type] | wallet show ID | wallet remove ID
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestOfSigningInput } from '../../src/jws/compact.js';
import { cleanup, credentialDigest, fixture, importDemoIdentities, tempDir, NOW, radcred } from '../helpers.js';
import { decodeJwt, demoSigner, flipSignatureBit, resign } from '../verify/tokens.js';

let dir: string;
let issuerHome: string;
let priyaHome: string;
let sharedHome: string;
let dids: Record<string, string>;
const file: Record<string, string> = {};
const jwt: Record<string, string> = {};
const hexOf = (token: string) => credentialDigest(token).slice('sha256:'.length);

function put(name: string, token: string): string {
  file[name] = join(dir, `${name}.jwt`);
  jwt[name] = token.trim();
  writeFileSync(file[name], token.endsWith('\n') ? token : token + '\n');
  return file[name];
}

beforeAll(async () => {
  dir = tempDir('radcred-wallet-');
  issuerHome = join(dir, 'issuers');
  priyaHome = join(dir, 'priya');
  sharedHome = join(dir, 'shared');
  dids = await importDemoIdentities(issuerHome, ['lakeshore', 'tmb', 'rsna']);
  Object.assign(dids, await importDemoIdentities(priyaHome, ['priya']));
  Object.assign(dids, await importDemoIdentities(sharedHome, ['priya', 'northbay']));
  const issue = async (name: string, type: string, issuer: string, subject: string, extra: string[] = []) => {
    const r = await radcred([
      '--home',
      issuerHome,
      '--now',
      NOW,
      '--json',
      'issue',
      type,
      '--issuer',
      issuer,
      '--subject',
      subject,
      '--data',
      fixture('subjects', `${type}.json`),
      '--out',
      join(dir, `${name}.jwt`),
      ...extra,
    ]);
    if (r.code !== 0) throw new Error(`issue ${name}: ${r.stderr}`);
    put(name, readFileSync(join(dir, `${name}.jwt`), 'utf8'));
  };
  await issue('degree', 'MedicalDegreeCredential', 'lakeshore', dids.priya!);
  await issue('license', 'MedicalLicenseCredential', 'tmb', dids.priya!, ['--valid-until', '2027-08-31T23:59:59Z']);
  await issue('cme', 'CMECertificateCredential', 'rsna', dids.priya!);
  await issue('northbayDegree', 'MedicalDegreeCredential', 'lakeshore', dids.northbay!);
  put('tampered', flipSignatureBit(jwt.license!));
  // two different credentials with one jti (another tool re-used it): a jti that names two credentials
  const lakeshore = demoSigner('lakeshore');
  put(
    'dupA',
    resign(jwt.degree!, lakeshore, (p) => {
      p.jti = 'urn:uuid:00000000-0000-4000-8000-00000000d00d';
      p.iat -= 1;
    }),
  );
  put(
    'dupB',
    resign(jwt.degree!, lakeshore, (p) => {
      p.jti = 'urn:uuid:00000000-0000-4000-8000-00000000d00d';
      p.iat -= 2;
    }),
  );
});
afterAll(() => cleanup(dir));

const wallet = (home: string, args: string[]) => radcred(['--home', home, '--now', NOW, '--json', 'wallet', ...args]);
const stored = (home: string) => {
  try {
    return readdirSync(join(home, 'credentials'))
      .filter((f) => f.endsWith('.jwt'))
      .sort();
  } catch {
    return [];
  }
};

describe('wallet add', () => {
  it('checks and stores a credential as its bare JWT, named by its digest', async () => {
    const r = await wallet(priyaHome, ['add', file.license!]);
    expect(r.code).toBe(0);
    const [result] = r.json().results;
    expect(result).toMatchObject({
      file: file.license,
      status: 'added',
      digest: credentialDigest(jwt.license!),
      type: 'MedicalLicenseCredential',
      issuer: dids.tmb,
      subject: dids.priya,
    });
    expect(result.jti).toBe(decodeJwt(jwt.license!).payload.jti);
    expect(result.validUntil).toBe('2027-08-31T23:59:59Z');
    expect(stored(priyaHome)).toEqual([`${hexOf(jwt.license!)}.jwt`]);
    expect(readFileSync(join(priyaHome, 'credentials', `${hexOf(jwt.license!)}.jwt`), 'utf8').trim()).toBe(jwt.license);
  });

  it('the same credential again is a duplicate, not stored twice (also from another file name)', async () => {
    const again = await wallet(priyaHome, ['add', file.license!]);
    expect(again.code).toBe(0);
    expect(again.json().results[0].status).toBe('duplicate');
    const copy = join(dir, 'license-copy.jwt');
    writeFileSync(copy, jwt.license!);
    expect((await wallet(priyaHome, ['add', copy])).json().results[0].status).toBe('duplicate');
    expect(stored(priyaHome)).toHaveLength(1);
  });

  it('adds several files at once', async () => {
    const r = await wallet(priyaHome, ['add', file.degree!, file.cme!, file.dupA!, file.dupB!]);
    expect(r.code).toBe(0);
    expect(r.json().results.map((x: { status: string }) => x.status)).toEqual(['added', 'added', 'added', 'added']);
    expect(stored(priyaHome)).toHaveLength(5);
  });

  it('refuses a credential issued to someone else (exit 3) and does not store it', async () => {
    const r = await wallet(priyaHome, ['add', file.northbayDegree!]);
    expect(r.code).toBe(3);
    expect(r.json().results[0]).toMatchObject({ status: 'refused', code: 'NOT_HOLDERS_CREDENTIAL' });
    expect(stored(priyaHome)).not.toContain(`${hexOf(jwt.northbayDegree!)}.jwt`);
  });

  it('refuses a tampered credential (exit 1, SIGNATURE_INVALID) and does not store it', async () => {
    const before = stored(priyaHome);
    const r = await wallet(priyaHome, ['add', file.tampered!]);
    expect(r.code).toBe(1);
    expect(r.json().results[0]).toMatchObject({ status: 'refused', code: 'SIGNATURE_INVALID' });
    expect(stored(priyaHome)).toEqual(before);
    // a bad signature leaves the digest as it was: the genuine credential's file is untouched
    expect(readFileSync(join(priyaHome, 'credentials', `${hexOf(jwt.license!)}.jwt`), 'utf8').trim()).toBe(jwt.license);
  });

  it('refuses unreadable input (exit 3): a malformed file, a missing file', async () => {
    const junk = join(dir, 'junk.jwt');
    writeFileSync(junk, 'not.a.jwt');
    const r = await wallet(priyaHome, ['add', junk, join(dir, 'missing.jwt')]);
    expect(r.code).toBe(3);
    expect(r.json().results.map((x: { status: string; code: string }) => [x.status, x.code])).toEqual([
      ['refused', 'JWS_MALFORMED'],
      ['refused', 'FILE_NOT_FOUND'],
    ]);
  });

  it('refuses a presentation: the wallet holds credentials (exit 3)', async () => {
    const vp = await radcred([
      '--home',
      priyaHome,
      '--now',
      NOW,
      'present',
      '--holder',
      'priya',
      '--audience',
      dids.tmb!,
      '--challenge',
      'c',
      '--select',
      hexOf(jwt.license!),
      '--out',
      join(dir, 'a-presentation.jwt'),
    ]);
    expect(vp.code).toBe(0);
    const before = stored(priyaHome);
    const r = await wallet(priyaHome, ['add', join(dir, 'a-presentation.jwt')]);
    expect(r.code).toBe(3);
    expect(r.json().results[0]).toMatchObject({ status: 'refused', code: 'CREDENTIAL_INVALID' });
    expect(stored(priyaHome)).toEqual(before);
  });

  it('in a batch, the good files are stored and the exit status is the worst refusal', async () => {
    const home = join(dir, 'batch');
    await importDemoIdentities(home, ['priya']);
    const r = await wallet(home, ['add', file.tampered!, file.degree!, file.northbayDegree!]);
    expect(r.code).toBe(3);
    expect(r.json().results.map((x: { status: string }) => x.status)).toEqual(['refused', 'added', 'refused']);
    expect(stored(home)).toEqual([`${hexOf(jwt.degree!)}.jwt`]);
    const onlyTampered = await wallet(home, ['add', file.tampered!, file.degree!]);
    expect(onlyTampered.code).toBe(1);
  });

  it('--holder only accepts credentials issued to that identity', async () => {
    const toPriya = await wallet(sharedHome, ['add', file.northbayDegree!, '--holder', 'priya']);
    expect(toPriya.code).toBe(3);
    expect(toPriya.json().results[0].code).toBe('NOT_HOLDERS_CREDENTIAL');
    expect(stored(sharedHome)).toEqual([]);
    const toNorthbay = await wallet(sharedHome, ['add', file.northbayDegree!, '--holder', 'northbay']);
    expect(toNorthbay.code).toBe(0);
    expect(toNorthbay.json().results[0].status).toBe('added');
    // without --holder, any identity of the home will do
    expect((await wallet(sharedHome, ['add', file.degree!])).json().results[0].status).toBe('added');
    const unknown = await wallet(sharedHome, ['add', file.degree!, '--holder', 'nobody']);
    expect(unknown.code).toBe(3);
    expect(unknown.json().error.code).toBe('IDENTITY_NOT_FOUND');
  });

  it('a home without identities cannot hold credentials (exit 3)', async () => {
    const empty = join(dir, 'no-ids');
    mkdirSync(empty);
    const r = await wallet(empty, ['add', file.degree!]);
    expect(r.code).toBe(3);
    expect(r.json().error.code).toBe('NO_IDENTITY');
  });
});

describe('wallet list', () => {
  it('lists every credential; --type filters', async () => {
    const all = await wallet(priyaHome, ['list']);
    expect(all.code).toBe(0);
    const digests = all
      .json()
      .credentials.map((c: { digest: string }) => c.digest)
      .sort();
    expect(digests).toEqual(['degree', 'license', 'cme', 'dupA', 'dupB'].map((n) => credentialDigest(jwt[n]!)).sort());
    for (const c of all.json().credentials) expect(c).toMatchObject({ subject: dids.priya, expired: false });
    const licenses = await wallet(priyaHome, ['list', '--type', 'MedicalLicenseCredential']);
    expect(licenses.json().credentials.map((c: { digest: string }) => c.digest)).toEqual([
      credentialDigest(jwt.license!),
    ]);
    const degrees = await wallet(priyaHome, ['list', '--type', 'MedicalDegreeCredential']);
    expect(degrees.json().credentials).toHaveLength(3);
    expect((await wallet(priyaHome, ['list', '--type', 'NoSuchCredential'])).json().credentials).toEqual([]);
  });

  it('marks credentials expired at the --now clock', async () => {
    const later = await radcred([
      '--home',
      priyaHome,
      '--now',
      '2028-01-01',
      '--json',
      'wallet',
      'list',
      '--type',
      'MedicalLicenseCredential',
    ]);
    expect(later.json().credentials[0].expired).toBe(true);
  });

  it('a file radcred did not put in credentials/ is not listed, and not passed over in silence', async () => {
    const store = join(priyaHome, 'credentials');
    writeFileSync(join(store, 'garbage.jwt'), 'not a credential\n');
    writeFileSync(join(store, '.radcred.123.abc.tmp'), ''); // radcred's own temporary file: no warning
    try {
      const r = await wallet(priyaHome, ['list']);
      expect(r.code).toBe(0);
      expect(r.json().credentials).toHaveLength(5);
      expect(r.json().warnings).toEqual([expect.stringContaining('not listed: garbage.jwt')]);
      expect(r.stderr).toMatch(/^radcred: warning: the wallet's credentials\/ holds a file radcred did not put there/m);
      expect(r.stderr).not.toContain('.radcred.123');
    } finally {
      rmSync(join(store, 'garbage.jwt'));
      rmSync(join(store, '.radcred.123.abc.tmp'));
    }
  });

  it('an empty wallet lists nothing', async () => {
    const r = await wallet(join(dir, 'no-ids'), ['list']);
    expect(r.code).toBe(0);
    expect(r.json().credentials).toEqual([]);
  });
});

describe('wallet show and wallet remove', () => {
  it.each([
    ['a digest prefix of 8 hex', () => hexOf(jwt.cme!).slice(0, 8)],
    ['a sha256: digest prefix', () => credentialDigest(jwt.cme!).slice(0, 'sha256:'.length + 12)],
    ['the full digest', () => credentialDigest(jwt.cme!)],
    ['the jti', () => decodeJwt(jwt.cme!).payload.jti],
    ['the credential file', () => file.cme!],
  ])('show finds a credential by %s', async (_name, ref) => {
    const r = await wallet(priyaHome, ['show', ref()]);
    expect(r.code).toBe(0);
    const data = r.json();
    expect(data.digest).toBe(credentialDigest(jwt.cme!));
    expect(data.claims).toEqual(decodeJwt(jwt.cme!).payload);
    expect(data.header).toEqual(decodeJwt(jwt.cme!).header);
    expect(data.file).toBe(join(priyaHome, 'credentials', `${hexOf(jwt.cme!)}.jwt`));
  });

  it('an ambiguous reference is exit 3 (CREDENTIAL_AMBIGUOUS)', async () => {
    const jti = decodeJwt(jwt.dupA!).payload.jti;
    for (const cmd of ['show', 'remove']) {
      const r = await wallet(priyaHome, [cmd, jti]);
      expect(r.code).toBe(3);
      expect(r.json().error.code).toBe('CREDENTIAL_AMBIGUOUS');
    }
    expect(stored(priyaHome)).toContain(`${hexOf(jwt.dupA!)}.jwt`);
    // the digest still tells them apart
    expect((await wallet(priyaHome, ['show', hexOf(jwt.dupA!).slice(0, 10)])).json().digest).toBe(
      credentialDigest(jwt.dupA!),
    );
  });

  it.each([
    ['an unknown digest prefix', 'deadbeefdeadbeef'],
    ['an unknown jti', 'urn:uuid:11111111-2222-4333-8444-555555555555'],
    ['a prefix shorter than 8 hex', () => hexOf(jwt.cme!).slice(0, 7)],
    ['a credential file not in the wallet', () => file.northbayDegree!],
  ])('%s is exit 3 (CREDENTIAL_NOT_FOUND)', async (_name, ref) => {
    const r = await wallet(priyaHome, ['show', typeof ref === 'function' ? ref() : ref]);
    expect(r.code).toBe(3);
    expect(r.json().error.code).toBe('CREDENTIAL_NOT_FOUND');
  });

  it('remove by digest prefix, by jti and by file deletes exactly that credential', async () => {
    const before = stored(priyaHome).length;
    const byPrefix = await wallet(priyaHome, ['remove', hexOf(jwt.dupA!).slice(0, 8)]);
    expect(byPrefix.code).toBe(0);
    expect(byPrefix.json().removed.digest).toBe(credentialDigest(jwt.dupA!));
    // with dupA gone, the shared jti is no longer ambiguous
    const byJti = await wallet(priyaHome, ['remove', decodeJwt(jwt.dupB!).payload.jti]);
    expect(byJti.code).toBe(0);
    expect(byJti.json().removed.digest).toBe(credentialDigest(jwt.dupB!));
    const byFile = await wallet(priyaHome, ['remove', file.cme!]);
    expect(byFile.code).toBe(0);
    expect(byFile.json().removed.digest).toBe(credentialDigest(jwt.cme!));
    expect(stored(priyaHome)).toEqual([`${hexOf(jwt.degree!)}.jwt`, `${hexOf(jwt.license!)}.jwt`].sort());
    expect(stored(priyaHome)).toHaveLength(before - 3);
    const gone = await wallet(priyaHome, ['show', file.cme!]);
    expect(gone.code).toBe(3);
    expect(gone.json().error.code).toBe('CREDENTIAL_NOT_FOUND');
    const again = await wallet(priyaHome, ['remove', file.cme!]);
    expect(again.code).toBe(3);
  });

  it('a damaged wallet file is reported, not skipped (exit 3)', async () => {
    const home = join(dir, 'damaged');
    await importDemoIdentities(home, ['priya']);
    await wallet(home, ['add', file.degree!]);
    writeFileSync(join(home, 'credentials', `${'0'.repeat(64)}.jwt`), 'garbage');
    const r = await wallet(home, ['list']);
    expect(r.code).toBe(3);
  });
});
