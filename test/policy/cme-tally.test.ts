// Tallying CME certificates against a rule (src/policy/cme-tally.ts): what each certificate gives
// each minimum (creditsToward: Category 1 and its equivalents, documented topic credits, excluded
// topics, a credit type), the window (from, to] by activityEndDate, de-duplication by (issuer,
// activityId), invalid certificates, quarter-credit arithmetic and the summary. The presets at
// their edges are in cme-rules.test.ts, the windows themselves in cme-window.test.ts.
import { describe, expect, it } from 'vitest';
import { CATEGORY_1, CME_PRESETS, type CmeRequirement, type CmeRule } from '../../src/policy/cme-rules.js';
import { creditsToward, tallyCme, type CmeCertificate } from '../../src/policy/cme-tally.js';
import { NOW_S } from '../helpers.js';
import { AAFP, AOA_1A, at, cat2, cert, CATEGORY_2, TODAY } from './builders.js';

const ACR = 'did:key:z6MkACR';
const rule = (months: number, ...requirements: CmeRequirement[]): CmeRule => ({
  name: 'custom',
  description: 'custom',
  window: { type: 'rolling', months },
  requirements: requirements.length ? requirements : [{ label: 'total', credits: 1 }],
});
const total = (credits: number) => ({ label: 'total', credits });
const ABR_LIKE = rule(36, { label: 'Category 1', credits: 75, category1: true });
const tally = (
  certs: CmeCertificate[],
  r: CmeRule | string = ABR_LIKE,
  now = NOW_S,
  expiry?: (j: string) => string | undefined,
) => tallyCme(certs, typeof r === 'string' ? CME_PRESETS[r]! : r, now, expiry);
/** credits (not quarters) a certificate gives a requirement */
const toward = (c: CmeCertificate, r: CmeRequirement) => creditsToward(c, r) / 4;
const SAFETY: CmeRequirement = { label: 'patient safety', credits: 12, topics: ['patient safety'] };

describe('Category 1 and its equivalents (DESIGN.md "Credentialing policy")', () => {
  const cat1: CmeRequirement = { label: 'Category 1', credits: 1, category1: true };

  it.each([[CATEGORY_1], [AOA_1A], [AAFP]])('%s counts as Category 1', (creditType) => {
    expect(toward(cert(12.5, { creditType }), cat1)).toBe(12.5);
  });

  it.each([[CATEGORY_2], ['Other'], ['AOA Category 2-A Credit'], ['ama pra category 1 credit']])(
    '%s does not',
    (creditType) => {
      expect(toward(cert(12.5, { creditType }), cat1)).toBe(0);
    },
  );

  it('75 Category 1 made of all three kinds meets a 75-credit Category 1 minimum; 74.75 does not', () => {
    expect(tally([cert(25), cert(25, { creditType: AOA_1A }), cert(25, { creditType: AAFP })]).met).toBe(true);
    expect(
      tally([cert(25), cert(25, { creditType: AOA_1A }), cert(24.75, { creditType: AAFP })]).requirements[0]!.short,
    ).toBe(0.25);
  });

  it('a requirement of one creditType counts that type exactly (an equivalent is not the same type)', () => {
    const r: CmeRequirement = { label: 'AMA only', credits: 1, creditType: CATEGORY_1 };
    expect([toward(cert(3), r), toward(cert(3, { creditType: AOA_1A }), r)]).toEqual([3, 0]);
  });
});

