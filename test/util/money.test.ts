// Dollar amounts in policy lines (src/util/money.ts): grouped exactly as en-US formatting would.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { usd } from '../../src/util/money.js';

describe('usd', () => {
  it.each([
    [0, '$0'],
    [999, '$999'],
    [1000, '$1,000'],
    [100_000, '$100,000'],
    [1_000_000, '$1,000,000'],
    [3_000_000, '$3,000,000'],
    [-2500, '-$2,500'],
  ])('%d is %s', (n, text) => {
    expect(usd(n)).toBe(text);
  });

  it('agrees with toLocaleString("en-US") for every whole amount the schemas allow', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), (n) => usd(n) === `$${n.toLocaleString('en-US')}`),
    );
  });
});
