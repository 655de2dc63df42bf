// did:key known answers: the w3c-ccg did-method-key test vectors, the key-did-resolver@4 snapshots
// and the did:key spec examples, plus every key type and malformed DID radcred must refuse.
import { describe, expect, it } from 'vitest';
import { RadcredError } from '../../src/errors.js';
import {
  didKeyFromPublicKey,
  didKeyShapeProblem,
  resolveDidKey,
  verificationMethodOf,
} from '../../src/identity/did-key.js';
import type { KeyType } from '../../src/identity/key-types.js';
import { keyPairFromPrivateBytes, privateBytesFromJwk } from '../../src/identity/keys.js';
import { decodeBase58, encodeBase58 } from '../../src/util/bytes.js';
import { sharedVector, codeIfThrown, offCurveP256Did } from '../helpers.js';

/** The public key a resolved did:key carries, as a JWK (x, y for EC; x for OKP). */
const jwkOf = (did: string) => resolveDidKey(did).publicKey.export({ format: 'jwk' });

/** Raw public key bytes as key-did-resolver / did-method-key documents give them in base58. */
function rawPublicKey(did: string): Buffer {
  const jwk = jwkOf(did);
  if (jwk.kty === 'OKP') return Buffer.from(jwk.x as string, 'base64url');
  // compressed point: 0x02|0x03 by parity of y, then x
  const y = Buffer.from(jwk.y as string, 'base64url');
  return Buffer.concat([Buffer.from([0x02 + (y[y.length - 1]! & 1)]), Buffer.from(jwk.x as string, 'base64url')]);
}

type KeyPairVector = {
  publicKeyBase58?: string;
  publicKeyJwk?: { crv: string; x: string; y?: string };
  privateKeyJwk?: Record<string, string>;
};
type SeedVectors = Record<string, { seed?: string; verificationKeyPair: KeyPairVector }>;

/** The vector's public key in the form it is given (base58 of raw bytes, or JWK x/y). */
function expectSameKey(did: string, vkp: KeyPairVector): void {
  if (vkp.publicKeyBase58 !== undefined) {
    expect(encodeBase58(rawPublicKey(did))).toBe(vkp.publicKeyBase58);
  } else {
    const jwk = jwkOf(did);
    expect({ crv: jwk.crv, x: jwk.x, y: jwk.y }).toEqual({
      crv: vkp.publicKeyJwk!.crv,
      x: vkp.publicKeyJwk!.x,
      y: vkp.publicKeyJwk!.y,
    });
  }
}

describe.each([
  ['ed25519-x25519.json', 'ed25519'],
  ['secp256k1.json', 'secp256k1'],
] as [string, KeyType][])('did-method-key vectors %s', (file, keyType) => {
  const vectors: SeedVectors = sharedVector('did-key', file);
  const withSeed = Object.entries(vectors).filter(([, v]) => v.seed !== undefined);
  const withJwk = Object.entries(vectors).filter(([, v]) => v.verificationKeyPair.privateKeyJwk !== undefined);

  it('has vectors with seeds', () => {
    expect(withSeed.length).toBeGreaterThanOrEqual(5);
  });

  it.each(withSeed)('seed of %s encodes to exactly that DID', (did, v) => {
    const pair = keyPairFromPrivateBytes(keyType, Buffer.from(v.seed!, 'hex'));
    expect(didKeyFromPublicKey(keyType, pair.publicKeyBytes)).toBe(did);
  });

  it.each(withJwk)('private JWK of %s encodes to exactly that DID', (did, v) => {
    const { keyType: kt, d } = privateBytesFromJwk(v.verificationKeyPair.privateKeyJwk);
    expect(kt).toBe(keyType);
    expect(didKeyFromPublicKey(kt, keyPairFromPrivateBytes(kt, d).publicKeyBytes)).toBe(did);
  });

  it.each(Object.entries(vectors))('%s resolves to its public key', (did, v) => {
    const resolved = resolveDidKey(did);
    expect(resolved.keyType).toBe(keyType);
    expect(resolved.verificationMethod).toBe(`${did}#${did.slice('did:key:'.length)}`);
    expectSameKey(did, v.verificationKeyPair);
  });
});

