// The five CME presets (src/policy/cme-rules.ts) as the rules stand, each at its edge: met at its
// minimums, short a quarter credit below each one, and its window's first and last day. Each
// describe names the regulation or board page the preset cites, and checks that it cites it.
// Three presets were wrong before the 2026-12 engine (tx counted ethics of any credit type, ca
// any credit type at all, pa patient safety only over a rolling window); their tests say so.
import { describe, expect, it } from 'vitest';
import {
  CATEGORY_1,
  CATEGORY_1_TYPES,
  CME_PRESETS,
  cmePreset,
  describeWindow,
  PA_CHILD_ABUSE_TOPICS,
  PA_OPIOID_TOPICS,
} from '../../src/policy/cme-rules.js';
import { tallyCme, type CmeCertificate, type CmeTally } from '../../src/policy/cme-tally.js';
import { NOW_S } from '../helpers.js';
import { AAFP, AOA_1A, at, cat2, cert, TODAY } from './builders.js';

const preset = (name: string) => CME_PRESETS[name]!;
/** label -> credits short */
const shortBy = (t: CmeTally) => Object.fromEntries(t.requirements.map((r) => [r.label, r.short]));
const earnedBy = (t: CmeTally) => Object.fromEntries(t.requirements.map((r) => [r.label, r.earned]));
const licenses = (expiries: Record<string, string>) => (j: string) => expiries[j];
const tally = (
  certs: CmeCertificate[],
  name: string,
  now = NOW_S,
  expiry: (j: string) => string | undefined = () => undefined,
) => tallyCme(certs, preset(name), now, expiry);
const cites = (name: string, text: string) => it(`cites ${text}`, () => expect(preset(name).citation).toContain(text));

describe('the presets', () => {
  it('are abr, tx, ca, pa and mqsa, each with its window and minimums', () => {
    const shape = Object.fromEntries(
      Object.values(CME_PRESETS).map((r) => [
        r.name,
        [
          r.window,
          r.requirements.map((q) => [q.credits, q.category1 ?? false, q.topics ?? null, q.excludeTopics ?? null]),
        ],
      ]),
    );
    expect(shape).toEqual({
      abr: [{ type: 'rolling', months: 36 }, [[75, true, null, null]]],
      tx: [
        { type: 'license-cycle', months: 24, jurisdiction: 'US-TX' },
        [
          [48, false, null, null],
          [24, true, null, null],
          [2, true, ['ethics', 'professional responsibility'], null],
        ],
      ],
      ca: [{ type: 'license-cycle', months: 24, jurisdiction: 'US-CA' }, [[50, true, null, null]]],
      pa: [
        { type: 'fixed', months: 24, anchor: '2025-01-01' },
        [
          [100, false, null, null],
          [20, true, null, null],
          [12, false, ['patient safety', 'risk management'], [...PA_CHILD_ABUSE_TOPICS, ...PA_OPIOID_TOPICS]],
          [2, false, PA_CHILD_ABUSE_TOPICS, null],
          [2, false, PA_OPIOID_TOPICS, null],
        ],
      ],
      mqsa: [{ type: 'rolling', months: 36 }, [[15, true, ['mammography'], null]]],
    });
  });

  it('Category 1 is AMA PRA Category 1, AOA Category 1-A or AAFP Prescribed (DESIGN.md "Credentialing policy")', () => {
    expect(CATEGORY_1_TYPES).toEqual([CATEGORY_1, AOA_1A, AAFP]);
  });

  it('cmePreset finds a preset in any case, and nothing that is not one of its own keys', () => {
    expect(cmePreset('MQSA')).toBe(CME_PRESETS.mqsa);
    for (const name of ['ny', 'constructor', '__proto__', 'toString', ''])
      expect(cmePreset(name), name).toBeUndefined();
  });

  it('describeWindow says each kind of window in words', () => {
    expect(Object.values(CME_PRESETS).map((r) => describeWindow(r.window))).toEqual([
      'rolling 36 months',
      "24 months to the US-TX license's expiry",
      "24 months to the US-CA license's expiry",
      '24-month cycles from 2025-01-01',
      'rolling 36 months',
    ]);
  });
});

