import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attestedBy, practitionerOf } from '../../src/credential/attests.js';
import { CREDENTIAL_TYPES } from '../../src/credential/types.js';
import { fixture } from '../helpers.js';

const subject = (type: string) =>
  JSON.parse(readFileSync(fixture('subjects', `${type}.json`), 'utf8')) as Record<string, unknown>;

describe('what a credential attests', () => {
  it('every built-in type has a fixture, a label, a one-line summary and its facts', () => {
    const fixtures = readdirSync(fixture('subjects'))
      .map((f) => f.replace(/\.json$/, ''))
      .sort();
    expect(fixtures).toEqual([...CREDENTIAL_TYPES.keys()].sort());
    for (const type of CREDENTIAL_TYPES.keys()) {
      const a = attestedBy(type, subject(type));
      expect(a.label, type).not.toBe(type);
      expect(a.summary.length, type).toBeGreaterThan(10);
      expect(a.summary.length, `${type}: ${a.summary}`).toBeLessThanOrEqual(110);
      expect(a.facts.length, type).toBeGreaterThanOrEqual(2);
      for (const [label, value] of a.facts) expect(`${label}=${value}`).not.toMatch(/undefined|\[object|NaN/);
    }
  });
  it('a license and a CME certificate read as an office says them', () => {
    expect(attestedBy('MedicalLicenseCredential', subject('MedicalLicenseCredential')).summary).toBe(
      'US-TX Q4821, active, until 2027-08-31',
    );
    expect(attestedBy('CMECertificateCredential', subject('CMECertificateCredential')).summary).toBe(
      'RSNA 2025 Scientific Assembly and Annual Meeting, 31.25 Category 1, 2025-12-04',
    );
    expect(
      attestedBy('ProfessionalLiabilityCoverageCredential', subject('ProfessionalLiabilityCoverageCredential')).facts,
    ).toContainEqual(['Limits', '$1,000,000/$3,000,000']);
  });
  it('each attestation answer is a row of its own', () => {
    const a = attestedBy('PractitionerAttestationCredential', subject('PractitionerAttestationCredential'));
    expect(a.facts.filter(([l]) => l.startsWith('Question ')).length).toBe(
      (subject('PractitionerAttestationCredential').answers as unknown[]).length,
    );
  });
  it("another tool's type: its scalar fields; wrong-typed values are skipped, never printed as objects", () => {
    const a = attestedBy('AcmeBadgeCredential', { name: 'X', level: 3, tags: ['a', 'b'], nested: { x: 1 } });
    expect(a.label).toBe('AcmeBadgeCredential');
    expect(a.facts).toEqual([
      ['name', 'X'],
      ['level', '3'],
      ['tags', 'a, b'],
    ]);
    expect(attestedBy('MedicalLicenseCredential', { jurisdiction: { evil: true }, licenseNumber: 7 }).summary).toBe(
      '7',
    );
  });

  it("a type named after an Object.prototype member is just another tool's type (found by fuzzing: it crashed verify)", () => {
    for (const type of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const a = attestedBy(type, { name: 'X' });
      expect(a).toEqual({ label: type, summary: 'X', facts: [['name', 'X']] });
    }
  });
});

describe('the practitioner', () => {
  it('the name most credentials give, and a 10-digit NPI', () => {
    expect(
      practitionerOf('did:key:x', [{ name: 'A. B' }, { name: 'Ann B' }, { name: 'Ann B', npi: '1234567893' }]),
    ).toEqual({ did: 'did:key:x', name: 'Ann B', npi: '1234567893' });
    expect(practitionerOf('did:key:x', [{ npi: 'abc' }])).toEqual({ did: 'did:key:x' });
  });
});