describe('did-method-key nist-curves.json', () => {
  type NistVector = {
    verificationMethod: {
      type: string;
      publicKeyJwk?: { crv: string; x: string; y: string };
      privateKeyJwk?: Record<string, string>;
      publicKeyBase58?: string;
      privateKeyBase58?: string;
    };
  };
  const vectors: Record<string, NistVector> = sharedVector('did-key', 'nist-curves.json');
  const curveOf = (v: NistVector) =>
    v.verificationMethod.publicKeyJwk?.crv ?? (v.verificationMethod.type === 'P256Key2021' ? 'P-256' : 'unknown');
  const p256 = Object.entries(vectors).filter(([, v]) => curveOf(v) === 'P-256');
  const others = Object.entries(vectors).filter(([, v]) => curveOf(v) !== 'P-256');

  it('has P-256 and P-384/P-521 entries', () => {
    expect(p256.length).toBe(3);
    expect(new Set(others.map(([, v]) => curveOf(v)))).toEqual(new Set(['P-384', 'P-521']));
  });

  it.each(p256.filter(([, v]) => v.verificationMethod.privateKeyJwk !== undefined))(
    'private JWK of %s encodes to that DID',
    (did, v) => {
      const { keyType, d } = privateBytesFromJwk(v.verificationMethod.privateKeyJwk);
      expect(keyType).toBe('p256');
      const pair = keyPairFromPrivateBytes(keyType, d);
      expect(didKeyFromPublicKey(keyType, pair.publicKeyBytes)).toBe(did);
    },
  );

  it.each(p256.filter(([, v]) => v.verificationMethod.privateKeyBase58 !== undefined))(
    'raw private key of %s encodes to that DID',
    (did, v) => {
      const pair = keyPairFromPrivateBytes('p256', decodeBase58(v.verificationMethod.privateKeyBase58!)!);
      expect(didKeyFromPublicKey('p256', pair.publicKeyBytes)).toBe(did);
      expect(encodeBase58(pair.publicKeyBytes)).toBe(v.verificationMethod.publicKeyBase58);
    },
  );

  it.each(p256)('%s resolves to its public key', (did, v) => {
    expect(resolveDidKey(did).keyType).toBe('p256');
    const vm = v.verificationMethod;
    if (vm.publicKeyJwk !== undefined) {
      const jwk = jwkOf(did);
      expect({ crv: jwk.crv, x: jwk.x, y: jwk.y }).toEqual({
        crv: 'P-256',
        x: vm.publicKeyJwk.x,
        y: vm.publicKeyJwk.y,
      });
    } else {
      expect(encodeBase58(rawPublicKey(did))).toBe(vm.publicKeyBase58);
    }
  });

  it.each(others)('%s (P-384/P-521) is refused with DID_INVALID', (did) => {
    expect(codeIfThrown(() => resolveDidKey(did))).toBe('DID_INVALID');
  });

  it.each(others.filter(([, v]) => v.verificationMethod.privateKeyJwk !== undefined))(
    'private JWK of %s is refused with JWK_INVALID',
    (_did, v) => {
      expect(codeIfThrown(() => privateBytesFromJwk(v.verificationMethod.privateKeyJwk))).toBe('JWK_INVALID');
    },
  );
});

describe('key-did-resolver@4 snapshots', () => {
  type Doc = {
    verificationMethod: { publicKeyBase58?: string; publicKeyJwk?: { crv: string; x: string; y: string } }[];
  };
  const docs: Record<string, Doc> = sharedVector('did-key', 'key-did-resolver-expected.json');
  // radcred resolves Ed25519, secp256k1 and P-256 did:keys in the canonical (compressed) form the
  // did:key spec prescribes. key-did-resolver also reads P-384, P-521 and legacy uncompressed
  // P-256 keys; radcred cannot sign or verify with those, so it refuses them.
  const multicodecOf = (did: string) =>
    Buffer.from(decodeBase58(did.slice('did:key:z'.length))!.subarray(0, 2)).toString('hex');
  const lengthOf = (did: string) => decodeBase58(did.slice('did:key:z'.length))!.length;
  const supported = (did: string) =>
    (multicodecOf(did) === 'ed01' && lengthOf(did) === 34) ||
    (multicodecOf(did) === 'e701' && lengthOf(did) === 35) ||
    (multicodecOf(did) === '8024' && lengthOf(did) === 35);
  const resolvable = Object.entries(docs).filter(([did]) => supported(did));
  const refused = Object.entries(docs).filter(([did]) => !supported(did));

  it('covers every signing key type', () => {
    expect(new Set(resolvable.map(([did]) => multicodecOf(did)))).toEqual(new Set(['ed01', 'e701', '8024']));
    expect(resolvable.length + refused.length).toBe(Object.keys(docs).length);
  });

  it.each(resolvable)('%s resolves to the same public key', (did, doc) => {
    const vm = doc.verificationMethod[0]!;
    if (vm.publicKeyBase58 !== undefined) {
      expect(encodeBase58(rawPublicKey(did))).toBe(vm.publicKeyBase58);
    } else {
      const jwk = jwkOf(did);
      expect({ crv: jwk.crv, x: jwk.x, y: jwk.y }).toEqual({
        crv: vm.publicKeyJwk!.crv,
        x: vm.publicKeyJwk!.x,
        y: vm.publicKeyJwk!.y,
      });
    }
  });

  it.each(refused)('%s (P-384, P-521 or uncompressed P-256) is refused with DID_INVALID', (did) => {
    expect(codeIfThrown(() => resolveDidKey(did))).toBe('DID_INVALID');
  });

  it('refuses an uncompressed P-256 key even though it is the same key as a canonical DID', () => {
    // zrusAFgB... is zDnaerx9...'s key, uncompressed: one key, one spelling.
    const canonical = 'did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv';
    const uncompressed = Object.keys(docs).find((d) => d.startsWith('did:key:zrusAFgB'))!;
    expect(docs[uncompressed]!.verificationMethod[0]!.publicKeyJwk!.x).toBe(jwkOf(canonical).x);
    expect(codeIfThrown(() => resolveDidKey(uncompressed))).toBe('DID_INVALID');
  });
});

