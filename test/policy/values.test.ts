// The policy rules' readers of subject values (src/policy/values.ts): a value of the wrong kind
// reads as undefined, never as a coerced one.
import { describe, expect, it } from 'vitest';
import { day, num, str } from '../../src/policy/values.js';

describe('policy value readers', () => {
  it('str: strings only', () => {
    expect([str('US-PA'), str(''), str(3), str(null), str(['a'])]).toEqual([
      'US-PA',
      '',
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('num: finite numbers only (no NaN, Infinity or numeric strings)', () => {
    expect([num(1_000_000), num(0), num(NaN), num(Infinity), num('5')]).toEqual([
      1_000_000,
      0,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('day: the UTC day of a time, at any hour', () => {
    expect([day(Date.parse('2026-11-27T00:00:00Z') / 1000), day(Date.parse('2026-11-27T23:59:59Z') / 1000)]).toEqual([
      '2026-11-27',
      '2026-11-27',
    ]);
  });
});
