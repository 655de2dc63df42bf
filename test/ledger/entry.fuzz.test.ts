// Property: parseEntry reads any bytes as a strict radcred entry or throws a ledger RadcredError
// (ENTRY_MALFORMED); an entry whose signed bytes or signature changed never has a valid
// signature, and a parsed entry's signed part is exactly its bytes before the signature line.
import { describe, expect, it } from 'vitest';
import {
  ENTRY_MAGIC,
  createEntry,
  entrySignatureValid,
  isRadcredEntry,
  parseEntry,
  type LedgerEntry,
} from '../../src/ledger/entry.js';
import { NOW_S } from '../helpers.js';
import { fc, fuzzParams } from '../fuzz.js';
import { flippedBitIn, mutatedBytes, mutatedText, outcome } from '../fuzz-mutations.js';
import { demoSigner, labelDigest } from './support.js';

const SEEDS = [
  createEntry(demoSigner('lakeshore'), { kind: 'issue', credential: labelDigest('a'), time: NOW_S }), // Ed25519
  createEntry(demoSigner('tmb'), {
    kind: 'revoke',
    credential: labelDigest('b'),
    time: NOW_S,
    reason: 'license surrendered \u00e9\u{1f600}',
  }), // ES256
  createEntry(demoSigner('rsna'), { kind: 'suspend', credential: labelDigest('c'), time: 0, reason: 'x' }), // ES256K
  createEntry(demoSigner('abr'), { kind: 'reinstate', credential: labelDigest('d'), time: 253402300799 }),
];

function parse(bytes: Uint8Array) {
  const r = outcome(() => parseEntry(bytes), ['ledger']);
  if (!r.ok) {
    expect(r.error.code).toBe('ENTRY_MALFORMED');
    return r;
  }
  const e = r.value;
  expect(isRadcredEntry(bytes)).toBe(true);
  expect(Buffer.from(bytes).subarray(0, e.signed.length).equals(e.signed)).toBe(true);
  expect(Buffer.from(bytes).subarray(e.signed.length).toString('utf8')).toBe(
    `signature ${e.signature.toString('base64url')}\n`,
  );
  expect(Number.isSafeInteger(e.timeSeconds)).toBe(true);
  return r;
}

const sameSigned = (a: LedgerEntry, b: LedgerEntry) => a.signed.equals(b.signed) && a.signature.equals(b.signature);
const ORIGINAL = new Map(SEEDS.map((s) => [s, parseEntry(s)]));

describe('parseEntry (fuzz)', () => {
  it('the seeds parse and their signatures verify', () => {
    for (const s of SEEDS) {
      const r = parse(s);
      expect(r.ok && entrySignatureValid(r.value)).toBe(true);
    }
  });

  it('random bytes, and random lines after the magic: an entry or ENTRY_MALFORMED', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc
            .array(fc.string({ unit: 'binary', maxLength: 40 }), { maxLength: 8 })
            .map((lines) => Buffer.from([ENTRY_MAGIC, ...lines].join('\n') + '\n')),
        ),
        (bytes) => {
          const r = parse(bytes);
          if (r.ok) expect(entrySignatureValid(r.value)).toBe(false);
        },
      ),
      fuzzParams(80),
    );
  });

  it('mutated entries (bytes and text): an entry or ENTRY_MALFORMED; changed signed bytes never verify', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SEEDS).chain((s) =>
          fc.tuple(
            fc.constant(s),
            fc.oneof(
              mutatedBytes(s),
              mutatedText(s.toString('utf8')).map((t) => Buffer.from(t)),
            ),
          ),
        ),
        ([seed, bytes]) => {
          const r = parse(bytes);
          if (r.ok && !sameSigned(r.value, ORIGINAL.get(seed)!)) expect(entrySignatureValid(r.value)).toBe(false);
        },
      ),
      fuzzParams(200),
    );
  });

  it('one bit flipped anywhere in the signed part or the signature: never a valid entry', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SEEDS).chain((s) => flippedBitIn(s, 0, s.length - 1)),
        ({ bytes }) => {
          const r = parse(bytes);
          if (r.ok) expect(entrySignatureValid(r.value)).toBe(false);
        },
      ),
      fuzzParams(100),
    );
  });

  it('entries at the size limit and beyond are refused as malformed, not crashed on', () => {
    const huge = Buffer.concat([SEEDS[1]!.subarray(0, 200), Buffer.alloc(70_000, 0x61), Buffer.from('\n')]);
    expect(parse(huge).ok).toBe(false);
  });
});

describe('regressions found by fuzzing', () => {
  it('a byte-order mark before the magic line is not a radcred entry (its signed bytes would be misaligned)', () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), SEEDS[1]!]);
    expect(isRadcredEntry(withBom)).toBe(false);
    const r = parse(withBom);
    expect(r.ok ? 'parsed' : r.error.message).toMatch(/not a radcred entry/);
  });
});