describe('abr (American Board of Radiology, Continuing Certification Part 2): 75 Category 1 in a rolling 36 months', () => {
  cites('abr', 'American Board of Radiology, Continuing Certification Part 2');

  it('met at exactly 75 Category 1', () => {
    const t = tally([cert(25), cert(25), cert(25)], 'abr');
    expect(t.met).toBe(true);
    expect(t.requirements).toEqual([{ label: 'Category 1', required: 75, earned: 75, short: 0 }]);
  });

  it('74.75: "0.25 Category 1 credits short in the 36 months to <today>"', () => {
    const t = tally([cert(25), cert(25), cert(24.75)], 'abr');
    expect(t.met).toBe(false);
    expect(t.summary).toBe(`0.25 Category 1 credits short in the 36 months to ${TODAY}`);
  });

  it('Category 2 and "Other" credits do not count (they are in the window all the same)', () => {
    const t = tally([cert(74.75), cat2(50), cert(50, { creditType: 'Other' })], 'abr');
    expect(t.requirements[0]).toMatchObject({ earned: 74.75, short: 0.25 });
    expect(t.counted).toHaveLength(3);
  });

  it('the window: a certificate ending 2023-11-28 counts, one ending 2023-11-27 (36 months before) does not', () => {
    expect(tally([cert(74.75), cert(0.25, { activityEndDate: '2023-11-28' })], 'abr').met).toBe(true);
    const t = tally([cert(74.75), cert(0.25, { activityEndDate: '2023-11-27' })], 'abr');
    expect(t.met).toBe(false);
    expect(t.excluded.map((e) => e.reason)).toEqual(['outside-window']);
  });
});

describe('tx (22 Tex. Admin. Code § 166.2(a)): 48 total, 24 Category 1, 2 Category 1 in ethics, in the US-TX license cycle', () => {
  cites('tx', '22 Tex. Admin. Code § 166.2(a)');
  const ETHICS = 'Category 1 ethics or professional responsibility';
  const TX = licenses({ 'US-TX': '2027-08-31' }); // the fixture license: the cycle is 2025-09-01 to 2027-08-31
  const tx = (certs: CmeCertificate[], now = NOW_S, expiry = TX) => tally(certs, 'tx', now, expiry);
  // 22 Category 1 + 2 Category 1 in ethics + 24 Category 2 = 48 total, 24 Category 1, 2 ethics
  const base = (a = 22, ethics = 2, other = 24) => [cert(a), cert(ethics, { topics: ['ethics'] }), cat2(other)];

  it('met with every minimum exactly met (the 2 ethics credits are among the 24 Category 1)', () => {
    const t = tx(base());
    expect(t.met).toBe(true);
    expect(earnedBy(t)).toEqual({ total: 48, 'Category 1': 24, [ETHICS]: 2 });
  });

  it('47.75 total fails the total only', () => {
    expect(shortBy(tx(base(22, 2, 23.75)))).toEqual({ total: 0.25, 'Category 1': 0, [ETHICS]: 0 });
  });

  it('23.75 Category 1 fails Category 1 only', () => {
    expect(shortBy(tx(base(21.75, 2, 24.25)))).toEqual({ total: 0, 'Category 1': 0.25, [ETHICS]: 0 });
  });

  it('1.75 ethics fails ethics only', () => {
    expect(shortBy(tx(base(22.25, 1.75, 24)))).toEqual({ total: 0, 'Category 1': 0, [ETHICS]: 0.25 });
  });

  it('corrected: ethics credits of Category 2 do not count toward the 2 (they were counted before: any credit type)', () => {
    const t = tx([cert(24), cat2(22), cat2(2, { topics: ['ethics'] })]);
    expect(t.met).toBe(false);
    expect(shortBy(t)).toEqual({ total: 0, 'Category 1': 0, [ETHICS]: 2 });
  });

  it('professional responsibility counts as ethics; AOA Category 1-A counts as Category 1 ("formal" credit)', () => {
    const t = tx([
      cert(22, { creditType: AOA_1A }),
      cert(2, { creditType: AOA_1A, topics: ['professional responsibility'] }),
      cat2(24),
    ]);
    expect(t.met).toBe(true);
  });

  it('the window is the 24 months to the TX license expiry: 2025-09-01 counts, 2025-08-31 does not', () => {
    const t = tx([...base(21.75), cert(0.25, { activityEndDate: '2025-09-01' })]);
    expect([t.windowFrom, t.windowTo, t.met]).toEqual(['2025-08-31', TODAY, true]);
    const out = tx([...base(21.75), cert(0.25, { activityEndDate: '2025-08-31' })]);
    expect(out.met).toBe(false);
    expect(out.summary).toBe(
      '0.25 total credits short, 0.25 Category 1 credits short in the US-TX license cycle 2025-09-01 to 2027-08-31',
    );
  });

  it('corrected: not a rolling 24 months: a certificate of 2024-12-01 is outside the license cycle', () => {
    const t = tx([...base(21.75), cert(0.25, { activityEndDate: '2024-12-01' })]);
    expect(t.met).toBe(false);
    expect(t.excluded.map((e) => e.reason)).toEqual(['outside-window']);
  });

  it('the cycle is under way: a certificate dated after the decision day does not count yet', () => {
    const t = tx([...base(21.75), cert(0.25, { activityEndDate: '2026-11-28' })]);
    expect(t.met).toBe(false);
    expect(tx([...base(21.75), cert(0.25, { activityEndDate: '2026-11-28' })], at('2026-11-28')).met).toBe(true);
  });

  it('no TX license: not met, and the summary says why (a California license does not place it)', () => {
    for (const expiry of [licenses({}), licenses({ 'US-CA': '2027-08-31' })]) {
      const t = tx(base(), NOW_S, expiry);
      expect(t.met).toBe(false);
      expect(t.summary).toBe('the window is the US-TX license cycle, and no verified US-TX license was presented');
    }
  });
});

