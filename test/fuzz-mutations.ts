// Mutators for the `*.fuzz.test.ts` files: arbitraries that turn a valid input (text, bytes, JSON,
// a compact JWS) into nearby invalid ones; keystores cheap enough to open often; and `outcome`,
// which runs a parser and insists that whatever it throws is a RadcredError of an expected kind
// (never a TypeError, RangeError, ...).
import { createCipheriv, randomBytes, scryptSync } from 'node:crypto';
import { RadcredError, type ErrorKind } from '../src/errors.js';
import { didKeyFromPublicKey } from '../src/identity/did-key.js';
import type { KeyType } from '../src/identity/key-types.js';
import { keyPairFromPrivateBytes } from '../src/identity/keys.js';
import type { KeystoreFile } from '../src/identity/keystore.js';
import { encodeBase64url } from '../src/util/bytes.js';
import { fc } from './fuzz.js';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: RadcredError };

const USER_KINDS: readonly ErrorKind[] = ['usage', 'input', 'verify', 'ledger'];

function judge(e: unknown, kinds: readonly ErrorKind[]): RadcredError {
  if (!(e instanceof RadcredError)) {
    const what = e instanceof Error ? `${e.constructor.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
    throw new Error(`expected a RadcredError, got ${what}`);
  }
  if (!kinds.includes(e.kind))
    throw new Error(`RadcredError ${e.code} has kind ${e.kind}, expected one of ${kinds.join(', ')}: ${e.message}`);
  if (!/^[A-Z][A-Z0-9_]*$/.test(e.code))
    throw new Error(`RadcredError code ${JSON.stringify(e.code)} is not a stable code`);
  if (typeof e.message !== 'string' || e.message.length === 0) throw new Error(`RadcredError ${e.code} has no message`);
  return e;
}

/** Runs `fn`: its value, or the RadcredError (of one of `kinds`) it threw; anything else fails the property. */
export function outcome<T>(fn: () => T, kinds: readonly ErrorKind[] = USER_KINDS): Outcome<T> {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    return { ok: false, error: judge(e, kinds) };
  }
}

export async function outcomeAsync<T>(
  fn: () => Promise<T>,
  kinds: readonly ErrorKind[] = USER_KINDS,
): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    return { ok: false, error: judge(e, kinds) };
  }
}

// ---- text --------------------------------------------------------------------------------------

/** Short pieces that tend to matter to parsers: separators, quotes, escapes, BOMs, odd Unicode. */
export const INTERESTING = [
  '.',
  '..',
  '\n',
  '\r\n',
  '\r',
  '\n\n',
  ' ',
  '\t',
  '"',
  "'",
  '\\',
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  ';',
  '=',
  '==',
  '+',
  '/',
  '-',
  '_',
  '\u0000',
  '\u007f',
  '\ufeff',
  '\ufffd',
  '\u2014 ',
  '\u2028',
  '\u00a0',
  '\u00e9',
  'e\u0301',
  '\u{1f600}',
  '\ud800',
  'null',
  'true',
  '0',
  '-0',
  '-1',
  '1e400',
  '1.5',
  '9007199254740993',
  '99999999999999999999',
  'NaN',
  '__proto__',
  'constructor',
  'sha256:',
  'did:key:z',
  'did:key:z6Mk',
  '#',
  '%',
  'AAAA',
  'A',
  '=\n',
  '\u2014 origin AAAA\n',
];

const interestingText = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...INTERESTING) },
  { weight: 2, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
);

type Edit = (s: string) => string;
const at = (s: string, n: number) => (s.length === 0 ? 0 : n % (s.length + 1));

/** One edit of a string, positions taken modulo its length. */
const textEdit: fc.Arbitrary<Edit> = fc.oneof(
  fc.nat().map(
    (n): Edit =>
      (s) =>
        s.slice(0, at(s, n)),
  ), // truncate
  fc.nat().map(
    (n): Edit =>
      (s) =>
        s.slice(at(s, n)),
  ), // drop a prefix
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 16 })).map(
    ([n, len]): Edit =>
      (s) =>
        s.slice(0, at(s, n)) + s.slice(at(s, n) + len),
  ), // delete
  fc.tuple(fc.nat(), interestingText).map(
    ([n, t]): Edit =>
      (s) =>
        s.slice(0, at(s, n)) + t + s.slice(at(s, n)),
  ), // insert
  fc.tuple(fc.nat(), interestingText).map(
    ([n, t]): Edit =>
      (s) =>
        s.slice(0, at(s, n)) + t + s.slice(at(s, n) + 1),
  ), // replace one
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 6 })).map(([n, bit]): Edit => (s) => {
    // flip a bit of one character
    if (s.length === 0) return s;
    const i = n % s.length;
    return s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) ^ (1 << bit)) + s.slice(i + 1);
  }),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 40 })).map(
    ([n, len]): Edit =>
      (s) =>
        s.slice(0, at(s, n)) + s.slice(at(s, n), at(s, n) + len) + s.slice(at(s, n)),
  ), // duplicate a range
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]): Edit => (s) => {
    // swap two lines
    const lines = s.split('\n');
    const i = a % lines.length,
      j = b % lines.length;
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    return lines.join('\n');
  }),
  fc.nat().map((n): Edit => (s) => {
    // delete a line
    const lines = s.split('\n');
    lines.splice(n % lines.length, 1);
    return lines.join('\n');
  }),
  fc.constantFrom<Edit>(
    (s) => s.toUpperCase(),
    (s) => s.replace(/\n/g, '\r\n'),
    (s) => s.trimEnd(),
    (s) => s + s,
    (s) => '\ufeff' + s,
    (s) => s + '\n',
  ),
);

/** `seed` with one to four edits: truncations, flipped bits, inserted, deleted and swapped pieces. */
export function mutatedText(seed: string | fc.Arbitrary<string>): fc.Arbitrary<string> {
  const seeds = typeof seed === 'string' ? fc.constant(seed) : seed;
  return fc
    .tuple(seeds, fc.array(textEdit, { minLength: 1, maxLength: 4 }))
    .map(([s, edits]) => edits.reduce((acc, e) => e(acc), s));
}

/** Random text: any code points, or ASCII, or bytes read as Latin-1. */
export const randomText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'binary-ascii', maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
);

/** Mostly mutations of the seeds, sometimes a seed unchanged, sometimes random text. */
export function textNear(...seeds: string[]): fc.Arbitrary<string> {
  const seed = fc.constantFrom(...seeds);
  return fc.oneof(
    { weight: 1, arbitrary: seed },
    { weight: 8, arbitrary: mutatedText(seed) },
    { weight: 1, arbitrary: randomText },
  );
}

// ---- bytes -------------------------------------------------------------------------------------

type ByteEdit = (b: Buffer) => Buffer;
const pos = (b: Buffer, n: number) => (b.length === 0 ? 0 : n % (b.length + 1));

const byteEdit: fc.Arbitrary<ByteEdit> = fc.oneof(
  fc.nat().map(
    (n): ByteEdit =>
      (b) =>
        b.subarray(0, pos(b, n)),
  ),
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })).map(([n, bit]): ByteEdit => (b) => {
    if (b.length === 0) return b;
    const out = Buffer.from(b);
    out[n % b.length]! ^= 1 << bit;
    return out;
  }),
  fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(
    ([n, ins]): ByteEdit =>
      (b) =>
        Buffer.concat([b.subarray(0, pos(b, n)), ins, b.subarray(pos(b, n))]),
  ),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 40 })).map(
    ([n, len]): ByteEdit =>
      (b) =>
        Buffer.concat([b.subarray(0, pos(b, n)), b.subarray(pos(b, n) + len)]),
  ),
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([n, v]): ByteEdit => (b) => {
    if (b.length === 0) return b;
    const out = Buffer.from(b);
    out[n % b.length] = v;
    return out;
  }),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 64 })).map(
    ([n, len]): ByteEdit =>
      (b) =>
        Buffer.concat([b.subarray(0, pos(b, n)), b.subarray(pos(b, n), pos(b, n) + len), b.subarray(pos(b, n))]),
  ),
);

export function mutatedBytes(seed: Uint8Array | fc.Arbitrary<Uint8Array>): fc.Arbitrary<Buffer> {
  const seeds = seed instanceof Uint8Array ? fc.constant(seed) : seed;
  return fc
    .tuple(seeds, fc.array(byteEdit, { minLength: 1, maxLength: 3 }))
    .map(([s, edits]) => edits.reduce<Buffer>((acc, e) => e(acc), Buffer.from(s)));
}

/** One bit flipped at a position in [from, to) of the seed: for security-relevant bytes. */
export function flippedBitIn(
  seed: Uint8Array,
  from: number,
  to: number,
): fc.Arbitrary<{ bytes: Buffer; index: number }> {
  return fc.tuple(fc.integer({ min: from, max: to - 1 }), fc.integer({ min: 0, max: 7 })).map(([index, bit]) => {
    const bytes = Buffer.from(seed);
    bytes[index]! ^= 1 << bit;
    return { bytes, index };
  });
}

// ---- JSON --------------------------------------------------------------------------------------

/** Values of the wrong type or size for almost any field. */
export const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom<unknown>(
      null,
      true,
      false,
      0,
      -1,
      0.5,
      1.25,
      1e308,
      -1e308,
      1e21,
      2 ** 31,
      2 ** 32,
      2 ** 53,
      2 ** 53 + 2,
      2 ** 63,
      Number.MAX_SAFE_INTEGER,
      8_640_000_000_000,
      8_640_000_000_001,
      253402300800,
      -62167219201,
      '',
      ' ',
      '\u0000',
      '\ud800',
      '\u{1f600}',
      'x'.repeat(5000),
      '__proto__',
      '2026-02-30',
      '2026-11-27T18:00:00Z',
      '9999-12-31',
      '0000-01-01',
      '+275760-09-13T00:00:00Z',
      'did:key:z6Mk',
      '*',
      [],
      {},
      [[[[]]]],
      [null],
      { __proto__: null, a: 1 },
      ['VerifiableCredential'],
      ['VerifiablePresentation'],
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** Any number, or something that is not one, for a NumericDate claim (iat, nbf, exp). */
export const numericDate: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    undefined,
    0,
    -1,
    0.5,
    1795802400,
    1795802400.5,
    2 ** 31,
    2 ** 53 - 1,
    2 ** 53,
    8_640_000_000_000,
    8_640_000_000_001,
    1e21,
    1e308,
    '1795802400',
    null,
    [1795802400],
  ),
  fc.integer(),
  fc.maxSafeNat(),
  fc.double(),
);

type JsonPath = (string | number)[];

function pathsOf(value: unknown, path: JsonPath = [], out: JsonPath[] = []): JsonPath[] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...path, i], out));
  else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...path, k], out);
  return out;
}

function getAt(value: unknown, path: JsonPath): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], value);
}

function setAt(root: unknown, path: JsonPath, next: unknown, remove = false): unknown {
  if (path.length === 0) return next;
  const parent = getAt(root, path.slice(0, -1)) as Record<string | number, unknown> | unknown[];
  const key = path[path.length - 1]!;
  if (remove) {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete (parent as Record<string, unknown>)[key];
  } else if (key === '__proto__') {
    Object.defineProperty(parent, key, { value: next, enumerable: true, configurable: true, writable: true });
  } else {
    (parent as Record<string | number, unknown>)[key] = next;
  }
  return root;
}

export type JsonEdit = (value: unknown) => unknown;

/** One structural edit somewhere in a JSON value: a field deleted, retyped, renamed, swapped, wrapped or added. */
export const jsonEdit: fc.Arbitrary<JsonEdit> = fc
  .tuple(
    fc.nat(),
    fc.nat(),
    fc.integer({ min: 0, max: 6 }),
    weirdValue,
    fc.constantFrom('id', 'type', '__proto__', 'iss', 'exp', 'x', 'version', ''),
  )
  .map(([a, b, op, weird, name]): JsonEdit => (value) => {
    const root = structuredClone(value);
    const paths = pathsOf(root);
    const path = paths[a % paths.length]!;
    const here = getAt(root, path);
    switch (op) {
      case 0:
        return path.length === 0 ? weird : setAt(root, path, undefined, true); // delete
      case 1:
        return setAt(root, path, weird); // wrong type or size
      case 2:
        return setAt(root, path, [here]); // wrapped in a list
      case 3: {
        // swapped with another value
        const other = paths[b % paths.length]!;
        if (
          other.length === 0 ||
          path.length === 0 ||
          other.join('\u0000').startsWith(path.join('\u0000')) ||
          path.join('\u0000').startsWith(other.join('\u0000'))
        )
          return setAt(root, path, weird);
        const there = structuredClone(getAt(root, other));
        setAt(root, other, structuredClone(here));
        return setAt(root, path, there);
      }
      case 4: {
        // a field added
        if (typeof here === 'object' && here !== null && !Array.isArray(here))
          return setAt(root, [...path, name], weird);
        return setAt(root, path, weird);
      }
      case 5: {
        // renamed
        const key = path[path.length - 1];
        if (typeof key !== 'string') return setAt(root, path, weird);
        setAt(root, path, undefined, true);
        return setAt(
          root,
          [
            ...path.slice(0, -1),
            [key + 'X', key.toUpperCase() === key ? key + '_' : key.toUpperCase(), ' ' + key][b % 3]!,
          ],
          here,
        );
      }
      default: // a string field made huge or strange
        return typeof here === 'string'
          ? setAt(root, path, b % 3 === 0 ? here.repeat(50) : b % 3 === 1 ? here.toUpperCase() : here + '\u0000')
          : setAt(root, path, weird);
    }
  });

/** The JSON text of `value` with one to three structural edits, sometimes with a key written twice. */
export function mutatedJson(value: unknown): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.array(jsonEdit, { minLength: 1, maxLength: 3 }),
      fc.option(fc.tuple(fc.nat(), weirdValue), { freq: 4 }),
      fc.boolean(),
    )
    .map(([edits, dup, pretty]) => {
      const edited = edits.reduce<unknown>((v, e) => e(v), value);
      const text = JSON.stringify(edited, null, pretty ? 2 : undefined) ?? 'null';
      return dup === null ? text : duplicateKey(text, dup[0], dup[1]);
    });
}

/** Writes the n-th key of the JSON text a second time, before the first, with another value. */
export function duplicateKey(text: string, n: number, value: unknown): string {
  const keys = [...text.matchAll(/([{,]\s*)("(?:[^"\\]|\\.)*"\s*:)/g)];
  if (keys.length === 0) return text;
  const m = keys[n % keys.length]!;
  const insertAt = m.index! + m[1]!.length;
  return text.slice(0, insertAt) + `${m[2]}${JSON.stringify(value) ?? 'null'},` + text.slice(insertAt);
}

// ---- compact JWS -------------------------------------------------------------------------------

export const jwsParts = (jwt: string) => jwt.trim().split('.') as [string, string, string];

/** A compact JWS from header and payload text, signed by `sign` (or with a fixed signature). */
export function tokenFromTexts(
  headerText: string,
  payloadText: string,
  sign: ((input: Buffer) => Uint8Array) | string,
): string {
  const input = `${encodeBase64url(headerText)}.${encodeBase64url(payloadText)}`;
  return `${input}.${typeof sign === 'string' ? sign : encodeBase64url(sign(Buffer.from(input, 'ascii')))}`;
}

/** The same bytes in another spelling of base64: padded, standard alphabet, stray bits or whitespace. */
export const reencodings: ((part: string) => string)[] = [
  (p) => Buffer.from(p, 'base64url').toString('base64'), // + / and padding
  (p) => p + '='.repeat((4 - (p.length % 4)) % 4), // base64url with padding
  (p) => p + '=',
  (p) => `${p.slice(0, 4)} ${p.slice(4)}`,
  (p) => p.slice(0, 8) + '\n' + p.slice(8),
  (p) => {
    // non-zero unused bits in the last character
    if (p.length % 4 === 0) return p + 'A';
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(p[p.length - 1]!);
    return p.slice(0, -1) + alphabet[last ^ 1];
  },
];

// ---- keystores ---------------------------------------------------------------------------------

/**
 * A keystore as sealKeystore writes it, but with the cheapest scrypt parameters a file may carry
 * (r = 1 instead of 8), so a property can open it often on a slow machine.
 */
export function cheapKeystore(name: string, keyType: KeyType, seed: Uint8Array, passphrase: string): KeystoreFile {
  const did = didKeyFromPublicKey(keyType, keyPairFromPrivateBytes(keyType, seed).publicKeyBytes);
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = scryptSync(passphrase.normalize('NFC'), salt, 32, { N: 2 ** 15, r: 1, p: 1 });
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(did, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(seed), cipher.final()]);
  return {
    version: 1,
    name,
    did,
    keyType,
    label: `Fuzz ${name}`,
    created: '2026-11-27T18:00:00Z',
    kdf: { name: 'scrypt', N: 2 ** 15, r: 1, p: 1, salt: salt.toString('base64url') },
    cipher: {
      name: 'aes-256-gcm',
      iv: iv.toString('base64url'),
      ciphertext: ciphertext.toString('base64url'),
      tag: cipher.getAuthTag().toString('base64url'),
    },
  };
}
