// @domain (not for src/cli: a building block of the domain operations)
// Key material with Node's native crypto: raw private keys in, KeyObjects out, and JWS-ready
// signatures (raw r||s for ECDSA). Private key bytes never leave this module except to the keystore
// and to `id export` (privateJwkFromBytes).
import {
  ECDH,
  createECDH,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { RadcredError } from '../errors.js';
import { decodeBase64urlStrict, encodeBase64url } from '../util/bytes.js';
import { KEY_TYPES, type KeyType, type KeyTypeInfo } from './key-types.js';

export interface KeyPair {
  readonly keyType: KeyType;
  readonly privateKey: KeyObject;
  /** the public key as did:key carries it: raw 32 bytes (Ed25519) or a compressed point */
  readonly publicKeyBytes: Uint8Array;
}

// RFC 8410 PKCS#8 wrapping of a 32-byte Ed25519 seed.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Builds a key pair from a raw 32-byte private key (Ed25519 seed or ECDSA scalar). */
export function keyPairFromPrivateBytes(keyType: KeyType, d: Uint8Array): KeyPair {
  if (d.length !== 32) throw new RadcredError('KEY_INVALID', `a ${keyType} private key is 32 bytes, got ${d.length}`);
  const info = KEY_TYPES[keyType];
  if (info.opensslCurve === undefined) {
    const privateKey = createPrivateKey({
      key: Buffer.concat([ED25519_PKCS8_PREFIX, d]),
      format: 'der',
      type: 'pkcs8',
    });
    const x = createPublicKey(privateKey).export({ format: 'jwk' }).x as string;
    return { keyType, privateKey, publicKeyBytes: Buffer.from(x, 'base64url') };
  }
  const ecdh = createECDH(info.opensslCurve);
  try {
    ecdh.setPrivateKey(Buffer.from(d));
  } catch {
    throw new RadcredError('KEY_INVALID', `not a valid ${keyType} private key (zero or not below the curve order)`);
  }
  const point = ecdh.getPublicKey();
  const jwk = {
    kty: 'EC',
    crv: info.crv,
    x: encodeBase64url(point.subarray(1, 33)),
    y: encodeBase64url(point.subarray(33, 65)),
    d: encodeBase64url(d),
  };
  const privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
  return { keyType, privateKey, publicKeyBytes: ecdh.getPublicKey(null, 'compressed') };
}

export function generateKeyPair(keyType: KeyType): { pair: KeyPair; privateBytes: Buffer } {
  const info = KEY_TYPES[keyType];
  const { privateKey } =
    info.opensslCurve === undefined
      ? generateKeyPairSync('ed25519')
      : generateKeyPairSync('ec', { namedCurve: info.opensslCurve });
  const d = Buffer.from(privateKey.export({ format: 'jwk' }).d as string, 'base64url');
  return { pair: keyPairFromPrivateBytes(keyType, d), privateBytes: d };
}

/** Reads a private JWK (OKP Ed25519, EC P-256 or secp256k1); checks that x/y match d. */
export function privateBytesFromJwk(jwk: unknown): { keyType: KeyType; d: Buffer } {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
    throw new RadcredError('JWK_INVALID', 'the JWK is not a JSON object');
  }
  const { kty, crv, d, x, y } = jwk as Record<string, unknown>;
  const info = Object.values(KEY_TYPES).find((k) => k.crv === crv);
  if (info === undefined || kty !== (info.opensslCurve ? 'EC' : 'OKP')) {
    throw new RadcredError(
      'JWK_INVALID',
      `unsupported JWK key (kty ${String(kty)}, crv ${String(crv)})`,
      'radcred accepts OKP Ed25519, EC P-256 and EC secp256k1 keys',
    );
  }
  const dBytes = typeof d === 'string' ? decodeBase64urlStrict(d) : undefined;
  if (dBytes === undefined || dBytes.length !== 32) {
    throw new RadcredError(
      'JWK_INVALID',
      'the JWK has no valid private key "d"',
      'export the private JWK, not the public one',
    );
  }
  const pair = keyPairFromPrivateBytes(info.keyType, dBytes);
  const derived = createPublicKey(pair.privateKey).export({ format: 'jwk' });
  if ((x !== undefined && x !== derived.x) || (y !== undefined && y !== derived.y)) {
    throw new RadcredError('JWK_INVALID', 'the JWK public key (x/y) does not match its private key (d)');
  }
  return { keyType: info.keyType, d: dBytes };
}

/**
 * The private JWK of a raw private key, in the shape privateBytesFromJwk reads: OKP Ed25519
 * {kty, crv, x, d}, or EC P-256 / secp256k1 {kty, crv, x, y, d}.
 */
export function privateJwkFromBytes(keyType: KeyType, d: Uint8Array): Record<string, string> {
  const pair = keyPairFromPrivateBytes(keyType, d);
  const pub = createPublicKey(pair.privateKey).export({ format: 'jwk' });
  const info = KEY_TYPES[keyType];
  return info.opensslCurve === undefined
    ? { kty: 'OKP', crv: info.crv, x: pub.x as string, d: encodeBase64url(d) }
    : { kty: 'EC', crv: info.crv, x: pub.x as string, y: pub.y as string, d: encodeBase64url(d) };
}

/** Turns did:key public key bytes into a KeyObject; undefined if they are not a valid key. */
export function publicKeyFromBytes(info: KeyTypeInfo, bytes: Uint8Array): KeyObject | undefined {
  if (bytes.length !== info.publicKeyLength) return undefined;
  try {
    if (info.opensslCurve === undefined) {
      return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: encodeBase64url(bytes) }, format: 'jwk' });
    }
    // convertKey refuses a point that is not on the curve.
    const point = ECDH.convertKey(
      Buffer.from(bytes),
      info.opensslCurve,
      undefined,
      undefined,
      'uncompressed',
    ) as Buffer;
    return createPublicKey({
      key: {
        kty: 'EC',
        crv: info.crv,
        x: encodeBase64url(point.subarray(1, 33)),
        y: encodeBase64url(point.subarray(33, 65)),
      },
      format: 'jwk',
    });
  } catch {
    return undefined;
  }
}

// secp256k1 group order; ES256K signatures are normalised to low-S (BIP 62), which other
// implementations (noble, used by did-jwt) require.
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** Signs JWS signing input; ECDSA signatures come out as raw r||s (RFC 7518 §3.4). */
export function signBytes(keyType: KeyType, privateKey: KeyObject, data: Uint8Array): Buffer {
  if (keyType === 'ed25519') return sign(null, data, privateKey);
  const sig = sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  if (keyType === 'secp256k1') {
    const s = BigInt('0x' + sig.subarray(32).toString('hex'));
    if (s > SECP256K1_N / 2n) sig.set(Buffer.from((SECP256K1_N - s).toString(16).padStart(64, '0'), 'hex'), 32);
  }
  return sig;
}

/** Verifies a raw JWS signature; false (never a throw) for any malformed signature. */
export function verifyBytes(keyType: KeyType, publicKey: KeyObject, data: Uint8Array, sig: Uint8Array): boolean {
  if (sig.length !== 64) return false;
  // A high-S ES256K signature (the malleable twin of a low-S one) is accepted, as did-jwt accepts
  // it: OpenSSL-based signers emit either form, and nothing radcred identifies by (the digest
  // covers the signing input only) changes with the signature's encoding.
  try {
    if (keyType === 'ed25519') return verify(null, data, publicKey, sig);
    return verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, sig);
  } catch {
    return false;
  }
}