describe('ca (Cal. Bus. & Prof. Code § 2190; 16 Cal. Code Regs. § 1336): 50 Category 1 or AAFP Prescribed in the US-CA license cycle', () => {
  cites('ca', 'Cal. Bus. & Prof. Code § 2190; 16 Cal. Code Regs. § 1336');
  const CA = licenses({ 'US-CA': '2027-01-31' }); // the cycle is 2025-02-01 to 2027-01-31
  const ca = (certs: CmeCertificate[], expiry = CA) => tally(certs, 'ca', NOW_S, expiry);

  it('met at 50 Category 1, short 0.25 at 49.75', () => {
    expect(ca([cert(30), cert(20)]).met).toBe(true);
    const t = ca([cert(30), cert(19.75)]);
    expect(t.met).toBe(false);
    expect(shortBy(t)).toEqual({ 'Category 1 or AAFP Prescribed': 0.25 });
  });

  it('AAFP Prescribed credit counts', () => {
    expect(ca([cert(25, { creditType: AAFP }), cert(25)]).met).toBe(true);
  });

  it('corrected: Category 2 and "Other" credits do not count (50 of any credit type passed before)', () => {
    const t = ca([cert(20), cat2(20), cert(10, { creditType: 'Other' })]);
    expect(t.met).toBe(false);
    expect(t.requirements[0]).toMatchObject({ earned: 20, short: 30 });
  });

  it('the window is the 24 months to the CA license expiry: 2025-02-01 counts, 2025-01-31 does not', () => {
    expect(ca([cert(49.75), cert(0.25, { activityEndDate: '2025-02-01' })]).met).toBe(true);
    expect(ca([cert(49.75), cert(0.25, { activityEndDate: '2025-01-31' })]).met).toBe(false);
  });

  it('no CA license: not met, and why', () => {
    const t = ca([cert(50)], licenses({ 'US-TX': '2027-08-31' }));
    expect(t.met).toBe(false);
    expect(t.summary).toBe('the window is the US-CA license cycle, and no verified US-CA license was presented');
  });
});

