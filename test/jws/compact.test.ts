// Strict compact JWS: three canonical base64url parts, JSON-object header and payload, UTF-8.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RadcredError } from '../../src/errors.js';
import { resolveDidKey, didKeyFromPublicKey, verificationMethodOf } from '../../src/identity/did-key.js';
import { KEY_TYPES } from '../../src/identity/key-types.js';
import { keyPairFromPrivateBytes, signBytes, verifyBytes } from '../../src/identity/keys.js';
import type { Signer } from '../../src/identity/store.js';
import { digestOfSigningInput, MAX_JWS_BYTES, parseCompactJws } from '../../src/jws/compact.js';
import { signCompactJws } from '../verify/tokens.js';
import { encodeBase64url } from '../../src/util/bytes.js';
import { errorOf } from '../helpers.js';

const b64 = (v: unknown) => encodeBase64url(typeof v === 'string' ? v : JSON.stringify(v));
// header and payload chosen so that neither encodes to a multiple of 4 characters (they have unused bits)
const HEADER = { alg: 'EdDSA', typ: 'JWT', n: 12 };
const PAYLOAD = { iss: 'did:example:1', n: 1 };
const SIG = Buffer.alloc(64, 7);
const H = b64(HEADER);
const P = b64(PAYLOAD);
const S = encodeBase64url(SIG);
const GOOD = `${H}.${P}.${S}`;
const LENGTHS = [H.length % 4, P.length % 4, S.length % 4];

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** the same bytes spelled with non-zero unused bits in the last character */
function trailingBits(part: string): string {
  expect(part.length % 4).not.toBe(0);
  const last = ALPHABET.indexOf(part[part.length - 1]!);
  const spelled = part.slice(0, -1) + ALPHABET[last + 1]!;
  expect(Buffer.from(spelled, 'base64url').equals(Buffer.from(part, 'base64url'))).toBe(true);
  return spelled;
}

describe('parseCompactJws', () => {
  it('has test parts with unused bits in their last character', () => {
    expect(LENGTHS.every((n) => n === 2 || n === 3)).toBe(true);
  });

  it('accepts a good token and exposes its parts', () => {
    const jws = parseCompactJws(GOOD);
    expect(jws.header).toEqual(HEADER);
    expect(jws.payload).toEqual(PAYLOAD);
    expect(jws.signingInput).toBe(`${H}.${P}`);
    expect(jws.signature.equals(SIG)).toBe(true);
    expect(jws.compact).toBe(GOOD);
  });

  it('accepts surrounding whitespace (a file with a trailing newline)', () => {
    expect(parseCompactJws(GOOD + '\n').compact).toBe(GOOD);
  });

  it.each([
    ['1 part', H],
    ['2 parts', `${H}.${P}`],
    ['4 parts', `${GOOD}.${S}`],
    ['5 parts (JWE)', `${H}.${P}.${S}.${S}.${S}`],
    ['empty', ''],
    ['JSON serialization', JSON.stringify({ protected: H, payload: P, signature: S })],
  ])('refuses %s (JWS_MALFORMED)', (_why, text) => {
    const e = errorOf(() => parseCompactJws(text));
    expect(e.code).toBe('JWS_MALFORMED');
    expect(e.kind).toBe('input');
  });

  const spoil: [string, (p: string) => string][] = [
    ['padding', (p) => p + '=='],
    ['non-zero trailing bits', trailingBits],
    ['a "+"', (p) => '+' + p.slice(1)],
    ['a "/"', (p) => '/' + p.slice(1)],
    ['inner whitespace', (p) => p.slice(0, 4) + ' ' + p.slice(4)],
    ['length 4n+1', (p) => p + 'A'.repeat((5 - (p.length % 4)) % 4 || 4)],
  ];

  describe.each([
    ['header', (f: (p: string) => string) => `${f(H)}.${P}.${S}`],
    ['payload', (f: (p: string) => string) => `${H}.${f(P)}.${S}`],
    ['signature', (f: (p: string) => string) => `${H}.${P}.${f(S)}`],
  ])('non-canonical base64url in the %s', (_part, build) => {
    it.each(spoil)('%s is JWS_MALFORMED', (_why, f) => {
      expect(errorOf(() => parseCompactJws(build(f))).code).toBe('JWS_MALFORMED');
    });
  });

  it.each([
    ['an array', '[]'],
    ['a number', '1'],
    ['a string', '"x"'],
    ['null', 'null'],
    ['true', 'true'],
    ['not JSON', 'not json'],
    ['empty', ''],
    ['JSON with a BOM', '\ufeff{}'],
  ])('refuses a header or payload that is %s', (_why, json) => {
    expect(errorOf(() => parseCompactJws(`${b64(json)}.${P}.${S}`)).code).toBe('JWS_MALFORMED');
    expect(errorOf(() => parseCompactJws(`${H}.${b64(json)}.${S}`)).code).toBe('JWS_MALFORMED');
  });

  it('refuses invalid UTF-8 in the header or payload', () => {
    const bad = encodeBase64url(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])); // {"a":"\xff"}
    expect(errorOf(() => parseCompactJws(`${bad}.${P}.${S}`)).code).toBe('JWS_MALFORMED');
    expect(errorOf(() => parseCompactJws(`${H}.${bad}.${S}`)).code).toBe('JWS_MALFORMED');
    // an overlong encoding of "/" and a lone surrogate, too
    const overlong = encodeBase64url(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d]));
    const surrogate = encodeBase64url(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]));
    expect(errorOf(() => parseCompactJws(`${H}.${overlong}.${S}`)).code).toBe('JWS_MALFORMED');
    expect(errorOf(() => parseCompactJws(`${H}.${surrogate}.${S}`)).code).toBe('JWS_MALFORMED');
  });

  it('refuses deep nesting in the payload', () => {
    const deep = '{"a":' + '['.repeat(100) + ']'.repeat(100) + '}';
    expect(errorOf(() => parseCompactJws(`${H}.${b64(deep)}.${S}`)).code).toBe('JWS_MALFORMED');
  });

  it('refuses a token over the size limit (JWS_TOO_LARGE) before decoding it', () => {
    const big = `${H}.${'A'.repeat(MAX_JWS_BYTES)}.${S}`;
    expect(errorOf(() => parseCompactJws(big)).code).toBe('JWS_TOO_LARGE');
  });
});

