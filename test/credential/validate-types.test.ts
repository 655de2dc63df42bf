// The four types added after the first three: graduate medical education, board certification,
// professional liability coverage and claims history. Each kind of bad data names the failing
// field (a JSON pointer into the subject); validate.test.ts covers what every type shares. The
// five types added later are in validate-new-types.test.ts, the fields added later in
// validate-additions.test.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CREDENTIAL_TYPES, credentialType } from '../../src/credential/types.js';
import { validateSubject } from '../../src/credential/validate.js';
import { fixture } from '../helpers.js';

const subjectFixture = (type: string): Record<string, any> =>
  JSON.parse(readFileSync(fixture('subjects', `${type}.json`), 'utf8'));
const fieldsOf = (type: string, subject: Record<string, unknown>) =>
  validateSubject(credentialType(type)!, subject).map((p) => p.field);
const without = (subject: Record<string, unknown>, field: string) => {
  const { [field]: _omit, ...rest } = subject;
  return rest;
};

describe('the registry', () => {
  it('holds the twelve built-in types in the DESIGN.md order, each with a one-line description', () => {
    expect([...CREDENTIAL_TYPES.keys()]).toEqual([
      'MedicalDegreeCredential',
      'GraduateMedicalEducationCredential',
      'BoardCertificationCredential',
      'MedicalLicenseCredential',
      'CMECertificateCredential',
      'ProfessionalLiabilityCoverageCredential',
      'ClaimsHistoryCredential',
      'ClinicalPrivilegesCredential',
      'ControlledSubstanceRegistrationCredential',
      'ECFMGCertificationCredential',
      'PractitionerAttestationCredential',
      'MammographyInterpretationVolumeCredential',
    ]);
    for (const def of CREDENTIAL_TYPES.values()) {
      expect(def.description).toMatch(/^\S.{10,100}$/);
      expect(def.description).not.toContain('\n');
    }
  });

  it.each([
    [
      'GraduateMedicalEducationCredential',
      ['name', 'trainingType', 'specialty', 'programName', 'startDate', 'endDate', 'completionStatus'],
      ['acgmeProgramId', 'programDirector'],
    ],
    [
      'BoardCertificationCredential',
      ['name', 'board', 'certificate', 'initialCertificationDate', 'status', 'statusAsOf'],
      ['subspecialties', 'diplomateId', 'continuingCertification', 'nextReviewDate'],
    ],
    [
      'ProfessionalLiabilityCoverageCredential',
      [
        'name',
        'carrier',
        'policyNumber',
        'coverageType',
        'limitPerClaimUSD',
        'limitAggregateUSD',
        'effectiveDate',
        'expirationDate',
      ],
      ['retroactiveDate', 'coveredJurisdictions'],
    ],
    ['ClaimsHistoryCredential', ['name', 'lookbackFrom', 'lookbackTo', 'claimCount', 'claims'], []],
  ])('%s: the contract fields, no more (JSON Schema 2020-12)', (type, required, optional) => {
    const schema = credentialType(type)!.schema as unknown as {
      $schema: string;
      required: string[];
      properties: Record<string, unknown>;
    };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(required);
    expect(Object.keys(schema.properties).sort()).toEqual([...required, ...optional].sort());
  });
});

