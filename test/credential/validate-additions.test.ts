// The fields added to the first seven types (DESIGN.md "Field additions"): board continuing
// certification and next review, license statuses probation and restricted, CME topic credits,
// jurisdictions a coverage policy covers, a claim's incident date. Each rule fails just past its
// edge, naming the field; the GME completion rule is in validate-types.test.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
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

describe('BoardCertificationCredential: continuingCertification and nextReviewDate', () => {
  const type = 'BoardCertificationCredential';
  const good = subjectFixture(type);

  it('the fixture shows both, and is valid without them', () => {
    expect(good.continuingCertification).toBe('meeting');
    expect(fieldsOf(type, good)).toEqual([]);
    expect(fieldsOf(type, without(without(good, 'continuingCertification'), 'nextReviewDate'))).toEqual([]);
  });

  it.each(['meeting', 'not meeting', 'not required'])(
    'continuingCertification %j is valid',
    (continuingCertification) => {
      expect(fieldsOf(type, { ...good, continuingCertification })).toEqual([]);
    },
  );

  it.each(['Meeting', 'not-meeting', 'exempt', '', true])(
    'continuingCertification %j is refused',
    (continuingCertification) => {
      expect(fieldsOf(type, { ...good, continuingCertification })).toEqual(['/continuingCertification']);
    },
  );

  it('nextReviewDate is a real day', () => {
    expect(fieldsOf(type, { ...good, nextReviewDate: '2027-02-29' })).toEqual(['/nextReviewDate']);
  });

  it('nextReviewDate before statusAsOf is refused on nextReviewDate; the same day is allowed', () => {
    expect(problemsOf(type, { ...good, statusAsOf: '2026-11-02', nextReviewDate: '2026-11-01' })).toEqual([
      { field: '/nextReviewDate', message: 'must not be before statusAsOf (2026-11-02)' },
    ]);
    expect(fieldsOf(type, { ...good, statusAsOf: '2026-11-02', nextReviewDate: '2026-11-02' })).toEqual([]);
  });
});

describe('MedicalLicenseCredential: probation and restricted', () => {
  const type = 'MedicalLicenseCredential';
  const good = subjectFixture(type);

  it.each(['probation', 'restricted'])('status %s is valid, with its restrictions listed or not', (status) => {
    expect(fieldsOf(type, { ...good, status })).toEqual([]);
    expect(
      fieldsOf(type, { ...good, status, restrictions: ['No fluoroscopy-guided procedures without a proctor'] }),
    ).toEqual([]);
  });

  it.each(['probationary', 'Restricted', 'limited'])('status %j is refused', (status) => {
    expect(fieldsOf(type, { ...good, status })).toEqual(['/status']);
  });
});

describe('CMECertificateCredential: topicCredits', () => {
  const type = 'CMECertificateCredential';
  const good = subjectFixture(type);
  const withCredits = (...topicCredits: unknown[]) => ({ ...good, topicCredits });

  it('the fixture documents credits for its topics, within creditsEarned, and is valid without them', () => {
    expect(good.topicCredits).toEqual([
      { topic: 'mammography', credits: 8 },
      { topic: 'patient safety', credits: 2 },
    ]);
    expect(fieldsOf(type, good)).toEqual([]);
    expect(fieldsOf(type, without(good, 'topicCredits'))).toEqual([]);
  });

  it('topic credits may overlap: each up to creditsEarned, whatever their sum', () => {
    const earned = good.creditsEarned as number;
    expect(
      fieldsOf(
        type,
        withCredits({ topic: 'mammography', credits: earned }, { topic: 'patient safety', credits: earned }),
      ),
    ).toEqual([]);
  });

  it('credits above creditsEarned are refused on that entry; equal is allowed', () => {
    expect(
      problemsOf(type, { ...good, creditsEarned: 10, topicCredits: [{ topic: 'mammography', credits: 10.25 }] }),
    ).toEqual([{ field: '/topicCredits/0/credits', message: 'exceeds creditsEarned (10.25 > 10)' }]);
    expect(
      fieldsOf(type, { ...good, creditsEarned: 10, topicCredits: [{ topic: 'mammography', credits: 10 }] }),
    ).toEqual([]);
  });

  it('a topic the certificate does not list is refused on that entry', () => {
    expect(
      problemsOf(type, withCredits({ topic: 'mammography', credits: 8 }, { topic: 'ethics', credits: 1 })),
    ).toEqual([
      {
        field: '/topicCredits/1/topic',
        message: "must be one of the certificate's topics (mammography, patient safety)",
      },
    ]);
    expect(
      problemsOf(type, { ...without(good, 'topics'), topicCredits: [{ topic: 'mammography', credits: 8 }] }),
    ).toEqual([{ field: '/topicCredits/0/topic', message: "must be one of the certificate's topics (none listed)" }]);
  });

  it('a topic named twice is refused on the second entry', () => {
    expect(
      problemsOf(
        type,
        withCredits(
          { topic: 'mammography', credits: 8 },
          { topic: 'patient safety', credits: 2 },
          { topic: 'mammography', credits: 1 },
        ),
      ),
    ).toEqual([{ field: '/topicCredits/2/topic', message: 'names "mammography" a second time' }]);
  });

  it.each([0.1, 1.3, -0.25, '8'])('credits %j (not a multiple of 0.25, negative, text) are refused', (credits) => {
    expect(fieldsOf(type, withCredits({ topic: 'mammography', credits }))).toEqual(['/topicCredits/0/credits']);
  });

  it('each entry is exactly {topic, credits}; the list is not empty', () => {
    expect(fieldsOf(type, withCredits({ topic: 'mammography' }))).toEqual(['/topicCredits/0/credits']);
    expect(fieldsOf(type, withCredits({ credits: 8 }))).toEqual(['/topicCredits/0/topic']);
    expect(fieldsOf(type, withCredits({ topic: 'mammography', credits: 8, hours: 8 }))).toEqual([
      '/topicCredits/0/hours',
    ]);
    expect(fieldsOf(type, withCredits({ topic: 'Mammography', credits: 8 }))).toEqual(['/topicCredits/0/topic']);
    expect(fieldsOf(type, withCredits())).toEqual(['/topicCredits']);
    expect(fieldsOf(type, withCredits('mammography'))).toEqual(['/topicCredits/0']);
  });
});

