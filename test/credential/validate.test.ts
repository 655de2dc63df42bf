// The built-in credential types: every fixture is valid, and each kind of bad data names the
// failing field (a JSON pointer into the subject).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isIso3166Subdivision, isIsoDate, isNpi } from '../../src/credential/formats.js';
import { CREDENTIAL_TYPES, credentialType, schemaId, type CredentialTypeDef } from '../../src/credential/types.js';
import { validateSubject } from '../../src/credential/validate.js';
import { fixture } from '../helpers.js';

const subjectFixture = (type: string): Record<string, unknown> =>
  JSON.parse(readFileSync(fixture('subjects', `${type}.json`), 'utf8'));
const def = (type: string): CredentialTypeDef => credentialType(type)!;
const fieldsOf = (type: string, subject: Record<string, unknown>) =>
  validateSubject(def(type), subject).map((p) => p.field);
const requiredOf = (type: string) => (def(type).schema as unknown as { required: string[] }).required;
const dateFieldsOf = (type: string) =>
  Object.entries((def(type).schema as unknown as { properties: Record<string, { format?: string }> }).properties)
    .filter(([, s]) => s.format === 'date')
    .map(([k]) => k);

const TYPES = [...CREDENTIAL_TYPES.keys()];

describe('fixtures', () => {
  it('there is a fixture for every built-in type and a type for every fixture', () => {
    const files = readdirSync(fixture('subjects'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -5));
    expect(files.sort()).toEqual([...TYPES].sort());
  });

  it.each(TYPES)('%s fixture validates (no problems)', (type) => {
    expect(validateSubject(def(type), subjectFixture(type))).toEqual([]);
  });

  it.each(TYPES)('%s schema has the bundled id and forbids extra fields', (type) => {
    const schema = def(type).schema as unknown as { $id: string; additionalProperties: boolean; type: string };
    expect(schema.$id).toBe(schemaId(type));
    expect(schema.$id).toBe(`urn:radcred:schema:${type}:1`);
    expect(schema.additionalProperties).toBe(false);
  });
});

describe.each(TYPES)('%s: invalid data names the failing field', (type) => {
  const good = subjectFixture(type);

  it.each(requiredOf(type))('missing %s', (field) => {
    const { [field]: _omit, ...rest } = good;
    expect(fieldsOf(type, rest)).toEqual([`/${field}`]);
  });

  it('an extra field', () => {
    expect(fieldsOf(type, { ...good, favouriteColour: 'teal' })).toEqual(['/favouriteColour']);
  });

  it('an empty name', () => {
    expect(fieldsOf(type, { ...good, name: '' })).toEqual(['/name']);
  });

  it('a number where text belongs', () => {
    expect(fieldsOf(type, { ...good, name: 42 })).toEqual(['/name']);
  });

  it.each(dateFieldsOf(type))('%s = 2026-02-30 (no such day)', (field) => {
    expect(fieldsOf(type, { ...good, [field]: '2026-02-30' })).toEqual([`/${field}`]);
  });

  it.each(dateFieldsOf(type))('%s not YYYY-MM-DD', (field) => {
    expect(fieldsOf(type, { ...good, [field]: '2026-2-3' })).toEqual([`/${field}`]);
    expect(fieldsOf(type, { ...good, [field]: '2026-02-03T00:00:00Z' })).toEqual([`/${field}`]);
  });

  it('several problems at once are all listed', () => {
    const { name: _n, ...rest } = good;
    const fields = fieldsOf(type, { ...rest, extra: 1, [dateFieldsOf(type)[0]!]: '2026-02-30' });
    expect(fields.sort()).toEqual(['/extra', '/name', `/${dateFieldsOf(type)[0]!}`].sort());
  });
});

