// Differential test: radcred's native signature path (node:crypto) and did-jwt's path (the
// @noble/curves ed25519 that did-jwt calls, and did-jwt's verifyJWS over the verification methods
// key-did-resolver's DID document lists) give the same answer on every Ed25519 vector in
// ../shared/vectors/ed25519, on every signature-level negative token, and on both S forms of
// ECDSA signatures (P-256, secp256k1).
import { createHash, createHmac, createPublicKey } from 'node:crypto';
import { createRequire } from 'node:module';
import type { DIDDocument } from 'did-resolver';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveDidKey } from '../../src/identity/did-key.js';
import { didDocumentOf } from '../../src/identity/resolver.js';
import { KEY_TYPES, type KeyType } from '../../src/identity/key-types.js';
import { verifyBytes } from '../../src/identity/keys.js';
import { parseCompactJws } from '../../src/jws/compact.js';
import { encodeBase64url } from '../../src/util/bytes.js';
import { checkSignature } from '../../src/verify/signature.js';
import { sharedVector } from '../helpers.js';
import { flipSignatureBit, handmade, signerFromSeed } from '../verify/tokens.js';

// The ed25519 implementation did-jwt itself imports, resolved from did-jwt's own location.
const fromDidJwt = createRequire(createRequire(import.meta.url).resolve('did-jwt'));
const { ed25519 } = fromDidJwt('@noble/curves/ed25519') as {
  ed25519: { verify(sig: Uint8Array, msg: Uint8Array, pub: Uint8Array, opts?: object): boolean };
};
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

interface WycheproofCase {
  tcId: number;
  msg: string;
  sig: string;
  result: 'valid' | 'invalid' | 'acceptable';
  flags: string[];
}
const wycheproof = sharedVector('ed25519', 'ed25519_test.json') as {
  testGroups: { publicKey: { pk: string }; tests: WycheproofCase[] }[];
};
const rfc = sharedVector('ed25519', 'rfc8032-rfc8037-ed25519.json') as {
  rfc8032_section_7_1: { name: string; publicKey: string; message: string; signature: string }[];
};

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
    const [pk, msg, sig] = [
      Buffer.from(v.publicKey, 'hex'),
      Buffer.from(v.message, 'hex'),
      Buffer.from(v.signature, 'hex'),
    ];
    expect([native(pk, msg, sig), didJwt(pk, msg, sig)]).toEqual([true, true]);
    const flipped = Buffer.from(sig);
    flipped[10]! ^= 1;
    expect([native(pk, msg, flipped), didJwt(pk, msg, flipped)]).toEqual([false, false]);
  });
});