describe('ProfessionalLiabilityCoverageCredential: coveredJurisdictions', () => {
  const type = 'ProfessionalLiabilityCoverageCredential';
  const good = subjectFixture(type);

  it('the fixture lists where it covers, and is valid without the list', () => {
    expect(good.coveredJurisdictions).toEqual(['US-TX']);
    expect(fieldsOf(type, good)).toEqual([]);
    expect(fieldsOf(type, without(good, 'coveredJurisdictions'))).toEqual([]);
    expect(fieldsOf(type, { ...good, coveredJurisdictions: ['US-TX', 'US-PA', 'CA-ON'] })).toEqual([]);
  });

  it('each is an ISO 3166-2 code (for the US, a real subdivision), listed once; the list is not empty', () => {
    expect(fieldsOf(type, { ...good, coveredJurisdictions: ['US-TX', 'US-XX'] })).toEqual(['/coveredJurisdictions/1']);
    expect(fieldsOf(type, { ...good, coveredJurisdictions: ['Texas'] })).toEqual(['/coveredJurisdictions/0']);
    expect(fieldsOf(type, { ...good, coveredJurisdictions: ['US-TX', 'US-TX'] })).toEqual(['/coveredJurisdictions']);
    expect(fieldsOf(type, { ...good, coveredJurisdictions: [] })).toEqual(['/coveredJurisdictions']);
    expect(fieldsOf(type, { ...good, coveredJurisdictions: 'US-TX' })).toEqual(['/coveredJurisdictions']);
  });
});

describe("ClaimsHistoryCredential: a claim's incidentDate", () => {
  const type = 'ClaimsHistoryCredential';
  const good = subjectFixture(type);
  const claim = good.claims[0] as Record<string, unknown>;
  const withClaims = (...claims: Record<string, unknown>[]) => ({ ...good, claimCount: claims.length, claims });

  it("the fixture's claim has one, before its report", () => {
    expect(claim.incidentDate).toBe('2020-09-08');
    expect(fieldsOf(type, good)).toEqual([]);
    expect(fieldsOf(type, withClaims(without(claim, 'incidentDate')))).toEqual([]);
  });

  it("an incident after its report is refused on that claim's incidentDate; the same day is allowed", () => {
    expect(
      problemsOf(type, withClaims(claim, { ...claim, reportedDate: '2021-03-15', incidentDate: '2021-03-16' })),
    ).toEqual([
      { field: '/claims/1/incidentDate', message: "must not be after the claim's reportedDate (2021-03-15)" },
    ]);
    expect(fieldsOf(type, withClaims({ ...claim, reportedDate: '2021-03-15', incidentDate: '2021-03-15' }))).toEqual(
      [],
    );
  });

  it('an incident before the look-back is allowed (the look-back bounds the reports)', () => {
    expect(fieldsOf(type, withClaims({ ...claim, incidentDate: '2014-05-01' }))).toEqual([]);
  });

  it('an impossible incidentDate is reported once, by the schema', () => {
    expect(fieldsOf(type, withClaims({ ...claim, incidentDate: '2021-02-30' }))).toEqual(['/claims/0/incidentDate']);
  });
});
