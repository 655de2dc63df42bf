// Reading the claims of a VC-JWT (VC Data Model 1.1 `vc` claim, as did-jwt-vc writes them).
import { describe, expect, it } from 'vitest';
import { checkSignedTimes, MAX_ISSUED_DATE, readCredentialClaims, timeClaims } from '../../src/credential/claims.js';
import { codeOf } from '../helpers.js';
import type { ParsedJws } from '../../src/jws/compact.js';

const ISS = 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp';
const SUB = 'did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG';
const good = () => ({
  iss: ISS,
  sub: SUB,
  jti: 'urn:uuid:00000000-0000-4000-8000-000000000000',
  nbf: 1795802400,
  vc: {
    '@context': ['https://www.w3.org/2018/credentials/v1'],
    type: ['VerifiableCredential', 'MedicalDegreeCredential'],
    credentialSubject: { name: 'P' },
  },
});
const jwsOf = (payload: Record<string, unknown>): ParsedJws => ({
  compact: 'h.p.s',
  header: { alg: 'EdDSA' },
  payload,
  signingInput: 'h.p',
  signature: Buffer.alloc(64),
});
const read = (payload: Record<string, unknown>) => readCredentialClaims(jwsOf(payload));

describe('readCredentialClaims', () => {
  it('reads a VC-JWT', () => {
    const r = read(good());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.view).toMatchObject({
      issuer: ISS,
      subject: SUB,
      type: 'MedicalDegreeCredential',
      subjectData: { name: 'P' },
      nbf: 1795802400,
      vcIssuer: undefined,
    });
  });

  it('takes the subject from credentialSubject.id when sub is absent, and drops id from the data', () => {
    const { sub: _s, ...p } = good();
    const r = read({ ...p, vc: { ...p.vc, credentialSubject: { id: SUB, name: 'P' } } });
    expect(r.ok && r.view.subject).toBe(SUB);
    expect(r.ok && r.view.subjectData).toEqual({ name: 'P' });
  });

  it('takes @context and type as a single string, as did-jwt-vc does, and its last date', () => {
    const r = read({
      ...good(),
      exp: 99_999_999_999,
      vc: { ...good().vc, '@context': 'https://www.w3.org/2018/credentials/v1', type: 'VerifiableCredential' },
    });
    expect(r.ok && r.view.types).toEqual(['VerifiableCredential']);
    // the last second did-jwt-vc takes (5138-11-16T09:46:39Z); the next is DATE_NOT_SECONDS below
    expect(r.ok && r.view.exp).toBe(99_999_999_999);
  });

  it('reads vc.issuer as a DID or an object with an id', () => {
    const r = read({ ...good(), vc: { ...good().vc, issuer: { id: ISS, name: 'Lakeshore' } } });
    expect(r.ok && r.view.vcIssuer).toBe(ISS);
  });

  it.each([
    ['no vc claim', { ...good(), vc: undefined }, 'CLAIMS_INVALID'],
    ['no iss', { ...good(), iss: undefined }, 'CLAIMS_INVALID'],
    [
      'vc.type without VerifiableCredential',
      { ...good(), vc: { ...good().vc, type: ['MedicalDegreeCredential'] } },
      'TYPE_MISSING',
    ],
    [
      'vc.type a string other than VerifiableCredential',
      { ...good(), vc: { ...good().vc, type: 'MedicalDegreeCredential' } },
      'TYPE_MISSING',
    ],
    [
      'no @context (did-jwt-vc refuses it too)',
      { ...good(), vc: { ...good().vc, '@context': undefined } },
      'CONTEXT_INVALID',
    ],
    ['an empty @context', { ...good(), vc: { ...good().vc, '@context': [] } }, 'CONTEXT_INVALID'],
    [
      'a @context whose first item is not the base context',
      {
        ...good(),
        vc: { ...good().vc, '@context': ['https://example.org/ctx', 'https://www.w3.org/2018/credentials/v1'] },
      },
      'CONTEXT_INVALID',
    ],
    ['an empty credentialSubject', { ...good(), vc: { ...good().vc, credentialSubject: {} } }, 'SUBJECT_EMPTY'],
    ['exp in milliseconds (year 50,000+)', { ...good(), exp: 1795802400000 }, 'DATE_NOT_SECONDS'],
    [
      'exp after 5138-11-16 (what did-jwt-vc reads as milliseconds)',
      { ...good(), exp: 100_000_000_000 },
      'DATE_NOT_SECONDS',
    ],
    ['nbf after 9999-12-31', { ...good(), nbf: 253402300800 }, 'DATE_NOT_SECONDS'],
    [
      'credentialSubject an array',
      { ...good(), vc: { ...good().vc, credentialSubject: [{ name: 'P' }] } },
      'SUBJECT_EMPTY',
    ],
    [
      'sub differs from credentialSubject.id',
      { ...good(), vc: { ...good().vc, credentialSubject: { id: ISS, name: 'P' } } },
      'CLAIMS_INVALID',
    ],
    ['no subject at all', { ...good(), sub: undefined }, 'CLAIMS_INVALID'],
    ['a non-integer nbf', { ...good(), nbf: 1795802400.5 }, 'DATE_NOT_SECONDS'],
    ['an exp given as a string', { ...good(), exp: '1795802400' }, 'DATE_NOT_SECONDS'],
    ['a negative iat', { ...good(), iat: -1 }, 'DATE_NOT_SECONDS'],
    ['jti a number', { ...good(), jti: 7 }, 'CLAIMS_INVALID'],
    ['vc.issuer a number', { ...good(), vc: { ...good().vc, issuer: 7 } }, 'CLAIMS_INVALID'],
  ])('refuses %s', (_why, payload, code) => {
    const r = read(payload as Record<string, unknown>);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.code).toBe(code);
  });
});

describe('timeClaims', () => {
  it('accepts absent or integer NumericDates', () => {
    expect(timeClaims({})).toEqual({ ok: true, iat: undefined, nbf: undefined, exp: undefined });
    expect(timeClaims({ iat: 1, nbf: 2, exp: 3 })).toEqual({ ok: true, iat: 1, nbf: 2, exp: 3 });
  });
  it.each([[{ iat: 1.5 }], [{ exp: Number.MAX_SAFE_INTEGER + 1 }], [{ nbf: null }], [{ exp: '3' }]])(
    'refuses %j',
    (p) => {
      expect(timeClaims(p as Record<string, unknown>).ok).toBe(false);
    },
  );
});

describe('checkSignedTimes', () => {
  it('passes dates up to the last second did-jwt-vc reads, refuses the next with VALIDITY_INVALID', () => {
    expect(() => checkSignedTimes({ iat: 0, exp: MAX_ISSUED_DATE, nbf: undefined }, 'x', 'h')).not.toThrow();
    expect(codeOf(() => checkSignedTimes({ exp: MAX_ISSUED_DATE + 1 }, 'the credential', 'h'))).toBe(
      'VALIDITY_INVALID',
    );
    // 9999-12-31 reads as a NumericDate (timeClaims), but radcred signs nothing so late
    expect(codeOf(() => checkSignedTimes({ exp: 253_402_300_799 }, 'the request', 'h'))).toBe('VALIDITY_INVALID');
  });
});
