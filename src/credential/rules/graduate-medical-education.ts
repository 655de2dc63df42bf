// @internal (src/credential only)
// GraduateMedicalEducationCredential: training reported as completed has ended by the day the
// credential speaks for (the context's `now`, as a UTC day). Without `now` there is no "today",
// and the rule does not fire.
import { isDate, type FieldProblem, type RuleContext, type Subject } from './common.js';

/** The UTC calendar day (YYYY-MM-DD) of a unix time, or undefined for a time no Date can hold. */
export function utcDay(seconds: number): string | undefined {
  const ms = seconds * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return undefined;
  const iso = new Date(ms).toISOString();
  // years outside 0000-9999 print with a sign and six digits: no YYYY-MM-DD compares with them
  return /^\d{4}-/.test(iso) ? iso.slice(0, 10) : undefined;
}

export function completedNotInFuture(s: Subject, context: RuleContext = {}): FieldProblem[] {
  if (s.completionStatus !== 'completed' || !isDate(s.endDate) || context.now === undefined) return [];
  const today = utcDay(context.now);
  // the last day of training may be today: it is completed at its end, and the issuer signs that day
  return today !== undefined && s.endDate > today
    ? [{ field: '/endDate', message: `must not be after ${today} for completed training (it has not ended yet)` }]
    : [];
}