describe('pa (49 Pa. Code § 16.19(b); § 16.108(b), Act 31 of 2014; Act 124 of 2016): 100 / 20 Category 1 / 12 safety / 2 child abuse / 2 opioids, cycle 2025-01-01 to 2026-12-31', () => {
  cites('pa', '49 Pa. Code § 16.19(b)');
  cites('pa', 'Act 31 of 2014');
  cites('pa', 'Act 124 of 2016');
  const SAFETY = 'patient safety or risk management';
  const ABUSE = 'child abuse recognition';
  const OPIOIDS = 'pain management or opioids';
  // 4 + 12 (safety) + 2 (child abuse) + 2 (pain management) Category 1 + 80 Category 2:
  // 100 total, 20 Category 1, 12 safety, 2 child abuse, 2 opioids
  const base = (a = 4, safety = 12, abuse = 2, opioids = 2, other = 80) => [
    cert(a),
    cert(safety, { topics: ['patient safety'] }),
    cert(abuse, { topics: ['child abuse recognition'] }),
    cert(opioids, { topics: ['pain management'] }),
    cat2(other),
  ];
  const none = { total: 0, 'Category 1': 0, [SAFETY]: 0, [ABUSE]: 0, [OPIOIDS]: 0 };

  it('met with every minimum exactly met', () => {
    const t = tally(base(), 'pa');
    expect(t.met).toBe(true);
    expect(earnedBy(t)).toEqual({ total: 100, 'Category 1': 20, [SAFETY]: 12, [ABUSE]: 2, [OPIOIDS]: 2 });
    expect(t.summary).toBe(
      `100 of 100 total credits, 20 of 20 Category 1 credits, 12 of 12 ${SAFETY} credits, 2 of 2 ${ABUSE} credits, 2 of 2 ${OPIOIDS} credits in the cycle 2025-01-01 to 2026-12-31`,
    );
  });

  it.each([
    ['99.75 total', [4, 12, 2, 2, 79.75], { total: 0.25 }],
    ['19.75 Category 1', [3.75, 12, 2, 2, 80.25], { 'Category 1': 0.25 }],
    ['11.75 patient safety', [4.25, 11.75, 2, 2, 80], { [SAFETY]: 0.25 }],
    ['1.75 child abuse recognition', [4.25, 12, 1.75, 2, 80], { [ABUSE]: 0.25 }],
    ['1.75 pain management', [4.25, 12, 2, 1.75, 80], { [OPIOIDS]: 0.25 }],
  ] as [string, [number, number, number, number, number], Record<string, number>][])(
    '%s fails that minimum only',
    (_what, args, short) => {
      const t = tally(base(...args), 'pa');
      expect(t.met).toBe(false);
      expect(shortBy(t)).toEqual({ ...none, ...short });
    },
  );

  it('risk management counts toward the 12; addiction and opioid prescribing add up toward the 2 opioid hours', () => {
    const rest = [
      cert(4),
      cert(12, { topics: ['risk management'] }),
      cert(2, { topics: ['child abuse recognition'] }),
      cert(1, { topics: ['addiction'] }),
      cat2(80),
    ];
    const t = tally([...rest, cert(1, { topics: ['opioid prescribing'] })], 'pa');
    expect(t.met).toBe(true);
    expect(earnedBy(t)).toMatchObject({ [SAFETY]: 12, [OPIOIDS]: 2 });
    // the same credit without the opioid topic: one opioid hour short
    expect(shortBy(tally([...rest, cert(1)], 'pa'))).toEqual({ ...none, [OPIOIDS]: 1 });
  });

  it('corrected: child-abuse and opioid hours do not count toward the 12 safety hours (§ 16.19(b); they did before, with "patient safety" only)', () => {
    // 2 hours documented under both patient safety and child abuse recognition are child-abuse hours only
    const both = cert(2, {
      topics: ['patient safety', 'child abuse recognition'],
      topicCredits: [
        { topic: 'patient safety', credits: 2 },
        { topic: 'child abuse recognition', credits: 2 },
      ],
    });
    const opioids = cert(3, {
      topics: ['risk management', 'opioid prescribing'],
      topicCredits: [
        { topic: 'risk management', credits: 3 },
        { topic: 'opioid prescribing', credits: 2 },
      ],
    });
    const t = tally([cert(10, { topics: ['patient safety'] }), both, opioids], 'pa');
    expect(earnedBy(t)).toMatchObject({ [SAFETY]: 11, [ABUSE]: 2, [OPIOIDS]: 2 }); // 10 + 0 + (3 - 2)
    // a certificate of 14 child-abuse hours gives the safety minimum nothing
    expect(earnedBy(tally([cert(14, { topics: ['child abuse recognition'] })], 'pa'))).toMatchObject({
      [SAFETY]: 0,
      [ABUSE]: 14,
    });
  });

  it('corrected: the fixed cycle, not a rolling 24 months: RSNA 2024 (ending 2024-12-05) does not count in a 2026 check', () => {
    const rsna24 = cert(40, { activityTitle: 'RSNA 2024', activityEndDate: '2024-12-05' });
    const t = tally([...base(3.75), rsna24, cert(0.25, { activityEndDate: '2025-01-01' })], 'pa');
    expect([t.windowFrom, t.windowTo]).toEqual(['2024-12-31', TODAY]);
    expect(t.excluded).toEqual([{ digest: rsna24.digest, activityId: rsna24.activityId, reason: 'outside-window' }]);
    expect(t.met).toBe(true); // the certificate of 2025-01-01, the cycle's first day, makes up the 20th Category 1 credit
  });

  it("the cycle boundary: on 2026-12-31 the cycle's certificates count; on 2027-01-01 a new cycle starts and none of them does", () => {
    expect(tally(base(), 'pa', at('2026-12-31')).met).toBe(true);
    const t = tally(base(), 'pa', at('2027-01-01'));
    expect([t.windowFrom, t.windowTo, t.met]).toEqual(['2026-12-31', '2027-01-01', false]);
    expect(t.counted).toEqual([]);
    expect(shortBy(t)).toEqual({ total: 100, 'Category 1': 20, [SAFETY]: 12, [ABUSE]: 2, [OPIOIDS]: 2 });
  });
});

