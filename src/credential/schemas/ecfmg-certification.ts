// @internal (src/credential only)
import { date, subjectSchema, text } from './common.js';

export const ECFMG_STATUSES = ['certified', 'revoked'] as const;

export const ecfmgCertificationSchema = subjectSchema(
  'ECFMGCertificationCredential',
  'ECFMG certification of an international medical graduate',
  {
    name: text(),
    // eight digits, as ECFMG prints its identification number (the identifier helper would take
    // letters and hyphens). MedicalDegreeCredential's optional ecfmgNumber also takes seven.
    ecfmgNumber: { type: 'string', pattern: '^[0-9]{8}$', description: '8-digit ECFMG identification number' },
    certificationDate: date,
    status: { enum: ECFMG_STATUSES },
  },
  {},
);
