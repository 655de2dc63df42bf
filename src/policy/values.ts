// @internal (src/policy only)
// Reading a credential subject's values for policy rules: the schema has checked the shapes of a
// verified credential, but the rules run on what a type may leave out, so each read says what it
// expects and gets undefined otherwise. One copy for facts.ts, rules.ts and evaluate.ts.
import { isoTime } from '../util/time.js';

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
/** The UTC day (YYYY-MM-DD) of a time in unix seconds. */
export const day = (seconds: number): string => isoTime(seconds).slice(0, 10);