describe("JWS: radcred's signature check and did-jwt's verifyJWS agree on every signature-level negative", () => {
  const signers = (['ed25519', 'p256', 'secp256k1'] as KeyType[]).map((k) =>
    signerFromSeed(
      k,
      createHash('sha256')
        .update('differential ' + k)
        .digest(),
    ),
  );
  const payload = (iss: string, n = 0) => ({ iss, sub: iss, iat: 1_800_000_000 + n });
  const documents = new Map<string, DIDDocument>();
  beforeAll(async () => {
    // the signers' DIDs resolved through did-resolver and key-did-resolver, as verify does first
    for (const s of [
      ...signers,
      signerFromSeed('p256', Buffer.alloc(32, 9)),
      signerFromSeed('secp256k1', Buffer.alloc(32, 9)),
    ])
      documents.set(s.did, await didDocumentOf(s.did));
  });
  /** did-jwt's verdict, over the verification methods the DID document (key-did-resolver) lists. */
  const didJwtVerdict = (jws: string, did: string) => {
    try {
      verifyJWS(jws, documents.get(did)!.verificationMethod!);
      return true;
    } catch {
      return false;
    }
  };
  const oursVerdict = (jws: string) => checkSignature(parseCompactJws(jws), 'credential').check.status === 'pass';

  const tokens: [string, (s: (typeof signers)[number]) => string][] = [
    ['a valid token', (s) => handmade({ alg: s.alg, typ: 'JWT' }, payload(s.did), s.sign)],
    ['a flipped signature bit', (s) => flipSignatureBit(handmade({ alg: s.alg, typ: 'JWT' }, payload(s.did), s.sign))],
    ['alg none, no signature', (s) => handmade({ alg: 'none' }, payload(s.did), new Uint8Array())],
    [
      'HS256 keyed with the public key',
      (s) =>
        handmade({ alg: 'HS256' }, payload(s.did), (input) =>
          createHmac(
            'sha256',
            Buffer.from(resolveDidKey(s.did).publicKey.export({ format: 'jwk' }).x as string, 'base64url'),
          )
            .update(input)
            .digest(),
        ),
    ],
    [
      'a truncated signature',
      (s) => handmade({ alg: s.alg }, payload(s.did), (input) => s.sign(input).subarray(0, 58)),
    ],
    [
      'the signature of another key',
      (s) =>
        handmade(
          { alg: s.alg },
          payload(s.did),
          signers.find((o) => o.keyType === s.keyType && o !== s)?.sign ??
            signerFromSeed(s.keyType, Buffer.alloc(32, 9)).sign,
        ),
    ],
  ];

  for (const s of signers) {
    it.each(tokens.map(([name, make]) => [name, make] as const))(
      `${s.keyType} (${KEY_TYPES[s.keyType].alg}): %s`,
      (_name, make) => {
        const jws = make(s);
        expect(oursVerdict(jws)).toBe(didJwtVerdict(jws, s.did));
      },
    );
  }

  // the group orders: an ECDSA signature (r, s) has a twin (r, n - s) that verifies too
  const ORDER: Partial<Record<KeyType, bigint>> = {
    p256: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    secp256k1: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n,
  };
  const twin = (sig: Uint8Array, n: bigint) => {
    const s = BigInt('0x' + Buffer.from(sig.subarray(32)).toString('hex'));
    return Buffer.concat([
      Buffer.from(sig.subarray(0, 32)),
      Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex'),
    ]);
  };

  for (const keyType of ['p256', 'secp256k1'] as const) {
    it(`${keyType}: both S forms of 40 signatures, and both flipped: the same verdicts as did-jwt`, () => {
      const s = signers.find((x) => x.keyType === keyType)!;
      const verdicts: [boolean, boolean][] = [];
      for (let i = 0; i < 40; i++) {
        const low = handmade({ alg: s.alg }, payload(s.did, i), s.sign);
        const high = handmade({ alg: s.alg }, payload(s.did, i), (input) => twin(s.sign(input), ORDER[keyType]!));
        expect(high).not.toBe(low);
        for (const jws of [low, high, flipSignatureBit(low), flipSignatureBit(high)])
          verdicts.push([oursVerdict(jws), didJwtVerdict(jws, s.did)]);
      }
      // both accept both forms (neither is a new credential: the digest covers the signing input)
      expect(verdicts.filter(([a, b]) => a !== b)).toEqual([]);
      expect(verdicts.filter(([a]) => a).length).toBe(80);
    });
  }

  it('radcred signs ES256K with low S (BIP 62), as noble and did-jwt sign it', () => {
    const s = signers.find((x) => x.keyType === 'secp256k1')!;
    for (let i = 0; i < 20; i++) {
      const sig = s.sign(Buffer.from(`message ${i}`));
      expect(BigInt('0x' + Buffer.from(sig.subarray(32)).toString('hex')) <= ORDER.secp256k1! / 2n).toBe(true);
    }
  });

  it('and both accept the valid tokens, refuse the others', () => {
    for (const s of signers) {
      const verdicts = tokens.map(([, make]) => oursVerdict(make(s)));
      expect(verdicts).toEqual([true, false, false, false, false, false]);
    }
  });
});
