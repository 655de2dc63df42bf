// Tallying CME certificates against the presets and custom rules: thresholds at and a quarter
// credit below, the window (from, to] by activityEndDate, month-end clamping, de-duplication by
// (issuer, activityId), invalid certificates, quarter-credit arithmetic and the summary sentence.
import { describe, expect, it } from 'vitest';
import { CATEGORY_1, CME_PRESETS, type CmeRule } from '../../src/policy/cme-rules.js';
import { monthsBefore, tallyCme, type CmeCertificate } from '../../src/policy/cme-tally.js';
import { NOW_S } from '../helpers.js';

const CATEGORY_2 = 'AMA PRA Category 2 Credit';
const RSNA = 'did:key:zQ3shRSNA';
const ACR = 'did:key:z6MkACR';
const TODAY = '2026-11-27'; // the date of NOW_S

let n = 0;
function cert(creditsEarned: number, extra: Partial<CmeCertificate> = {}): CmeCertificate {
  n++;
  return {
    digest: `sha256:${n.toString(16).padStart(64, '0')}`,
    issuer: RSNA,
    activityId: `ACT-${n}`,
    activityTitle: `Activity ${n}`,
    activityEndDate: '2026-06-15',
    creditType: CATEGORY_1,
    creditsAvailable: 1000,
    creditsEarned,
    topics: [],
    ...extra,
  };
}
const cat2 = (credits: number, extra: Partial<CmeCertificate> = {}) => cert(credits, { creditType: CATEGORY_2, ...extra });
const preset = (name: string) => CME_PRESETS[name]!;
const tally = (certs: CmeCertificate[], rule: CmeRule | string, now = NOW_S) => tallyCme(certs, typeof rule === 'string' ? preset(rule) : rule, now);
/** label -> credits short */
const shortBy = (t: ReturnType<typeof tally>) => Object.fromEntries(t.requirements.map((r) => [r.label, r.short]));
const at = (date: string, time = '18:00:00') => Date.parse(`${date}T${time}Z`) / 1000;
const rule = (windowMonths: number, credits = 1): CmeRule => ({ name: 'custom', description: 'custom', windowMonths, requirements: [{ label: 'total', credits }] });

describe('abr: 75 Category 1 credits in 36 months', () => {
  it('passes at exactly 75', () => {
    const certs = [cert(25), cert(25), cert(25)];
    const t = tally(certs, 'abr');
    expect(t.met).toBe(true);
    expect(t.requirements).toEqual([{ label: 'Category 1', required: 75, earned: 75, short: 0 }]);
    expect(t.counted.map((c) => c.digest).sort()).toEqual(certs.map((c) => c.digest).sort());
    expect(t.excluded).toEqual([]);
  });

  it('fails at 74.75: "0.25 Category 1 credits short in the 36 months to <date>"', () => {
    const t = tally([cert(25), cert(25), cert(24.75)], 'abr');
    expect(t.met).toBe(false);
    expect(t.requirements[0]).toMatchObject({ earned: 74.75, short: 0.25 });
    expect(t.summary).toBe(`0.25 Category 1 credits short in the 36 months to ${TODAY}`);
  });

  it('a computed shortfall: 62.25 earned is 12.75 short', () => {
    const t = tally([cert(31.25), cert(16), cert(15)], 'abr');
    expect(t.requirements[0]!.short).toBe(12.75);
    expect(t.summary).toBe('12.75 Category 1 credits short in the 36 months to 2026-11-27');
  });

  it('Category 2 and "Other" credits do not count', () => {
    const t = tally([cert(74.75), cat2(50), cert(50, { creditType: 'Other' })], 'abr');
    expect(t.met).toBe(false);
    expect(t.requirements[0]!.earned).toBe(74.75);
    // but they are in the window, so they are listed as counted certificates (for other minimums)
    expect(t.counted).toHaveLength(3);
  });

  it('the window is 36 months: a certificate ended 36 months and a day before is outside', () => {
    const old = cert(1, { activityEndDate: '2023-11-26' });
    const t = tally([cert(74.75), old], 'abr');
    expect(t.windowFrom).toBe('2023-11-27');
    expect(t.windowTo).toBe(TODAY);
    expect(t.met).toBe(false);
    expect(t.excluded).toEqual([{ digest: old.digest, activityId: old.activityId, reason: 'outside-window' }]);
  });
});

