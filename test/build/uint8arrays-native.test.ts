// The bundle's stand-in for `uint8arrays` (src/build/uint8arrays-native.ts, which did-jwt and
// key-did-resolver encode with in the shipped CLI) gives the real package's answers: bundled as
// the CLI is, then compared with uint8arrays itself on random bytes and strings.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as real from 'uint8arrays';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCommonJs } from '../../src/build/bundle.js';
import { fc, fuzzParams } from '../fuzz.js';
import { cleanup, ROOT, tempDir } from '../helpers.js';

let dir: string;
let native: typeof real;
beforeAll(async () => {
  dir = tempDir('radcred-u8a-');
  const out = join(dir, 'u8a.cjs');
  await bundleCommonJs(join(ROOT, 'src', 'build', 'uint8arrays-native.ts'), out);
  native = createRequire(import.meta.url)(out) as typeof real;
}, 60_000);
afterAll(() => cleanup(dir));

const ENCODINGS = ['utf8', 'utf-8', 'base64url', 'base64', 'base16', 'base58btc'] as const;
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe('the native uint8arrays stand-in', () => {
  it('toString: the same text as uint8arrays for every encoding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom(...ENCODINGS), (bytes, enc) => {
        expect(native.toString(bytes, enc)).toBe(real.toString(bytes, enc));
      }),
      fuzzParams(300),
    );
  });

  it('fromString: the same bytes, or the same refusal, for text in or near each encoding', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.uint8Array({ maxLength: 60 }).map((b) => Buffer.from(b).toString('base64url')),
      fc.uint8Array({ maxLength: 60 }).map((b) => Buffer.from(b).toString('hex')),
    );
    fc.assert(
      fc.property(text, fc.constantFrom(...ENCODINGS), (s, enc) => {
        let expected: Uint8Array | 'refused';
        try {
          expected = real.fromString(s, enc);
        } catch {
          expected = 'refused';
        }
        if (expected === 'refused') expect(() => native.fromString(s, enc)).toThrow();
        else expect(same(native.fromString(s, enc), expected)).toBe(true);
      }),
      fuzzParams(300),
    );
  });

  it('keeps the rest of the package (concat)', () => {
    expect(same(native.concat([Uint8Array.of(1), Uint8Array.of(2, 3)]), Uint8Array.of(1, 2, 3))).toBe(true);
  });
});
