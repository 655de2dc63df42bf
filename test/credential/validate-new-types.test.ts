// The five types added with the credentialing policy: clinical privileges, controlled-substance
// registration, ECFMG certification, the practitioner's attestation and mammography interpretation
// volume. Each fixture is valid; each rule fails just past its edge, naming the field (a JSON
// pointer into the subject) and saying why. validate.test.ts covers what every type shares.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isDeaRegistrationNumber } from '../../src/credential/rules/controlled-substance-registration.js';
import { credentialType } from '../../src/credential/types.js';
import { validateSubject } from '../../src/credential/validate.js';
import { fixture } from '../helpers.js';

const subjectFixture = (type: string): Record<string, any> =>
  JSON.parse(readFileSync(fixture('subjects', `${type}.json`), 'utf8'));
const problemsOf = (type: string, subject: Record<string, unknown>) => validateSubject(credentialType(type)!, subject);
const fieldsOf = (type: string, subject: Record<string, unknown>) => problemsOf(type, subject).map((p) => p.field);
const without = (subject: Record<string, unknown>, field: string) => {
  const { [field]: _omit, ...rest } = subject;
  return rest;
};

describe('the contract fields of the added types, no more (JSON Schema 2020-12)', () => {
  it.each([
    [
      'ClinicalPrivilegesCredential',
      ['name', 'facility', 'privileges', 'status', 'grantedDate', 'expirationDate'],
      ['facilityJurisdiction', 'department', 'telemedicine'],
    ],
    [
      'ControlledSubstanceRegistrationCredential',
      ['name', 'registrationNumber', 'authority', 'jurisdiction', 'schedules', 'status', 'expirationDate'],
      ['businessActivity'],
    ],
    ['ECFMGCertificationCredential', ['name', 'ecfmgNumber', 'certificationDate', 'status'], []],
    ['PractitionerAttestationCredential', ['name', 'attestedDate', 'answers'], []],
    ['MammographyInterpretationVolumeCredential', ['name', 'facility', 'periodFrom', 'periodTo', 'examCount'], []],
  ])('%s', (type, required, optional) => {
    const schema = credentialType(type)!.schema as unknown as {
      $schema: string;
      required: string[];
      properties: Record<string, unknown>;
    };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(required);
    expect(Object.keys(schema.properties).sort()).toEqual([...required, ...optional].sort());
    expect(fieldsOf(type, subjectFixture(type))).toEqual([]);
  });
});

describe('ClinicalPrivilegesCredential', () => {
  const type = 'ClinicalPrivilegesCredential';
  const good = subjectFixture(type);

  it('the fixture is valid, and so is it without the optional fields', () => {
    expect(fieldsOf(type, good)).toEqual([]);
    expect(
      fieldsOf(type, without(without(without(good, 'facilityJurisdiction'), 'department'), 'telemedicine')),
    ).toEqual([]);
  });

  it.each(['active', 'provisional', 'suspended', 'relinquished', 'revoked'])('status %s is valid', (status) => {
    expect(fieldsOf(type, { ...good, status })).toEqual([]);
  });

  it.each(['Active', 'temporary', 'expired'])('status %j is refused', (status) => {
    expect(fieldsOf(type, { ...good, status })).toEqual(['/status']);
  });

  it('privileges: at least one, each named once, none empty', () => {
    expect(fieldsOf(type, { ...good, privileges: ['Diagnostic radiology'] })).toEqual([]);
    expect(fieldsOf(type, { ...good, privileges: [] })).toEqual(['/privileges']);
    expect(fieldsOf(type, { ...good, privileges: ['Diagnostic radiology', 'Diagnostic radiology'] })).toEqual([
      '/privileges',
    ]);
    expect(fieldsOf(type, { ...good, privileges: ['Diagnostic radiology', ''] })).toEqual(['/privileges/1']);
    expect(fieldsOf(type, { ...good, privileges: 'Diagnostic radiology' })).toEqual(['/privileges']);
  });

  it('facilityJurisdiction is ISO 3166-2, as a license jurisdiction is', () => {
    expect(fieldsOf(type, { ...good, facilityJurisdiction: 'US-PA' })).toEqual([]);
    expect(fieldsOf(type, { ...good, facilityJurisdiction: 'US-XX' })).toEqual(['/facilityJurisdiction']);
    expect(fieldsOf(type, { ...good, facilityJurisdiction: 'Pennsylvania' })).toEqual(['/facilityJurisdiction']);
  });

  it('telemedicine is a boolean', () => {
    expect(fieldsOf(type, { ...good, telemedicine: true })).toEqual([]);
    expect(fieldsOf(type, { ...good, telemedicine: 'yes' })).toEqual(['/telemedicine']);
  });

  it('expirationDate must be after grantedDate (the same day is refused)', () => {
    expect(problemsOf(type, { ...good, grantedDate: '2025-07-01', expirationDate: '2025-07-01' })).toEqual([
      { field: '/expirationDate', message: 'must be after grantedDate (2025-07-01)' },
    ]);
    expect(fieldsOf(type, { ...good, grantedDate: '2025-07-01', expirationDate: '2025-07-02' })).toEqual([]);
  });
});

