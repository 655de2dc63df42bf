// Reading a CME rule (src/policy/cme-rule-file.ts): a rule object checked field by field, its three
// kinds of window, the older `windowMonths`/`topic` spelling still read, and `--cme PRESET|FILE`.
import { describe, expect, it } from 'vitest';
import { CATEGORY_1, CME_PRESETS } from '../../src/policy/cme-rules.js';
import { cmeRuleFrom, parseCmeRule } from '../../src/policy/cme-rule-file.js';
import { errorOf } from '../helpers.js';

const valid = () => ({
  name: 'northbay-2027',
  description: 'Northbay: 30 credits in 12 months, 5 in radiation safety',
  citation: 'Northbay medical staff bylaws, art. 4.2',
  window: { type: 'rolling', months: 12 },
  requirements: [
    { label: 'total', credits: 30 },
    { label: 'Category 1', credits: 20.5, category1: true },
    { label: 'Category 2', credits: 1.25, creditType: 'AMA PRA Category 2 Credit' },
    {
      label: 'radiation safety',
      credits: 5,
      topics: ['radiation safety', 'radiation protection'],
      excludeTopics: ['ethics'],
    },
  ],
});
const withWindow = (window: unknown) => ({ ...valid(), window });
const withRequirement = (r: unknown) => ({ ...valid(), requirements: [r] });
const invalid = (value: unknown) => {
  const e = errorOf(() => parseCmeRule(value, 'rule.json'));
  expect([e.code, e.kind]).toEqual(['CME_RULE_INVALID', 'input']);
  return e.message;
};

