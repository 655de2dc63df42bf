// Key material known answers: RFC 8032 §7.1 (Ed25519), RFC 8037 appendix A (EdDSA JWS), the
// Wycheproof Ed25519 verify suite, ES256K low-S normalisation, and private JWK import.
import { createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RadcredError } from '../../src/errors.js';
import { KEY_TYPES, type KeyType } from '../../src/identity/key-types.js';
import {
  generateKeyPair,
  keyPairFromPrivateBytes,
  privateBytesFromJwk,
  publicKeyFromBytes,
  signBytes,
  verifyBytes,
} from '../../src/identity/keys.js';
import { encodeBase64url } from '../../src/util/bytes.js';
import { sharedVector, codeIfThrown } from '../helpers.js';

function jwkFromNode(type: 'ec' | 'x25519' | 'ed448', options?: { namedCurve: string }): unknown {
  const { privateKey } = (generateKeyPairSync as (t: string, o?: object) => { privateKey: KeyObject })(type, options);
  return privateKey.export({ format: 'jwk' });
}

const hex = (s: string) => Buffer.from(s, 'hex');
const publicKeyOf = (keyType: KeyType, bytes: Uint8Array) => publicKeyFromBytes(KEY_TYPES[keyType], bytes)!;

const known = sharedVector('ed25519', 'rfc8032-rfc8037-ed25519.json');

describe('RFC 8032 §7.1 Ed25519', () => {
  type Rfc8032 = { name: string; secretKey: string; publicKey: string; message: string; signature: string };
  const tests: Rfc8032[] = known.rfc8032_section_7_1;

  it('has tests 1-3', () => {
    expect(tests.map((t) => t.name)).toEqual(['TEST 1', 'TEST 2', 'TEST 3']);
  });

  it.each(tests.map((t) => [t.name, t] as const))(
    '%s: public key, signature byte for byte, verify, bit flips',
    (_name, t) => {
      const pair = keyPairFromPrivateBytes('ed25519', hex(t.secretKey));
      expect(Buffer.from(pair.publicKeyBytes).toString('hex')).toBe(t.publicKey);
      const sig = signBytes('ed25519', pair.privateKey, hex(t.message));
      expect(sig.toString('hex')).toBe(t.signature);

      const pub = publicKeyOf('ed25519', hex(t.publicKey));
      expect(verifyBytes('ed25519', pub, hex(t.message), hex(t.signature))).toBe(true);
      for (const bit of [0, 7, 255, 256, 511]) {
        const flipped = hex(t.signature);
        flipped[bit >> 3]! ^= 1 << (bit & 7);
        expect(verifyBytes('ed25519', pub, hex(t.message), flipped)).toBe(false);
      }
      const otherMessage = Buffer.concat([hex(t.message), Buffer.from([0])]);
      expect(verifyBytes('ed25519', pub, otherMessage, hex(t.signature))).toBe(false);
    },
  );
});

describe('RFC 8037 appendix A EdDSA JWS', () => {
  const a = known.rfc8037_appendix_a;

  it('A.1 private JWK imports as the RFC 8032 TEST 1 key', () => {
    const { keyType, d } = privateBytesFromJwk(a['A.1_private_jwk']);
    expect(keyType).toBe('ed25519');
    expect(d.toString('hex')).toBe(known.rfc8032_section_7_1[0].secretKey);
    expect(encodeBase64url(keyPairFromPrivateBytes('ed25519', d).publicKeyBytes)).toBe(a['A.2_public_jwk'].x);
  });

  it('A.4 signing input and signature reproduce exactly', () => {
    const jws = a['A.4_jws'];
    const signingInput = `${encodeBase64url(jws.protected_header_json)}.${encodeBase64url(jws.payload_text)}`;
    expect(signingInput).toBe(jws.signing_input);
    const { d } = privateBytesFromJwk(a['A.1_private_jwk']);
    const sig = signBytes(
      'ed25519',
      keyPairFromPrivateBytes('ed25519', d).privateKey,
      Buffer.from(signingInput, 'ascii'),
    );
    expect(encodeBase64url(sig)).toBe(jws.signature);
    expect(`${signingInput}.${encodeBase64url(sig)}`).toBe(jws.compact);

    const pub = createPublicKey({ key: a['A.2_public_jwk'], format: 'jwk' });
    expect(verifyBytes('ed25519', pub, Buffer.from(signingInput, 'ascii'), sig)).toBe(true);
  });
});

