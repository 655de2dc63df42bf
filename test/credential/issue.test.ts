// Issuing one credential: the subject is checked against its type, and the VC-JWT has the shape
// other VC-JWT tools expect (integer dates, kid, sub, jti, vc with credentialSchema).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCredentialClaims } from '../../src/credential/claims.js';
import { checkSubject, issueCredential, requireCredentialType } from '../../src/credential/issue.js';
import { RadcredError } from '../../src/errors.js';
import { didKeyFromPublicKey, resolveDidKey, verificationMethodOf } from '../../src/identity/did-key.js';
import { KEY_TYPES, type KeyType } from '../../src/identity/key-types.js';
import { keyPairFromPrivateBytes, signBytes, verifyBytes } from '../../src/identity/keys.js';
import type { Signer } from '../../src/identity/store.js';
import { decodeBase64urlStrict } from '../../src/util/bytes.js';
import { DEMO_IDENTITIES, fixture, NOW_S, errorOf, errorOfAsync } from '../helpers.js';

function demoSigner(name: string): Signer {
  const id = DEMO_IDENTITIES.find((i) => i.name === name)!;
  const keyType = id.keyType as KeyType;
  const pair = keyPairFromPrivateBytes(keyType, Buffer.from(id.seed, 'hex'));
  const did = didKeyFromPublicKey(keyType, pair.publicKeyBytes);
  return {
    name,
    did,
    keyType,
    alg: KEY_TYPES[keyType].alg,
    kid: verificationMethodOf(did),
    sign: (d) => signBytes(keyType, pair.privateKey, d),
  };
}

const subject = (type: string): Record<string, unknown> =>
  JSON.parse(readFileSync(fixture('subjects', `${type}.json`), 'utf8'));
const decodePart = (part: string) => JSON.parse(decodeBase64urlStrict(part)!.toString('utf8'));

const priya = demoSigner('priya');
const ISSUERS = { lakeshore: demoSigner('lakeshore'), tmb: demoSigner('tmb'), rsna: demoSigner('rsna') };

describe('checkSubject', () => {
  const license = requireCredentialType('MedicalLicenseCredential');
  const cme = requireCredentialType('CMECertificateCredential');

  it('accepts the fixture', () => {
    expect(() => checkSubject(license, subject('MedicalLicenseCredential'))).not.toThrow();
  });

  it('throws SUBJECT_INVALID (bad input) with details listing every failing field', () => {
    const { name: _n, ...rest } = subject('MedicalLicenseCredential');
    const bad = { ...rest, jurisdiction: 'Texas', npi: '1234567890', issuedDate: '2026-02-30', colour: 'teal' };
    const e = errorOf(() => checkSubject(license, bad));
    expect(e.code).toBe('SUBJECT_INVALID');
    expect(e.kind).toBe('input');
    const fields = (e.details as { field: string }[]).map((p) => p.field).sort();
    expect(fields).toEqual(['/colour', '/issuedDate', '/jurisdiction', '/name', '/npi']);
  });

  it('reports a rule no schema can express (credits earned above available)', () => {
    const e = errorOf(() =>
      checkSubject(cme, { ...subject('CMECertificateCredential'), creditsAvailable: 10, creditsEarned: 12 }),
    );
    expect(e.code).toBe('SUBJECT_INVALID');
    expect((e.details as { field: string }[]).map((p) => p.field)).toEqual(['/creditsEarned']);
  });

  it('judges the subject at the issuing time when given one (a completed training that ends later is refused)', () => {
    const gme = requireCredentialType('GraduateMedicalEducationCredential');
    const training = {
      ...subject('GraduateMedicalEducationCredential'),
      endDate: '2026-11-28',
      completionStatus: 'completed',
    };
    expect(() => checkSubject(gme, training)).not.toThrow();
    const e = errorOf(() => checkSubject(gme, training, { now: NOW_S }));
    expect((e.details as { field: string }[]).map((p) => p.field)).toEqual(['/endDate']);
  });

  it('refuses an "id" in the subject data (the id is the subject DID)', () => {
    const e = errorOf(() => checkSubject(license, { ...subject('MedicalLicenseCredential'), id: priya.did }));
    expect(e.code).toBe('SUBJECT_INVALID');
  });

  it('an unknown type is TYPE_UNKNOWN (usage)', () => {
    const e = errorOf(() => requireCredentialType('DriverLicenseCredential'));
    expect(e.code).toBe('TYPE_UNKNOWN');
    expect(e.kind).toBe('usage');
  });
});

