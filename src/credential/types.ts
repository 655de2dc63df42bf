// The built-in credential types: a one-line description, the subject's JSON Schema, and the
// rules no schema can express (date order, credits earned within those available, a claim count
// that matches the claims listed).
import { isIsoDate } from './formats.js';
import { boardCertificationSchema } from './schemas/board-certification.js';
import { claimsHistorySchema } from './schemas/claims-history.js';
import { cmeCertificateSchema } from './schemas/cme-certificate.js';
import { schemaId, usd } from './schemas/common.js';
import { graduateMedicalEducationSchema } from './schemas/graduate-medical-education.js';
import { medicalDegreeSchema } from './schemas/medical-degree.js';
import { medicalLicenseSchema } from './schemas/medical-license.js';
import { professionalLiabilityCoverageSchema } from './schemas/professional-liability-coverage.js';

export interface FieldProblem {
  /** JSON pointer into the subject, e.g. /creditsEarned */
  field: string;
  message: string;
}

export interface CredentialTypeDef {
  readonly type: string;
  readonly description: string;
  readonly schema: { readonly $id: string } & Record<string, unknown>;
  readonly rules: (subject: Record<string, unknown>) => FieldProblem[];
}

const isDate = (v: unknown): v is string => typeof v === 'string' && isIsoDate(v);

/** A rule that `later` is not before `earlier` (real ISO dates compare as strings). */
const notBefore = (earlier: string, later: string) => (s: Record<string, unknown>): FieldProblem[] =>
  isDate(s[earlier]) && isDate(s[later]) && s[later] < s[earlier]
    ? [{ field: `/${later}`, message: `must not be before ${earlier} (${String(s[earlier])})` }]
    : [];

/** A rule that `later` is strictly after `earlier`. */
const after = (earlier: string, later: string) => (s: Record<string, unknown>): FieldProblem[] =>
  isDate(s[earlier]) && isDate(s[later]) && s[later] <= s[earlier]
    ? [{ field: `/${later}`, message: `must be after ${earlier} (${String(s[earlier])})` }]
    : [];

/** A rule that `earlier` is not after `later`, reported on `earlier` (an optional field bounded by a required one). */
const notAfter = (earlier: string, later: string) => (s: Record<string, unknown>): FieldProblem[] =>
  isDate(s[earlier]) && isDate(s[later]) && s[earlier] > s[later]
    ? [{ field: `/${earlier}`, message: `must not be after ${later} (${String(s[later])})` }]
    : [];

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
/** An amount the schema accepts (a comparison with one it refused would only repeat that problem). */
const isUsd = (v: unknown): v is number => isCount(v) && v <= usd.maximum;

const all = (...rules: CredentialTypeDef['rules'][]) => (s: Record<string, unknown>) => rules.flatMap((r) => r(s));

/** The claim count matches the claims listed, and every claim was reported within the look-back. */
function claimsHistoryRules(s: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const claims = Array.isArray(s.claims) ? (s.claims as unknown[]) : undefined;
  if (claims !== undefined && isCount(s.claimCount) && s.claimCount !== claims.length) {
    problems.push({ field: '/claimCount', message: `must equal the number of claims listed (${claims.length})` });
  }
  const { lookbackFrom: from, lookbackTo: to } = s;
  // An inverted look-back is reported on lookbackTo alone, not again on every claim.
  if (claims !== undefined && isDate(from) && isDate(to) && from <= to) {
    claims.forEach((c, i) => {
      const reported = typeof c === 'object' && c !== null ? (c as Record<string, unknown>).reportedDate : undefined;
      if (isDate(reported) && (reported < from || reported > to)) {
        problems.push({ field: `/claims/${i}/reportedDate`, message: `must lie within the look-back (${from} to ${to})` });
      }
    });
  }
  return problems;
}

const DEFS: CredentialTypeDef[] = [
  {
    type: 'MedicalDegreeCredential',
    description: 'Medical degree (MD, DO, MBBS) conferred by a school of medicine',
    schema: medicalDegreeSchema,
    rules: () => [],
  },
  {
    type: 'GraduateMedicalEducationCredential',
    description: 'Internship, residency or fellowship training, with its completion status',
    schema: graduateMedicalEducationSchema,
    rules: notBefore('startDate', 'endDate'),
  },
  {
    type: 'BoardCertificationCredential',
    description: 'Specialty board certification and its status on a given day',
    schema: boardCertificationSchema,
    rules: notBefore('initialCertificationDate', 'statusAsOf'),
  },
  {
    type: 'MedicalLicenseCredential',
    description: 'State license to practise medicine, with status and expiry',
    schema: medicalLicenseSchema,
    rules: notBefore('issuedDate', 'expirationDate'),
  },
  {
    type: 'CMECertificateCredential',
    description: 'Continuing medical education credits earned in one activity',
    schema: cmeCertificateSchema,
    rules: all(notBefore('activityStartDate', 'activityEndDate'), (s) =>
      typeof s.creditsEarned === 'number' && typeof s.creditsAvailable === 'number' && s.creditsEarned > s.creditsAvailable
        ? [{ field: '/creditsEarned', message: `exceeds creditsAvailable (${s.creditsEarned} > ${s.creditsAvailable})` }]
        : []),
  },
  {
    type: 'ProfessionalLiabilityCoverageCredential',
    description: 'Malpractice insurance policy: carrier, coverage type, limits and policy period',
    schema: professionalLiabilityCoverageSchema,
    rules: all(after('effectiveDate', 'expirationDate'), notAfter('retroactiveDate', 'effectiveDate'), (s) =>
      isUsd(s.limitPerClaimUSD) && isUsd(s.limitAggregateUSD) && s.limitAggregateUSD < s.limitPerClaimUSD
        ? [{ field: '/limitAggregateUSD', message: `must not be less than limitPerClaimUSD (${s.limitAggregateUSD} < ${s.limitPerClaimUSD})` }]
        : []),
  },
  {
    type: 'ClaimsHistoryCredential',
    description: 'Malpractice claims over a look-back period, without patient data',
    schema: claimsHistorySchema,
    rules: all(notBefore('lookbackFrom', 'lookbackTo'), claimsHistoryRules),
  },
];

export const CREDENTIAL_TYPES: ReadonlyMap<string, CredentialTypeDef> = new Map(DEFS.map((d) => [d.type, d]));

export const credentialType = (type: string): CredentialTypeDef | undefined => CREDENTIAL_TYPES.get(type);

export { schemaId };
