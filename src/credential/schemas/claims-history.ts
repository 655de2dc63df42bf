// @internal (src/credential only)
import { date, subjectSchema, text, usd } from './common.js';

export const CLAIM_STATUSES = ['open', 'closed'] as const;
export const CLAIM_OUTCOMES = [
  'pending',
  'dismissed',
  'settled',
  'judgment for defendant',
  'judgment for plaintiff',
] as const;

/** One malpractice claim. Deliberately no patient data: every field is listed, nothing else is allowed. */
const claim = {
  type: 'object',
  properties: {
    reportedDate: date,
    incidentDate: { ...date, description: 'The day of the care the claim concerns (not after reportedDate)' },
    status: { enum: CLAIM_STATUSES },
    outcome: { enum: CLAIM_OUTCOMES },
    indemnityPaidUSD: usd,
  },
  required: ['reportedDate', 'status', 'outcome'],
  additionalProperties: false,
} as const;

export const claimsHistorySchema = subjectSchema(
  'ClaimsHistoryCredential',
  'Malpractice claims history over a look-back period (no patient data)',
  {
    name: text(),
    lookbackFrom: date,
    lookbackTo: date,
    claimCount: { type: 'integer', minimum: 0, maximum: 1000 },
    claims: { type: 'array', items: claim, maxItems: 1000 },
  },
  {},
);