describe('GraduateMedicalEducationCredential', () => {
  const type = 'GraduateMedicalEducationCredential';
  const good = subjectFixture(type);

  it('the fixture is valid, and so is it without the optional fields', () => {
    expect(fieldsOf(type, good)).toEqual([]);
    expect(fieldsOf(type, without(without(good, 'acgmeProgramId'), 'programDirector'))).toEqual([]);
  });

  it.each(['name', 'trainingType', 'specialty', 'programName', 'startDate', 'endDate', 'completionStatus'])(
    'missing %s',
    (field) => {
      expect(fieldsOf(type, without(good, field))).toEqual([`/${field}`]);
    },
  );

  it('an extra field', () => {
    expect(fieldsOf(type, { ...good, residentSalaryUSD: 65000 })).toEqual(['/residentSalaryUSD']);
  });

  it.each(['internship', 'residency', 'fellowship'])('trainingType %s is valid', (trainingType) => {
    expect(fieldsOf(type, { ...good, trainingType })).toEqual([]);
  });

  it.each(['Residency', 'transitional year', 'externship'])('trainingType %j is refused', (trainingType) => {
    expect(fieldsOf(type, { ...good, trainingType })).toEqual(['/trainingType']);
  });

  it.each(['completed', 'in progress', 'withdrawn', 'dismissed'])(
    'completionStatus %s is valid',
    (completionStatus) => {
      expect(fieldsOf(type, { ...good, completionStatus })).toEqual([]);
    },
  );

  it.each(['graduated', 'Completed', 'in-progress'])('completionStatus %j is refused', (completionStatus) => {
    expect(fieldsOf(type, { ...good, completionStatus })).toEqual(['/completionStatus']);
  });

  it('an impossible date', () => {
    expect(fieldsOf(type, { ...good, startDate: '2013-06-31' })).toEqual(['/startDate']);
    expect(fieldsOf(type, { ...good, endDate: '2017-02-29' })).toEqual(['/endDate']);
  });

  it('acgmeProgramId is 10 digits', () => {
    for (const bad of ['420162104', '42016210451', '420-162-1045', 4201621045]) {
      expect(fieldsOf(type, { ...good, acgmeProgramId: bad })).toEqual(['/acgmeProgramId']);
    }
  });

  it('programDirector must not be empty', () => {
    expect(fieldsOf(type, { ...good, programDirector: '' })).toEqual(['/programDirector']);
  });

  it('endDate before startDate is refused on endDate; the same day is allowed', () => {
    expect(fieldsOf(type, { ...good, startDate: '2017-07-01', endDate: '2017-06-30' })).toEqual(['/endDate']);
    expect(fieldsOf(type, { ...good, startDate: '2017-06-30', endDate: '2017-06-30' })).toEqual([]);
  });

  describe('completed training cannot end after the day the credential speaks for (context.now)', () => {
    const at = (iso: string) => Date.parse(iso) / 1000;
    const judged = (subject: Record<string, unknown>, now?: number) =>
      validateSubject(credentialType(type)!, subject, now === undefined ? {} : { now });
    const completed = { ...good, endDate: '2017-06-30', completionStatus: 'completed' };

    it('the last day of training may be today; the day after is refused on endDate', () => {
      expect(judged(completed, at('2017-06-30T00:00:00Z'))).toEqual([]);
      expect(judged(completed, at('2017-06-29T23:59:59Z'))).toEqual([
        { field: '/endDate', message: 'must not be after 2017-06-29 for completed training (it has not ended yet)' },
      ]);
    });

    it('the day is the UTC day of now', () => {
      expect(judged({ ...completed, endDate: '2017-07-01' }, at('2017-06-30T23:59:59Z')).map((p) => p.field)).toEqual([
        '/endDate',
      ]);
      expect(judged({ ...completed, endDate: '2017-07-01' }, at('2017-07-01T00:00:00Z'))).toEqual([]);
    });

    it('without now the rule does not fire (no "today" to judge by)', () => {
      expect(judged({ ...completed, endDate: '2099-06-30' })).toEqual([]);
    });

    it.each(['in progress', 'withdrawn', 'dismissed'])(
      'training %s may end in the future (its expected last day)',
      (completionStatus) => {
        expect(judged({ ...completed, endDate: '2099-06-30', completionStatus }, at('2017-01-01T00:00:00Z'))).toEqual(
          [],
        );
      },
    );

    it('an endDate the schema refused, or one before startDate, is reported once', () => {
      expect(judged({ ...completed, endDate: '2099-02-30' }, at('2017-01-01T00:00:00Z')).map((p) => p.field)).toEqual([
        '/endDate',
      ]);
      expect(
        judged({ ...completed, startDate: '2017-07-01', endDate: '2017-06-30' }, at('2017-06-30T12:00:00Z')).map(
          (p) => p.field,
        ),
      ).toEqual(['/endDate']);
    });
  });

  it('the other trainings of Dr. Halvorsen validate too', () => {
    const internship = {
      ...without(good, 'acgmeProgramId'),
      trainingType: 'internship',
      specialty: 'Internal Medicine (preliminary)',
      programName: 'Lakeshore University Medical Center Preliminary Medicine Internship',
      startDate: '2012-07-01',
      endDate: '2013-06-30',
    };
    const fellowship = {
      ...without(good, 'acgmeProgramId'),
      trainingType: 'fellowship',
      specialty: 'Breast Imaging',
      programName: 'Gulf Coast University Breast Imaging Fellowship',
      startDate: '2017-07-01',
      endDate: '2018-06-30',
    };
    expect(fieldsOf(type, internship)).toEqual([]);
    expect(fieldsOf(type, fellowship)).toEqual([]);
  });
});

