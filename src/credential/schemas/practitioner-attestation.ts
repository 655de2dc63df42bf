// @internal (src/credential only)
import { date, subjectSchema, text } from './common.js';

export const ATTESTATION_ANSWERS = ['yes', 'no'] as const;

/**
 * One question and the practitioner's answer. Questions are asked so that "no" is the clean
 * answer; a "yes" discloses something and needs an explanation (a rule: rules/practitioner-attestation.ts).
 */
const answer = {
  type: 'object',
  properties: {
    question: text(500),
    answer: { enum: ATTESTATION_ANSWERS },
    explanation: text(2000),
  },
  required: ['question', 'answer'],
  additionalProperties: false,
} as const;

export const practitionerAttestationSchema = subjectSchema(
  'PractitionerAttestationCredential',
  "The practitioner's own attestation (health, substance use, actions, felonies, coverage), self-signed",
  {
    name: text(),
    attestedDate: date,
    answers: { type: 'array', items: answer, minItems: 1, maxItems: 50 },
  },
  {},
);
