// issue TYPE --issuer NAME --subject DID --data FILE [--valid-from] [--valid-until] [--out FILE [--force]]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestOfSigningInput } from '../../src/jws/compact.js';
import { cleanup, fixture, importDemoIdentities, NOW, NOW_S, radcred, tempDir } from '../helpers.js';
import { decodeJwt } from '../verify/tokens.js';

let dir: string;
let home: string;
let dids: Record<string, string>;

beforeAll(async () => {
  dir = tempDir('radcred-issue-');
  home = join(dir, 'home');
  dids = await importDemoIdentities(home, ['lakeshore', 'tmb', 'rsna', 'priya']);
});
afterAll(() => cleanup(dir));

const subjectFile = (type: string) => fixture('subjects', `${type}.json`);
const subjectOf = (type: string) => JSON.parse(readFileSync(subjectFile(type), 'utf8')) as Record<string, unknown>;

function dataFile(name: string, data: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
  return file;
}

const issue = (
  type: string,
  issuer: string,
  extra: string[],
  options: { json?: boolean; subject?: string; data?: string } = {},
) =>
  radcred([
    '--home',
    home,
    '--now',
    NOW,
    ...(options.json === false ? [] : ['--json']),
    'issue',
    type,
    '--issuer',
    issuer,
    '--subject',
    options.subject ?? dids.priya!,
    '--data',
    options.data ?? subjectFile(type),
    ...extra,
  ]);