const CASES = [
  ['lakeshore', 'ed25519', 'EdDSA', 'MedicalDegreeCredential'],
  ['tmb', 'p256', 'ES256', 'MedicalLicenseCredential'],
  ['rsna', 'secp256k1', 'ES256K', 'CMECertificateCredential'],
] as const;
const VALID_UNTIL = NOW_S + 365 * 86400;
// issued up front (issuing is asynchronous: did-jwt-vc), one credential per case
const ISSUED = Object.fromEntries(
  await Promise.all(
    CASES.map(
      async ([issuerName, , , type]) =>
        [
          issuerName,
          await issueCredential({
            signer: ISSUERS[issuerName],
            type,
            subjectDid: priya.did,
            subject: subject(type),
            now: NOW_S,
            validUntil: VALID_UNTIL,
          }),
        ] as const,
    ),
  ),
);

describe.each(CASES)('issueCredential by %s (%s)', (issuerName, keyType, alg, type) => {
  const signer = ISSUERS[issuerName];
  const validUntil = VALID_UNTIL;
  const issued = ISSUED[issuerName]!;
  const [h, p, s] = issued.jwt.split('.') as [string, string, string];
  const header = decodePart(h);
  const payload = decodePart(p);

  it('header: alg, typ JWT, kid = the issuer verification method', () => {
    expect(header).toEqual({ alg, typ: 'JWT', kid: `${signer.did}#${signer.did.slice('did:key:'.length)}` });
    expect(header.kid).toBe(resolveDidKey(signer.did).verificationMethod);
  });

  it('payload: iss, sub, integer iat/nbf/exp, urn:uuid jti', () => {
    expect(payload.iss).toBe(signer.did);
    expect(payload.sub).toBe(priya.did);
    for (const k of ['iat', 'nbf', 'exp']) expect(Number.isInteger(payload[k])).toBe(true);
    expect([payload.iat, payload.nbf, payload.exp]).toEqual([NOW_S, NOW_S, validUntil]);
    expect(payload.jti).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(issued.jti).toBe(payload.jti);
  });

  it('vc: context, types, issuer, subject data, bundled credentialSchema', () => {
    expect(payload.vc['@context']).toEqual(['https://www.w3.org/2018/credentials/v1']);
    expect(payload.vc.type).toEqual(['VerifiableCredential', type]);
    expect(payload.vc.issuer).toBe(signer.did);
    expect(payload.vc.credentialSubject).toEqual(subject(type));
    expect(payload.vc.credentialSchema).toEqual({ id: requireCredentialType(type).schema.$id, type: 'JsonSchema' });
    expect(payload.vc.credentialSchema.id).toBe(`urn:radcred:schema:${type}:1`);
  });

  it('digest = sha256 of header.payload', () => {
    expect(issued.digest).toBe('sha256:' + createHash('sha256').update(`${h}.${p}`, 'ascii').digest('hex'));
  });

  it('the signature verifies against the issuer DID, and only over header.payload', () => {
    const key = resolveDidKey(signer.did);
    const sig = decodeBase64urlStrict(s)!;
    expect(verifyBytes(key.keyType, key.publicKey, Buffer.from(`${h}.${p}`, 'ascii'), sig)).toBe(true);
    expect(verifyBytes(key.keyType, key.publicKey, Buffer.from(`${h}.${p}x`, 'ascii'), sig)).toBe(false);
  });

  it('reads back as a credential view with the same facts', () => {
    const view = readCredentialClaims({
      compact: issued.jwt,
      header,
      payload,
      signingInput: `${h}.${p}`,
      signature: decodeBase64urlStrict(s)!,
    });
    expect(view.ok).toBe(true);
    if (!view.ok) return;
    expect([view.view.type, view.view.issuer, view.view.subject, view.view.digest]).toEqual([
      type,
      signer.did,
      priya.did,
      issued.digest,
    ]);
    expect(view.view.subjectData).toEqual(subject(type));
  });
});

