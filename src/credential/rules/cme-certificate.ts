// @internal (src/credential only)
// CMECertificateCredential: no more credits earned than the activity offered; and each
// topicCredits entry names one of the certificate's topics, once, with at most the credits
// earned. Topic credits may overlap (an hour on breast-imaging safety counts for mammography and
// for patient safety), so their sum is not bounded by creditsEarned.
import { isObject, listOf, type FieldProblem, type Subject } from './common.js';

function topicCreditRules(s: Subject): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const topics = listOf(s.topics);
  const listed = topics.length > 0 ? `topics (${topics.join(', ')})` : 'topics (none listed)';
  const seen = new Set<string>();
  listOf(s.topicCredits).forEach((entry, i) => {
    if (!isObject(entry)) return;
    const { topic, credits } = entry;
    if (typeof topic === 'string') {
      if (seen.has(topic))
        problems.push({ field: `/topicCredits/${i}/topic`, message: `names ${JSON.stringify(topic)} a second time` });
      else if (!topics.includes(topic))
        problems.push({ field: `/topicCredits/${i}/topic`, message: `must be one of the certificate's ${listed}` });
      seen.add(topic);
    }
    if (typeof credits === 'number' && typeof s.creditsEarned === 'number' && credits > s.creditsEarned) {
      problems.push({
        field: `/topicCredits/${i}/credits`,
        message: `exceeds creditsEarned (${credits} > ${s.creditsEarned})`,
      });
    }
  });
  return problems;
}

export function cmeCertificateRules(s: Subject): FieldProblem[] {
  const earnedTooMany =
    typeof s.creditsEarned === 'number' &&
    typeof s.creditsAvailable === 'number' &&
    s.creditsEarned > s.creditsAvailable
      ? [{ field: '/creditsEarned', message: `exceeds creditsAvailable (${s.creditsEarned} > ${s.creditsAvailable})` }]
      : [];
  return [...earnedTooMany, ...topicCreditRules(s)];
}
