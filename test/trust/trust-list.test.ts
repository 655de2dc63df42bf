// The verifier's trust list: strict parsing (one bad entry refuses the whole list) and decisions.
import { describe, expect, it } from 'vitest';
import { RadcredError } from '../../src/errors.js';
import {
  addTrustedIssuer,
  decideTrust,
  emptyTrustList,
  parseTrustList,
  removeTrustedIssuer,
  type TrustList,
} from '../../src/trust/trust-list.js';
import { NOW_S, errorOf, offCurveP256Did } from '../helpers.js';

const TMB = 'did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv';
const RSNA = 'did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme';
const BOARD = 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp';
const OTHER = 'did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG';

const entry = (over: Record<string, unknown> = {}) => ({
  did: TMB,
  name: 'Texas Medical Board',
  types: ['MedicalLicenseCredential'],
  ...over,
});
const list = (...issuers: unknown[]) => JSON.stringify({ version: 1, issuers });

describe('parseTrustList', () => {
  it('parses a good list, normalising times to ISO seconds', () => {
    const parsed = parseTrustList(
      list(
        entry({ validFrom: '2020-01-01', validUntil: '2030-01-01T00:00:00+01:00' }),
        entry({ did: RSNA, name: 'RSNA', types: ['*'] }),
      ),
      'trust.json',
    );
    expect(parsed.issuers).toHaveLength(2);
    expect(parsed.issuers[0]).toEqual({
      ...entry(),
      validFrom: '2020-01-01T00:00:00Z',
      validUntil: '2029-12-31T23:00:00Z',
    });
    expect(parsed.issuers[1]!.types).toEqual(['*']);
  });

  it('an empty list is valid', () => {
    expect(parseTrustList(list(), 't')).toEqual(emptyTrustList());
  });

  it.each([
    ['not JSON', '{'],
    ['an array', '[]'],
    ['version 2', JSON.stringify({ version: 2, issuers: [] })],
    ['version "1"', JSON.stringify({ version: '1', issuers: [] })],
    ['no version', JSON.stringify({ issuers: [] })],
    ['issuers not an array', JSON.stringify({ version: 1, issuers: {} })],
    ['an entry that is not an object', list('did:key:x')],
    ['a duplicate DID', list(entry(), entry({ types: ['CMECertificateCredential'] }))],
    ['a did:web DID', list(entry({ did: 'did:web:tmb.texas.gov' }))],
    ['an X25519 did:key', list(entry({ did: 'did:key:z6LSeu9HkTHSfLLeUs2nnzUSNedgDUevfNQgQjQC23ZCit6F' }))],
    [
      'a P-384 did:key',
      list(entry({ did: 'did:key:z82LkvCwHNreneWpsgPEbV3gu1C6NFJEBg4srfJ5gdxEsMGRJUz2sG9FE42shbn2xkZJh54' })),
    ],
    ['a missing DID', list(entry({ did: undefined }))],
    ['empty types', list(entry({ types: [] }))],
    ['types a string', list(entry({ types: 'MedicalLicenseCredential' }))],
    ['a type that is not a type name', list(entry({ types: ['Medical License'] }))],
    ['a type that is not a string', list(entry({ types: [1] }))],
    ['a missing name', list(entry({ name: undefined }))],
    ['an empty name', list(entry({ name: '' }))],
    ['validUntil 2026-02-30', list(entry({ validUntil: '2026-02-30' }))],
    ['validUntil without a zone', list(entry({ validUntil: '2026-11-27T18:00:00' }))],
    ['validUntil garbage', list(entry({ validUntil: 'soon' }))],
    ['validUntil a number', list(entry({ validUntil: 1795802400 }))],
    ['validFrom garbage', list(entry({ validFrom: 'yesterday' }))],
    ['one good and one bad entry', list(entry(), entry({ did: RSNA, types: [] }))],
    ['10,000 nested arrays', '{"version":1,"issuers":' + '['.repeat(10_000) + ']'.repeat(10_000) + '}'],
  ])('refuses %s (TRUST_LIST_INVALID)', (_why, text) => {
    const e = errorOf(() => parseTrustList(text, 'trust.json'));
    expect(e.code).toBe('TRUST_LIST_INVALID');
    expect(e.kind).toBe('input');
  });
});

