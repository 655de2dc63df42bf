// @internal (src/credential only)
import { date, npi, subjectSchema, text } from './common.js';

export const medicalDegreeSchema = subjectSchema(
  'MedicalDegreeCredential',
  'Medical degree conferred by a school of medicine',
  {
    name: text(),
    degree: { enum: ['MD', 'DO', 'MBBS'] },
    school: text(),
    conferralDate: date,
  },
  {
    npi,
    countryOfSchool: { type: 'string', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' },
    ecfmgNumber: { type: 'string', pattern: '^[0-9]{7,8}$' },
  },
);