describe('issue', () => {
  it.each([
    ['MedicalDegreeCredential', 'lakeshore', 'EdDSA'],
    ['MedicalLicenseCredential', 'tmb', 'ES256'],
    ['CMECertificateCredential', 'rsna', 'ES256K'],
  ])('issues a %s signed by %s (%s) to --out, a VC-JWT with the subject data', async (type, issuer, alg) => {
    const out = join(dir, `${type}.jwt`);
    const r = await issue(type, issuer, ['--out', out]);
    expect(r.code).toBe(0);
    const data = r.json();
    expect(data).toMatchObject({ type, issuer: dids[issuer], subject: dids.priya, out });
    const jwt = readFileSync(out, 'utf8');
    expect(jwt.endsWith('\n')).toBe(true);
    const { header, payload } = decodeJwt(jwt);
    expect(header).toMatchObject({ alg, kid: `${dids[issuer]}#${dids[issuer]!.slice('did:key:'.length)}` });
    expect(payload).toMatchObject({ iss: dids[issuer], sub: dids.priya, jti: data.jti, iat: NOW_S, nbf: NOW_S });
    expect(payload.exp).toBeUndefined();
    expect(data.jti).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(payload.vc.type).toEqual(['VerifiableCredential', type]);
    expect(payload.vc.issuer).toBe(dids[issuer]);
    expect(payload.vc.credentialSubject).toEqual(subjectOf(type));
    const schema = (await radcred(['--json', 'types', 'show', type])).json();
    expect(payload.vc.credentialSchema.id).toBe(schema.$id);
    const trimmed = jwt.trim();
    expect(data.digest).toBe(digestOfSigningInput(trimmed.slice(0, trimmed.lastIndexOf('.'))));
    // and it verifies
    const v = await radcred(['--now', NOW, '--json', 'verify', out, '--any-issuer', '--no-ledger']);
    expect(v.code).toBe(0);
  });

  it('--valid-from and --valid-until become nbf and exp (ISO 8601 or unix seconds)', async () => {
    const r = await issue('MedicalLicenseCredential', 'tmb', [
      '--valid-from',
      '2026-12-01',
      '--valid-until',
      '1819670399',
    ]);
    expect(r.code).toBe(0);
    const { payload } = decodeJwt(r.json().jwt);
    expect(payload.nbf).toBe(Date.parse('2026-12-01T00:00:00Z') / 1000);
    expect(payload.exp).toBe(1819670399);
    expect(payload.iat).toBe(NOW_S);
    const iso = await issue('MedicalLicenseCredential', 'tmb', ['--valid-until', '2027-08-31T23:59:59Z']);
    expect(decodeJwt(iso.json().jwt).payload.exp).toBe(Date.parse('2027-08-31T23:59:59Z') / 1000);
  });

  it('refuses a validity window that ends before it starts, and times that are not times (exit 2)', async () => {
    const backwards = await issue('MedicalLicenseCredential', 'tmb', [
      '--valid-from',
      '2027-01-01',
      '--valid-until',
      '2026-12-31',
    ]);
    expect(backwards.code).toBe(2);
    expect(backwards.json().error.code).toBe('VALIDITY_INVALID');
    const beforeNow = await issue('MedicalLicenseCredential', 'tmb', ['--valid-until', '2026-01-01']);
    expect(beforeNow.code).toBe(2);
    for (const bad of ['tomorrow', '2026-02-30', '2026-11-27T18:00:00']) {
      const r = await issue('MedicalLicenseCredential', 'tmb', ['--valid-until', bad]);
      expect(r.code).toBe(2);
      expect(r.json().error.code).toBe('TIME_INVALID');
    }
  });

  it('without --out prints the bare JWT on stdout (the digest goes to stderr)', async () => {
    const r = await issue('MedicalDegreeCredential', 'lakeshore', [], { json: false });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$/);
    const jwt = r.stdout.trim();
    expect(r.stderr).toContain(digestOfSigningInput(jwt.slice(0, jwt.lastIndexOf('.'))));
    const file = dataFile('from-stdout.jwt', r.stdout);
    expect((await radcred(['--now', NOW, 'verify', file, '--any-issuer', '--no-ledger'])).code).toBe(0);
  });

  it('with --json and no --out, the JWT is in the JSON document', async () => {
    const r = await issue('MedicalDegreeCredential', 'lakeshore', []);
    expect(r.code).toBe(0);
    const data = r.json();
    expect(data.jwt.split('.')).toHaveLength(3);
    expect(data.out).toBeUndefined();
  });

  it('refuses to overwrite --out without --force (exit 2, file unchanged); --force replaces it', async () => {
    const out = join(dir, 'once.jwt');
    expect((await issue('MedicalDegreeCredential', 'lakeshore', ['--out', out])).code).toBe(0);
    const first = readFileSync(out, 'utf8');
    const again = await issue('MedicalDegreeCredential', 'lakeshore', ['--out', out]);
    expect(again.code).toBe(2);
    expect(again.json().error.code).toBe('OUT_EXISTS');
    expect(readFileSync(out, 'utf8')).toBe(first);
    const forced = await issue('MedicalDegreeCredential', 'lakeshore', ['--out', out, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(out, 'utf8')).not.toBe(first);
    expect(decodeJwt(readFileSync(out, 'utf8')).payload.jti).toBe(forced.json().jti);
  });

  it('bad subject data is exit 3 with every failing field in the --json error details', async () => {
    const license = subjectOf('MedicalLicenseCredential');
    delete license.licenseNumber;
    delete license.issuedDate;
    license.status = 'pending';
    license.jurisdiction = 'Texas';
    const out = join(dir, 'never.jwt');
    const r = await issue('MedicalLicenseCredential', 'tmb', ['--out', out], {
      data: dataFile('bad-license.json', license),
    });
    expect(r.code).toBe(3);
    const error = r.json().error;
    expect(error.code).toBe('SUBJECT_INVALID');
    const fields = (error.details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual(['/issuedDate', '/jurisdiction', '/licenseNumber', '/status']);
    expect(existsSync(out)).toBe(false);
  });

  it('rules no schema can express are enforced too (credits earned beyond those available; dates out of order)', async () => {
    const cme = { ...subjectOf('CMECertificateCredential'), creditsEarned: 80 };
    const r = await issue('CMECertificateCredential', 'rsna', [], { data: dataFile('too-many-credits.json', cme) });
    expect(r.code).toBe(3);
    expect(r.json().error.code).toBe('SUBJECT_INVALID');
    expect(r.json().error.details.map((d: { field: string }) => d.field)).toEqual(['/creditsEarned']);
    const quarter = await issue('CMECertificateCredential', 'rsna', [], {
      data: dataFile('odd-credits.json', { ...subjectOf('CMECertificateCredential'), creditsEarned: 31.3 }),
    });
    expect(quarter.code).toBe(3);
    expect(quarter.json().error.details.map((d: { field: string }) => d.field)).toEqual(['/creditsEarned']);
    const license = { ...subjectOf('MedicalLicenseCredential'), expirationDate: '2016-01-01' };
    const backwards = await issue('MedicalLicenseCredential', 'tmb', [], {
      data: dataFile('license-backwards.json', license),
    });
    expect(backwards.code).toBe(3);
    expect(backwards.json().error.details.map((d: { field: string }) => d.field)).toEqual(['/expirationDate']);
  });

  it('refuses subject data that carries an id, is not JSON, is not an object, or is missing (exit 3)', async () => {
    const withId = await issue('MedicalDegreeCredential', 'lakeshore', [], {
      data: dataFile('with-id.json', { id: dids.priya, ...subjectOf('MedicalDegreeCredential') }),
    });
    expect(withId.code).toBe(3);
    expect(withId.json().error.code).toBe('SUBJECT_INVALID');
    for (const [name, text] of [
      ['not-json.json', '{"name": '],
      ['array.json', '[]'],
    ] as const) {
      const r = await issue('MedicalDegreeCredential', 'lakeshore', [], { data: dataFile(name, text) });
      expect(r.code).toBe(3);
      expect(r.json().error.code).toBe('DATA_INVALID');
    }
    const missing = await issue('MedicalDegreeCredential', 'lakeshore', [], { data: join(dir, 'no-such.json') });
    expect(missing.code).toBe(3);
    expect(missing.json().error.code).toBe('FILE_NOT_FOUND');
  });

  it('an unknown type is a usage error (exit 2)', async () => {
    const r = await issue('DriversLicenseCredential', 'tmb', [], { data: subjectFile('MedicalLicenseCredential') });
    expect(r.code).toBe(2);
    expect(r.json().error.code).toBe('TYPE_UNKNOWN');
  });

  it.each([
    ['a did:web', 'did:web:example.org'],
    ['not a DID', 'priya'],
    ['a did:key with bad base58', 'did:key:z6Mk0OIl'],
    ['an X25519 (key agreement) did:key', 'did:key:z6LSeu9HkTHSfLLeUs2nnzUSNedgDUevfNQgQjQC23ZCit6F'],
  ])('a --subject that is %s is exit 3 (DID_INVALID)', async (_name, subject) => {
    const r = await issue('MedicalDegreeCredential', 'lakeshore', [], { subject });
    expect(r.code).toBe(3);
    expect(r.json().error.code).toBe('DID_INVALID');
  });

  it('an unknown issuer identity is exit 3; missing required options are exit 2', async () => {
    const r = await issue('MedicalDegreeCredential', 'nobody', []);
    expect(r.code).toBe(3);
    expect(r.json().error.code).toBe('IDENTITY_NOT_FOUND');
    const noData = await radcred([
      '--home',
      home,
      '--json',
      'issue',
      'MedicalDegreeCredential',
      '--issuer',
      'lakeshore',
      '--subject',
      dids.priya!,
    ]);
    expect(noData.code).toBe(2);
    expect(noData.json().error.code).toBe('ISSUE_MODE');
  });
});
