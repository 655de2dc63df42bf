// Differential test (issue 5): radcred's native signature path (node:crypto) and did-jwt's path
// (the @noble/curves ed25519 that did-jwt calls, and did-jwt's verifyJWS) give the same answer on
// every Ed25519 vector in ../shared/vectors/ed25519 and on every signature-level negative token.
import { createHash, createHmac, createPublicKey } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { resolveDidKey } from '../../src/identity/did-key.js';
import { KEY_TYPES, type KeyType } from '../../src/identity/key-types.js';
import { verifyBytes } from '../../src/identity/keys.js';
import { parseCompactJws } from '../../src/jws/compact.js';
import { encodeBase64url } from '../../src/util/bytes.js';
import { checkSignature } from '../../src/verify/signature.js';
import { sharedVector } from '../helpers.js';
import { flipSignatureBit, handmade, signerFromSeed } from '../verify/tokens.js';

// The ed25519 implementation did-jwt itself imports, resolved from did-jwt's own location.
const fromDidJwt = createRequire(createRequire(import.meta.url).resolve('did-jwt'));
const { ed25519 } = fromDidJwt('@noble/curves/ed25519') as { ed25519: { verify(sig: Uint8Array, msg: Uint8Array, pub: Uint8Array, opts?: object): boolean } };
const { verifyJWS } = (await import('did-jwt')) as unknown as { verifyJWS(jws: string, keys: object[]): object };

const native = (pk: Buffer, msg: Buffer, sig: Buffer) => {
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: encodeBase64url(pk) }, format: 'jwk' });
  return verifyBytes('ed25519', key, msg, sig);
};
/** did-jwt's verifier: noble ed25519.verify as did-jwt calls it, false on any throw. */
const didJwt = (pk: Buffer, msg: Buffer, sig: Buffer) => {
  try {
    return ed25519.verify(sig, msg, pk);
  } catch {
    return false;
  }
};

interface WycheproofCase { tcId: number; msg: string; sig: string; result: 'valid' | 'invalid' | 'acceptable'; flags: string[] }
const wycheproof = sharedVector('ed25519', 'ed25519_test.json') as { testGroups: { publicKey: { pk: string }; tests: WycheproofCase[] }[] };
const rfc = sharedVector('ed25519', 'rfc8032-rfc8037-ed25519.json') as { rfc8032_section_7_1: { name: string; publicKey: string; message: string; signature: string }[] };

describe('Ed25519: native node:crypto and did-jwt (noble) agree on every vector', () => {
  const cases = wycheproof.testGroups.flatMap((g) => g.tests.map((t) => ({ pk: g.publicKey.pk, ...t })));

  it('covers the whole Wycheproof file', () => {
    expect(cases).toHaveLength(151);
  });

  it.each(cases.map((c) => [c.tcId, c.result, c] as const))('Wycheproof tc %i (%s)', (_id, result, c) => {
    const [pk, msg, sig] = [Buffer.from(c.pk, 'hex'), Buffer.from(c.msg, 'hex'), Buffer.from(c.sig, 'hex')];
    const ours = native(pk, msg, sig);
    expect(ours).toBe(didJwt(pk, msg, sig));
    if (result !== 'acceptable') expect(ours).toBe(result === 'valid');
  });

  it.each(rfc.rfc8032_section_7_1.map((v) => [v.name, v] as const))('RFC 8032 %s, and a flipped bit of it', (_n, v) => {
    const [pk, msg, sig] = [Buffer.from(v.publicKey, 'hex'), Buffer.from(v.message, 'hex'), Buffer.from(v.signature, 'hex')];
    expect([native(pk, msg, sig), didJwt(pk, msg, sig)]).toEqual([true, true]);
    const flipped = Buffer.from(sig);
    flipped[10]! ^= 1;
    expect([native(pk, msg, flipped), didJwt(pk, msg, flipped)]).toEqual([false, false]);
  });
});

describe("JWS: radcred's signature check and did-jwt's verifyJWS agree on every signature-level negative", () => {
  const signers = (['ed25519', 'p256', 'secp256k1'] as KeyType[]).map((k) => signerFromSeed(k, createHash('sha256').update('differential ' + k).digest()));
  const payload = (iss: string) => ({ iss, sub: iss, iat: 1_800_000_000 });
  /** did-jwt's verdict, given the signer's verification method as did-jwt would resolve it. */
  const didJwtVerdict = (jws: string, did: string) => {
    const key = resolveDidKey(did);
    const jwk = key.publicKey.export({ format: 'jwk' });
    const method = { id: key.verificationMethod, type: 'JsonWebKey2020', controller: did, publicKeyJwk: jwk };
    try {
      verifyJWS(jws, [method]);
      return true;
    } catch {
      return false;
    }
  };
  const oursVerdict = (jws: string) => checkSignature(parseCompactJws(jws), 'token').check.status === 'pass';

  const tokens: [string, (s: (typeof signers)[number]) => string][] = [
    ['a valid token', (s) => handmade({ alg: s.alg, typ: 'JWT' }, payload(s.did), s.sign)],
    ['a flipped signature bit', (s) => flipSignatureBit(handmade({ alg: s.alg, typ: 'JWT' }, payload(s.did), s.sign))],
    ['alg none, no signature', (s) => handmade({ alg: 'none' }, payload(s.did), new Uint8Array())],
    ['HS256 keyed with the public key', (s) => handmade({ alg: 'HS256' }, payload(s.did), (input) => createHmac('sha256', Buffer.from(resolveDidKey(s.did).publicKey.export({ format: 'jwk' }).x as string, 'base64url')).update(input).digest())],
    ['a truncated signature', (s) => handmade({ alg: s.alg }, payload(s.did), (input) => s.sign(input).subarray(0, 58))],
    ['the signature of another key', (s) => handmade({ alg: s.alg }, payload(s.did), signers.find((o) => o.keyType === s.keyType && o !== s)?.sign ?? signerFromSeed(s.keyType, Buffer.alloc(32, 9)).sign)],
  ];

  for (const s of signers) {
    it.each(tokens.map(([name, make]) => [name, make] as const))(`${s.keyType} (${KEY_TYPES[s.keyType].alg}): %s`, (_name, make) => {
      const jws = make(s);
      expect(oursVerdict(jws)).toBe(didJwtVerdict(jws, s.did));
    });
  }

  it('secp256k1: the high-S twin of a valid signature is accepted by both (encoding malleability changes no digest)', () => {
    const s = signers.find((x) => x.keyType === 'secp256k1')!;
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const highS = (input: Buffer) => {
      const sig = Buffer.from(s.sign(input));
      const low = BigInt('0x' + sig.subarray(32).toString('hex'));
      return Buffer.concat([sig.subarray(0, 32), Buffer.from((n - low).toString(16).padStart(64, '0'), 'hex')]);
    };
    const jws = handmade({ alg: 'ES256K' }, payload(s.did), highS);
    expect([oursVerdict(jws), didJwtVerdict(jws, s.did)]).toEqual([true, true]);
  });

  it('and both accept the valid tokens, refuse the others', () => {
    for (const s of signers) {
      const verdicts = tokens.map(([, make]) => oursVerdict(make(s)));
      expect(verdicts).toEqual([true, false, false, false, false, false]);
    }
  });
});
