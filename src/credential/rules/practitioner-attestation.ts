// @internal (src/credential only)
// PractitionerAttestationCredential: every question is asked so that "no" is the clean answer
// ("Has your coverage lapsed…?", not "Is your coverage current?"), so one rule covers them all: a
// "yes" discloses something and must carry a non-blank explanation. A flag on each answer saying
// which answer is adverse was the alternative; it would let the signer decide what counts as
// adverse, and the office would have to check every flag against the question anyway.
import { isObject, listOf, type FieldProblem, type Subject } from './common.js';

export function attestationRules(s: Subject): FieldProblem[] {
  const problems: FieldProblem[] = [];
  listOf(s.answers).forEach((a, i) => {
    if (!isObject(a) || a.answer !== 'yes') return;
    const explanation = a.explanation;
    // an explanation of the wrong type is the schema's to report; an empty one too (minLength 1)
    if (explanation === undefined || (typeof explanation === 'string' && explanation.trim() === '')) {
      problems.push({
        field: `/answers/${i}/explanation`,
        message: 'is required when the answer is "yes" (say what the answer discloses)',
      });
    }
  });
  return problems;
}
