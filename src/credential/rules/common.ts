// @internal (src/credential only)
// Building blocks for the rules no JSON Schema can express: date order between fields, and the
// guards that keep a rule quiet about a value the schema already refused (it would only repeat it).
import { isIsoDate } from '../formats.js';
import { usd } from '../schemas/common.js';

export interface FieldProblem {
  /** JSON pointer into the subject, e.g. /creditsEarned */
  field: string;
  message: string;
}

/**
 * What a rule may know beyond the subject. `now` (unix seconds) is the moment the credential
 * speaks for: the issuing time when issuing, the credential's `iat` (else `nbf`) when verifying.
 * A rule that needs it does not fire without it.
 */
export interface RuleContext {
  now?: number | undefined;
}

export type Rule = (subject: Record<string, unknown>, context?: RuleContext) => FieldProblem[];

export type Subject = Record<string, unknown>;

export const isDate = (v: unknown): v is string => typeof v === 'string' && isIsoDate(v);
export const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
/** An amount the schema accepts. */
export const isUsd = (v: unknown): v is number => isCount(v) && v <= usd.maximum;
export const isObject = (v: unknown): v is Subject => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The items of a list field, or none when it is not a list (the schema reports that). */
export const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A rule that `later` is not before `earlier` (real ISO dates compare as strings). */
export const notBefore =
  (earlier: string, later: string): Rule =>
  (s) =>
    isDate(s[earlier]) && isDate(s[later]) && s[later] < s[earlier]
      ? [{ field: `/${later}`, message: `must not be before ${earlier} (${String(s[earlier])})` }]
      : [];

/** A rule that `later` is strictly after `earlier`. */
export const after =
  (earlier: string, later: string): Rule =>
  (s) =>
    isDate(s[earlier]) && isDate(s[later]) && s[later] <= s[earlier]
      ? [{ field: `/${later}`, message: `must be after ${earlier} (${String(s[earlier])})` }]
      : [];

/** A rule that `earlier` is not after `later`, reported on `earlier` (an optional field bounded by a required one). */
export const notAfter =
  (earlier: string, later: string): Rule =>
  (s) =>
    isDate(s[earlier]) && isDate(s[later]) && s[earlier] > s[later]
      ? [{ field: `/${earlier}`, message: `must not be after ${later} (${String(s[later])})` }]
      : [];

/** Every rule's problems, in order. */
export const all =
  (...rules: Rule[]): Rule =>
  (s, context) =>
    rules.flatMap((r) => r(s, context));

export const noRules: Rule = () => [];