describe('BoardCertificationCredential', () => {
  const type = 'BoardCertificationCredential';
  const good = subjectFixture(type);

  it('the fixture is valid; subspecialties are a list of distinct names', () => {
    expect(fieldsOf(type, good)).toEqual([]);
    expect(fieldsOf(type, { ...good, subspecialties: ['Neuroradiology', 'Nuclear Radiology'] })).toEqual([]);
    expect(fieldsOf(type, { ...good, subspecialties: [] })).toEqual([]);
    expect(fieldsOf(type, { ...good, subspecialties: 'Neuroradiology' })).toEqual(['/subspecialties']);
    expect(fieldsOf(type, { ...good, subspecialties: ['Neuroradiology', 'Neuroradiology'] })).toEqual([
      '/subspecialties',
    ]);
    expect(fieldsOf(type, { ...good, subspecialties: ['Neuroradiology', ''] })).toEqual(['/subspecialties/1']);
  });

  it.each(['name', 'board', 'certificate', 'initialCertificationDate', 'status', 'statusAsOf'])(
    'missing %s',
    (field) => {
      expect(fieldsOf(type, without(good, field))).toEqual([`/${field}`]);
    },
  );

  it('an extra field', () => {
    expect(fieldsOf(type, { ...good, examScore: 712 })).toEqual(['/examScore']);
  });

  it.each(['certified', 'not certified', 'expired', 'revoked', 'suspended', 'inactive'])(
    'status %s is valid',
    (status) => {
      expect(fieldsOf(type, { ...good, status })).toEqual([]);
    },
  );

  it.each(['Certified', 'board eligible', 'active'])('status %j is refused', (status) => {
    expect(fieldsOf(type, { ...good, status })).toEqual(['/status']);
  });

  it('an impossible date', () => {
    expect(fieldsOf(type, { ...good, initialCertificationDate: '2017-13-01' })).toEqual(['/initialCertificationDate']);
    expect(fieldsOf(type, { ...good, statusAsOf: '2026-11-31' })).toEqual(['/statusAsOf']);
  });

  it('diplomateId: letters, digits and hyphens', () => {
    expect(fieldsOf(type, { ...good, diplomateId: 'ABR-48213' })).toEqual([]);
    expect(fieldsOf(type, { ...good, diplomateId: '48 213' })).toEqual(['/diplomateId']);
    expect(fieldsOf(type, { ...good, diplomateId: 48213 })).toEqual(['/diplomateId']);
  });

  it('statusAsOf before initialCertificationDate is refused on statusAsOf; the same day is allowed', () => {
    expect(fieldsOf(type, { ...good, statusAsOf: '2016-12-31' })).toEqual(['/statusAsOf']);
    expect(fieldsOf(type, { ...good, statusAsOf: good.initialCertificationDate })).toEqual([]);
  });
});

