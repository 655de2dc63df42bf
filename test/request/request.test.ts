// A credentialing office's request: what createRequest signs, and what readRequest refuses
// (bad signatures, wrong typ, malformed claims, expiry, requests dated in the future).
import { describe, expect, it } from 'vitest';
import { RadcredError } from '../../src/errors.js';
import { signCompactJws } from '../verify/tokens.js';
import { CME_PRESETS } from '../../src/policy/cme-rules.js';
import { createRequest } from '../../src/request/create.js';
import { answeringTypes, DEFAULT_REQUEST_SECONDS, readRequest, REQUEST_TYP } from '../../src/request/request.js';
import { encodeBase64url } from '../../src/util/bytes.js';
import { NOW_S, errorOfAsync } from '../helpers.js';
import { decodeJwt, demoSigner, flipSignatureBit, mallory, replacePayload } from '../verify/tokens.js';

const northbay = demoSigner('northbay');
const REQUIRE = ['MedicalLicenseCredential', 'BoardCertificationCredential'];
const APPOINTMENT = Date.parse('2027-06-30T00:00:00Z') / 1000;

const make = (extra: Partial<Parameters<typeof createRequest>[0]> = {}) =>
  createRequest({ signer: northbay, verifierName: 'Northbay General Hospital', require: REQUIRE, now: NOW_S, ...extra });

/** Re-signs the request's payload after `edit`, keeping the typ (a well-signed but malformed request). */
function resigned(jwt: string, edit: (p: Record<string, any>) => void, signer = northbay): string {
  const payload = structuredClone(decodeJwt(jwt).payload);
  edit(payload);
  return signCompactJws(signer, payload, REQUEST_TYP);
}

describe('createRequest', async () => {
  it('signs a radcred-request+jwt: verifier DID and name, challenge, requirements, CME rule, appointment, expiry', async () => {
    const { jwt, request } = (await make({ cme: CME_PRESETS.abr!, appointmentUntil: APPOINTMENT, validForSeconds: 14 * 86400 }));
    const { header, payload } = decodeJwt(jwt);
    expect(header).toMatchObject({ typ: 'radcred-request+jwt', alg: 'EdDSA', kid: northbay.kid });
    expect(payload).toMatchObject({ iss: northbay.did, iat: NOW_S, exp: NOW_S + 14 * 86400, jti: request.jti });
    expect(payload.radcredRequest).toEqual({
      version: 1, verifierName: 'Northbay General Hospital', challenge: request.challenge, require: REQUIRE,
      cme: CME_PRESETS.abr, appointmentUntil: '2027-06-30T00:00:00Z',
    });
    expect(request).toMatchObject({ verifier: northbay.did, expires: NOW_S + 14 * 86400, appointmentUntil: APPOINTMENT });
  });

  it('expires after 30 days by default', async () => {
    expect(DEFAULT_REQUEST_SECONDS).toBe(30 * 86400);
    expect(decodeJwt((await make()).jwt).payload.exp).toBe(NOW_S + 30 * 86400);
  });

  it('every request has its own random challenge (at least 128 bits) and jti', async () => {
    const a = (await make()).request;
    const b = (await make()).request;
    expect(a.challenge).not.toBe(b.challenge);
    expect(a.jti).not.toBe(b.jti);
    expect(Buffer.from(a.challenge, 'base64url').length).toBeGreaterThanOrEqual(16);
  });

  it('names each required type once', async () => {
    expect((await make({ require: ['MedicalLicenseCredential', 'MedicalLicenseCredential'] })).request.require).toEqual(['MedicalLicenseCredential']);
  });

  it('refuses a required type that is not a type name (usage error)', async () => {
    for (const bad of ['', 'Medical License', 'x'.repeat(101), '1Credential', 'A;B']) {
      const e = await errorOfAsync(() => make({ require: [bad] }));
      expect([e.code, e.kind], bad).toEqual(['TYPE_INVALID', 'usage']);
    }
  });
});

