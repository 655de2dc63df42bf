// Every error code has a hint (src/codes/errors.ts, src/codes.ts): an error thrown without one of
// its own still ends with a `hint:` line that says what to do, never with none.
import { describe, expect, it } from 'vitest';
import { CODES, hintOf, kindOf, type ErrorCode } from '../../src/codes.js';
import { ERROR_CODES } from '../../src/codes/errors.js';
import { RadcredError } from '../../src/errors.js';

const ERROR_KINDS = ['usage', 'input', 'verify', 'ledger', 'internal'];
/** Every code a RadcredError may carry: the error codes, and the failing check codes a command may refuse with. */
const errorCodes = (Object.keys(CODES) as (keyof typeof CODES)[]).filter((c) =>
  ERROR_KINDS.includes(CODES[c].kind),
) as ErrorCode[];

describe('the error codes', () => {
  it('are all walked here (the table is not empty, and holds every ERROR_CODES entry)', () => {
    expect(errorCodes.length).toBeGreaterThan(100);
    for (const code of Object.keys(ERROR_CODES)) expect(errorCodes).toContain(code);
  });

  it.each(Object.entries(ERROR_CODES))('%s has a hint of its own that says more than its meaning', (_code, spec) => {
    expect(spec.hint.trim().length).toBeGreaterThan(5);
    expect(spec.hint).not.toBe(spec.meaning);
    expect(spec.hint).not.toMatch(/\n/);
  });

  it.each(errorCodes)('%s: an error thrown without a hint gets the default one', (code) => {
    const hint = hintOf(code);
    expect(hint.trim()).not.toBe('');
    const e = new RadcredError(code, 'a message');
    expect(e.hint).toBe(hint);
    expect(e.kind).toBe(kindOf(code));
  });

  it("an error's own hint wins over the default", () => {
    expect(new RadcredError('FILE_NOT_FOUND', 'm', 'a better hint').hint).toBe('a better hint');
  });
});
