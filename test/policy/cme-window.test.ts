// Where a CME rule's window lies on the decision day (src/policy/cme-window.ts), as (after, through]:
// rolling windows ending on the decision day, fixed cycles counted from an anchor (PA: 1 January
// of an odd year to 31 December of the next even year), and license cycles ending at the
// expiration of the holder's license in the rule's state. A cycle still under way counts only up
// to the decision day.
import { describe, expect, it } from 'vitest';
import type { CmeWindow } from '../../src/policy/cme-rules.js';
import { monthsBefore, windowOn, type WindowSpan } from '../../src/policy/cme-window.js';

const noLicense = () => undefined;
const placed = (w: CmeWindow, today: string, expiry: (j: string) => string | undefined = noLicense): WindowSpan => {
  const outcome = windowOn(w, today, expiry);
  if (!outcome.ok) throw new Error(outcome.why);
  return outcome.window;
};
const fixed = (months: number, anchor: string): CmeWindow => ({ type: 'fixed', months, anchor });
/** [after, through] */
const bounds = (w: WindowSpan) => [w.after, w.through];

describe('rolling windows: the N months ending on the decision day', () => {
  it('36 months to 2026-11-27 (ABR, MQSA): after 2023-11-27, through 2026-11-27', () => {
    expect(placed({ type: 'rolling', months: 36 }, '2026-11-27')).toEqual({
      after: '2023-11-27',
      through: '2026-11-27',
      span: 'in the 36 months to 2026-11-27',
    });
  });

  it('month ends clamp: three months to 2026-05-31 start after 2026-02-28', () => {
    expect(bounds(placed({ type: 'rolling', months: 3 }, '2026-05-31'))).toEqual(['2026-02-28', '2026-05-31']);
  });
});

describe('fixed cycles', () => {
  const PA = fixed(24, '2025-01-01'); // 49 Pa. Code § 16.19(b): the biennial renewal period

  it('PA on 2026-11-27: the cycle 2025-01-01 to 2026-12-31, in progress, so it counts up to 2026-11-27 only', () => {
    expect(placed(PA, '2026-11-27')).toEqual({
      after: '2024-12-31',
      through: '2026-11-27',
      span: 'in the cycle 2025-01-01 to 2026-12-31',
    });
  });

  it("PA on the cycle's first and last day: 2025-01-01 and 2026-12-31 are in the same cycle", () => {
    expect(placed(PA, '2025-01-01')).toMatchObject({
      after: '2024-12-31',
      through: '2025-01-01',
      span: 'in the cycle 2025-01-01 to 2026-12-31',
    });
    expect(placed(PA, '2026-12-31')).toMatchObject({
      after: '2024-12-31',
      through: '2026-12-31',
      span: 'in the cycle 2025-01-01 to 2026-12-31',
    });
  });

  it('PA cycle boundary: 2027-01-01 starts a new cycle, 2027-01-01 to 2028-12-31, with nothing before it counting', () => {
    expect(placed(PA, '2027-01-01')).toEqual({
      after: '2026-12-31',
      through: '2027-01-01',
      span: 'in the cycle 2027-01-01 to 2028-12-31',
    });
  });

  it('cycles run backwards from the anchor too: 2024-06-30 is in 2023-01-01 to 2024-12-31', () => {
    expect(placed(PA, '2024-06-30')).toEqual({
      after: '2022-12-31',
      through: '2024-06-30',
      span: 'in the cycle 2023-01-01 to 2024-12-31',
    });
  });

  it('a mid-month anchor (2025-07-15, 12 months): the 14th closes a cycle, the 15th opens the next', () => {
    const w = fixed(12, '2025-07-15');
    expect(placed(w, '2026-07-14')).toEqual({
      after: '2025-07-14',
      through: '2026-07-14',
      span: 'in the cycle 2025-07-15 to 2026-07-14',
    });
    expect(placed(w, '2026-07-15')).toEqual({
      after: '2026-07-14',
      through: '2026-07-15',
      span: 'in the cycle 2026-07-15 to 2027-07-14',
    });
    // the month count alone would put 2025-07-01 in the cycle of July 2025; the day puts it before
    expect(placed(w, '2025-07-01')).toMatchObject({
      after: '2024-07-14',
      span: 'in the cycle 2024-07-15 to 2025-07-14',
    });
    expect(placed(w, '2030-01-20')).toMatchObject({
      after: '2029-07-14',
      through: '2030-01-20',
      span: 'in the cycle 2029-07-15 to 2030-07-14',
    });
  });

  it('a mid-month anchor on 6-month cycles, decided in a later year: 2027-03-10 is in 2027-01-15 to 2027-07-14', () => {
    expect(placed(fixed(6, '2025-07-15'), '2027-03-10')).toEqual({
      after: '2027-01-14',
      through: '2027-03-10',
      span: 'in the cycle 2027-01-15 to 2027-07-14',
    });
  });

  it('a month-end anchor: one cycle ends the day before the next begins, no day between them is lost', () => {
    // cycles from 2024-01-31 of one month start 2024-01-31, 2024-02-29, 2024-03-31, 2024-04-30
    const w = fixed(1, '2024-01-31');
    expect(placed(w, '2024-03-30')).toEqual({
      after: '2024-02-28',
      through: '2024-03-30',
      span: 'in the cycle 2024-02-29 to 2024-03-30',
    });
    expect(placed(w, '2024-03-31')).toEqual({
      after: '2024-03-30',
      through: '2024-03-31',
      span: 'in the cycle 2024-03-31 to 2024-04-29',
    });
    // a leap-day anchor, two-year cycles: 2026-02-28 to 2028-02-28, then 2028-02-29
    const leap = fixed(24, '2024-02-29');
    expect(placed(leap, '2028-02-28')).toEqual({
      after: '2026-02-27',
      through: '2028-02-28',
      span: 'in the cycle 2026-02-28 to 2028-02-28',
    });
    expect(placed(leap, '2028-02-29')).toMatchObject({
      after: '2028-02-28',
      span: 'in the cycle 2028-02-29 to 2030-02-27',
    });
  });

  it('regression: a cycle that ends after 9999-12-31 (the last --now) is placed, not a RangeError', () => {
    expect(placed(PA, '9999-12-31')).toMatchObject({ after: '9998-12-31', through: '9999-12-31' });
    expect(placed(PA, '9999-01-01')).toMatchObject({ after: '9998-12-31', through: '9999-01-01' });
    expect(placed(fixed(12, '2025-07-15'), '9999-12-31')).toMatchObject({ after: '9999-07-14', through: '9999-12-31' });
  });
});