describe('topic minimums count documented topic credits only', () => {
  it('a certificate with one topic and no topicCredits counts whole', () => {
    expect(toward(cert(6.5, { topics: ['patient safety'] }), SAFETY)).toBe(6.5);
  });

  it('a certificate with several topics and no topicCredits counts nothing toward any of them', () => {
    expect(toward(cert(6.5, { topics: ['patient safety', 'mammography'] }), SAFETY)).toBe(0);
    expect(
      toward(cert(6.5, { topics: ['patient safety', 'mammography'] }), {
        label: 'mammography',
        credits: 1,
        topics: ['mammography'],
      }),
    ).toBe(0);
  });

  it('topicCredits: the entry for the topic, and nothing for a topic it has no entry for (even a one-topic certificate)', () => {
    const c = cert(10, {
      topics: ['patient safety', 'mammography'],
      topicCredits: [
        { topic: 'patient safety', credits: 1.75 },
        { topic: 'mammography', credits: 8 },
      ],
    });
    expect(toward(c, SAFETY)).toBe(1.75);
    expect(
      toward(cert(10, { topics: ['patient safety'], topicCredits: [{ topic: 'mammography', credits: 10 }] }), SAFETY),
    ).toBe(0);
  });

  it('a topicCredits entry larger than the credits earned gives the credits earned', () => {
    expect(
      toward(cert(2, { topics: ['patient safety'], topicCredits: [{ topic: 'patient safety', credits: 5 }] }), SAFETY),
    ).toBe(2);
  });

  it('several matched topics: the largest documented, never their sum (one session may carry both tags)', () => {
    const r: CmeRequirement = { label: 'ethics', credits: 2, topics: ['ethics', 'professional responsibility'] };
    const c = cert(3, {
      topics: ['ethics', 'professional responsibility'],
      topicCredits: [
        { topic: 'ethics', credits: 1 },
        { topic: 'professional responsibility', credits: 1.5 },
      ],
    });
    expect(toward(c, r)).toBe(1.5);
  });

  it('regression (issue 12): two certificates tagged ["mammography", "patient safety"] of 31.25 and 28.5 credits, no topicCredits, give 0 patient-safety credits (59.75 before)', () => {
    const t = tally(
      [
        cert(31.25, { topics: ['mammography', 'patient safety'] }),
        cert(28.5, { topics: ['mammography', 'patient safety'] }),
      ],
      rule(36, SAFETY),
    );
    expect(t.requirements[0]).toEqual({ label: 'patient safety', required: 12, earned: 0, short: 12 });
    expect(t.met).toBe(false);
  });

  it('regression (issue 12): the same two certificates with topicCredits give exactly the documented sum', () => {
    const t = tally(
      [
        cert(31.25, {
          topics: ['mammography', 'patient safety'],
          topicCredits: [
            { topic: 'mammography', credits: 25 },
            { topic: 'patient safety', credits: 6.25 },
          ],
        }),
        cert(28.5, {
          topics: ['mammography', 'patient safety'],
          topicCredits: [
            { topic: 'mammography', credits: 22.75 },
            { topic: 'patient safety', credits: 5.75 },
          ],
        }),
      ],
      rule(36, SAFETY),
    );
    expect(t.requirements[0]).toEqual({ label: 'patient safety', required: 12, earned: 12, short: 0 });
    expect(t.met).toBe(true);
  });

  it('each counted certificate says what it gave each requirement (the verify table shows "1 of 4", not its 4 earned)', () => {
    const t = tally(
      [cert(4, { topics: ['mammography', 'ethics'], topicCredits: [{ topic: 'mammography', credits: 1 }] })],
      rule(
        36,
        total(1),
        { label: 'mammography', credits: 1, topics: ['mammography'] },
        { label: 'ethics', credits: 1, topics: ['ethics'] },
      ),
    );
    expect(t.counted.map((c) => [c.credits, c.toward])).toEqual([[4, [4, 1, 0]]]);
  });

  it('a topic Category 1 minimum needs both: Category 2 credits in the topic give nothing', () => {
    const r: CmeRequirement = { label: 'Category 1 ethics', credits: 2, category1: true, topics: ['ethics'] };
    expect([
      toward(cert(2, { topics: ['ethics'] }), r),
      toward(cat2(2, { topics: ['ethics'] }), r),
      toward(cert(2), r),
    ]).toEqual([2, 0, 0]);
  });
});

