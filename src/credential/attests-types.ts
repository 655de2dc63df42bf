// @internal (src/credential only)
// How each built-in credential type reads for people: its short name, its one-line summary and
// its attested values as labelled rows in the order an office reads them, with the readers of the
// values that take more than one field (liability limits, CME topic credits, claims, the
// attestation's answers).
import { field, joined, list, money, type Subject, text, until } from './attests-values.js';

export interface TypeView {
  label: string;
  summary: (s: Subject) => string;
  facts: [string, (s: Subject) => string | undefined][];
  /** rows that depend on the data (one per attestation answer) */
  more?: (s: Subject) => [string, string][];
}

export const TYPE_VIEWS: Record<string, TypeView> = {
  MedicalLicenseCredential: {
    label: 'Medical license',
    summary: (s) =>
      joined([joined([text(s.jurisdiction), text(s.licenseNumber)], ' '), text(s.status), until(s.expirationDate)]),
    facts: [
      ['Jurisdiction', field('jurisdiction')],
      ['License number', field('licenseNumber')],
      ['License type', field('licenseType')],
      ['Status', field('status')],
      ['Issued', field('issuedDate')],
      ['Expires', field('expirationDate')],
      ['Restrictions', (s) => list(s.restrictions)],
      ['Disciplinary actions', field('disciplinaryActionCount')],
      ['NPI', field('npi')],
    ],
  },
  BoardCertificationCredential: {
    label: 'Board certification',
    summary: (s) =>
      joined([
        joined([text(s.board), text(s.certificate)], ' '),
        text(s.status),
        text(s.continuingCertification) ? `continuing certification ${text(s.continuingCertification)}` : undefined,
      ]),
    facts: [
      ['Board', field('board')],
      ['Certificate', field('certificate')],
      ['Status', field('status')],
      ['Status as of', field('statusAsOf')],
      ['Continuing certification', field('continuingCertification')],
      ['Initially certified', field('initialCertificationDate')],
      ['Next review', field('nextReviewDate')],
      ['Subspecialties', (s) => list(s.subspecialties)],
      ['Diplomate ID', field('diplomateId')],
    ],
  },
  MedicalDegreeCredential: {
    label: 'Medical degree',
    summary: (s) => joined([text(s.degree), text(s.school), text(s.conferralDate)]),
    facts: [
      ['Degree', field('degree')],
      ['School', field('school')],
      ['Conferred', field('conferralDate')],
      ['Country', field('countryOfSchool')],
      ['ECFMG number', field('ecfmgNumber')],
      ['NPI', field('npi')],
    ],
  },
  GraduateMedicalEducationCredential: {
    label: 'Graduate medical education',
    summary: (s) =>
      joined([
        joined([text(s.specialty), text(s.trainingType)], ' '),
        joined([text(s.startDate), text(s.endDate)], ' to '),
        text(s.completionStatus),
      ]),
    facts: [
      ['Training', field('trainingType')],
      ['Specialty', field('specialty')],
      ['Program', field('programName')],
      ['From', field('startDate')],
      ['To', field('endDate')],
      ['Completion', field('completionStatus')],
      ['ACGME program', field('acgmeProgramId')],
      ['Program director', field('programDirector')],
    ],
  },
  CMECertificateCredential: {
    label: 'CME certificate',
    summary: (s) =>
      joined([
        text(s.activityTitle),
        joined([text(s.creditsEarned), shortCredit(s.creditType)], ' '),
        text(s.activityEndDate),
      ]),
    facts: [
      ['Activity', field('activityTitle')],
      ['Activity ID', field('activityId')],
      ['Provider', field('provider')],
      ['Accreditation', field('providerAccreditation')],
      ['Format', field('format')],
      ['From', field('activityStartDate')],
      ['To', field('activityEndDate')],
      ['Credit type', field('creditType')],
      [
        'Credits earned',
        (s) =>
          joined(
            [text(s.creditsEarned), text(s.creditsAvailable) ? `of ${text(s.creditsAvailable)} available` : undefined],
            ' ',
          ),
      ],
      ['Topics', (s) => list(s.topics)],
      ['Topic credits', topicCredits],
    ],
  },
  ProfessionalLiabilityCoverageCredential: {
    label: 'Liability coverage',
    summary: (s) => joined([text(s.carrier), limits(s), text(s.coverageType), until(s.expirationDate)]),
    facts: [
      ['Carrier', field('carrier')],
      ['Policy number', field('policyNumber')],
      ['Coverage', field('coverageType')],
      ['Limits', limits],
      ['Effective', field('effectiveDate')],
      ['Expires', field('expirationDate')],
      ['Retroactive date', field('retroactiveDate')],
      ['Jurisdictions', (s) => list(s.coveredJurisdictions)],
    ],
  },
  ClaimsHistoryCredential: {
    label: 'Claims history',
    summary: (s) =>
      joined([
        text(s.claimCount) !== undefined ? `${text(s.claimCount)} claim(s)` : undefined,
        joined([text(s.lookbackFrom), text(s.lookbackTo)], ' to '),
      ]),
    facts: [
      ['Look-back', (s) => joined([text(s.lookbackFrom), text(s.lookbackTo)], ' to ')],
      ['Claims', field('claimCount')],
      ['Claim details', claims],
    ],
  },
  ClinicalPrivilegesCredential: {
    label: 'Clinical privileges',
    summary: (s) => joined([text(s.facility), text(s.status), until(s.expirationDate)]),
    facts: [
      ['Facility', field('facility')],
      ['Jurisdiction', field('facilityJurisdiction')],
      ['Department', field('department')],
      ['Status', field('status')],
      ['Granted', field('grantedDate')],
      ['Expires', field('expirationDate')],
      ['Telemedicine', (s) => (typeof s.telemedicine === 'boolean' ? (s.telemedicine ? 'yes' : 'no') : undefined)],
      ['Privileges', (s) => list(s.privileges)],
    ],
  },
  ControlledSubstanceRegistrationCredential: {
    label: 'Controlled substance registration',
    summary: (s) =>
      joined([
        joined([text(s.authority), text(s.registrationNumber)], ' '),
        text(s.jurisdiction),
        text(s.status),
        until(s.expirationDate),
      ]),
    facts: [
      ['Authority', field('authority')],
      ['Registration number', field('registrationNumber')],
      ['Jurisdiction', field('jurisdiction')],
      ['Schedules', (s) => list(s.schedules)],
      ['Status', field('status')],
      ['Expires', field('expirationDate')],
      ['Business activity', field('businessActivity')],
    ],
  },
  ECFMGCertificationCredential: {
    label: 'ECFMG certificate',
    summary: (s) => joined([text(s.ecfmgNumber), text(s.status), text(s.certificationDate)]),
    facts: [
      ['ECFMG number', field('ecfmgNumber')],
      ['Status', field('status')],
      ['Certified', field('certificationDate')],
    ],
  },
  PractitionerAttestationCredential: {
    label: "Practitioner's attestation",
    summary: (s) => joined([text(s.attestedDate) ? `attested ${text(s.attestedDate)}` : undefined, answersSummary(s)]),
    facts: [
      ['Attested', field('attestedDate')],
      ['Answers', answersSummary],
    ],
    more: answerRows,
  },
  MammographyInterpretationVolumeCredential: {
    label: 'Mammography volume',
    summary: (s) =>
      joined([
        text(s.examCount) ? `${text(s.examCount)} exams` : undefined,
        joined([text(s.periodFrom), text(s.periodTo)], ' to '),
        text(s.facility),
      ]),
    facts: [
      ['Facility', field('facility')],
      ['Period', (s) => joined([text(s.periodFrom), text(s.periodTo)], ' to ')],
      ['Exams interpreted', field('examCount')],
    ],
  },
};

