// Built into the bundle in place of the `uint8arrays` package that did-jwt and key-did-resolver
// import (src/build/bundle.ts): `toString` and `fromString` for UTF-8, base64url, base64 and hex
// with Node's native Buffer codecs, everything else (base58btc, ...) from the real package. did-jwt
// base64url-encodes every JWT section it writes through these, in JavaScript: that was a sixth of
// the cost of each credential a roster issues. test/build/uint8arrays-native.test.ts checks this
// module gives the real package's answers.
import * as original from 'radcred-original:uint8arrays';

export * from 'radcred-original:uint8arrays';

type Encoding = string;

const NATIVE: Record<string, BufferEncoding> = {
  utf8: 'utf8',
  'utf-8': 'utf8',
  base64url: 'base64url',
  base64: 'base64',
  base16: 'hex',
  hex: 'hex',
};

export function toString(bytes: Uint8Array, encoding: Encoding = 'utf8'): string {
  const native = NATIVE[encoding as string];
  if (native === undefined) return original.toString(bytes, encoding);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(native);
  // the package's base64 is unpadded (base64pad is the padded one)
  return native === 'base64' ? text.replace(/=+$/, '') : text;
}

export function fromString(text: string, encoding: Encoding = 'utf8'): Uint8Array {
  const native = NATIVE[encoding as string];
  // Buffer decoding is lenient (it skips what is not base64): only canonical input takes this path
  if (native === undefined || (native !== 'utf8' && !canonical(text, native)))
    return original.fromString(text, encoding);
  const buf = Buffer.from(text, native);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

const PATTERNS: Partial<Record<BufferEncoding, RegExp>> = {
  base64url: /^[A-Za-z0-9_-]*$/,
  base64: /^[A-Za-z0-9+/]*$/, // unpadded, as the package's base64 writes it
  hex: /^(?:[0-9a-f]{2})*$/,
};

const canonical = (text: string, encoding: BufferEncoding) =>
  PATTERNS[encoding]?.test(text) === true && Buffer.from(text, encoding).toString(encoding).replace(/=+$/, '') === text;