describe('readRequest', async () => {
  it('reads back what was signed', async () => {
    const { jwt, request } = (await make({ cme: CME_PRESETS.tx!, appointmentUntil: APPOINTMENT }));
    expect(await readRequest(jwt, NOW_S)).toEqual(request);
    expect(await readRequest(jwt + '\n')).toEqual(request);
  });

  it('a changed payload byte: REQUEST_SIGNATURE_INVALID (a verification failure)', async () => {
    const { jwt } = (await make());
    const [h, p, s] = jwt.split('.') as [string, string, string];
    const bytes = Buffer.from(p, 'base64url');
    const at = bytes.indexOf('Northbay');
    bytes[at] = 'M'.charCodeAt(0);
    const e = await errorOfAsync(() => readRequest(`${h}.${encodeBase64url(bytes)}.${s}`));
    expect([e.code, e.kind]).toEqual(['REQUEST_SIGNATURE_INVALID', 'verify']);
  });

  it('a flipped signature bit, or a payload signed by someone else in the office\'s name: REQUEST_SIGNATURE_INVALID', async () => {
    const { jwt } = (await make());
    expect((await errorOfAsync(() => readRequest(flipSignatureBit(jwt)))).code).toBe('REQUEST_SIGNATURE_INVALID');
    const forged = signCompactJws({ ...mallory(), kid: northbay.kid }, decodeJwt(jwt).payload, REQUEST_TYP);
    expect((await errorOfAsync(() => readRequest(forged))).code).toBe('REQUEST_SIGNATURE_INVALID');
    // the challenge swapped for the attacker's own: the signature no longer covers it
    const swapped = replacePayload(jwt, (p) => { p.radcredRequest.challenge = 'attacker-chosen-challenge'; });
    expect((await errorOfAsync(() => readRequest(swapped))).code).toBe('REQUEST_SIGNATURE_INVALID');
  });

  it('a JWT that is not a request (another typ, e.g. a credential): REQUEST_INVALID, bad input', async () => {
    const { jwt } = (await make());
    const asJwt = signCompactJws(northbay, decodeJwt(jwt).payload);
    const e = await errorOfAsync(() => readRequest(asJwt));
    expect([e.code, e.kind]).toEqual(['REQUEST_INVALID', 'input']);
  });

  it('not a compact JWS at all: bad input', async () => {
    expect((await errorOfAsync(() => readRequest('not a jwt'))).kind).toBe('input');
  });

  const malformed: [string, (p: Record<string, any>) => void, string][] = [
    ['no radcredRequest claim', (p) => { delete p.radcredRequest; }, 'REQUEST_INVALID'],
    ['version 2', (p) => { p.radcredRequest.version = 2; }, 'REQUEST_INVALID'],
    ['no verifierName', (p) => { delete p.radcredRequest.verifierName; }, 'REQUEST_INVALID'],
    ['a short challenge', (p) => { p.radcredRequest.challenge = 'abc'; }, 'REQUEST_INVALID'],
    ['require not a list', (p) => { p.radcredRequest.require = 'MedicalLicenseCredential'; }, 'REQUEST_INVALID'],
    ['require with a bad type name', (p) => { p.radcredRequest.require = ['Medical License']; }, 'REQUEST_INVALID'],
    ['exp not an integer', (p) => { p.exp = 'soon'; }, 'REQUEST_INVALID'],
    ['no jti', (p) => { delete p.jti; }, 'REQUEST_INVALID'],
    ['appointmentUntil not a time', (p) => { p.radcredRequest.appointmentUntil = 'next summer'; }, 'REQUEST_INVALID'],
    ['an invalid CME rule', (p) => { p.radcredRequest.cme = { name: 'x', windowMonths: 0, requirements: [] }; }, 'CME_RULE_INVALID'],
  ];
  it.each(malformed)('a signed request with %s is refused', async (_what, edit, code) => {
    const base = (await make()).jwt;
    const e = await errorOfAsync(() => readRequest(resigned(base, edit)));
    expect([e.code, e.kind]).toEqual([code, 'input']);
  });

  it('past its expiry (beyond 60 s of clock skew): REQUEST_EXPIRED; without a clock, not checked', async () => {
    const { jwt, request } = (await make({ validForSeconds: 3600 }));
    expect((await readRequest(jwt, request.expires + 59)).challenge).toBe(request.challenge);
    const e = await errorOfAsync(() => readRequest(jwt, request.expires + 60));
    expect([e.code, e.kind]).toEqual(['REQUEST_EXPIRED', 'verify']);
    expect((await readRequest(jwt)).challenge).toBe(request.challenge);
  });

  it('dated in the future: REQUEST_NOT_YET_VALID', async () => {
    const { jwt } = (await make());
    expect((await errorOfAsync(() => readRequest(jwt, NOW_S - 61))).code).toBe('REQUEST_NOT_YET_VALID');
    expect((await readRequest(jwt, NOW_S - 60)).verifier).toBe(northbay.did);
  });
});

describe('answeringTypes', async () => {
  it('the required types, plus CME certificates when the request has a CME rule', async () => {
    expect(answeringTypes((await make()).request)).toEqual(new Set(REQUIRE));
    expect(answeringTypes((await make({ cme: CME_PRESETS.abr! })).request)).toEqual(new Set([...REQUIRE, 'CMECertificateCredential']));
    expect(answeringTypes((await make({ require: [], cme: CME_PRESETS.mqsa! })).request)).toEqual(new Set(['CMECertificateCredential']));
  });

  it('a request that names nothing restricts nothing', async () => {
    expect(answeringTypes((await make({ require: [] })).request)).toBeUndefined();
  });
});