describe("license cycles: the N months to the expiration of the license in the rule's state", () => {
  const TX: CmeWindow = { type: 'license-cycle', months: 24, jurisdiction: 'US-TX' };
  const expiries: Record<string, string> = { 'US-TX': '2027-08-31', 'US-CA': '2028-01-31' };
  const expiry = (j: string) => expiries[j];

  it('TX license expiring 2027-08-31, decided 2026-11-27: after 2025-08-31, counting up to the decision day', () => {
    expect(placed(TX, '2026-11-27', expiry)).toEqual({
      after: '2025-08-31',
      through: '2026-11-27',
      span: 'in the US-TX license cycle 2025-09-01 to 2027-08-31',
    });
  });

  it('decided after the expiration: the cycle ends on the expiration day', () => {
    expect(bounds(placed(TX, '2027-10-01', expiry))).toEqual(['2025-08-31', '2027-08-31']);
  });

  it("the jurisdiction is the rule's: a California rule uses the California license", () => {
    expect(bounds(placed({ type: 'license-cycle', months: 24, jurisdiction: 'US-CA' }, '2026-11-27', expiry))).toEqual([
      '2026-01-31',
      '2026-11-27',
    ]);
  });

  it('no license in that state: no window, and why', () => {
    expect(windowOn(TX, '2026-11-27', (j) => (j === 'US-CA' ? '2028-01-31' : undefined))).toEqual({
      ok: false,
      why: 'the window is the US-TX license cycle, and no verified US-TX license was presented',
    });
  });
});

describe('monthsBefore', () => {
  it.each([
    ['2026-11-27', 36, '2023-11-27'],
    ['2026-11-27', 24, '2024-11-27'],
    ['2026-05-31', 3, '2026-02-28'],
    ['2026-03-31', 1, '2026-02-28'],
    ['2028-05-31', 3, '2028-02-29'],
    ['2028-02-29', 12, '2027-02-28'],
    ['2028-02-29', 48, '2024-02-29'],
    ['2026-01-15', 1, '2025-12-15'],
    ['2026-07-31', 1, '2026-06-30'],
    ['2026-12-31', 120, '2016-12-31'],
    ['2026-03-30', 1, '2026-02-28'],
    ['2025-01-01', -24, '2027-01-01'],
    ['2024-01-31', -1, '2024-02-29'],
  ])('monthsBefore(%s, %i) = %s', (date, months, expected) => {
    expect(monthsBefore(date, months)).toBe(expected);
  });

  it('past year 9999 the whole date is written (six digits and a sign), not cut at ten characters', () => {
    expect(monthsBefore('9999-01-01', -24)).toBe('+010001-01-01');
  });
});
