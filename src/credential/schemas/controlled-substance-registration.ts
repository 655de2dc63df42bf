// @internal (src/credential only)
import { date, identifier, subdivision, subjectSchema, text } from './common.js';

/** Who registered the practitioner: the DEA (federal) or a state's controlled dangerous substance authority. */
export const CSR_AUTHORITIES = ['DEA', 'state'] as const;
/** DEA schedules as registrations list them: N marks the non-narcotic part of schedules 2 and 3. */
export const DEA_SCHEDULES = ['1', '2', '2N', '3', '3N', '4', '5'] as const;
export const CSR_STATUSES = ['active', 'inactive', 'expired', 'surrendered', 'revoked'] as const;

export const controlledSubstanceRegistrationSchema = subjectSchema(
  'ControlledSubstanceRegistrationCredential',
  'Controlled substance registration (DEA or a state authority)',
  {
    name: text(),
    registrationNumber: {
      ...identifier(),
      description: 'With authority DEA: two letters and seven digits, the last a check digit',
    },
    authority: { enum: CSR_AUTHORITIES },
    jurisdiction: { ...subdivision, description: 'The state the registration is for (ISO 3166-2, e.g. US-TX)' },
    // typed items: uniqueItems over untyped values would need Ajv's deep-equal at run time
    schedules: { type: 'array', items: { type: 'string', enum: DEA_SCHEDULES }, minItems: 1, uniqueItems: true },
    status: { enum: CSR_STATUSES },
    expirationDate: date,
  },
  {
    businessActivity: { ...text(), description: 'As the registration names it, e.g. "Practitioner"' },
  },
);
