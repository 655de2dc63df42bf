// Reading the claims of a VC-JWT (VC Data Model 1.1 `vc` claim, as did-jwt-vc writes them).
import { describe, expect, it } from 'vitest';
import { readCredentialClaims, timeClaims } from '../../src/credential/claims.js';
import type { ParsedJws } from '../../src/jws/compact.js';

const ISS = 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp';
const SUB = 'did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG';
const good = () => ({
  iss: ISS,
  sub: SUB,
  jti: 'urn:uuid:00000000-0000-4000-8000-000000000000',
  nbf: 1795802400,
  vc: { '@context': ['https://www.w3.org/2018/credentials/v1'], type: ['VerifiableCredential', 'MedicalDegreeCredential'], credentialSubject: { name: 'P' } },
});
const jwsOf = (payload: Record<string, unknown>): ParsedJws => ({ compact: 'h.p.s', header: { alg: 'EdDSA' }, payload, signingInput: 'h.p', signature: Buffer.alloc(64) });
const read = (payload: Record<string, unknown>) => readCredentialClaims(jwsOf(payload));

describe('readCredentialClaims', () => {
  it('reads a VC-JWT', () => {
    const r = read(good());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.view).toMatchObject({ issuer: ISS, subject: SUB, type: 'MedicalDegreeCredential', subjectData: { name: 'P' }, nbf: 1795802400, vcIssuer: undefined });
  });

  it('takes the subject from credentialSubject.id when sub is absent, and drops id from the data', () => {
    const { sub: _s, ...p } = good();
    const r = read({ ...p, vc: { ...p.vc, credentialSubject: { id: SUB, name: 'P' } } });
    expect(r.ok && r.view.subject).toBe(SUB);
    expect(r.ok && r.view.subjectData).toEqual({ name: 'P' });
  });

  it('takes @context and type as a single string, as did-jwt-vc does, and an exp of 9999-12-31T23:59:59Z', () => {
    const r = read({ ...good(), exp: 253402300799, vc: { ...good().vc, '@context': 'https://www.w3.org/2018/credentials/v1', type: 'VerifiableCredential' } });
    expect(r.ok && r.view.types).toEqual(['VerifiableCredential']);
    expect(r.ok && r.view.exp).toBe(253402300799);
  });

  it('reads vc.issuer as a DID or an object with an id', () => {
    const r = read({ ...good(), vc: { ...good().vc, issuer: { id: ISS, name: 'Lakeshore' } } });
    expect(r.ok && r.view.vcIssuer).toBe(ISS);
  });

  it.each([
    ['no vc claim', { ...good(), vc: undefined }],
    ['no iss', { ...good(), iss: undefined }],
    ['vc.type without VerifiableCredential', { ...good(), vc: { ...good().vc, type: ['MedicalDegreeCredential'] } }],
    ['vc.type a string other than VerifiableCredential', { ...good(), vc: { ...good().vc, type: 'MedicalDegreeCredential' } }],
    ['no @context (did-jwt-vc refuses it too)', { ...good(), vc: { ...good().vc, '@context': undefined } }],
    ['an empty @context', { ...good(), vc: { ...good().vc, '@context': [] } }],
    ['a @context whose first item is not the base context', { ...good(), vc: { ...good().vc, '@context': ['https://example.org/ctx', 'https://www.w3.org/2018/credentials/v1'] } }],
    ['an empty credentialSubject', { ...good(), vc: { ...good().vc, credentialSubject: {} } }],
    ['exp in milliseconds (year 50,000+)', { ...good(), exp: 1795802400000 }],
    ['nbf after 9999-12-31', { ...good(), nbf: 253402300800 }],
    ['credentialSubject an array', { ...good(), vc: { ...good().vc, credentialSubject: [{ name: 'P' }] } }],
    ['sub differs from credentialSubject.id', { ...good(), vc: { ...good().vc, credentialSubject: { id: ISS, name: 'P' } } }],
    ['no subject at all', { ...good(), sub: undefined }],
    ['a non-integer nbf', { ...good(), nbf: 1795802400.5 }],
    ['an exp given as a string', { ...good(), exp: '1795802400' }],
    ['a negative iat', { ...good(), iat: -1 }],
    ['jti a number', { ...good(), jti: 7 }],
    ['vc.issuer a number', { ...good(), vc: { ...good().vc, issuer: 7 } }],
  ])('refuses %s (CLAIMS_INVALID)', (_why, payload) => {
    const r = read(payload as Record<string, unknown>);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.code).toBe('CLAIMS_INVALID');
  });
});

describe('timeClaims', () => {
  it('accepts absent or integer NumericDates', () => {
    expect(timeClaims({})).toEqual({ ok: true, iat: undefined, nbf: undefined, exp: undefined });
    expect(timeClaims({ iat: 1, nbf: 2, exp: 3 })).toEqual({ ok: true, iat: 1, nbf: 2, exp: 3 });
  });
  it.each([[{ iat: 1.5 }], [{ exp: Number.MAX_SAFE_INTEGER + 1 }], [{ nbf: null }], [{ exp: '3' }]])('refuses %j', (p) => {
    expect(timeClaims(p as Record<string, unknown>).ok).toBe(false);
  });
});