describe('MedicalDegreeCredential', () => {
  const type = 'MedicalDegreeCredential';
  const good = subjectFixture(type);

  it.each(['MD', 'DO', 'MBBS'])('degree %s is valid', (degree) => {
    expect(fieldsOf(type, { ...good, degree })).toEqual([]);
  });

  it.each(['PhD', 'md', ''])('degree %j is refused', (degree) => {
    expect(fieldsOf(type, { ...good, degree })).toEqual(['/degree']);
  });

  it('NPI 1234567893 is valid, 1234567890 (wrong check digit) is not', () => {
    expect(fieldsOf(type, { ...good, npi: '1234567893' })).toEqual([]);
    expect(fieldsOf(type, { ...good, npi: '1234567890' })).toEqual(['/npi']);
    expect(fieldsOf(type, { ...good, npi: 1234567893 })).toEqual(['/npi']);
  });

  it('countryOfSchool and ecfmgNumber formats', () => {
    expect(fieldsOf(type, { ...good, countryOfSchool: 'USA' })).toEqual(['/countryOfSchool']);
    expect(fieldsOf(type, { ...good, ecfmgNumber: '0123456' })).toEqual([]);
    expect(fieldsOf(type, { ...good, ecfmgNumber: '12-3456' })).toEqual(['/ecfmgNumber']);
  });
});

describe('MedicalLicenseCredential', () => {
  const type = 'MedicalLicenseCredential';
  const good = subjectFixture(type);

  it.each(['active', 'inactive', 'expired', 'suspended', 'revoked'])('status %s is valid', (status) => {
    expect(fieldsOf(type, { ...good, status })).toEqual([]);
  });

  it.each(['lapsed', 'Active'])('status %j is refused', (status) => {
    expect(fieldsOf(type, { ...good, status })).toEqual(['/status']);
  });

  it.each(['US-TX', 'US-DC', 'US-PR', 'CA-ON', 'GB-ENG'])('jurisdiction %s is valid', (jurisdiction) => {
    expect(fieldsOf(type, { ...good, jurisdiction })).toEqual([]);
  });

  it.each(['US-XX', 'Texas', 'TX', 'us-tx', 'US-', 'US-TEXAS'])('jurisdiction %j is refused', (jurisdiction) => {
    expect(fieldsOf(type, { ...good, jurisdiction })).toEqual(['/jurisdiction']);
  });

  it('NPI with a wrong check digit is refused', () => {
    expect(fieldsOf(type, { ...good, npi: '1234567890' })).toEqual(['/npi']);
  });

  it('expirationDate before issuedDate is refused on expirationDate; the same day is allowed', () => {
    expect(fieldsOf(type, { ...good, issuedDate: '2027-09-01', expirationDate: '2027-08-31' })).toEqual([
      '/expirationDate',
    ]);
    expect(fieldsOf(type, { ...good, issuedDate: '2027-08-31', expirationDate: '2027-08-31' })).toEqual([]);
  });

  it('disciplinaryActionCount must be a non-negative integer', () => {
    expect(fieldsOf(type, { ...good, disciplinaryActionCount: 1.5 })).toEqual(['/disciplinaryActionCount']);
    expect(fieldsOf(type, { ...good, disciplinaryActionCount: -1 })).toEqual(['/disciplinaryActionCount']);
  });

  it('licenseNumber pattern and restrictions items', () => {
    expect(fieldsOf(type, { ...good, licenseNumber: 'Q 4821' })).toEqual(['/licenseNumber']);
    expect(fieldsOf(type, { ...good, restrictions: ['none'] })).toEqual([]);
    expect(fieldsOf(type, { ...good, restrictions: [''] })).toEqual(['/restrictions/0']);
  });
});