describe('Wycheproof Ed25519 verify', () => {
  type Case = { tcId: number; comment: string; msg: string; sig: string; result: 'valid' | 'invalid' | 'acceptable' };
  const suite: { numberOfTests: number; testGroups: { publicKey: { pk: string }; tests: Case[] }[] } = sharedVector(
    'ed25519',
    'ed25519_test.json',
  );
  const cases = suite.testGroups.flatMap((g) => g.tests.map((t) => ({ pk: g.publicKey.pk, ...t })));

  it('has every case', () => {
    expect(cases.length).toBe(suite.numberOfTests);
    // The suite in shared/ has no "acceptable" cases; if a newer copy adds some, they are
    // allowed either way below and counted here so the change is visible.
    const acceptable = cases.filter((c) => c.result === 'acceptable').length;
    expect(acceptable).toBe(0);
  });

  it.each(cases.map((c) => [c.tcId, c.comment || c.result, c] as const))('tcId %i (%s)', (_id, _comment, c) => {
    const pub = publicKeyFromBytes(KEY_TYPES.ed25519, hex(c.pk));
    const ok = pub !== undefined && verifyBytes('ed25519', pub, hex(c.msg), hex(c.sig));
    if (c.result === 'acceptable') expect(typeof ok).toBe('boolean');
    else expect(ok).toBe(c.result === 'valid');
  });
});

describe('ECDSA signatures', () => {
  const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

  it('ES256K signatures are always low-S and verify (50 signatures)', () => {
    const { pair } = generateKeyPair('secp256k1');
    const pub = publicKeyOf('secp256k1', pair.publicKeyBytes);
    for (let i = 0; i < 50; i++) {
      const msg = randomBytes(40);
      const sig = signBytes('secp256k1', pair.privateKey, msg);
      expect(sig.length).toBe(64);
      const s = BigInt('0x' + sig.subarray(32).toString('hex'));
      expect(s > 0n && s <= SECP256K1_N / 2n).toBe(true);
      expect(verifyBytes('secp256k1', pub, msg, sig)).toBe(true);
    }
  });

  it.each(['p256', 'secp256k1', 'ed25519'] as KeyType[])(
    '%s: raw 64-byte signatures verify; tampering and wrong lengths do not',
    (keyType) => {
      const { pair } = generateKeyPair(keyType);
      const pub = publicKeyOf(keyType, pair.publicKeyBytes);
      const msg = Buffer.from('header.payload', 'ascii');
      const sig = signBytes(keyType, pair.privateKey, msg);
      expect(sig.length).toBe(64);
      expect(verifyBytes(keyType, pub, msg, sig)).toBe(true);
      const flipped = Buffer.from(sig);
      flipped[10]! ^= 0x01;
      expect(verifyBytes(keyType, pub, msg, flipped)).toBe(false);
      expect(verifyBytes(keyType, pub, Buffer.from('header.payloaD'), sig)).toBe(false);
      expect(verifyBytes(keyType, pub, msg, sig.subarray(0, 63))).toBe(false);
      expect(verifyBytes(keyType, pub, msg, Buffer.concat([sig, Buffer.from([0])]))).toBe(false);
      expect(verifyBytes(keyType, pub, msg, Buffer.alloc(64))).toBe(false);
      // another key of the same type
      const other = generateKeyPair(keyType).pair;
      expect(verifyBytes(keyType, publicKeyOf(keyType, other.publicKeyBytes), msg, sig)).toBe(false);
    },
  );
});

describe('keyPairFromPrivateBytes', () => {
  it.each(['ed25519', 'p256', 'secp256k1'] as KeyType[])(
    '%s refuses keys that are not 32 bytes (KEY_INVALID)',
    (keyType) => {
      expect(codeIfThrown(() => keyPairFromPrivateBytes(keyType, Buffer.alloc(31, 1)))).toBe('KEY_INVALID');
      expect(codeIfThrown(() => keyPairFromPrivateBytes(keyType, Buffer.alloc(33, 1)))).toBe('KEY_INVALID');
    },
  );

  it.each(['p256', 'secp256k1'] as KeyType[])(
    '%s refuses a zero scalar and one not below the curve order (KEY_INVALID)',
    (keyType) => {
      expect(codeIfThrown(() => keyPairFromPrivateBytes(keyType, Buffer.alloc(32)))).toBe('KEY_INVALID');
      expect(codeIfThrown(() => keyPairFromPrivateBytes(keyType, Buffer.alloc(32, 0xff)))).toBe('KEY_INVALID');
    },
  );

  it.each(['ed25519', 'p256', 'secp256k1'] as KeyType[])('%s public key bytes have the did:key length', (keyType) => {
    const { pair } = generateKeyPair(keyType);
    expect(pair.publicKeyBytes.length).toBe(KEY_TYPES[keyType].publicKeyLength);
  });
});

