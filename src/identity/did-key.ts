// @domain (not for src/cli: a building block of the domain operations)
// did:key for the three signing key types (https://w3c-ccg.github.io/did-method-key/):
// "did:key:" + "z" + base58btc(multicodec varint ‖ public key bytes). Decoding is strict and
// cached, so a verifier decodes each DID once however many credentials it checks.
import type { KeyObject } from 'node:crypto';
import { RadcredError } from '../errors.js';
import { decodeBase58, encodeBase58 } from '../util/bytes.js';
import { KEY_TYPES, type KeyType, type KeyTypeInfo } from './key-types.js';
import { publicKeyFromBytes } from './keys.js';

export interface DidKey {
  readonly did: string;
  readonly keyType: KeyType;
  readonly info: KeyTypeInfo;
  readonly publicKey: KeyObject;
  /** the public key as the DID encodes it (after the multicodec prefix) */
  readonly keyBytes: Uint8Array;
  /** the DID's only verification method, `did:key:z...#z...` */
  readonly verificationMethod: string;
}

export function didKeyFromPublicKey(keyType: KeyType, publicKeyBytes: Uint8Array): string {
  const info = KEY_TYPES[keyType];
  return 'did:key:z' + encodeBase58(Uint8Array.from([...info.multicodec, ...publicKeyBytes]));
}

export const verificationMethodOf = (did: string): string => `${did}#${did.slice('did:key:'.length)}`;

const cache = new Map<string, DidKey>();
const DID_KEY = /^did:key:z[1-9A-HJ-NP-Za-km-z]{1,200}$/;

function invalid(did: string, why: string): RadcredError {
  const shown = did.length > 80 ? did.slice(0, 77) + '...' : did;
  return new RadcredError(
    'DID_INVALID',
    `${JSON.stringify(shown)} is not a usable did:key: ${why}`,
    'radcred resolves did:key DIDs for Ed25519, P-256 and secp256k1 keys, offline',
  );
}

/**
 * Why `did` is not shaped as a signing did:key (the alphabet, a known multicodec, the exact key
 * length, a compressed point's prefix), or undefined: resolveDidKey without the point check and
 * the public-key object, about 1 µs instead of 75. For lists that name many DIDs of which a run
 * uses few (a trust list): a DID that passes this and not resolveDidKey can never verify anything.
 */
export function didKeyShapeProblem(did: string): string | undefined {
  if (cache.has(did)) return undefined;
  if (typeof did !== 'string' || !DID_KEY.test(did)) return 'expected did:key:z<base58btc>';
  const bytes = decodeBase58(did.slice('did:key:z'.length));
  if (bytes === undefined) return 'bad base58btc';
  const info = Object.values(KEY_TYPES).find((k) => k.multicodec.every((b, i) => bytes[i] === b));
  if (info === undefined) return 'not an Ed25519, P-256 or secp256k1 public key';
  const key = bytes.subarray(info.multicodec.length);
  if (key.length !== info.publicKeyLength)
    return `a ${info.keyType} key is ${info.publicKeyLength} bytes, not ${key.length}`;
  if (info.keyType !== 'ed25519' && key[0] !== 0x02 && key[0] !== 0x03) return 'not a compressed point';
  return undefined;
}

/** Resolves a did:key offline; throws DID_INVALID for anything that is not a signing did:key. */
export function resolveDidKey(did: string): DidKey {
  const hit = cache.get(did);
  if (hit !== undefined) return hit;
  if (typeof did !== 'string' || !DID_KEY.test(did)) throw invalid(String(did), 'expected did:key:z<base58btc>');
  const bytes = decodeBase58(did.slice('did:key:z'.length));
  if (bytes === undefined) throw invalid(did, 'bad base58btc');
  const info = Object.values(KEY_TYPES).find((k) => k.multicodec.every((b, i) => bytes[i] === b));
  if (info === undefined)
    throw invalid(did, 'not an Ed25519, P-256 or secp256k1 public key (key agreement and other key types cannot sign)');
  const keyBytes = bytes.subarray(info.multicodec.length);
  const publicKey = publicKeyFromBytes(info, keyBytes);
  if (publicKey === undefined) throw invalid(did, `not a valid ${info.keyType} public key`);
  // Re-encoding guards against a second spelling of the same key (leading zeros and the like).
  if (didKeyFromPublicKey(info.keyType, keyBytes) !== did) throw invalid(did, 'non-canonical encoding');
  const resolved: DidKey = {
    did,
    keyType: info.keyType,
    info,
    publicKey,
    keyBytes,
    verificationMethod: verificationMethodOf(did),
  };
  if (cache.size > 10_000) cache.clear();
  cache.set(did, resolved);
  return resolved;
}