describe('tx: 48 total, at least 24 Category 1 and 2 in ethics, 24 months', () => {
  // 22 Category 1 + 2 Category 1 in ethics + 24 Category 2 = 48 total, 24 Category 1, 2 ethics
  const base = (a = 22, ethics = 2, other = 24) => [cert(a), cert(ethics, { topics: ['ethics'] }), cat2(other)];

  it('passes with every minimum exactly met', () => {
    const t = tally(base(), 'tx');
    expect(t.met).toBe(true);
    expect(t.requirements.map((r) => [r.label, r.earned])).toEqual([['total', 48], ['Category 1', 24], ['ethics', 2]]);
  });

  it('47.75 total (Category 1 and ethics met) fails the total only', () => {
    const t = tally(base(22, 2, 23.75), 'tx');
    expect(t.met).toBe(false);
    expect(shortBy(t)).toEqual({ total: 0.25, 'Category 1': 0, ethics: 0 });
  });

  it('23.75 Category 1 (total and ethics met) fails Category 1 only', () => {
    const t = tally(base(21.75, 2, 24.25), 'tx');
    expect(t.met).toBe(false);
    expect(shortBy(t)).toEqual({ total: 0, 'Category 1': 0.25, ethics: 0 });
  });

  it('1.75 in ethics (total and Category 1 met) fails ethics only', () => {
    const t = tally(base(22.25, 1.75, 24), 'tx');
    expect(t.met).toBe(false);
    expect(shortBy(t)).toEqual({ total: 0, 'Category 1': 0, ethics: 0.25 });
  });

  it('ethics credits of any credit type count toward the ethics minimum', () => {
    const t = tally([cert(24), cat2(22), cat2(2, { topics: ['ethics'] })], 'tx');
    expect(t.met).toBe(true);
  });

  it('the window is 24 months', () => {
    const t = tally([...base(), cert(10, { activityEndDate: '2024-11-27' })], 'tx');
    expect(t.windowFrom).toBe('2024-11-27');
    expect(t.excluded.map((e) => e.reason)).toEqual(['outside-window']);
  });
});

describe('ca: 50 credits in 24 months', () => {
  it('passes at 50 of any credit type, fails at 49.75', () => {
    expect(tally([cert(20), cat2(20), cert(10, { creditType: 'Other' })], 'ca').met).toBe(true);
    const t = tally([cert(20), cat2(20), cert(9.75, { creditType: 'Other' })], 'ca');
    expect(t.met).toBe(false);
    expect(shortBy(t)).toEqual({ total: 0.25 });
  });

  it('credits older than 24 months do not count', () => {
    const t = tally([cert(49.75), cert(5, { activityEndDate: '2024-11-01' })], 'ca');
    expect(t.met).toBe(false);
    expect(t.requirements[0]!.earned).toBe(49.75);
  });
});

describe('pa: 100 total, at least 20 Category 1 and 12 in patient safety, 24 months', () => {
  // 8 Category 1 + 12 Category 1 in patient safety + 80 Category 2 = 100 total, 20 Category 1, 12 patient safety
  const base = (a = 8, safety = 12, other = 80) => [cert(a), cert(safety, { topics: ['patient safety', 'mammography'] }), cat2(other)];

  it('passes with every minimum exactly met', () => {
    const t = tally(base(), 'pa');
    expect(t.met).toBe(true);
    expect(t.requirements.map((r) => [r.label, r.earned])).toEqual([['total', 100], ['Category 1', 20], ['patient safety', 12]]);
  });

  it('99.75 total fails the total only', () => {
    expect(shortBy(tally(base(8, 12, 79.75), 'pa'))).toEqual({ total: 0.25, 'Category 1': 0, 'patient safety': 0 });
  });

  it('19.75 Category 1 fails Category 1 only', () => {
    expect(shortBy(tally(base(7.75, 12, 80.25), 'pa'))).toEqual({ total: 0, 'Category 1': 0.25, 'patient safety': 0 });
  });

  it('11.75 in patient safety fails patient safety only', () => {
    expect(shortBy(tally(base(8.25, 11.75, 80), 'pa'))).toEqual({ total: 0, 'Category 1': 0, 'patient safety': 0.25 });
  });
});

