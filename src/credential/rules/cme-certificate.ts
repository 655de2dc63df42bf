// CMECertificateCredential: no more credits earned than the activity offered.
import type { FieldProblem, Subject } from './common.js';

export function cmeCertificateRules(s: Subject): FieldProblem[] {
  return typeof s.creditsEarned === 'number' && typeof s.creditsAvailable === 'number' && s.creditsEarned > s.creditsAvailable
    ? [{ field: '/creditsEarned', message: `exceeds creditsAvailable (${s.creditsEarned} > ${s.creditsAvailable})` }]
    : [];
}
