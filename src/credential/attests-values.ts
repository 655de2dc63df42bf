// @internal (src/credential only)
// Reading a credential subject's values into words, loosely: a value of the wrong shape reads as
// absent (the schema check is what says what is wrong with it). Shared by the per-type views of
// attests-types.ts and by attests.ts.
import { usd } from '../util/money.js';

export type Subject = Record<string, unknown>;

/** A non-empty string, or a number written out. */
export const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : undefined;
/** A non-empty array's items, comma-separated; "?" for an item that is no value. */
export const list = (v: unknown): string | undefined =>
  Array.isArray(v) && v.length > 0 ? v.map((x) => text(x) ?? '?').join(', ') : undefined;
/** A non-negative amount of US dollars, written as money. */
export const money = (v: unknown): string | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? usd(v) : undefined;
/** "until 2027-08-31" for a date that is given. */
export const until = (v: unknown) => (text(v) ? `until ${text(v)}` : undefined);
/** The parts that are given, joined. */
export const joined = (parts: (string | undefined)[], sep = ', ') =>
  parts.filter((p) => p !== undefined && p.length > 0).join(sep);

/** Reads one subject field as text. */
export const field = (name: string) => (s: Subject) => text(s[name]);
