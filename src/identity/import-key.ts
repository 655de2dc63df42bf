// A private key to import (`id import`): a raw 32-byte seed as hex, or a private JWK, read from the
// text the caller has. No message quotes the input (it is a secret).
import { RadcredError } from '../errors.js';
import { decodeHex } from '../util/bytes.js';
import { parseJsonObject } from '../util/json.js';
import { isKeyType, type KeyType } from './key-types.js';
import { privateBytesFromJwk } from './keys.js';

export interface ImportedKey {
  keyType: KeyType;
  /** the caller zeroes them once the keystore is written */
  privateBytes: Buffer;
}

/** A seed of exactly 64 hex characters; `keyType` as given (--key-type), else Ed25519. */
export function keyFromSeed(text: string, keyType: unknown): ImportedKey {
  const seed = decodeHex(text);
  if (seed === undefined || seed.length !== 32) {
    throw new RadcredError('SEED_INVALID', 'the seed must be 64 hex characters (a raw 32-byte private key)');
  }
  return { keyType: isKeyType(keyType) ? keyType : 'ed25519', privateBytes: seed };
}

/** A private JWK (`source` names it in messages); a `keyType` given must be the JWK's own. */
export function keyFromJwk(text: string, source: string, keyType: unknown): ImportedKey {
  const jwk = parseJsonObject(text, source, 'JWK_INVALID');
  const { keyType: own, d } = privateBytesFromJwk(jwk);
  if (keyType !== undefined && keyType !== own) {
    throw new RadcredError(
      'KEY_TYPE_MISMATCH',
      `--key-type ${String(keyType)} does not match the JWK, which is a ${own} key`,
    );
  }
  return { keyType: own, privateBytes: d };
}