describe('issueCredential refusals', () => {
  const base = {
    signer: ISSUERS.tmb,
    type: 'MedicalLicenseCredential',
    subjectDid: priya.did,
    subject: subject('MedicalLicenseCredential'),
    now: NOW_S,
  };

  it('each issuance gets a fresh jti', async () => {
    expect((await issueCredential(base)).jti).not.toBe((await issueCredential(base)).jti);
  });

  it('without validUntil there is no exp; validFrom sets nbf', async () => {
    const issued = await issueCredential({ ...base, validFrom: NOW_S + 60 });
    const payload = decodePart(issued.jwt.split('.')[1]!);
    expect('exp' in payload).toBe(false);
    expect(payload.nbf).toBe(NOW_S + 60);
    expect(payload.iat).toBe(NOW_S);
  });

  it('validUntil not after validFrom (or now) is VALIDITY_INVALID', async () => {
    expect((await errorOfAsync(() => issueCredential({ ...base, validUntil: NOW_S }))).code).toBe('VALIDITY_INVALID');
    expect(
      (await errorOfAsync(() => issueCredential({ ...base, validFrom: NOW_S + 100, validUntil: NOW_S + 50 }))).code,
    ).toBe('VALIDITY_INVALID');
  });

  it('a subject DID that is not a signing did:key is DID_INVALID', async () => {
    expect((await errorOfAsync(() => issueCredential({ ...base, subjectDid: 'did:web:example.com' }))).code).toBe(
      'DID_INVALID',
    );
  });

  it('invalid subject data is SUBJECT_INVALID', async () => {
    expect(
      (await errorOfAsync(() => issueCredential({ ...base, subject: { ...base.subject, npi: '1234567890' } }))).code,
    ).toBe('SUBJECT_INVALID');
  });

  it('completed training that ends after the issuing day is SUBJECT_INVALID on endDate; ending that day issues', async () => {
    const gme = { ...base, signer: ISSUERS.lakeshore, type: 'GraduateMedicalEducationCredential' };
    const training = { ...subject('GraduateMedicalEducationCredential'), completionStatus: 'completed' };
    const e = await errorOfAsync(() => issueCredential({ ...gme, subject: { ...training, endDate: '2026-11-28' } }));
    expect(e.code).toBe('SUBJECT_INVALID');
    expect((e.details as { field: string }[]).map((p) => p.field)).toEqual(['/endDate']);
    // judged at the issuing time (iat), as the verifier judges it, whatever --valid-from says
    expect(
      (
        await errorOfAsync(() =>
          issueCredential({ ...gme, validFrom: NOW_S + 86400, subject: { ...training, endDate: '2026-11-28' } }),
        )
      ).code,
    ).toBe('SUBJECT_INVALID');
    await expect(issueCredential({ ...gme, subject: { ...training, endDate: '2026-11-27' } })).resolves.toMatchObject({
      type: gme.type,
    });
  });

  it('an unknown type is TYPE_UNKNOWN', async () => {
    expect((await errorOfAsync(() => issueCredential({ ...base, type: 'VerifiableCredential' }))).code).toBe(
      'TYPE_UNKNOWN',
    );
  });
});
