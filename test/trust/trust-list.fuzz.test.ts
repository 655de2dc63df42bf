// Property: a trust-list file (verify --trust, trust list/add/remove --file, the home trust.json)
// parses into entries that are each usable, or is refused whole with an input RadcredError; a
// parsed list answers every trust question without throwing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { didKeyShapeProblem } from '../../src/identity/did-key.js';
import { decideTrust, parseTrustList } from '../../src/trust/trust-list.js';
import { fixture, NOW_S } from '../helpers.js';
import { fc, fuzzParams } from '../fuzz.js';
import { mutatedJson, outcome, randomText, textNear } from '../fuzz-mutations.js';

const FIXTURE = readFileSync(fixture('trust.json'), 'utf8');
const WINDOWED = JSON.stringify(
  {
    version: 1,
    issuers: [
      {
        did: 'did:key:z6MktUzWggrh99zrxpShFGjTgBzgdPvA1BXisxnbMNbsoPUN',
        name: 'Lakeshore',
        types: ['*'],
        validFrom: '2020-01-01',
        validUntil: '2030-01-01T00:00:00Z',
      },
      {
        did: 'did:key:zQ3shjHRaYvbiGH6ZTemfX2oYNSwYstEK7cAkCtJaTU3ae8PK',
        name: 'RSNA',
        types: ['CMECertificateCredential'],
        validFrom: '1790000000',
      },
    ],
  },
  null,
  2,
);
const TYPES = ['MedicalLicenseCredential', 'CMECertificateCredential', '*', 'UnknownCredential', '', '__proto__'];

function check(text: string): void {
  const r = outcome(() => parseTrustList(text, 'fuzzed.json'), ['input']);
  if (!r.ok) {
    expect(r.error.code).toBe('TRUST_LIST_INVALID');
    return;
  }
  const seen = new Set<string>();
  for (const issuer of r.value.issuers) {
    // the loader checks a DID's shape only (trust-list.ts: a verify resolves the DIDs it meets, and
    // an off-curve key can match no credential's verified issuer); `trust add` resolves in full
    expect(didKeyShapeProblem(issuer.did)).toBeUndefined();
    expect(seen.has(issuer.did)).toBe(false);
    seen.add(issuer.did);
    expect(issuer.name.trim().length).toBeGreaterThan(0);
    expect(issuer.types.length).toBeGreaterThan(0);
    for (const type of TYPES)
      for (const now of [0, NOW_S, 999_999_999_999]) decideTrust(r.value, issuer.did, type, now);
  }
  expect(decideTrust(r.value, 'did:key:z6MkNotOnTheList', 'MedicalLicenseCredential', NOW_S).trusted).toBe(false);
}

describe('parseTrustList (fuzz)', () => {
  it('mutated trust-list files and random text', () => {
    fc.assert(fc.property(fc.oneof(textNear(FIXTURE, WINDOWED), randomText), check), fuzzParams(120));
  });

  it('structurally mutated trust lists (wrong types, duplicate keys and entries, huge values)', () => {
    fc.assert(
      fc.property(fc.oneof(mutatedJson(JSON.parse(FIXTURE)), mutatedJson(JSON.parse(WINDOWED))), check),
      fuzzParams(120),
    );
  });
});
