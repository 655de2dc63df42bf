// @internal (src/credential only)
import { credits, date, subjectSchema, text } from './common.js';

export const CME_CREDIT_TYPES = ['AMA PRA Category 1 Credit', 'AMA PRA Category 2 Credit', 'Other'] as const;

/** A topic as offices name them: lower-case words ("patient safety"). */
const topic = { type: 'string', pattern: '^[a-z][a-z -]{0,60}$' } as const;

/** Credits of the certificate that count for one of its topics (rules: a listed topic, once, at most creditsEarned). */
const topicCredit = {
  type: 'object',
  properties: { topic, credits },
  required: ['topic', 'credits'],
  additionalProperties: false,
} as const;

export const cmeCertificateSchema = subjectSchema(
  'CMECertificateCredential',
  'Continuing medical education certificate',
  {
    name: text(),
    activityTitle: text(300),
    activityId: { type: 'string', pattern: '^[A-Za-z0-9._:/-]{1,100}$' },
    provider: text(),
    providerAccreditation: text(),
    format: {
      enum: [
        'live',
        'enduring material',
        'journal-based',
        'internet live',
        'internet enduring',
        'regularly scheduled series',
        'performance improvement',
        'other',
      ],
    },
    activityStartDate: date,
    activityEndDate: date,
    creditType: { enum: CME_CREDIT_TYPES },
    creditsAvailable: credits,
    creditsEarned: credits,
  },
  {
    topics: { type: 'array', items: topic, maxItems: 20, uniqueItems: true },
    topicCredits: { type: 'array', items: topicCredit, minItems: 1, maxItems: 20 },
  },
);