describe('did:key refusals', () => {
  const extra = sharedVector('did-key', 'extra-cases.json');
  const negatives: string[] = extra.negative
    .map((n: { did: string }) => n.did)
    .filter((d: string) => d.startsWith('did:'));

  it('has the negative cases', () => {
    expect(negatives.length).toBeGreaterThanOrEqual(8);
  });

  it.each(negatives)('negative %s is DID_INVALID', (did) => {
    expect(codeIfThrown(() => resolveDidKey(did))).toBe('DID_INVALID');
  });

  const x25519 = Object.keys(sharedVector('did-key', 'x25519.json').didDocument);
  const rsa = Object.keys(sharedVector('did-key', 'rsa.json'));
  const bls = Object.keys(sharedVector('did-key', 'bls12381.json'));

  it('reads the non-signing key files', () => {
    expect([x25519.length, rsa.length, bls.length]).toEqual([4, 2, 6]);
  });

  it.each([...x25519, ...rsa, ...bls])('non-signing key %s is DID_INVALID', (did) => {
    expect(codeIfThrown(() => resolveDidKey(did))).toBe('DID_INVALID');
  });

  it.each([
    ['not a DID', 'hello'],
    ['another method', 'did:web:example.com'],
    [
      'a DID URL with fragment',
      'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp',
    ],
    ['trailing whitespace', 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp\n'],
    ['a leading-zero second spelling', 'did:key:z1' + 'z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp'.slice(1)],
    ['an overlong id', 'did:key:z' + '1'.repeat(5000)],
  ])('%s is DID_INVALID', (_why, did) => {
    expect(codeIfThrown(() => resolveDidKey(did))).toBe('DID_INVALID');
  });
});

describe('did:key spec examples', () => {
  const ex = sharedVector('did-key', 'extra-cases.json').spec_examples;
  it.each([
    ...ex.ed25519.map((d: string) => [d, 'ed25519']),
    ...ex.secp256k1.map((d: string) => [d, 'secp256k1']),
    ...ex.p256.map((d: string) => [d, 'p256']),
  ] as [string, KeyType][])('%s resolves as %s', (did, keyType) => {
    const r = resolveDidKey(did);
    expect(r.keyType).toBe(keyType);
    expect(r.did).toBe(did);
    expect(r.verificationMethod).toBe(verificationMethodOf(did));
    // round trip: the resolved key re-encodes to the same DID
    expect(didKeyFromPublicKey(keyType, rawPublicKey(did))).toBe(did);
  });

  it.each([...ex.p384, ...ex.bls12381_g2])('%s is refused with DID_INVALID', (did) => {
    expect(codeIfThrown(() => resolveDidKey(did))).toBe('DID_INVALID');
  });
});

describe("didKeyShapeProblem: the trust-list loader's cheap check", () => {
  const valid = [
    'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp',
    'did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv',
    'did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme',
  ];

  it.each(valid)('accepts %s, which resolves', (did) => {
    expect(didKeyShapeProblem(did)).toBeUndefined();
    expect(codeIfThrown(() => resolveDidKey(did))).toBeUndefined();
  });

  it.each([
    ['not a DID', 'hello'],
    ['another method', 'did:web:example.com'],
    ['an X25519 key', Object.keys(sharedVector('did-key', 'x25519.json').didDocument)[0]!],
    ['a key one byte short', 'did:key:z' + encodeBase58(Uint8Array.from([0xed, 0x01, ...new Uint8Array(31)]))],
    [
      'a P-256 point uncompressed',
      'did:key:z' + encodeBase58(Uint8Array.from([0x80, 0x24, 0x04, ...new Uint8Array(32).fill(7)])),
    ],
  ])('refuses %s, as resolveDidKey does', (_why, did) => {
    expect(didKeyShapeProblem(did)).toBeDefined();
    expect(codeIfThrown(() => resolveDidKey(did))).toBe('DID_INVALID');
  });

  it('lets a point off the curve through (resolveDidKey refuses it when the DID is used)', () => {
    const offCurve = offCurveP256Did();
    expect(didKeyShapeProblem(offCurve)).toBeUndefined();
    expect(codeIfThrown(() => resolveDidKey(offCurve))).toBe('DID_INVALID');
  });
});
