// @internal (src/policy only)
// Where a CME rule's window lies on the decision day (DESIGN.md "Credentialing policy"): as a
// half-open span of days (after, through], so a certificate counts when after < activityEndDate
// <= through. A window still under way (a fixed cycle, a license cycle) ends on the decision day:
// what counts is what was earned by then.
import type { CmeWindow } from './cme-rules.js';

export interface WindowSpan {
  /** the last day before the window (exclusive bound) */
  after: string;
  /** the last day that counts: the decision day, or the cycle's end if that is earlier */
  through: string;
  /** in words, for the summary: "in the 36 months to 2026-11-27", "in the cycle 2025-01-01 to 2026-12-31" */
  span: string;
}

export type WindowOutcome = { ok: true; window: WindowSpan } | { ok: false; why: string };

// the whole date, also past year 9999, where toISOString writes six digits and a sign
const day = (d: Date) => d.toISOString().replace(/T.*$/, '');
const parts = (date: string) => date.split('-').map(Number) as [number, number, number];

/** The date `months` calendar months before `date` (YYYY-MM-DD), clamped to the month's last day. */
export function monthsBefore(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const target = new Date(Date.UTC(y, m - 1 - months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return day(target);
}

const dayBefore = (date: string) => {
  const [y, m, d] = parts(date);
  return day(new Date(Date.UTC(y, m - 1, d - 1)));
};

// Days compared as times, not as text: past 9999-12-31 (a cycle holding the last day --now
// allows ends there) toISOString writes "+010000-...", which sorts before "9999-..." as text.
const time = (date: string) => Date.parse(`${date}T00:00:00Z`);

/**
 * The fixed cycle holding `date`: its first day (anchor ± whole cycles) and its last, the day
 * before the next cycle's first. Both are counted from the anchor, not one from the other: from a
 * month-end anchor (the 31st) a cycle starting on a clamped day (the 29th of February) would
 * otherwise end two days before the next one starts, and those days would belong to no cycle.
 */
function cycleOf(anchor: string, months: number, date: string): { start: string; end: string } {
  const [ay, am] = parts(anchor);
  const [dy, dm] = parts(date);
  let k = Math.floor((dy * 12 + dm - (ay * 12 + am)) / months);
  const start = (i: number) => monthsBefore(anchor, -i * months);
  // a day-of-month anchor (the 15th) can put `date` just before the cycle the month count names
  while (time(start(k)) > time(date)) k--;
  while (time(start(k + 1)) <= time(date)) k++;
  return { start: start(k), end: dayBefore(start(k + 1)) };
}

/**
 * The window of `rule` on `today` (YYYY-MM-DD). `licenseExpiry` gives the expiration date of the
 * holder's verified license in a jurisdiction (a license-cycle window needs one).
 */
export function windowOn(
  w: CmeWindow,
  today: string,
  licenseExpiry: (jurisdiction: string) => string | undefined,
): WindowOutcome {
  if (w.type === 'rolling') {
    return {
      ok: true,
      window: { after: monthsBefore(today, w.months), through: today, span: `in the ${w.months} months to ${today}` },
    };
  }
  if (w.type === 'fixed') {
    const { start, end } = cycleOf(w.anchor, w.months, today);
    return {
      ok: true,
      window: {
        after: dayBefore(start),
        through: time(today) < time(end) ? today : end,
        span: `in the cycle ${start} to ${end}`,
      },
    };
  }
  const expiry = licenseExpiry(w.jurisdiction);
  if (expiry === undefined)
    return {
      ok: false,
      why: `the window is the ${w.jurisdiction} license cycle, and no verified ${w.jurisdiction} license was presented`,
    };
  const after = monthsBefore(expiry, w.months);
  return {
    ok: true,
    window: {
      after,
      through: today < expiry ? today : expiry,
      span: `in the ${w.jurisdiction} license cycle ${day(new Date(Date.parse(after + 'T00:00:00Z') + 86_400_000))} to ${expiry}`,
    },
  };
}
