// Property: parseJsonObject (every JSON file radcred reads) returns a plain object or throws an
// input RadcredError, for any text: mutated JSON files, random text, deep nesting.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, isPlainObject, parseJsonObject } from '../../src/util/json.js';
import { fixture } from '../helpers.js';
import { fc, fuzzParams } from '../fuzz.js';
import { mutatedJson, outcome, randomText, textNear } from '../fuzz-mutations.js';

const SEEDS = [
  readFileSync(fixture('trust.json'), 'utf8'),
  readFileSync(fixture('subjects', 'ClaimsHistoryCredential.json'), 'utf8'),
  readFileSync(fixture('subjects', 'CMECertificateCredential.json'), 'utf8'),
];

function check(text: string): void {
  const r = outcome(() => parseJsonObject(text, 'fuzzed file', 'DATA_INVALID'), ['input']);
  if (r.ok) expect(isPlainObject(r.value)).toBe(true);
  else expect(r.error.code).toBe('DATA_INVALID');
}

describe('parseJsonObject (fuzz)', () => {
  it('mutated JSON files and random text: an object or an input error', () => {
    fc.assert(fc.property(fc.oneof(textNear(...SEEDS), randomText), check), fuzzParams(100));
  });

  it('structurally mutated JSON (wrong types, duplicate keys, huge values)', () => {
    fc.assert(fc.property(fc.oneof(...SEEDS.map((s) => mutatedJson(JSON.parse(s)))), check), fuzzParams(60));
  });

  it('nesting up to the limit parses; deeper is refused before JSON.parse, brackets inside strings do not count', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 * MAX_JSON_DEPTH }),
        fc.constantFrom('[', '{"a":'),
        fc.boolean(),
        (depth, open, quoted) => {
          const close = open === '[' ? ']' : '}';
          const inner = quoted ? JSON.stringify('[{'.repeat(200)) : '1';
          const text = `{"x":${open.repeat(depth)}${inner}${close.repeat(depth)}}`;
          const r = outcome(() => parseJsonObject(text, 'nested', 'DATA_INVALID'), ['input']);
          expect(r.ok).toBe(depth + 1 <= MAX_JSON_DEPTH);
        },
      ),
      fuzzParams(30),
    );
  });
});
