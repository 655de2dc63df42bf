// @internal (src/credential only)
import { date, identifier, subjectSchema, text } from './common.js';

export const BOARD_CERTIFICATION_STATUSES = [
  'certified',
  'not certified',
  'expired',
  'revoked',
  'suspended',
  'inactive',
] as const;

/** ABR-style continuing certification (maintenance of certification) standing. */
export const CONTINUING_CERTIFICATION_STATUSES = ['meeting', 'not meeting', 'not required'] as const;

export const boardCertificationSchema = subjectSchema(
  'BoardCertificationCredential',
  'Specialty board certification, with its status on a given day',
  {
    name: text(),
    board: text(),
    certificate: text(),
    initialCertificationDate: date,
    status: { enum: BOARD_CERTIFICATION_STATUSES },
    statusAsOf: { ...date, description: 'The day on which the board attests the status' },
  },
  {
    subspecialties: { type: 'array', items: text(), maxItems: 20, uniqueItems: true },
    diplomateId: identifier(),
    continuingCertification: {
      enum: CONTINUING_CERTIFICATION_STATUSES,
      description: 'Continuing certification requirements as of statusAsOf ("not required": a lifetime certificate)',
    },
    nextReviewDate: { ...date, description: 'The day the board next reviews continuing certification' },
  },
);
