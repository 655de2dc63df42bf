// Strict encodings: exactly one spelling per byte string.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBase58, decodeBase64urlStrict, decodeHex, encodeBase58, encodeBase64url } from '../../src/util/bytes.js';

describe('decodeBase64urlStrict', () => {
  it.each([
    ['', ''],
    ['AQ', '01'],
    ['AQI', '0102'],
    ['AQID', '010203'],
    ['AQIDBA', '01020304'],
    ['_-8', 'ffef'],
    ['-_-_', 'fbffbf'],
  ])('accepts canonical %j', (text, hex) => {
    expect(decodeBase64urlStrict(text)?.toString('hex')).toBe(hex);
  });

  it('round-trips random bytes of every length mod 3', () => {
    for (let n = 0; n < 40; n++) {
      const b = randomBytes(n);
      expect(decodeBase64urlStrict(encodeBase64url(b))?.equals(b)).toBe(true);
    }
  });

  it.each([
    ['padding ==', 'AQ=='],
    ['padding =', 'AQI='],
    ['a + (standard base64)', 'A+8'],
    ['a / (standard base64)', 'A/8'],
    ['inner space', 'AQ ID'],
    ['leading space', ' AQID'],
    ['trailing newline', 'AQID\n'],
    ['tab', 'AQ\tID'],
    ['non-zero trailing bits (2 chars)', 'AR'],
    ['non-zero trailing bits (3 chars)', 'AQJ'],
    ['length 1', 'A'],
    ['length 5', 'AQIDB'],
    ['length 9', 'AQIDBAUGB'],
    ['a dot', 'AQ.D'],
    ['non-ASCII', 'AQ\u00e9D'],
    ['a NUL', 'AQ\u0000D'],
  ])('refuses %s', (_why, text) => {
    expect(decodeBase64urlStrict(text)).toBeUndefined();
  });
});

describe('base58btc', () => {
  // Bitcoin Core src/test/data/base58_encode_decode.json
  it.each([
    ['', ''],
    ['61', '2g'],
    ['626262', 'a3gV'],
    ['636363', 'aPEr'],
    ['73696d706c792061206c6f6e6720737472696e67', '2cFupjhnEsSn59qHXstmK2ffpLv2'],
    ['00eb15231dfceb60925886b67d065299925915aeb172c06647', '1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L'],
    ['516b6fcd0f', 'ABnLTmg'],
    ['bf4f89001e670274dd', '3SEo3LWLoPntC'],
    ['572e4794', '3EFU7m'],
    ['ecac89cad93923c02321', 'EJDM8drfXA6uyA'],
    ['10c8511e', 'Rt5zm'],
    ['00000000000000000000', '1111111111'],
  ])('%s <-> %s', (hex, b58) => {
    expect(encodeBase58(Buffer.from(hex, 'hex'))).toBe(b58);
    expect(Buffer.from(decodeBase58(b58)!).toString('hex')).toBe(hex);
  });

  it('round-trips random bytes with 0-3 leading zeros', () => {
    for (let i = 0; i < 100; i++) {
      const b = Buffer.concat([Buffer.alloc(i % 4), randomBytes(i % 37)]);
      const text = encodeBase58(b);
      expect(text.startsWith('1'.repeat(i % 4))).toBe(true);
      expect(Buffer.from(decodeBase58(text)!).equals(b)).toBe(true);
    }
  });

  it.each(['0', 'O', 'I', 'l', 'abc+', ' 2g', '2g\n', 'é'])('refuses %j (outside the alphabet)', (text) => {
    expect(decodeBase58(text)).toBeUndefined();
  });
});

describe('decodeHex', () => {
  it('accepts even-length hex in either case', () => {
    expect(decodeHex('')?.length).toBe(0);
    expect(decodeHex('00ffAB')?.toString('hex')).toBe('00ffab');
  });
  it.each(['0', 'abc', 'zz', '0x00', '00 ff', 'g0'])('refuses %j', (text) => {
    expect(decodeHex(text)).toBeUndefined();
  });
});

describe('decodeBase64urlStrict against its definition', () => {
  // the definition: the alphabet only, no padding, and re-encoding gives back the same text
  const oracle = (text: string) => {
    if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
    const bytes = Buffer.from(text, 'base64url');
    return bytes.toString('base64url') === text ? bytes.toString('hex') : undefined;
  };
  it('agrees on any string over the alphabet and a few strays', async () => {
    const { fc, fuzzParams } = await import('../fuzz.js');
    const chars = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/ '.split(''));
    fc.assert(
      fc.property(fc.string({ unit: chars, maxLength: 12 }), (text) => {
        expect(decodeBase64urlStrict(text)?.toString('hex')).toBe(oracle(text));
      }),
      fuzzParams(3000),
    );
  });
});
