// @internal (src/credential only)
import { date, subjectSchema, text } from './common.js';

export const mammographyInterpretationVolumeSchema = subjectSchema(
  'MammographyInterpretationVolumeCredential',
  'Mammography examinations a physician interpreted at one facility over a period (MQSA)',
  {
    name: text(),
    facility: text(),
    periodFrom: date,
    periodTo: { ...date, description: 'Last day of the period (after periodFrom)' },
    examCount: { type: 'integer', minimum: 0, maximum: 1_000_000 },
  },
  {},
);