describe('decideTrust', () => {
  const trust: TrustList = parseTrustList(
    list(
      entry(),
      entry({ did: RSNA, name: 'RSNA', types: ['*'] }),
      entry({
        did: BOARD,
        name: 'Board',
        types: ['BoardCertificationCredential'],
        validFrom: '2026-01-01T00:00:00Z',
        validUntil: '2027-01-01T00:00:00Z',
      }),
    ),
    'trust.json',
  );

  it('trusts a listed issuer for a listed type', () => {
    const d = decideTrust(trust, TMB, 'MedicalLicenseCredential', NOW_S);
    expect(d.trusted).toBe(true);
    expect(d.trusted && d.issuer.name).toBe('Texas Medical Board');
  });

  it('an unknown DID is ISSUER_UNTRUSTED', () => {
    expect(decideTrust(trust, OTHER, 'MedicalLicenseCredential', NOW_S)).toEqual({
      trusted: false,
      code: 'ISSUER_UNTRUSTED',
    });
  });

  it('a listed issuer for another type is ISSUER_TYPE_UNTRUSTED', () => {
    const d = decideTrust(trust, TMB, 'CMECertificateCredential', NOW_S);
    expect(d.trusted).toBe(false);
    expect(!d.trusted && d.code).toBe('ISSUER_TYPE_UNTRUSTED');
  });

  it('"*" trusts an issuer for every type, including types radcred does not know', () => {
    for (const type of ['CMECertificateCredential', 'MedicalLicenseCredential', 'SomeOtherToolsCredential']) {
      expect(decideTrust(trust, RSNA, type, NOW_S).trusted).toBe(true);
    }
  });

  it('a credential whose type is literally "*" is not trusted by an entry for other types', () => {
    expect(decideTrust(trust, TMB, '*', NOW_S).trusted).toBe(false);
  });

  it('validFrom is inclusive, validUntil exclusive', () => {
    const from = Date.parse('2026-01-01T00:00:00Z') / 1000;
    const until = Date.parse('2027-01-01T00:00:00Z') / 1000;
    const at = (t: number) => decideTrust(trust, BOARD, 'BoardCertificationCredential', t);
    expect(at(from - 1)).toMatchObject({ trusted: false, code: 'ISSUER_TRUST_EXPIRED' });
    expect(at(from).trusted).toBe(true);
    expect(at(NOW_S).trusted).toBe(true);
    expect(at(until - 1).trusted).toBe(true);
    expect(at(until)).toMatchObject({ trusted: false, code: 'ISSUER_TRUST_EXPIRED' });
  });
});

describe('addTrustedIssuer / removeTrustedIssuer', () => {
  it('adds, replaces by DID, and removes', () => {
    const a = addTrustedIssuer(emptyTrustList(), entry());
    expect(a.replaced).toBe(false);
    const b = addTrustedIssuer(a.list, entry({ types: ['*'] }) as never);
    expect(b.replaced).toBe(true);
    expect(b.list.issuers).toHaveLength(1);
    expect(b.list.issuers[0]!.types).toEqual(['*']);
    expect(removeTrustedIssuer(b.list, TMB).issuers).toEqual([]);
  });

  it('refuses to add a DID that is not a signing did:key (DID_INVALID)', () => {
    expect(errorOf(() => addTrustedIssuer(emptyTrustList(), entry({ did: 'did:web:x' }) as never)).code).toBe(
      'DID_INVALID',
    );
  });

  it('loads a list naming a P-256 key off the curve (shape checked only) but refuses to add it (DID_INVALID)', () => {
    const did = offCurveP256Did();
    expect(parseTrustList(list(entry({ did })), 'trust.json').issuers[0]!.did).toBe(did);
    expect(errorOf(() => addTrustedIssuer(emptyTrustList(), entry({ did }) as never)).code).toBe('DID_INVALID');
    expect(errorOf(() => parseTrustList(list(entry({ did: 'did:key:z6MkBAD' })), 'trust.json')).code).toBe(
      'TRUST_LIST_INVALID',
    );
  });

  it('removing an unlisted DID is TRUST_NOT_FOUND', () => {
    expect(errorOf(() => removeTrustedIssuer(emptyTrustList(), TMB)).code).toBe('TRUST_NOT_FOUND');
  });
});
