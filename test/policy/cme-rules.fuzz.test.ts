// Property: a CME rule (a `--cme FILE` rule file, or the rule inside a request) is parsed field by
// field or refused with a RadcredError, whatever it holds; every rule it accepts can be tallied
// against certificates without throwing.
import { describe, expect, it } from 'vitest';
import { CATEGORY_1, CME_PRESETS, cmeRuleFrom, parseCmeRule } from '../../src/policy/cme-rules.js';
import { tallyCme, type CmeCertificate } from '../../src/policy/cme-tally.js';
import { NOW_S } from '../helpers.js';
import { fc, fuzzParams } from '../fuzz.js';
import { mutatedJson, outcome, randomText, textNear } from '../fuzz-mutations.js';

const CUSTOM = { name: 'custom.rule-1', description: 'Custom', windowMonths: 12, requirements: [{ label: 'radiation safety', credits: 0.25, creditType: 'Other', topic: 'radiation safety' }, { label: 'total', credits: 10000 }] };
const SEEDS = [...Object.values(CME_PRESETS), CUSTOM].map((r) => JSON.stringify(r, null, 2));
const CERTIFICATES: CmeCertificate[] = [
  { digest: 'sha256:aa', issuer: 'did:key:zA', activityId: 'A', activityTitle: 'A', activityEndDate: '2026-01-31', creditType: CATEGORY_1, creditsAvailable: 75, creditsEarned: 28.5, topics: ['ethics', 'mammography'] },
  { digest: 'sha256:bb', issuer: 'did:key:zA', activityId: 'A', activityTitle: 'A again', activityEndDate: '2026-02-28', creditType: CATEGORY_1, creditsAvailable: 10, creditsEarned: 10, topics: [] },
  { digest: 'sha256:cc', issuer: 'did:key:zB', activityId: 'B', activityTitle: 'B', activityEndDate: '2016-02-29', creditType: 'Other', creditsAvailable: 1, creditsEarned: 2, topics: ['radiation safety'] },
];

function tallies(rule: ReturnType<typeof parseCmeRule>): void {
  expect(rule.requirements.length).toBeGreaterThan(0);
  for (const now of [0, NOW_S, 253402300799]) { // from the earliest to the latest --now
    const t = tallyCme(CERTIFICATES, rule, now);
    expect(t.requirements.every((r) => Number.isFinite(r.earned) && r.short >= 0)).toBe(true);
  }
}

describe('CME rules (fuzz)', () => {
  it('mutated rule files and random text through --cme FILE: a rule that tallies, or a RadcredError', () => {
    fc.assert(fc.property(fc.oneof(textNear(...SEEDS), randomText), (text) => {
      const r = outcome(() => cmeRuleFrom('rule.json', () => text), ['input', 'usage']);
      if (!r.ok) {
        expect(r.error.code).toBe('CME_RULE_INVALID');
        return;
      }
      tallies(r.value);
    }), fuzzParams(100));
  });

  it('structurally mutated rules (as a request carries them): a rule that tallies, or CME_RULE_INVALID', () => {
    fc.assert(fc.property(fc.oneof(...SEEDS.map((s) => mutatedJson(JSON.parse(s)))), (text) => {
      const r = outcome(() => parseCmeRule(JSON.parse(text), 'the request'), ['input']);
      if (!r.ok) {
        expect(r.error.code).toBe('CME_RULE_INVALID');
        return;
      }
      tallies(r.value);
    }), fuzzParams(120));
  });

  it('a --cme argument that is neither a preset nor a file is a usage error', () => {
    fc.assert(fc.property(fc.string({ maxLength: 20 }), (arg) => {
      const r = outcome(() => cmeRuleFrom(arg, () => undefined), ['usage']);
      if (r.ok) expect(Object.keys(CME_PRESETS)).toContain(arg.toLowerCase());
    }), fuzzParams(30));
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