describe('mqsa (21 CFR 900.12(a)(1)(ii)(C)): 15 Category 1 in mammography in a rolling 36 months', () => {
  cites('mqsa', '21 CFR 900.12(a)(1)(ii)(C)');
  const MAMMO = 'Category 1 in mammography';

  it('met at 15 Category 1 mammography credits, short 0.25 at 14.75', () => {
    expect(tally([cert(10, { topics: ['mammography'] }), cert(5, { topics: ['mammography'] })], 'mqsa').met).toBe(true);
    expect(
      shortBy(tally([cert(10, { topics: ['mammography'] }), cert(4.75, { topics: ['mammography'] })], 'mqsa')),
    ).toEqual({ [MAMMO]: 0.25 });
  });

  it('documented mammography credits only: a certificate tagged with two topics and no topicCredits gives none; topicCredits give theirs', () => {
    expect(tally([cert(31.25, { topics: ['mammography', 'patient safety'] })], 'mqsa').requirements[0]!.earned).toBe(0);
    const documented = cert(31.25, {
      topics: ['mammography', 'patient safety'],
      topicCredits: [
        { topic: 'mammography', credits: 15 },
        { topic: 'patient safety', credits: 4 },
      ],
    });
    expect(tally([documented], 'mqsa').requirements[0]).toMatchObject({ earned: 15, short: 0 });
  });

  it('mammography credits of Category 2, and Category 1 credits in other topics, do not count', () => {
    const t = tally(
      [
        cert(14.75, { topics: ['mammography'] }),
        cat2(30, { topics: ['mammography'] }),
        cert(40, { topics: ['patient safety'] }),
      ],
      'mqsa',
    );
    expect(t.requirements[0]).toMatchObject({ earned: 14.75, short: 0.25 });
  });

  it('36 months back: 2023-11-28 counts, 2023-11-27 does not', () => {
    expect(tally([cert(15, { topics: ['mammography'], activityEndDate: '2023-11-28' })], 'mqsa').met).toBe(true);
    expect(tally([cert(15, { topics: ['mammography'], activityEndDate: '2023-11-27' })], 'mqsa').met).toBe(false);
  });
});
