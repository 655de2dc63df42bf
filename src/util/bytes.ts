// @domain (not for src/cli: a building block of the domain operations)
// Strict encodings. Untrusted text must have exactly one decoding and one encoding: anything
// Buffer.from would silently repair (padding, stray characters, non-zero trailing bits) is refused.

const BASE64URL = /^[A-Za-z0-9_-]*$/;

const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Decodes unpadded, canonical base64url; returns undefined for anything else. */
export function decodeBase64urlStrict(text: string): Buffer | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  // Non-zero unused bits in the last character would be a second spelling of the same bytes: 4 of
  // them when the length is 2 mod 4, 2 when it is 3 mod 4 (the same as re-encoding and comparing).
  const rem = text.length % 4;
  if (rem !== 0 && (BASE64URL_ALPHABET.indexOf(text[text.length - 1]!) & (rem === 2 ? 0x0f : 0x03)) !== 0)
    return undefined;
  return Buffer.from(text, 'base64url');
}

export const encodeBase64url = (bytes: Uint8Array | string): string => Buffer.from(bytes).toString('base64url');

const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BASE58_INDEX = new Map([...BASE58_ALPHABET].map((c, i) => [c, i]));

export function encodeBase58(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let out = '';
  while (n > 0n) {
    out = BASE58_ALPHABET[Number(n % 58n)] + out;
    n /= 58n;
  }
  return '1'.repeat(zeros) + out;
}

/** Decodes base58btc (Bitcoin alphabet); undefined on any character outside it. */
export function decodeBase58(text: string): Uint8Array | undefined {
  let zeros = 0;
  while (zeros < text.length && text[zeros] === '1') zeros++;
  let n = 0n;
  for (const c of text) {
    const v = BASE58_INDEX.get(c);
    if (v === undefined) return undefined;
    n = n * 58n + BigInt(v);
  }
  const body: number[] = [];
  while (n > 0n) {
    body.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  return Uint8Array.from([...new Array<number>(zeros).fill(0), ...body]);
}

/** Decodes an even-length hex string; undefined for anything else. */
export function decodeHex(hex: string): Buffer | undefined {
  return /^([0-9a-fA-F]{2})*$/.test(hex) ? Buffer.from(hex, 'hex') : undefined;
}