describe('digestOfSigningInput', () => {
  it('is sha256: + hex SHA-256 of header.payload as ASCII', () => {
    const expected = 'sha256:' + createHash('sha256').update(`${H}.${P}`).digest('hex');
    expect(digestOfSigningInput(parseCompactJws(GOOD).signingInput)).toBe(expected);
  });

  it('does not change when only the signature changes', () => {
    const other = `${H}.${P}.${encodeBase64url(Buffer.alloc(64, 9))}`;
    const a = parseCompactJws(GOOD);
    const b = parseCompactJws(other);
    expect(a.compact).not.toBe(b.compact);
    expect(digestOfSigningInput(b.signingInput)).toBe(digestOfSigningInput(a.signingInput));
  });

  it('changes when the payload changes', () => {
    const other = `${H}.${b64({ ...PAYLOAD, n: 13 })}.${S}`;
    expect(digestOfSigningInput(parseCompactJws(other).signingInput)).not.toBe(
      digestOfSigningInput(parseCompactJws(GOOD).signingInput),
    );
  });
});

describe('signCompactJws', () => {
  it('signs a token that parses back, with alg, typ and kid, and verifies', () => {
    const pair = keyPairFromPrivateBytes('p256', Buffer.alloc(32, 3));
    const did = didKeyFromPublicKey('p256', pair.publicKeyBytes);
    const signer: Signer = {
      name: 't',
      did,
      keyType: 'p256',
      alg: KEY_TYPES.p256.alg,
      kid: verificationMethodOf(did),
      sign: (data) => signBytes('p256', pair.privateKey, data),
    };
    const token = signCompactJws(signer, { iss: did, x: 'é' });
    const jws = parseCompactJws(token);
    expect(jws.header).toEqual({ alg: 'ES256', typ: 'JWT', kid: `${did}#${did.slice(8)}` });
    expect(jws.payload).toEqual({ iss: did, x: 'é' });
    const key = resolveDidKey(did);
    expect(verifyBytes('p256', key.publicKey, Buffer.from(jws.signingInput, 'ascii'), jws.signature)).toBe(true);
  });
});