describe('ProfessionalLiabilityCoverageCredential', () => {
  const type = 'ProfessionalLiabilityCoverageCredential';
  const good = subjectFixture(type);

  it('the fixture is valid, and so is it without retroactiveDate (occurrence coverage)', () => {
    expect(fieldsOf(type, good)).toEqual([]);
    expect(fieldsOf(type, { ...without(good, 'retroactiveDate'), coverageType: 'occurrence' })).toEqual([]);
  });

  it.each([
    'name',
    'carrier',
    'policyNumber',
    'coverageType',
    'limitPerClaimUSD',
    'limitAggregateUSD',
    'effectiveDate',
    'expirationDate',
  ])('missing %s', (field) => {
    expect(fieldsOf(type, without(good, field))).toEqual([`/${field}`]);
  });

  it('an extra field', () => {
    expect(fieldsOf(type, { ...good, premiumUSD: 18500 })).toEqual(['/premiumUSD']);
  });

  it.each(['claims-made', 'occurrence'])('coverageType %s is valid', (coverageType) => {
    expect(fieldsOf(type, { ...good, coverageType })).toEqual([]);
  });

  it.each(['claims made', 'Occurrence', 'tail'])('coverageType %j is refused', (coverageType) => {
    expect(fieldsOf(type, { ...good, coverageType })).toEqual(['/coverageType']);
  });

  it('an impossible date', () => {
    expect(fieldsOf(type, { ...good, effectiveDate: '2026-02-29' })).toEqual(['/effectiveDate']);
    expect(fieldsOf(type, { ...good, retroactiveDate: '2018-04-31' })).toEqual(['/retroactiveDate']);
  });

  it.each([
    ['negative', -1],
    ['fractional', 1000000.5],
    ['a string', '1000000'],
    ['over a billion', 1_000_000_001],
  ])('limits: %s is refused', (_what, limit) => {
    expect(fieldsOf(type, { ...good, limitPerClaimUSD: limit, limitAggregateUSD: 3_000_000 })).toEqual([
      '/limitPerClaimUSD',
    ]);
  });

  it('limits of 0 are valid (a policy that pays nothing still states its limits)', () => {
    expect(fieldsOf(type, { ...good, limitPerClaimUSD: 0, limitAggregateUSD: 0 })).toEqual([]);
  });

  it('limitAggregateUSD below limitPerClaimUSD is refused on limitAggregateUSD; equal is allowed', () => {
    expect(fieldsOf(type, { ...good, limitPerClaimUSD: 1_000_000, limitAggregateUSD: 999_999 })).toEqual([
      '/limitAggregateUSD',
    ]);
    expect(fieldsOf(type, { ...good, limitPerClaimUSD: 1_000_000, limitAggregateUSD: 1_000_000 })).toEqual([]);
  });

  it('expirationDate must be after effectiveDate (the same day is refused)', () => {
    expect(fieldsOf(type, { ...good, expirationDate: '2025-12-31' })).toEqual(['/expirationDate']);
    expect(fieldsOf(type, { ...good, expirationDate: good.effectiveDate })).toEqual(['/expirationDate']);
    expect(fieldsOf(type, { ...good, expirationDate: '2026-01-02' })).toEqual([]);
  });

  it('retroactiveDate after effectiveDate is refused on retroactiveDate; the same day is allowed', () => {
    expect(fieldsOf(type, { ...good, retroactiveDate: '2026-01-02' })).toEqual(['/retroactiveDate']);
    expect(fieldsOf(type, { ...good, retroactiveDate: good.effectiveDate })).toEqual([]);
  });

  it('policyNumber: letters, digits and hyphens, at most 40', () => {
    expect(fieldsOf(type, { ...good, policyNumber: 'LSPM PL 2026' })).toEqual(['/policyNumber']);
    expect(fieldsOf(type, { ...good, policyNumber: 'A'.repeat(41) })).toEqual(['/policyNumber']);
  });

  it('every rule at once is every field', () => {
    const bad = { ...good, expirationDate: '2025-01-01', retroactiveDate: '2026-06-01', limitAggregateUSD: 1 };
    expect(fieldsOf(type, bad).sort()).toEqual(['/expirationDate', '/limitAggregateUSD', '/retroactiveDate']);
  });
});

