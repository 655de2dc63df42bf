// The built-in credential types: a one-line description, the subject's JSON Schema, and the
// rules no schema can express (date order, credits earned within those available).
import { isIsoDate } from './formats.js';
import { cmeCertificateSchema } from './schemas/cme-certificate.js';
import { schemaId } from './schemas/common.js';
import { medicalDegreeSchema } from './schemas/medical-degree.js';
import { medicalLicenseSchema } from './schemas/medical-license.js';

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

const all = (...rules: CredentialTypeDef['rules'][]) => (s: Record<string, unknown>) => rules.flatMap((r) => r(s));

const DEFS: CredentialTypeDef[] = [
  {
    type: 'MedicalDegreeCredential',
    description: 'Medical degree (MD, DO, MBBS) conferred by a school of medicine',
    schema: medicalDegreeSchema,
    rules: () => [],
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
];

export const CREDENTIAL_TYPES: ReadonlyMap<string, CredentialTypeDef> = new Map(DEFS.map((d) => [d.type, d]));

export const credentialType = (type: string): CredentialTypeDef | undefined => CREDENTIAL_TYPES.get(type);

export { schemaId };
