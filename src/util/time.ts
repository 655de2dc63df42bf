// Times and durations as the CLI contract spells them: ISO 8601 or unix seconds; <n>s|min|h|d|w|mo|y
// (DESIGN.md's `m` is refused as ambiguous: see parseDuration).
import { RadcredError } from '../errors.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Years 0000 to 9999 (in UTC): what ISO 8601 writes with four digits, and date strings compare by. */
const MIN_TIME_MS = Date.parse('0000-01-01T00:00:00Z');
const MAX_TIME_SECONDS = 253402300799; // 9999-12-31T23:59:59Z

/**
 * Which second a bare date means: a start time (`--valid-from`, `--now`) starts with the day,
 * 00:00:00Z; an end time (`--valid-until`, a roster's validUntil, `--appointment-until`) is the
 * whole day, so it means its last second, 23:59:59Z. A license valid until 2027-08-31 must still
 * verify on the evening of August 31 in US time zones.
 */
export type DateEdge = 'start' | 'end';

/** Parses a time to unix seconds; date-times need a zone (Z or ±hh:mm); a bare date is UTC (see DateEdge). */
export function parseTime(text: string, flag = 'time', edge: DateEdge = 'start'): number {
  if (/^\d{1,12}$/.test(text) && Number(text) <= MAX_TIME_SECONDS) return Number(text);
  let ms = Number.NaN;
  if (ISO_DATE.test(text)) ms = Date.parse(text + (edge === 'end' ? 'T23:59:59Z' : 'T00:00:00Z'));
  else if (ISO_DATE_TIME.test(text)) ms = Date.parse(text);
  // Date.parse rolls 2026-02-30 over to March; a round trip of the date part catches it.
  if (Number.isFinite(ms) && new Date(ms + offsetMs(text)).toISOString().slice(0, 10) !== text.slice(0, 10))
    ms = Number.NaN;
  // An offset can move 9999-12-31 into year 10000 (or 0000-01-01 into year -1) in UTC.
  if (ms < MIN_TIME_MS || ms > MAX_TIME_SECONDS * 1000 + 999) ms = Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new RadcredError(
      'TIME_INVALID',
      `${flag}: ${JSON.stringify(text)} is not a time`,
      'use ISO 8601 with a zone (2026-11-27T18:00:00Z), a date (2026-11-27) or unix seconds',
    );
  }
  return Math.floor(ms / 1000);
}

/**
 * The units of a duration. A month is 30 days and a year 365 days, always: a duration is a number
 * of seconds, added to whatever clock it is used with. Minutes and months are `min` and `mo`; a bare
 * `m` is refused (DURATION_AMBIGUOUS), since `--expiring 3m` meant minutes to some and months to others.
 */
const UNIT_SECONDS: Readonly<Record<string, number>> = {
  s: 1,
  min: 60,
  h: 3600,
  d: 86400,
  w: 7 * 86400,
  mo: 30 * 86400,
  y: 365 * 86400,
};

/** The units as the messages and the help list them. */
export const DURATION_UNITS = 's, min, h, d, w, mo (30 days) or y (365 days)';

/** Longer than anything should stay valid, and short enough to add to any clock radcred accepts and still print. */
const MAX_DURATION_SECONDS = 1000 * 365 * 86400;

export function parseDuration(text: string, flag = 'duration'): number {
  const ambiguous = /^(\d{1,9})[mM]$/.exec(text);
  if (ambiguous !== null) {
    throw new RadcredError(
      'DURATION_AMBIGUOUS',
      `${flag}: ${JSON.stringify(text)} could mean minutes or months`,
      `write ${ambiguous[1]}min for minutes or ${ambiguous[1]}mo for months`,
    );
  }
  const m = /^(\d{1,9})(s|min|h|d|w|mo|y)$/.exec(text);
  // the hint is the table's (src/codes/errors.ts): an example of each kind
  if (m === null)
    throw new RadcredError(
      'DURATION_INVALID',
      `${flag}: ${JSON.stringify(text)} is not a duration: a whole number and a unit, ${DURATION_UNITS}`,
    );
  const seconds = Number(m[1]) * UNIT_SECONDS[m[2]!]!;
  // a zero window (a presentation valid for 0s, a request that expires as it is made) is a mistake
  if (seconds === 0)
    throw new RadcredError(
      'DURATION_INVALID',
      `${flag}: ${JSON.stringify(text)} is no time at all`,
      'give a positive duration, e.g. 90d, 36h or 3mo',
    );
  if (seconds > MAX_DURATION_SECONDS)
    throw new RadcredError(
      'DURATION_INVALID',
      `${flag}: ${JSON.stringify(text)} is longer than 1000 years`,
      'durations go up to 1000y (e.g. 90d, 36h, 3mo, 5y)',
    );
  return seconds;
}

export const isoTime = (unixSeconds: number): string =>
  new Date(unixSeconds * 1000).toISOString().replace('.000Z', 'Z');

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** The zone offset written in an ISO date-time, in ms (0 for Z or a bare date). */
function offsetMs(text: string): number {
  const m = /([+-])(\d{2}):(\d{2})$/.exec(text);
  if (m === null || text.length <= 10) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
}
