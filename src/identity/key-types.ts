// The three key types radcred signs with, and what each means for did:key and JWS.
// did:key multicodec prefixes: https://github.com/multiformats/multicodec/blob/master/table.csv

export type KeyType = 'ed25519' | 'p256' | 'secp256k1';
export type JwsAlg = 'EdDSA' | 'ES256' | 'ES256K';

export interface KeyTypeInfo {
  readonly keyType: KeyType;
  readonly alg: JwsAlg;
  /** unsigned-varint encoding of the multicodec code of the public key */
  readonly multicodec: readonly number[];
  /** length of the public key bytes in the DID (compressed points for the curves) */
  readonly publicKeyLength: number;
  /** OpenSSL curve name for ECDH point conversion; undefined for Ed25519 */
  readonly opensslCurve: string | undefined;
  /** JWK `crv` */
  readonly crv: string;
}

export const KEY_TYPES: Readonly<Record<KeyType, KeyTypeInfo>> = {
  ed25519: {
    keyType: 'ed25519',
    alg: 'EdDSA',
    multicodec: [0xed, 0x01],
    publicKeyLength: 32,
    opensslCurve: undefined,
    crv: 'Ed25519',
  },
  p256: {
    keyType: 'p256',
    alg: 'ES256',
    multicodec: [0x80, 0x24],
    publicKeyLength: 33,
    opensslCurve: 'prime256v1',
    crv: 'P-256',
  },
  secp256k1: {
    keyType: 'secp256k1',
    alg: 'ES256K',
    multicodec: [0xe7, 0x01],
    publicKeyLength: 33,
    opensslCurve: 'secp256k1',
    crv: 'secp256k1',
  },
};

export const KEY_TYPE_NAMES = Object.keys(KEY_TYPES) as KeyType[];

export function isKeyType(value: unknown): value is KeyType {
  return typeof value === 'string' && Object.hasOwn(KEY_TYPES, value);
}

export function keyTypeForAlg(alg: string): KeyTypeInfo | undefined {
  return Object.values(KEY_TYPES).find((k) => k.alg === alg);
}