describe('CMECertificateCredential', () => {
  const type = 'CMECertificateCredential';
  // without its topicCredits, which would follow every change of credits and topics here
  // (they are tested in validate-additions.test.ts)
  const { topicCredits: _topicCredits, ...good } = subjectFixture(type);

  it.each(['AMA PRA Category 1 Credit', 'AMA PRA Category 2 Credit', 'Other'])(
    'creditType %j is valid',
    (creditType) => {
      expect(fieldsOf(type, { ...good, creditType })).toEqual([]);
    },
  );

  it.each(['Category 1', 'AMA PRA Category 1 Credit™'])('creditType %j is refused', (creditType) => {
    expect(fieldsOf(type, { ...good, creditType })).toEqual(['/creditType']);
  });

  it('format must be one of the listed formats', () => {
    expect(fieldsOf(type, { ...good, format: 'webinar' })).toEqual(['/format']);
  });

  it.each([0, 0.25, 0.5, 31.25, 75])('credits %d (a multiple of 0.25) are valid', (credits) => {
    expect(fieldsOf(type, { ...good, creditsAvailable: 75, creditsEarned: credits })).toEqual([]);
  });

  it.each([1.1, 0.1, 31.3, -0.25, 1000.25])('creditsEarned %d is refused', (credits) => {
    expect(fieldsOf(type, { ...good, creditsAvailable: 1000, creditsEarned: credits })).toEqual(['/creditsEarned']);
  });

  it('creditsAvailable 1.1 is refused on creditsAvailable', () => {
    expect(fieldsOf(type, { ...good, creditsAvailable: 1.1, creditsEarned: 1 })).toEqual(['/creditsAvailable']);
  });

  it('credits as strings are refused', () => {
    expect(fieldsOf(type, { ...good, creditsEarned: '31.25' })).toEqual(['/creditsEarned']);
  });

  it('creditsEarned > creditsAvailable is refused on creditsEarned; equal is allowed', () => {
    expect(fieldsOf(type, { ...good, creditsAvailable: 30, creditsEarned: 30.25 })).toEqual(['/creditsEarned']);
    expect(fieldsOf(type, { ...good, creditsAvailable: 30, creditsEarned: 30 })).toEqual([]);
  });

  it('activityEndDate before activityStartDate is refused on activityEndDate', () => {
    expect(fieldsOf(type, { ...good, activityStartDate: '2025-12-04', activityEndDate: '2025-11-30' })).toEqual([
      '/activityEndDate',
    ]);
  });

  it('topics: lower-case words, no duplicates', () => {
    expect(fieldsOf(type, { ...good, topics: ['ethics'] })).toEqual([]);
    expect(fieldsOf(type, { ...good, topics: ['Ethics'] })).toEqual(['/topics/0']);
    expect(fieldsOf(type, { ...good, topics: ['ethics', 'ethics'] })).toEqual(['/topics']);
    expect(fieldsOf(type, { ...good, topics: 'ethics' })).toEqual(['/topics']);
  });

  it('activityId pattern', () => {
    expect(fieldsOf(type, { ...good, activityId: 'RSNA 25' })).toEqual(['/activityId']);
  });
});

describe('formats', () => {
  it('isNpi: Luhn over 80840 + the first nine digits', () => {
    expect(isNpi('1234567893')).toBe(true);
    // every other check digit of the same prefix is wrong
    for (let d = 0; d <= 9; d++) if (d !== 3) expect(isNpi(`123456789${d}`)).toBe(false);
    expect(isNpi('123456789')).toBe(false);
    expect(isNpi('12345678930')).toBe(false);
    expect(isNpi('123456789a')).toBe(false);
  });

  it('isIsoDate: real calendar days only', () => {
    expect(['2024-02-29', '2026-12-31', '0001-01-01'].map(isIsoDate)).toEqual([true, true, true]);
    expect(
      ['2026-02-29', '2026-02-30', '2026-04-31', '2026-13-01', '2026-00-10', '2026-1-1', ''].map(isIsoDate),
    ).toEqual(Array(7).fill(false));
  });

  it('isIso3166Subdivision: US codes must be real subdivisions', () => {
    expect(['US-TX', 'US-WY', 'DE-BY', 'FR-75C'].map(isIso3166Subdivision)).toEqual([true, true, true, true]);
    expect(['US-XX', 'US-TXX', 'Texas', 'US_TX', 'USA-TX', ''].map(isIso3166Subdivision)).toEqual(Array(6).fill(false));
  });
});