describe('mqsa: 15 Category 1 credits in mammography, 36 months', () => {
  it('passes at 15 Category 1 in mammography', () => {
    const t = tally([cert(10, { topics: ['mammography'] }), cert(5, { topics: ['ethics', 'mammography'] })], 'mqsa');
    expect(t.met).toBe(true);
  });

  it('mammography credits of Category 2, and Category 1 credits in other topics, do not count', () => {
    const t = tally([cert(14.75, { topics: ['mammography'] }), cat2(30, { topics: ['mammography'] }), cert(40, { topics: ['patient safety'] })], 'mqsa');
    expect(t.met).toBe(false);
    expect(t.requirements[0]).toMatchObject({ required: 15, earned: 14.75, short: 0.25 });
  });

  it('counts 36 months back', () => {
    const t = tally([cert(15, { topics: ['mammography'], activityEndDate: '2023-11-28' })], 'mqsa');
    expect(t.met).toBe(true);
  });
});

describe('de-duplication by (issuer, activityId)', () => {
  it('the same activity from the same issuer counts once; the copy is excluded as a duplicate', () => {
    const a = cert(40, { activityId: 'RSNA25-AM' });
    const b = cert(40, { activityId: 'RSNA25-AM' });
    const t = tally([a, b], 'abr');
    expect(t.requirements[0]!.earned).toBe(40);
    expect(t.counted).toHaveLength(1);
    expect(t.excluded).toHaveLength(1);
    expect(t.excluded[0]).toMatchObject({ activityId: 'RSNA25-AM', reason: 'duplicate' });
    expect([t.counted[0]!.digest, t.excluded[0]!.digest].sort()).toEqual([a.digest, b.digest].sort());
  });

  it('which copy counts does not depend on the order presented', () => {
    const copies = [cert(40, { activityId: 'X-1' }), cert(40, { activityId: 'X-1' }), cert(40, { activityId: 'X-1' })];
    const forward = tally(copies, 'abr');
    const backward = tally([...copies].reverse(), 'abr');
    expect(backward.counted.map((c) => c.digest)).toEqual(forward.counted.map((c) => c.digest));
    expect(forward.excluded.filter((e) => e.reason === 'duplicate')).toHaveLength(2);
  });

  it('the same activityId from another issuer counts separately', () => {
    const t = tally([cert(40, { activityId: 'AM-2025' }), cert(35, { activityId: 'AM-2025', issuer: ACR })], 'abr');
    expect(t.met).toBe(true);
    expect(t.counted).toHaveLength(2);
    expect(t.excluded).toEqual([]);
  });
});

describe('invalid certificates', () => {
  it('creditsEarned > creditsAvailable is excluded with reason earned-exceeds-available', () => {
    const bad = cert(75.25, { creditsAvailable: 75 });
    const t = tally([bad], 'abr');
    expect(t.met).toBe(false);
    expect(t.counted).toEqual([]);
    expect(t.excluded).toEqual([{ digest: bad.digest, activityId: bad.activityId, reason: 'earned-exceeds-available' }]);
    expect(t.requirements[0]!.earned).toBe(0);
  });

  it('earned equal to available counts', () => {
    expect(tally([cert(75, { creditsAvailable: 75 })], 'abr').met).toBe(true);
  });

  it('an invalid certificate does not stand in for a valid copy of the same activity', () => {
    const bad = cert(80, { creditsAvailable: 75, activityId: 'SAME' });
    const good = cert(75, { creditsAvailable: 75, activityId: 'SAME' });
    const t = tally([bad, good], 'abr');
    expect(t.met).toBe(true);
    expect(t.counted.map((c) => c.digest)).toEqual([good.digest]);
  });
});