describe('parseCmeRule', () => {
  it('accepts a well-formed rule and copies it (a later change to the input does not reach the rule)', () => {
    const input = valid();
    const rule = parseCmeRule(input, 'rule.json');
    expect(rule).toEqual(input);
    input.requirements[0]!.credits = 1;
    input.requirements[3]!.topics!.push('ethics');
    expect(rule.requirements[0]!.credits).toBe(30);
    expect(rule.requirements[3]!.topics).toEqual(['radiation safety', 'radiation protection']);
  });

  it('a rule without a description gets one naming it; category1 false is the same as leaving it out', () => {
    const { description: _d, ...rest } = valid();
    expect(parseCmeRule(rest, 'rule.json').description).toBe('custom rule northbay-2027');
    expect(
      parseCmeRule(withRequirement({ label: 'total', credits: 5, category1: false }), 'rule.json').requirements,
    ).toEqual([{ label: 'total', credits: 5 }]);
  });

  it('a topic listed twice is kept once', () => {
    const rule = parseCmeRule(
      withRequirement({ label: 'ethics', credits: 2, topics: ['ethics', 'ethics'] }),
      'rule.json',
    );
    expect(rule.requirements[0]!.topics).toEqual(['ethics']);
  });

  it.each([
    ['rolling', { type: 'rolling', months: 36 }],
    ["fixed, anchored on a cycle's first day", { type: 'fixed', months: 24, anchor: '2025-01-01' }],
    ['license-cycle, in a jurisdiction', { type: 'license-cycle', months: 24, jurisdiction: 'US-TX' }],
  ])('reads a %s window', (_what, window) => {
    expect(parseCmeRule(withWindow(window), 'rule.json').window).toEqual(window);
  });

  it('still reads the older spelling: windowMonths is a rolling window, one `topic` a list of one', () => {
    const rule = parseCmeRule(
      {
        name: 'old',
        windowMonths: 24,
        requirements: [
          { label: 'Category 1', credits: 10, creditType: CATEGORY_1 },
          { label: 'mammography', credits: 4, topic: 'mammography' },
        ],
      },
      'rule.json',
    );
    expect(rule.window).toEqual({ type: 'rolling', months: 24 });
    expect(rule.requirements).toEqual([
      { label: 'Category 1', credits: 10, creditType: CATEGORY_1 },
      { label: 'mammography', credits: 4, topics: ['mammography'] },
    ]);
  });

  it('every preset passes the parser unchanged (a request carries the whole rule as JSON)', () => {
    for (const rule of Object.values(CME_PRESETS))
      expect(parseCmeRule(JSON.parse(JSON.stringify(rule)), 'preset')).toEqual(rule);
  });

  const broken: [string, (r: any) => unknown][] = [
    ['not an object', () => ['abr']],
    ['null', () => null],
    ['no name', (r) => ({ ...r, name: undefined })],
    ['an empty name', (r) => ({ ...r, name: '' })],
    ['a name with spaces', (r) => ({ ...r, name: 'my rule' })],
    ['a name of 65 characters', (r) => ({ ...r, name: 'a'.repeat(65) })],
    ['a description that is not text', (r) => ({ ...r, description: 5 })],
    ['a citation that is not text', (r) => ({ ...r, citation: ['22 TAC 166.2'] })],
    ['a citation of 1,001 characters', (r) => ({ ...r, citation: 'c'.repeat(1001) })],
    ['no window at all', (r) => ({ ...r, window: undefined })],
    ['both window and windowMonths', (r) => ({ ...r, windowMonths: 12 })],
    ['a window that is not an object', (r) => ({ ...r, window: 36 })],
    ['a window of an unknown type', (r) => ({ ...r, window: { type: 'calendar', months: 12 } })],
    ['a window without a type', (r) => ({ ...r, window: { months: 12 } })],
    ['window.months 0', (r) => ({ ...r, window: { type: 'rolling', months: 0 } })],
    ['window.months 121', (r) => ({ ...r, window: { type: 'rolling', months: 121 } })],
    ['window.months 1.5', (r) => ({ ...r, window: { type: 'rolling', months: 1.5 } })],
    ['window.months as text', (r) => ({ ...r, window: { type: 'rolling', months: '24' } })],
    ['an unknown window field', (r) => ({ ...r, window: { type: 'rolling', months: 12, month: 1 } })],
    [
      'a rolling window with an anchor',
      (r) => ({ ...r, window: { type: 'rolling', months: 12, anchor: '2025-01-01' } }),
    ],
    ['a fixed window without an anchor', (r) => ({ ...r, window: { type: 'fixed', months: 24 } })],
    [
      'a fixed window with an anchor that is not a date',
      (r) => ({ ...r, window: { type: 'fixed', months: 24, anchor: '2025-13-01' } }),
    ],
    [
      'a fixed window with a jurisdiction',
      (r) => ({ ...r, window: { type: 'fixed', months: 24, anchor: '2025-01-01', jurisdiction: 'US-PA' } }),
    ],
    ['a license-cycle window without a jurisdiction', (r) => ({ ...r, window: { type: 'license-cycle', months: 24 } })],
    [
      'a license-cycle window in "Texas"',
      (r) => ({ ...r, window: { type: 'license-cycle', months: 24, jurisdiction: 'Texas' } }),
    ],
    [
      'a license-cycle window in lower case "us-tx"',
      (r) => ({ ...r, window: { type: 'license-cycle', months: 24, jurisdiction: 'us-tx' } }),
    ],
    [
      'a license-cycle window with an anchor',
      (r) => ({ ...r, window: { type: 'license-cycle', months: 24, jurisdiction: 'US-TX', anchor: '2025-01-01' } }),
    ],
    ['windowMonths 0 (the older spelling)', (r) => ({ ...r, window: undefined, windowMonths: 0 })],
    ['windowMonths as text', (r) => ({ ...r, window: undefined, windowMonths: '24' })],
    ['no requirements', (r) => ({ ...r, requirements: undefined })],
    ['empty requirements', (r) => ({ ...r, requirements: [] })],
    ['requirements as an object', (r) => ({ ...r, requirements: { label: 'total', credits: 5 } })],
    [
      '21 requirements',
      (r) => ({ ...r, requirements: Array.from({ length: 21 }, () => ({ label: 'total', credits: 1 })) }),
    ],
    ['a requirement that is not an object', (r) => ({ ...r, requirements: [5] })],
    ['a requirement without a label', (r) => ({ ...r, requirements: [{ credits: 5 }] })],
    ['a requirement with an empty label', (r) => ({ ...r, requirements: [{ label: '', credits: 5 }] })],
    ['credits 0', (r) => ({ ...r, requirements: [{ label: 'total', credits: 0 }] })],
    ['negative credits', (r) => ({ ...r, requirements: [{ label: 'total', credits: -4 }] })],
    ['credits 0.3 (not a quarter)', (r) => ({ ...r, requirements: [{ label: 'total', credits: 0.3 }] })],
    ['credits as text', (r) => ({ ...r, requirements: [{ label: 'total', credits: '50' }] })],
    ['credits beyond 10000', (r) => ({ ...r, requirements: [{ label: 'total', credits: 10000.25 }] })],
    ['category1 as text', (r) => ({ ...r, requirements: [{ label: 'total', credits: 5, category1: 'yes' }] })],
    ['a creditType that is not text', (r) => ({ ...r, requirements: [{ label: 'total', credits: 5, creditType: 1 }] })],
    ['topics that is not a list', (r) => ({ ...r, requirements: [{ label: 'ethics', credits: 5, topics: 'ethics' }] })],
    ['an empty topics list', (r) => ({ ...r, requirements: [{ label: 'ethics', credits: 5, topics: [] }] })],
    ['a topic that is not text', (r) => ({ ...r, requirements: [{ label: 'ethics', credits: 5, topics: [7] }] })],
    [
      'a topic of 61 characters',
      (r) => ({ ...r, requirements: [{ label: 'ethics', credits: 5, topics: ['e'.repeat(61)] }] }),
    ],
    [
      'both topics and the older topic',
      (r) => ({ ...r, requirements: [{ label: 'ethics', credits: 5, topics: ['ethics'], topic: 'ethics' }] }),
    ],
    [
      'an older topic that is not text',
      (r) => ({ ...r, requirements: [{ label: 'total', credits: 5, topic: ['ethics'] }] }),
    ],
    [
      'excludeTopics that is not a list',
      (r) => ({ ...r, requirements: [{ label: 'safety', credits: 5, excludeTopics: 'opioids' }] }),
    ],
    [
      'a topic both counted and excluded',
      (r) => ({
        ...r,
        requirements: [{ label: 'safety', credits: 5, topics: ['patient safety'], excludeTopics: ['patient safety'] }],
      }),
    ],
    [
      'a misspelt requirement field (it would count every credit)',
      (r) => ({ ...r, requirements: [{ label: 'Category 1', credits: 5, creditype: CATEGORY_1 }] }),
    ],
    ['an unknown rule field', (r) => ({ ...r, windowMonth: 12 })],
  ];
  it.each(broken)('refuses %s (CME_RULE_INVALID, bad input)', (_what, edit) => {
    invalid(edit(valid()));
  });

  it('the message names the field at fault and where the rule came from', () => {
    expect(invalid({ ...valid(), requirements: [{ label: 'Category 1', credits: 5, creditype: CATEGORY_1 }] })).toMatch(
      /rule\.json.*requirements\[0\].*"creditype"/,
    );
    expect(invalid(withWindow({ type: 'rolling', months: 12, month: 1 }))).toMatch(
      /window has an unknown field "month"/,
    );
    expect(invalid({ ...valid(), windowMonth: 12 })).toMatch(/unknown field "windowMonth"/);
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
    expect(cmeRuleFrom('Pa', read)).toBe(CME_PRESETS.pa);
  });

  it('a rule file, in the current and the older spelling', () => {
    expect(
      cmeRuleFrom('rules/northbay.json', (p) => (p === 'rules/northbay.json' ? JSON.stringify(valid()) : undefined)),
    ).toEqual(valid());
    const old = { name: 'old', windowMonths: 12, requirements: [{ label: 'total', credits: 10 }] };
    expect(cmeRuleFrom('old.json', () => JSON.stringify(old)).window).toEqual({ type: 'rolling', months: 12 });
  });

  it('neither a preset nor a file: CME_RULE_UNKNOWN, a usage error listing the presets', () => {
    const e = errorOf(() => cmeRuleFrom('abrr', noFiles));
    expect([e.code, e.kind]).toEqual(['CME_RULE_UNKNOWN', 'usage']);
    expect(e.hint).toBe('did you mean abr? presets: abr, tx, ca, pa, mqsa; or give a rule file');
    expect(errorOf(() => cmeRuleFrom('northbay', noFiles)).hint).toBe(
      'presets: abr, tx, ca, pa, mqsa; or give a rule file',
    );
  });

  it('a file name (a / or .json) that names no file: FILE_NOT_FOUND, bad input, not "neither a preset nor a file"', () => {
    for (const arg of ['rules/northbay.json', 'northbay.json', './abr']) {
      const e = errorOf(() => cmeRuleFrom(arg, noFiles));
      expect([e.code, e.kind, e.message], arg).toEqual([
        'FILE_NOT_FOUND',
        'input',
        `CME rule file ${arg} does not exist`,
      ]);
    }
  });

  it.each([
    ['not JSON', '{"name": "x",'],
    ['a JSON array', '[]'],
    ['an invalid rule', JSON.stringify({ ...valid(), window: { type: 'rolling', months: 0 } })],
  ])('a file that is %s: CME_RULE_INVALID, bad input', (_what, text) => {
    const e = errorOf(() => cmeRuleFrom('rule.json', () => text));
    expect([e.code, e.kind]).toEqual(['CME_RULE_INVALID', 'input']);
  });
});
