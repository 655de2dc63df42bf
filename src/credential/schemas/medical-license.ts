import { date, identifier, npi, subjectSchema, text } from './common.js';

export const medicalLicenseSchema = subjectSchema(
  'MedicalLicenseCredential',
  'State license to practise medicine',
  {
    name: text(),
    jurisdiction: { type: 'string', format: 'iso3166-2', description: 'ISO 3166-2 subdivision, e.g. US-TX' },
    licenseNumber: identifier(),
    licenseType: text(100),
    status: { enum: ['active', 'inactive', 'expired', 'suspended', 'revoked'] },
    issuedDate: date,
    expirationDate: date,
  },
  {
    restrictions: { type: 'array', items: text(500), maxItems: 50 },
    disciplinaryActionCount: { type: 'integer', minimum: 0, maximum: 1000 },
    npi,
  },
);
