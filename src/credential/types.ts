// The built-in credential types: a one-line description, the subject's JSON Schema, and the
// rules no schema can express (date order, credits earned within those available, a claim count
// that matches the claims listed, an attestation's "yes" explained). In DESIGN.md's order: the
// first seven, then the five added types.
import { boardCertificationSchema } from './schemas/board-certification.js';
import { claimsHistorySchema } from './schemas/claims-history.js';
import { clinicalPrivilegesSchema } from './schemas/clinical-privileges.js';
import { cmeCertificateSchema } from './schemas/cme-certificate.js';
import { schemaId } from './schemas/common.js';
import { controlledSubstanceRegistrationSchema } from './schemas/controlled-substance-registration.js';
import { ecfmgCertificationSchema } from './schemas/ecfmg-certification.js';
import { graduateMedicalEducationSchema } from './schemas/graduate-medical-education.js';
import { mammographyInterpretationVolumeSchema } from './schemas/mammography-interpretation-volume.js';
import { medicalDegreeSchema } from './schemas/medical-degree.js';
import { medicalLicenseSchema } from './schemas/medical-license.js';
import { practitionerAttestationSchema } from './schemas/practitioner-attestation.js';
import { professionalLiabilityCoverageSchema } from './schemas/professional-liability-coverage.js';
import { claimsHistoryRules } from './rules/claims-history.js';
import { cmeCertificateRules } from './rules/cme-certificate.js';
import { after, all, noRules, notAfter, notBefore, type Rule } from './rules/common.js';
import { registrationRules } from './rules/controlled-substance-registration.js';
import { completedNotInFuture } from './rules/graduate-medical-education.js';
import { attestationRules } from './rules/practitioner-attestation.js';
import { coverageLimitRules } from './rules/professional-liability-coverage.js';

export type { FieldProblem, RuleContext } from './rules/common.js';

export interface CredentialTypeDef {
  readonly type: string;
  readonly description: string;
  readonly schema: { readonly $id: string } & Record<string, unknown>;
  readonly rules: Rule;
}

const DEFS: CredentialTypeDef[] = [
  {
    type: 'MedicalDegreeCredential',
    description: 'Medical degree (MD, DO, MBBS) conferred by a school of medicine',
    schema: medicalDegreeSchema,
    rules: noRules,
  },
  {
    type: 'GraduateMedicalEducationCredential',
    description: 'Internship, residency or fellowship training, with its completion status',
    schema: graduateMedicalEducationSchema,
    rules: all(notBefore('startDate', 'endDate'), completedNotInFuture),
  },
  {
    type: 'BoardCertificationCredential',
    description: 'Specialty board certification and its status on a given day',
    schema: boardCertificationSchema,
    rules: all(notBefore('initialCertificationDate', 'statusAsOf'), notBefore('statusAsOf', 'nextReviewDate')),
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
    rules: all(notBefore('activityStartDate', 'activityEndDate'), cmeCertificateRules),
  },
  {
    type: 'ProfessionalLiabilityCoverageCredential',
    description: 'Malpractice insurance policy: carrier, coverage type, limits and policy period',
    schema: professionalLiabilityCoverageSchema,
    rules: all(
      after('effectiveDate', 'expirationDate'),
      notAfter('retroactiveDate', 'effectiveDate'),
      coverageLimitRules,
    ),
  },
  {
    type: 'ClaimsHistoryCredential',
    description: 'Malpractice claims over a look-back period, without patient data',
    schema: claimsHistorySchema,
    rules: all(notBefore('lookbackFrom', 'lookbackTo'), claimsHistoryRules),
  },
  {
    type: 'ClinicalPrivilegesCredential',
    description: 'Clinical privileges a hospital granted, with their status and term',
    schema: clinicalPrivilegesSchema,
    rules: after('grantedDate', 'expirationDate'),
  },
  {
    type: 'ControlledSubstanceRegistrationCredential',
    description: 'DEA or state controlled-substance registration: schedules, status and expiry',
    schema: controlledSubstanceRegistrationSchema,
    rules: registrationRules,
  },
  {
    type: 'ECFMGCertificationCredential',
    description: 'ECFMG certification of an international medical graduate',
    schema: ecfmgCertificationSchema,
    rules: noRules,
  },
  {
    type: 'PractitionerAttestationCredential',
    description: "The practitioner's own signed answers to an office's attestation questions",
    schema: practitionerAttestationSchema,
    rules: attestationRules,
  },
  {
    type: 'MammographyInterpretationVolumeCredential',
    description: 'Mammography exams a radiologist interpreted at one facility over a period',
    schema: mammographyInterpretationVolumeSchema,
    rules: after('periodFrom', 'periodTo'),
  },
];

export const CREDENTIAL_TYPES: ReadonlyMap<string, CredentialTypeDef> = new Map(DEFS.map((d) => [d.type, d]));

export const credentialType = (type: string): CredentialTypeDef | undefined => CREDENTIAL_TYPES.get(type);

export { schemaId };
