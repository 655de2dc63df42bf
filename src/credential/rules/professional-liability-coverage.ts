// @internal (src/credential only)
// ProfessionalLiabilityCoverageCredential: the aggregate limit is at least the per-claim limit.
import { isUsd, type FieldProblem, type Subject } from './common.js';

export function coverageLimitRules(s: Subject): FieldProblem[] {
  return isUsd(s.limitPerClaimUSD) && isUsd(s.limitAggregateUSD) && s.limitAggregateUSD < s.limitPerClaimUSD
    ? [
        {
          field: '/limitAggregateUSD',
          message: `must not be less than limitPerClaimUSD (${s.limitAggregateUSD} < ${s.limitPerClaimUSD})`,
        },
      ]
    : [];
}