describe('ControlledSubstanceRegistrationCredential', () => {
  const type = 'ControlledSubstanceRegistrationCredential';
  const good = subjectFixture(type);
  const state = { ...good, authority: 'state', registrationNumber: 'CDS-0041822' };

  it('the fixture (a DEA registration) is valid, and so is a state registration, with or without businessActivity', () => {
    expect(fieldsOf(type, good)).toEqual([]);
    expect(fieldsOf(type, without(good, 'businessActivity'))).toEqual([]);
    expect(fieldsOf(type, state)).toEqual([]);
  });

  it.each(['DEA', 'state'])('authority %s is valid', (authority) => {
    expect(fieldsOf(type, { ...state, authority, registrationNumber: good.registrationNumber })).toEqual([]);
  });

  it.each(['dea', 'federal', 'State'])('authority %j is refused', (authority) => {
    expect(fieldsOf(type, { ...good, authority })).toEqual(['/authority']);
  });

  it.each(['active', 'inactive', 'expired', 'surrendered', 'revoked'])('status %s is valid', (status) => {
    expect(fieldsOf(type, { ...good, status })).toEqual([]);
  });

  it.each(['suspended', 'Active'])('status %j is refused', (status) => {
    expect(fieldsOf(type, { ...good, status })).toEqual(['/status']);
  });

  it('schedules: the DEA schedules, at least one, each once', () => {
    expect(fieldsOf(type, { ...good, schedules: ['1', '2', '2N', '3', '3N', '4', '5'] })).toEqual([]);
    expect(fieldsOf(type, { ...good, schedules: ['2', '6'] })).toEqual(['/schedules/1']);
    expect(fieldsOf(type, { ...good, schedules: ['II'] })).toEqual(['/schedules/0']);
    expect(fieldsOf(type, { ...good, schedules: [2] })).toEqual(['/schedules/0']);
    expect(fieldsOf(type, { ...good, schedules: ['2', '2'] })).toEqual(['/schedules']);
    expect(fieldsOf(type, { ...good, schedules: [] })).toEqual(['/schedules']);
  });

  it('jurisdiction is ISO 3166-2', () => {
    expect(fieldsOf(type, { ...good, jurisdiction: 'TX' })).toEqual(['/jurisdiction']);
  });

  it('registrationNumber is an identifier (letters, digits, hyphens)', () => {
    expect(fieldsOf(type, { ...state, registrationNumber: 'CDS 0041822' })).toEqual(['/registrationNumber']);
  });

  it('a DEA number has the check digit of the 1st, 3rd, 5th digits plus twice the 2nd, 4th, 6th', () => {
    // BH482130 + 7: (4 + 2 + 3) + 2 × (8 + 1 + 0) = 27
    expect(isDeaRegistrationNumber('BH4821307')).toBe(true);
    expect(isDeaRegistrationNumber('F91234563')).toBe(true); // (1 + 3 + 5) + 2 × (2 + 4 + 6) = 33
    for (let d = 0; d <= 9; d++) if (d !== 7) expect(isDeaRegistrationNumber(`BH482130${d}`)).toBe(false);
  });

  it('with authority DEA, a number with a wrong check digit is refused on registrationNumber', () => {
    expect(problemsOf(type, { ...good, registrationNumber: 'BH4821308' })).toEqual([
      { field: '/registrationNumber', message: 'has a wrong check digit for a DEA registration number' },
    ]);
  });

  it.each(['bh4821307', 'BH482130', 'BH48213077', 'B14821307', 'CDS-0041822'])(
    "with authority DEA, %j (not DEA's form) is refused",
    (registrationNumber) => {
      expect(problemsOf(type, { ...good, registrationNumber })).toEqual([
        {
          field: '/registrationNumber',
          message: 'is not a DEA registration number (two capital letters, then seven digits)',
        },
      ]);
    },
  );

  it('a number the schema refused is reported once', () => {
    expect(fieldsOf(type, { ...good, registrationNumber: 'BH 4821307' })).toEqual(['/registrationNumber']);
  });
});

describe('ECFMGCertificationCredential', () => {
  const type = 'ECFMGCertificationCredential';
  const good = subjectFixture(type);

  it.each(['certified', 'revoked'])('status %s is valid', (status) => {
    expect(fieldsOf(type, { ...good, status })).toEqual([]);
  });

  it.each(['Certified', 'expired', 'pending'])('status %j is refused', (status) => {
    expect(fieldsOf(type, { ...good, status })).toEqual(['/status']);
  });

  it.each(['0821346', '082134670', '0821-3467', 'E8213467', 8213467])(
    'ecfmgNumber %j (not eight digits) is refused',
    (ecfmgNumber) => {
      expect(fieldsOf(type, { ...good, ecfmgNumber })).toEqual(['/ecfmgNumber']);
    },
  );
});