describe('privateBytesFromJwk', () => {
  const jwkOf = (keyType: KeyType) => {
    const { pair } = generateKeyPair(keyType);
    return pair.privateKey.export({ format: 'jwk' }) as Record<string, string>;
  };

  it.each(['ed25519', 'p256', 'secp256k1'] as KeyType[])('%s private JWK round-trips', (keyType) => {
    const jwk = jwkOf(keyType);
    const { keyType: kt, d } = privateBytesFromJwk(jwk);
    expect(kt).toBe(keyType);
    expect(encodeBase64url(d)).toBe(jwk.d);
  });

  it.each(['ed25519', 'p256', 'secp256k1'] as KeyType[])('%s public-only JWK is JWK_INVALID', (keyType) => {
    const { d: _d, ...pub } = jwkOf(keyType);
    expect(codeIfThrown(() => privateBytesFromJwk(pub))).toBe('JWK_INVALID');
  });

  it.each(['ed25519', 'p256', 'secp256k1'] as KeyType[])(
    '%s JWK whose x does not match d is JWK_INVALID',
    (keyType) => {
      const jwk = jwkOf(keyType);
      const other = jwkOf(keyType);
      expect(codeIfThrown(() => privateBytesFromJwk({ ...jwk, x: other.x }))).toBe('JWK_INVALID');
    },
  );

  it.each(['p256', 'secp256k1'] as KeyType[])('%s JWK whose y does not match d is JWK_INVALID', (keyType) => {
    const jwk = jwkOf(keyType);
    const other = jwkOf(keyType);
    expect(codeIfThrown(() => privateBytesFromJwk({ ...jwk, y: other.y }))).toBe('JWK_INVALID');
  });

  it('a d that is not canonical base64url or not 32 bytes is JWK_INVALID', () => {
    const jwk = jwkOf('ed25519');
    expect(codeIfThrown(() => privateBytesFromJwk({ ...jwk, d: jwk.d + '=' }))).toBe('JWK_INVALID');
    expect(codeIfThrown(() => privateBytesFromJwk({ ...jwk, d: jwk.d!.slice(0, 40) }))).toBe('JWK_INVALID');
    expect(codeIfThrown(() => privateBytesFromJwk({ ...jwk, d: 42 }))).toBe('JWK_INVALID');
  });

  it.each([
    ['P-384', () => jwkFromNode('ec', { namedCurve: 'P-384' })],
    ['X25519', () => jwkFromNode('x25519')],
    ['Ed448', () => jwkFromNode('ed448')],
    [
      'RSA',
      () => sharedVector('did-key', 'rsa.json')[Object.keys(sharedVector('did-key', 'rsa.json'))[0]!].privateKeyJwk,
    ],
    ['EC with crv Ed25519', () => ({ ...jwkOf('ed25519'), kty: 'EC' })],
    ['OKP with crv P-256', () => ({ ...jwkOf('p256'), kty: 'OKP' })],
    ['an array', () => [jwkOf('ed25519')]],
    ['null', () => null],
    ['a string', () => 'd'],
  ])('unsupported key (%s) is JWK_INVALID', (_what, make) => {
    expect(codeIfThrown(() => privateBytesFromJwk(make()))).toBe('JWK_INVALID');
  });
});

describe('ES256K signature malleability', () => {
  it('accepts the high-S twin of a valid signature, as did-jwt does (radcred itself always signs low-S)', async () => {
    const { keyPairFromPrivateBytes, signBytes, verifyBytes } = await import('../../src/identity/keys.js');
    const { createPublicKey } = await import('node:crypto');
    const pair = keyPairFromPrivateBytes('secp256k1', Buffer.alloc(32, 7));
    const pub = createPublicKey(pair.privateKey);
    const data = Buffer.from('header.payload');
    const sig = signBytes('secp256k1', pair.privateKey, data);
    expect(verifyBytes('secp256k1', pub, data, sig)).toBe(true);
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const s = BigInt('0x' + sig.subarray(32).toString('hex'));
    const high = Buffer.concat([sig.subarray(0, 32), Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex')]);
    expect(verifyBytes('secp256k1', pub, data, high)).toBe(true);
  });
});
