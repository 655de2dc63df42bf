// @internal (src/credential only)
// ClaimsHistoryCredential: the claim count matches the claims listed, every claim was reported
// within the look-back, and no claim's incident follows its report. (The incident may precede the
// look-back: what the look-back bounds is when claims were reported.)
import { isCount, isDate, isObject, listOf, type FieldProblem, type Subject } from './common.js';

export function claimsHistoryRules(s: Subject): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const claims = Array.isArray(s.claims) ? (s.claims as unknown[]) : undefined;
  if (claims !== undefined && isCount(s.claimCount) && s.claimCount !== claims.length) {
    problems.push({ field: '/claimCount', message: `must equal the number of claims listed (${claims.length})` });
  }
  const { lookbackFrom: from, lookbackTo: to } = s;
  // An inverted look-back is reported on lookbackTo alone, not again on every claim.
  if (claims !== undefined && isDate(from) && isDate(to) && from <= to) {
    claims.forEach((c, i) => {
      const reported = isObject(c) ? c.reportedDate : undefined;
      if (isDate(reported) && (reported < from || reported > to)) {
        problems.push({
          field: `/claims/${i}/reportedDate`,
          message: `must lie within the look-back (${from} to ${to})`,
        });
      }
    });
  }
  listOf(s.claims).forEach((c, i) => {
    if (isObject(c) && isDate(c.incidentDate) && isDate(c.reportedDate) && c.incidentDate > c.reportedDate) {
      problems.push({
        field: `/claims/${i}/incidentDate`,
        message: `must not be after the claim's reportedDate (${c.reportedDate})`,
      });
    }
  });
  return problems;
}
