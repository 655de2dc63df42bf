// @internal (src/credential only)
import { date, identifier, npi, subdivision, subjectSchema, text } from './common.js';

// probation and restricted: the board lets the physician practise, under conditions (see restrictions)
export const LICENSE_STATUSES = [
  'active',
  'inactive',
  'expired',
  'suspended',
  'revoked',
  'probation',
  'restricted',
] as const;

export const medicalLicenseSchema = subjectSchema(
  'MedicalLicenseCredential',
  'State license to practise medicine',
  {
    name: text(),
    jurisdiction: subdivision,
    licenseNumber: identifier(),
    licenseType: text(100),
    status: { enum: LICENSE_STATUSES },
    issuedDate: date,
    expirationDate: date,
  },
  {
    restrictions: { type: 'array', items: text(500), maxItems: 50 },
    disciplinaryActionCount: { type: 'integer', minimum: 0, maximum: 1000 },
    npi,
  },
);
