// @internal (src/credential only)
import { date, subdivision, subjectSchema, text } from './common.js';

export const PRIVILEGE_STATUSES = ['active', 'provisional', 'suspended', 'relinquished', 'revoked'] as const;

export const clinicalPrivilegesSchema = subjectSchema(
  'ClinicalPrivilegesCredential',
  "Clinical privileges granted by a facility's medical staff",
  {
    name: text(),
    facility: text(),
    privileges: {
      type: 'array',
      items: text(300),
      minItems: 1,
      maxItems: 200,
      uniqueItems: true,
      description: 'Each privilege as the facility words it',
    },
    status: { enum: PRIVILEGE_STATUSES },
    grantedDate: date,
    expirationDate: { ...date, description: 'End of the appointment term (after grantedDate)' },
  },
  {
    facilityJurisdiction: subdivision,
    department: text(),
    telemedicine: { type: 'boolean', description: 'Granted for remote practice (teleradiology)' },
  },
);