describe('excluded topics', () => {
  const safetyNotOpioids: CmeRequirement = {
    label: 'safety',
    credits: 12,
    topics: ['patient safety'],
    excludeTopics: ['opioid prescribing'],
  };
  const anyNotOpioids: CmeRequirement = {
    label: 'total, not opioids',
    credits: 12,
    excludeTopics: ['opioid prescribing'],
  };

  it('credits documented for an excluded topic are taken out of what the certificate can give', () => {
    const c = cert(4, {
      topics: ['patient safety', 'opioid prescribing'],
      topicCredits: [
        { topic: 'patient safety', credits: 3 },
        { topic: 'opioid prescribing', credits: 2 },
      ],
    });
    expect(toward(c, safetyNotOpioids)).toBe(2); // 3 documented, but only 4 - 2 are not opioid hours
    expect(toward(c, anyNotOpioids)).toBe(2);
  });

  it('a one-topic certificate of an excluded topic gives a minimum without topics nothing', () => {
    expect(toward(cert(5, { topics: ['opioid prescribing'] }), anyNotOpioids)).toBe(0);
    expect(toward(cert(5, { topics: ['ethics'] }), anyNotOpioids)).toBe(5);
  });

  it('excluded hours never make a minimum negative', () => {
    const c = cert(1, { topics: ['opioid prescribing'], topicCredits: [{ topic: 'opioid prescribing', credits: 1 }] });
    expect(toward(c, anyNotOpioids)).toBe(0);
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
    expect(t.excluded).toEqual([
      { digest: bad.digest, activityId: bad.activityId, reason: 'earned-exceeds-available' },
    ]);
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
    const t = tally(
      [cert(1, { activityEndDate: '2026-02-28' }), cert(1, { activityEndDate: '2026-03-01' })],
      rule(3),
      now,
    );
    expect(t.windowFrom).toBe('2026-02-28');
    expect(t.counted.map((c) => c.activityEndDate)).toEqual(['2026-03-01']);
  });

  it('leap years: twelve months to 2028-02-29 start after 2027-02-28; three months to 2028-05-31 after 2028-02-29', () => {
    const a = tally(
      [cert(1, { activityEndDate: '2027-02-28' }), cert(1, { activityEndDate: '2027-03-01' })],
      rule(12),
      at('2028-02-29'),
    );
    expect(a.windowFrom).toBe('2027-02-28');
    expect(a.counted.map((c) => c.activityEndDate)).toEqual(['2027-03-01']);
    const b = tally(
      [cert(1, { activityEndDate: '2028-02-29' }), cert(1, { activityEndDate: '2028-03-01' })],
      rule(3),
      at('2028-05-31'),
    );
    expect(b.windowFrom).toBe('2028-02-29');
    expect(b.counted.map((c) => c.activityEndDate)).toEqual(['2028-03-01']);
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
    const t = tally(certs, rule(36, total(175)));
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
    expect(t.counted[0]).toMatchObject({
      activityId: used.activityId,
      activityTitle: 'RSNA 2025',
      activityEndDate: '2025-12-04',
      credits: 50,
      creditType: CATEGORY_1,
      topics: ['mammography'],
    });
    expect(t.excluded.map((e) => e.reason).sort()).toEqual(['duplicate', 'outside-window']);
    expect(t.excluded.find((e) => e.reason === 'outside-window')!.digest).toBe(old.digest);
  });

  it('no certificates at all: every minimum short by its full amount', () => {
    const t = tally([], 'pa');
    expect(t.met).toBe(false);
    expect(t.requirements.map((r) => [r.label, r.earned, r.short])).toEqual([
      ['total', 0, 100],
      ['Category 1', 0, 20],
      ['patient safety or risk management', 0, 12],
      ['child abuse recognition', 0, 2],
      ['pain management or opioids', 0, 2],
    ]);
  });

  it("carries the rule's name, description and citation, and the window it was placed in", () => {
    const t = tally([], 'mqsa');
    expect(t).toMatchObject({
      rule: 'mqsa',
      description: CME_PRESETS.mqsa!.description,
      citation: CME_PRESETS.mqsa!.citation,
      windowFrom: '2023-11-27',
      windowTo: TODAY,
      span: `in the 36 months to ${TODAY}`,
    });
    expect('citation' in tally([], rule(12))).toBe(false);
  });

  it('a window that cannot be placed (no license in the state): not met even when every minimum is, every certificate outside', () => {
    const TXCYCLE: CmeRule = {
      ...rule(24, total(1)),
      window: { type: 'license-cycle', months: 24, jurisdiction: 'US-TX' },
    };
    const c = cert(10, { activityEndDate: TODAY });
    const t = tally([c], TXCYCLE);
    expect([t.met, t.summary]).toEqual([
      false,
      'the window is the US-TX license cycle, and no verified US-TX license was presented',
    ]);
    expect(t.counted).toEqual([]);
    expect(tally([c], TXCYCLE, NOW_S, () => '2027-08-31').met).toBe(true);
  });

  it('the summary when met: each minimum earned of required, and the window', () => {
    expect(tally([cert(80)]).summary).toBe(`80 of 75 Category 1 credits in the 36 months to ${TODAY}`);
  });
});