describe('ClaimsHistoryCredential', () => {
  const type = 'ClaimsHistoryCredential';
  const good = subjectFixture(type);
  // without its incidentDate, which would follow every change of reportedDate here (tested in validate-additions.test.ts)
  const claim = without(good.claims[0] as Record<string, unknown>, 'incidentDate');
  const withClaims = (...claims: Record<string, unknown>[]) => ({ ...good, claimCount: claims.length, claims });

  it('the fixture is valid: one closed claim, no patient data', () => {
    expect(fieldsOf(type, good)).toEqual([]);
    expect(good.claimCount).toBe(1);
    expect(claim.status).toBe('closed');
  });

  it('a clean history (no claims) is valid', () => {
    expect(fieldsOf(type, withClaims())).toEqual([]);
  });

  it('several claims, indemnity optional', () => {
    expect(
      fieldsOf(
        type,
        withClaims(
          claim,
          { reportedDate: '2025-08-04', status: 'open', outcome: 'pending' },
          { reportedDate: '2019-01-10', status: 'closed', outcome: 'settled', indemnityPaidUSD: 175000 },
        ),
      ),
    ).toEqual([]);
  });

  it.each(['name', 'lookbackFrom', 'lookbackTo', 'claimCount', 'claims'])('missing %s', (field) => {
    expect(fieldsOf(type, without(good, field))).toEqual([`/${field}`]);
  });

  it.each(['reportedDate', 'status', 'outcome'])('a claim missing %s', (field) => {
    expect(fieldsOf(type, withClaims(without(claim, field)))).toEqual([`/claims/0/${field}`]);
  });

  it('an extra field at the top', () => {
    expect(fieldsOf(type, { ...good, favouriteColour: 'teal' })).toEqual(['/favouriteColour']);
  });

  it.each(['patientName', 'patientDateOfBirth', 'medicalRecordNumber', 'allegation', 'studyAccession'])(
    'patient data in a claim (%s) is refused',
    (field) => {
      expect(fieldsOf(type, withClaims({ ...claim, [field]: 'x' }))).toEqual([`/claims/0/${field}`]);
    },
  );

  it('patient data in the second claim names that claim', () => {
    expect(fieldsOf(type, withClaims(claim, { ...claim, patientName: 'Jane Doe' }))).toEqual(['/claims/1/patientName']);
  });

  it.each(['Closed', 'reopened', 'settled'])('claim status %j is refused', (status) => {
    expect(fieldsOf(type, withClaims({ ...claim, status }))).toEqual(['/claims/0/status']);
  });

  it.each(['pending', 'dismissed', 'settled', 'judgment for defendant', 'judgment for plaintiff'])(
    'claim outcome %j is valid',
    (outcome) => {
      expect(fieldsOf(type, withClaims({ ...claim, outcome }))).toEqual([]);
    },
  );

  it.each(['won', 'Dismissed', 'verdict for defendant'])('claim outcome %j is refused', (outcome) => {
    expect(fieldsOf(type, withClaims({ ...claim, outcome }))).toEqual(['/claims/0/outcome']);
  });

  it('a claim that is not an object, and claims that are not a list', () => {
    expect(fieldsOf(type, withClaims('one closed claim' as unknown as Record<string, unknown>))).toEqual(['/claims/0']);
    expect(fieldsOf(type, { ...good, claims: claim })).toEqual(['/claims']);
  });

  it('indemnityPaidUSD: a non-negative whole number of dollars', () => {
    expect(fieldsOf(type, withClaims({ ...claim, indemnityPaidUSD: -1 }))).toEqual(['/claims/0/indemnityPaidUSD']);
    expect(fieldsOf(type, withClaims({ ...claim, indemnityPaidUSD: 10.5 }))).toEqual(['/claims/0/indemnityPaidUSD']);
    expect(fieldsOf(type, withClaims({ ...claim, indemnityPaidUSD: '0' }))).toEqual(['/claims/0/indemnityPaidUSD']);
  });

  it('an impossible date', () => {
    expect(fieldsOf(type, { ...good, lookbackFrom: '2016-02-30' })).toEqual(['/lookbackFrom']);
    expect(fieldsOf(type, withClaims({ ...claim, reportedDate: '2021-02-29' }))).toEqual(['/claims/0/reportedDate']);
    expect(fieldsOf(type, withClaims({ ...claim, reportedDate: '2021-3-15' }))).toEqual(['/claims/0/reportedDate']);
  });

  it('claimCount must be a non-negative integer', () => {
    expect(fieldsOf(type, { ...good, claimCount: -1 })).toEqual(['/claimCount']);
    expect(fieldsOf(type, { ...good, claimCount: 1.5 })).toEqual(['/claimCount']);
    expect(fieldsOf(type, { ...good, claimCount: '1' })).toEqual(['/claimCount']);
  });

  it('lookbackTo before lookbackFrom is refused on lookbackTo (and not again on every claim); the same day is allowed', () => {
    expect(fieldsOf(type, { ...good, lookbackFrom: '2026-11-01', lookbackTo: '2016-11-01' })).toEqual(['/lookbackTo']);
    expect(fieldsOf(type, { ...good, lookbackFrom: '2021-03-15', lookbackTo: '2021-03-15' })).toEqual([]);
  });

  it('claimCount different from the claims listed is refused on claimCount', () => {
    expect(fieldsOf(type, { ...good, claimCount: 0 })).toEqual(['/claimCount']);
    expect(fieldsOf(type, { ...good, claimCount: 2 })).toEqual(['/claimCount']);
    expect(fieldsOf(type, { ...good, claimCount: 1, claims: [] })).toEqual(['/claimCount']);
  });

  it('a claim reported outside the look-back is refused on its reportedDate; the bounds are inside', () => {
    expect(fieldsOf(type, withClaims({ ...claim, reportedDate: '2016-10-31' }))).toEqual(['/claims/0/reportedDate']);
    expect(fieldsOf(type, withClaims(claim, { ...claim, reportedDate: '2026-11-01' }))).toEqual([
      '/claims/1/reportedDate',
    ]);
    expect(
      fieldsOf(
        type,
        withClaims({ ...claim, reportedDate: good.lookbackFrom }, { ...claim, reportedDate: good.lookbackTo }),
      ),
    ).toEqual([]);
  });

  it('every rule at once is every field', () => {
    const bad = {
      ...good,
      claimCount: 3,
      claims: [
        { ...claim, reportedDate: '2010-01-01' },
        { ...claim, patientName: 'Jane Doe' },
      ],
    };
    expect(fieldsOf(type, bad).sort()).toEqual(['/claimCount', '/claims/0/reportedDate', '/claims/1/patientName']);
  });
});