function shortCredit(v: unknown): string | undefined {
  const t = text(v);
  if (t === undefined) return undefined;
  return { 'AMA PRA Category 1 Credit': 'Category 1', 'AMA PRA Category 2 Credit': 'Category 2' }[t] ?? t;
}

function limits(s: Subject): string | undefined {
  const a = money(s.limitPerClaimUSD);
  const b = money(s.limitAggregateUSD);
  return a && b ? `${a}/${b}` : (a ?? b);
}

function topicCredits(s: Subject): string | undefined {
  if (!Array.isArray(s.topicCredits)) return undefined;
  return (
    s.topicCredits.map((t: Subject) => `${text(t?.topic) ?? '?'} ${text(t?.credits) ?? '?'}`).join(', ') || undefined
  );
}

function claims(s: Subject): string | undefined {
  if (!Array.isArray(s.claims) || s.claims.length === 0) return undefined;
  return s.claims
    .map((c: Subject) =>
      joined([
        text(c?.incidentDate) ? `incident ${text(c.incidentDate)}` : undefined,
        text(c?.reportedDate) ? `reported ${text(c.reportedDate)}` : undefined,
        text(c?.status),
        text(c?.outcome),
        money(c?.indemnityPaidUSD) !== undefined ? `paid ${money(c.indemnityPaidUSD)}` : undefined,
      ]),
    )
    .join('; ');
}

const answers = (s: Subject): Subject[] =>
  Array.isArray(s.answers) ? s.answers.filter((a): a is Subject => typeof a === 'object' && a !== null) : [];

function answersSummary(s: Subject): string | undefined {
  const all = answers(s);
  if (all.length === 0) return undefined;
  const yes = all.filter((a) => a.answer === 'yes').length;
  return yes === 0 ? `${all.length} questions, nothing disclosed` : `${all.length} questions, ${yes} disclosed`;
}

// each answer as its own row, numbered, so a disclosure and its explanation are on the page
function answerRows(s: Subject): [string, string][] {
  return answers(s).map((a, i) => [
    `Question ${i + 1}`,
    joined([text(a.question), text(a.answer), text(a.explanation)], ' — '),
  ]);
}
