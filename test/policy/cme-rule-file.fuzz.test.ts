// Property: a CME rule (a `--cme FILE` rule file, or the rule inside a request) is parsed field by
// field or refused with a RadcredError, whatever it holds; every rule it accepts can be tallied
// against certificates without throwing.
import { describe, expect, it } from 'vitest';
import { CATEGORY_1, CME_PRESETS } from '../../src/policy/cme-rules.js';
import { cmeRuleFrom, parseCmeRule } from '../../src/policy/cme-rule-file.js';
import { tallyCme, type CmeCertificate } from '../../src/policy/cme-tally.js';
import { looksLikePath } from '../../src/util/files.js';
import { NOW_S } from '../helpers.js';
import { fc, fuzzParams } from '../fuzz.js';
import { mutatedJson, outcome, randomText, textNear } from '../fuzz-mutations.js';

const CUSTOM = {
  name: 'custom.rule-1',
  description: 'Custom',
  window: { type: 'fixed', months: 12, anchor: '2025-07-15' },
  requirements: [
    {
      label: 'radiation safety',
      credits: 0.25,
      creditType: 'Other',
      topics: ['radiation safety', 'dose'],
      excludeTopics: ['ethics'],
    },
    { label: 'total', credits: 10000 },
  ],
};
// a rule file written for radcred 0.1 (windowMonths, one topic)
const LEGACY = {
  name: 'legacy',
  windowMonths: 12,
  requirements: [{ label: 'radiation safety', credits: 0.25, creditType: 'Other', topic: 'radiation safety' }],
};
const SEEDS = [...Object.values(CME_PRESETS), CUSTOM, LEGACY].map((r) => JSON.stringify(r, null, 2));
const CERTIFICATES: CmeCertificate[] = [
  {
    digest: 'sha256:aa',
    issuer: 'did:key:zA',
    activityId: 'A',
    activityTitle: 'A',
    activityEndDate: '2026-01-31',
    creditType: CATEGORY_1,
    creditsAvailable: 75,
    creditsEarned: 28.5,
    topics: ['ethics', 'mammography'],
  },
  {
    digest: 'sha256:bb',
    issuer: 'did:key:zA',
    activityId: 'A',
    activityTitle: 'A again',
    activityEndDate: '2026-02-28',
    creditType: CATEGORY_1,
    creditsAvailable: 10,
    creditsEarned: 10,
    topics: [],
  },
  {
    digest: 'sha256:cc',
    issuer: 'did:key:zB',
    activityId: 'B',
    activityTitle: 'B',
    activityEndDate: '2016-02-29',
    creditType: 'Other',
    creditsAvailable: 1,
    creditsEarned: 2,
    topics: ['radiation safety'],
  },
  {
    digest: 'sha256:dd',
    issuer: 'did:key:zB',
    activityId: 'C',
    activityTitle: 'C',
    activityEndDate: '2026-10-31',
    creditType: 'AOA Category 1-A Credit',
    creditsAvailable: 10,
    creditsEarned: 6.5,
    topics: ['ethics', 'child abuse recognition'],
    topicCredits: [
      { topic: 'ethics', credits: 2 },
      { topic: 'child abuse recognition', credits: 9 },
    ],
  },
];
// a license-cycle window is placed by the holder's license there (none, or one expiring in 2027)
const EXPIRIES: ((j: string) => string | undefined)[] = [
  () => undefined,
  (j) => (j === 'US-TX' || j === 'US-CA' ? '2027-08-31' : undefined),
];

function tallies(rule: ReturnType<typeof parseCmeRule>): void {
  expect(rule.requirements.length).toBeGreaterThan(0);
  for (const now of [0, NOW_S, 253402300799]) {
    // from the earliest to the latest --now
    for (const expiry of EXPIRIES) {
      const t = tallyCme(CERTIFICATES, rule, now, expiry);
      expect(t.requirements.every((r) => Number.isFinite(r.earned) && r.short >= 0)).toBe(true);
      expect(t.met).toBe(
        t.requirements.every((r) => r.short === 0) &&
          t.windowFrom <= t.windowTo &&
          !(rule.window.type === 'license-cycle' && expiry(rule.window.jurisdiction) === undefined),
      );
    }
  }
}

describe('CME rules (fuzz)', () => {
  it('mutated rule files and random text through --cme FILE: a rule that tallies, or a RadcredError', () => {
    fc.assert(
      fc.property(fc.oneof(textNear(...SEEDS), randomText), (text) => {
        const r = outcome(() => cmeRuleFrom('rule.json', () => text), ['input', 'usage']);
        if (!r.ok) {
          expect(r.error.code).toBe('CME_RULE_INVALID');
          return;
        }
        tallies(r.value);
      }),
      fuzzParams(100),
    );
  });

  it('structurally mutated rules (as a request carries them): a rule that tallies, or CME_RULE_INVALID', () => {
    fc.assert(
      fc.property(fc.oneof(...SEEDS.map((s) => mutatedJson(JSON.parse(s)))), (text) => {
        const r = outcome(() => parseCmeRule(JSON.parse(text), 'the request'), ['input']);
        if (!r.ok) {
          expect(r.error.code).toBe('CME_RULE_INVALID');
          return;
        }
        tallies(r.value);
      }),
      fuzzParams(120),
    );
  });

  it('a --cme argument that is neither a preset nor a file is a usage error, or a missing file when it looks like one', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (arg) => {
        const r = outcome(() => cmeRuleFrom(arg, () => undefined), ['usage', 'input']);
        if (r.ok) expect(Object.keys(CME_PRESETS)).toContain(arg.toLowerCase());
        else expect(r.error.code).toBe(looksLikePath(arg, ['.json']) ? 'FILE_NOT_FOUND' : 'CME_RULE_UNKNOWN');
      }),
      fuzzParams(30),
    );
  });
});

describe('regressions found by fuzzing', () => {
  it('--cme __proto__ or constructor is not a preset (Object.prototype was taken for a rule)', () => {
    for (const arg of ['__proto__', 'constructor', 'Constructor']) {
      const r = outcome(() => cmeRuleFrom(arg, () => undefined), ['usage']);
      expect(r.ok ? `preset ${String((r.value as { name?: unknown }).name)}` : r.error.code).toBe('CME_RULE_UNKNOWN');
    }
  });
});
