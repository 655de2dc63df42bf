// CME rules: the five presets as the design lists them, and custom rules parsed strictly.
import { describe, expect, it } from 'vitest';
import { RadcredError } from '../../src/errors.js';
import { CATEGORY_1, CME_PRESETS, cmeRuleFrom, parseCmeRule } from '../../src/policy/cme-rules.js';
import { errorOf } from '../helpers.js';

const valid = () => ({
  name: 'northbay-2027',
  description: 'Northbay: 30 credits in 12 months, 5 in radiation safety',
  windowMonths: 12,
  requirements: [
    { label: 'total', credits: 30 },
    { label: 'Category 1', credits: 20.5, creditType: CATEGORY_1 },
    { label: 'radiation safety', credits: 5, topic: 'radiation safety' },
  ],
});

describe('presets', () => {
  it('match the design: abr, tx, ca, pa, mqsa', () => {
    const summary = Object.fromEntries(Object.values(CME_PRESETS).map((r) => [r.name, [r.windowMonths, r.requirements.map((q) => [q.credits, q.creditType ?? null, q.topic ?? null])]]));
    expect(summary).toEqual({
      abr: [36, [[75, CATEGORY_1, null]]],
      tx: [24, [[48, null, null], [24, CATEGORY_1, null], [2, null, 'ethics']]],
      ca: [24, [[50, null, null]]],
      pa: [24, [[100, null, null], [20, CATEGORY_1, null], [12, null, 'patient safety']]],
      mqsa: [36, [[15, CATEGORY_1, 'mammography']]],
    });
  });

  it('every preset passes its own parser (a request carries the rule as JSON)', () => {
    for (const rule of Object.values(CME_PRESETS)) expect(parseCmeRule(JSON.parse(JSON.stringify(rule)), 'preset')).toEqual(rule);
  });
});

describe('parseCmeRule', () => {
  it('accepts a well-formed rule and copies it', () => {
    const input = valid();
    const rule = parseCmeRule(input, 'rule.json');
    expect(rule).toEqual(input);
    input.requirements[0]!.credits = 1;
    expect(rule.requirements[0]!.credits).toBe(30);
  });

  it('a rule without a description gets one', () => {
    const { description: _d, ...rest } = valid();
    expect(typeof parseCmeRule(rest, 'rule.json').description).toBe('string');
  });

  const broken: [string, (r: any) => unknown][] = [
    ['not an object', () => ['abr']],
    ['null', () => null],
    ['no name', (r) => ({ ...r, name: undefined })],
    ['an empty name', (r) => ({ ...r, name: '' })],
    ['a name with spaces', (r) => ({ ...r, name: 'my rule' })],
    ['a name of 65 characters', (r) => ({ ...r, name: 'a'.repeat(65) })],
    ['a description that is not text', (r) => ({ ...r, description: 5 })],
    ['no windowMonths', (r) => ({ ...r, windowMonths: undefined })],
    ['windowMonths 0', (r) => ({ ...r, windowMonths: 0 })],
    ['windowMonths 121', (r) => ({ ...r, windowMonths: 121 })],
    ['windowMonths 1.5', (r) => ({ ...r, windowMonths: 1.5 })],
    ['windowMonths as text', (r) => ({ ...r, windowMonths: '24' })],
    ['no requirements', (r) => ({ ...r, requirements: undefined })],
    ['empty requirements', (r) => ({ ...r, requirements: [] })],
    ['requirements as an object', (r) => ({ ...r, requirements: { label: 'total', credits: 5 } })],
    ['21 requirements', (r) => ({ ...r, requirements: Array.from({ length: 21 }, () => ({ label: 'total', credits: 1 })) })],
    ['a requirement that is not an object', (r) => ({ ...r, requirements: [5] })],
    ['a requirement without a label', (r) => ({ ...r, requirements: [{ credits: 5 }] })],
    ['a requirement with an empty label', (r) => ({ ...r, requirements: [{ label: '', credits: 5 }] })],
    ['credits 0', (r) => ({ ...r, requirements: [{ label: 'total', credits: 0 }] })],
    ['negative credits', (r) => ({ ...r, requirements: [{ label: 'total', credits: -4 }] })],
    ['credits 0.3 (not a quarter)', (r) => ({ ...r, requirements: [{ label: 'total', credits: 0.3 }] })],
    ['credits as text', (r) => ({ ...r, requirements: [{ label: 'total', credits: '50' }] })],
    ['credits beyond 10000', (r) => ({ ...r, requirements: [{ label: 'total', credits: 10000.25 }] })],
    ['a creditType that is not text', (r) => ({ ...r, requirements: [{ label: 'total', credits: 5, creditType: 1 }] })],
    ['a topic that is not text', (r) => ({ ...r, requirements: [{ label: 'total', credits: 5, topic: ['ethics'] }] })],
    ['a topic of 61 characters', (r) => ({ ...r, requirements: [{ label: 'total', credits: 5, topic: 'e'.repeat(61) }] })],
    ['a misspelt requirement field (it would count every credit)', (r) => ({ ...r, requirements: [{ label: 'Category 1', credits: 5, creditype: CATEGORY_1 }] })],
    ['an unknown rule field', (r) => ({ ...r, windowMonth: 12 })],
  ];
  it.each(broken)('refuses %s (CME_RULE_INVALID, bad input)', (_what, edit) => {
    const e = errorOf(() => parseCmeRule(edit(valid()), 'rule.json'));
    expect(e.code).toBe('CME_RULE_INVALID');
    expect(e.kind).toBe('input');
  });
});

describe('cmeRuleFrom (--cme PRESET|FILE)', () => {
  const noFiles = () => undefined;

  it('a preset by name, in any case, without reading a file', () => {
    const read = (p: string): string => {
      throw new Error(`read ${p}`);
    };
    expect(cmeRuleFrom('abr', read)).toBe(CME_PRESETS.abr);
    expect(cmeRuleFrom('TX', read)).toBe(CME_PRESETS.tx);
  });

  it('a rule file', () => {
    expect(cmeRuleFrom('rules/northbay.json', (p) => (p === 'rules/northbay.json' ? JSON.stringify(valid()) : undefined))).toEqual(valid());
  });

  it('neither a preset nor a file: CME_RULE_UNKNOWN, a usage error', () => {
    const e = errorOf(() => cmeRuleFrom('abrr', noFiles));
    expect([e.code, e.kind]).toEqual(['CME_RULE_UNKNOWN', 'usage']);
  });

  it.each([
    ['not JSON', '{"name": "x",'],
    ['a JSON array', '[]'],
    ['an invalid rule', JSON.stringify({ ...valid(), windowMonths: 0 })],
  ])('a file that is %s: CME_RULE_INVALID, bad input', (_what, text) => {
    const e = errorOf(() => cmeRuleFrom('rule.json', () => text));
    expect([e.code, e.kind]).toEqual(['CME_RULE_INVALID', 'input']);
  });
});