describe('the window: the N months ending at the verification date, (from, to]', () => {
  const edge = (activityEndDate: string, now = NOW_S) => {
    const t = tally([cert(1, { activityEndDate })], rule(36), now);
    return t.counted.length === 1 ? 'inside' : t.excluded[0]!.reason;
  };

  it('exactly N months before is outside, one day later inside', () => {
    expect(edge('2023-11-27')).toBe('outside-window');
    expect(edge('2023-11-28')).toBe('inside');
  });

  it('the verification date itself is inside, the day after (a future date) outside', () => {
    expect(edge(TODAY)).toBe('inside');
    expect(edge('2026-11-28')).toBe('outside-window');
    expect(edge('2027-03-01')).toBe('outside-window');
  });

  it('the date is the UTC date of the clock, at any time of day', () => {
    expect(edge(TODAY, at(TODAY, '00:00:00'))).toBe('inside');
    expect(edge(TODAY, at(TODAY, '23:59:59'))).toBe('inside');
    expect(edge('2026-11-28', at(TODAY, '23:59:59'))).toBe('outside-window');
    expect(edge('2023-11-27', at(TODAY, '00:00:00'))).toBe('outside-window');
  });

  it('month-end: three months to 2026-05-31 start after 2026-02-28', () => {
    const now = at('2026-05-31');
    const t = tally([cert(1, { activityEndDate: '2026-02-28' }), cert(1, { activityEndDate: '2026-03-01' })], rule(3), now);
    expect(t.windowFrom).toBe('2026-02-28');
    expect(t.counted.map((c) => c.activityEndDate)).toEqual(['2026-03-01']);
  });

  it('leap years: twelve months to 2028-02-29 start after 2027-02-28; three months to 2028-05-31 after 2028-02-29', () => {
    const a = tally([cert(1, { activityEndDate: '2027-02-28' }), cert(1, { activityEndDate: '2027-03-01' })], rule(12), at('2028-02-29'));
    expect(a.windowFrom).toBe('2027-02-28');
    expect(a.counted.map((c) => c.activityEndDate)).toEqual(['2027-03-01']);
    const b = tally([cert(1, { activityEndDate: '2028-02-29' }), cert(1, { activityEndDate: '2028-03-01' })], rule(3), at('2028-05-31'));
    expect(b.windowFrom).toBe('2028-02-29');
    expect(b.counted.map((c) => c.activityEndDate)).toEqual(['2028-03-01']);
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
  ])('monthsBefore(%s, %i) = %s', (date, months, expected) => {
    expect(monthsBefore(date, months)).toBe(expected);
  });
});

describe('quarter-credit arithmetic', () => {
  it('300 certificates of 0.25 are exactly 75', () => {
    const certs = Array.from({ length: 300 }, () => cert(0.25));
    const t = tally(certs, 'abr');
    expect(t.requirements[0]!.earned).toBe(75);
    expect(t.met).toBe(true);
    expect(tally(certs.slice(1), 'abr').requirements[0]!.short).toBe(0.25);
  });

  it('mixed quarters sum exactly: 100 x 0.75 + 3 x 33.25 + 0.25 = 175', () => {
    const certs = [...Array.from({ length: 100 }, () => cert(0.75)), cert(33.25), cert(33.25), cert(33.25), cert(0.25)];
    const t = tally(certs, rule(36, 175));
    expect(t.requirements[0]).toMatchObject({ earned: 175, short: 0 });
    expect(t.met).toBe(true);
  });

  it('shortfalls are exact too: 0.25 short after many quarters', () => {
    const certs = Array.from({ length: 299 }, () => cert(0.25));
    expect(tally(certs, 'abr').summary).toBe(`0.25 Category 1 credits short in the 36 months to ${TODAY}`);
  });
});

describe('the tally lists which certificates counted', () => {
  it('counted carries each certificate used, with its credits; excluded the rest with a reason', () => {
    const used = cert(50, { activityTitle: 'RSNA 2025', activityEndDate: '2025-12-04', topics: ['mammography'] });
    const old = cert(50, { activityEndDate: '2020-01-01' });
    const dup = cert(50, { activityId: used.activityId, activityEndDate: used.activityEndDate });
    const t = tally([old, used, dup], 'abr');
    expect(t.rule).toBe('abr');
    expect(t.counted).toHaveLength(1);
    expect(t.counted[0]).toMatchObject({ activityId: used.activityId, activityTitle: 'RSNA 2025', activityEndDate: '2025-12-04', credits: 50, creditType: CATEGORY_1, topics: ['mammography'] });
    expect(t.excluded.map((e) => e.reason).sort()).toEqual(['duplicate', 'outside-window']);
    expect(t.excluded.find((e) => e.reason === 'outside-window')!.digest).toBe(old.digest);
  });

  it('no certificates at all: every minimum short by its full amount', () => {
    const t = tally([], 'tx');
    expect(t.met).toBe(false);
    expect(shortBy(t)).toEqual({ total: 48, 'Category 1': 24, ethics: 2 });
  });
});