describe('PractitionerAttestationCredential', () => {
  const type = 'PractitionerAttestationCredential';
  const good = subjectFixture(type);
  const withAnswers = (...answers: unknown[]) => ({ ...good, answers });
  const felony = good.answers[3] as Record<string, unknown>;

  it('the fixture asks the five questions offices ask, each phrased so that "no" is the clean answer', () => {
    expect(fieldsOf(type, good)).toEqual([]);
    expect(good.answers).toHaveLength(5);
    expect(good.answers.every((a: { answer: string }) => a.answer === 'no')).toBe(true);
    expect(good.answers[4].question).toMatch(/coverage lapsed/);
  });

  it('a "yes" with an explanation is valid (a disclosure for the office to review)', () => {
    expect(
      fieldsOf(
        type,
        withAnswers({
          ...felony,
          answer: 'yes',
          explanation: 'A 2009 conviction, expunged in 2015; documents attached.',
        }),
      ),
    ).toEqual([]);
  });

  it('a "yes" without an explanation is refused on that answer\'s explanation', () => {
    expect(problemsOf(type, withAnswers(felony, { ...felony, answer: 'yes' }))).toEqual([
      {
        field: '/answers/1/explanation',
        message: 'is required when the answer is "yes" (say what the answer discloses)',
      },
    ]);
  });

  it('an explanation of blanks is no explanation; an empty one is refused by the schema, once', () => {
    expect(fieldsOf(type, withAnswers({ ...felony, answer: 'yes', explanation: ' \n\t' }))).toEqual([
      '/answers/0/explanation',
    ]);
    expect(fieldsOf(type, withAnswers({ ...felony, answer: 'yes', explanation: '' }))).toEqual([
      '/answers/0/explanation',
    ]);
  });

  it('a "no" may carry an explanation (context the practitioner wants on file)', () => {
    expect(fieldsOf(type, withAnswers({ ...felony, explanation: 'Never charged with any offence.' }))).toEqual([]);
  });

  it('explanations up to 2000 characters', () => {
    expect(fieldsOf(type, withAnswers({ ...felony, answer: 'yes', explanation: 'x'.repeat(2000) }))).toEqual([]);
    expect(fieldsOf(type, withAnswers({ ...felony, answer: 'yes', explanation: 'x'.repeat(2001) }))).toEqual([
      '/answers/0/explanation',
    ]);
  });

  it.each(['Yes', 'n', 'unsure', true])('answer %j is refused', (answer) => {
    expect(fieldsOf(type, withAnswers({ ...felony, answer }))).toEqual(['/answers/0/answer']);
  });

  it('each answer is exactly {question, answer, explanation?}', () => {
    expect(fieldsOf(type, withAnswers(without(felony, 'question')))).toEqual(['/answers/0/question']);
    expect(fieldsOf(type, withAnswers(without(felony, 'answer')))).toEqual(['/answers/0/answer']);
    expect(fieldsOf(type, withAnswers({ ...felony, question: '' }))).toEqual(['/answers/0/question']);
    expect(fieldsOf(type, withAnswers({ ...felony, adverse: false }))).toEqual(['/answers/0/adverse']);
    expect(fieldsOf(type, withAnswers('no'))).toEqual(['/answers/0']);
  });

  it('1 to 50 answers', () => {
    expect(fieldsOf(type, withAnswers())).toEqual(['/answers']);
    expect(fieldsOf(type, withAnswers(...Array(50).fill(felony)))).toEqual([]);
    expect(fieldsOf(type, withAnswers(...Array(51).fill(felony)))).toEqual(['/answers']);
  });
});

describe('MammographyInterpretationVolumeCredential', () => {
  const type = 'MammographyInterpretationVolumeCredential';
  const good = subjectFixture(type);

  it('examCount: a whole number, 0 or more', () => {
    expect(fieldsOf(type, { ...good, examCount: 0 })).toEqual([]);
    expect(fieldsOf(type, { ...good, examCount: -1 })).toEqual(['/examCount']);
    expect(fieldsOf(type, { ...good, examCount: 960.5 })).toEqual(['/examCount']);
    expect(fieldsOf(type, { ...good, examCount: '960' })).toEqual(['/examCount']);
  });

  it('periodTo must be after periodFrom (the same day is refused)', () => {
    expect(problemsOf(type, { ...good, periodFrom: '2026-09-30', periodTo: '2026-09-30' })).toEqual([
      { field: '/periodTo', message: 'must be after periodFrom (2026-09-30)' },
    ]);
    expect(fieldsOf(type, { ...good, periodFrom: '2026-09-29', periodTo: '2026-09-30' })).toEqual([]);
  });
});
