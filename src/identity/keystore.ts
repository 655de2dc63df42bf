// @internal (src/identity only)
// The keystore file: one identity's private key, encrypted at rest.
// Key: scrypt(passphrase, salt, N, r, p) -> 32 bytes; cipher: AES-256-GCM with the DID as
// associated data, so a ciphertext moved into another identity's file does not decrypt.
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { RadcredError } from '../errors.js';
import { decodeBase64urlStrict, encodeBase64url } from '../util/bytes.js';
import { isPlainObject } from '../util/json.js';
import { isKeyType, type KeyType } from './key-types.js';

export const KEYSTORE_VERSION = 1;
export const SCRYPT_DEFAULTS = { N: 2 ** 15, r: 8, p: 1 } as const;
// Bounds for parameters read from a file: a crafted keystore must not make us allocate gigabytes.
const SCRYPT_MAX_LOG_N = 20;
const SCRYPT_MAX_R = 16;
const SCRYPT_MAX_P = 4;
/** scrypt needs 128·N·r·p bytes; whatever the file says, never more than this */
const SCRYPT_MAX_MEMORY = 256 * 1024 * 1024;

export interface KeystoreFile {
  version: 1;
  name: string;
  did: string;
  keyType: KeyType;
  label?: string;
  created: string;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: { name: 'aes-256-gcm'; iv: string; ciphertext: string; tag: string };
}

export type KeystorePublic = Pick<KeystoreFile, 'name' | 'did' | 'keyType' | 'label' | 'created'>;

const scryptMaxmem = (N: number, r: number, p: number) => 128 * N * r * p + 16 * 1024 * 1024;

function deriveKey(passphrase: string, salt: Buffer, N: number, r: number, p: number): Buffer {
  return scryptSync(passphrase.normalize('NFC'), salt, 32, { N, r, p, maxmem: scryptMaxmem(N, r, p) });
}

export function sealKeystore(pub: KeystorePublic, privateBytes: Uint8Array, passphrase: string): KeystoreFile {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const { N, r, p } = SCRYPT_DEFAULTS;
  const key = deriveKey(passphrase, salt, N, r, p);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(pub.did, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(privateBytes), cipher.final()]);
  const out: KeystoreFile = {
    version: KEYSTORE_VERSION,
    name: pub.name,
    did: pub.did,
    keyType: pub.keyType,
    created: pub.created,
    kdf: { name: 'scrypt', N, r, p, salt: encodeBase64url(salt) },
    cipher: {
      name: 'aes-256-gcm',
      iv: encodeBase64url(iv),
      ciphertext: encodeBase64url(ciphertext),
      tag: encodeBase64url(cipher.getAuthTag()),
    },
  };
  if (pub.label !== undefined) out.label = pub.label;
  return out;
}

function bad(path: string, why: string) {
  return new RadcredError(
    'KEYSTORE_INVALID',
    `keystore ${path} is damaged: ${why}`,
    'restore it from a backup, or import the key again',
  );
}

const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Checks a parsed keystore field by field; every value is copied, nothing trusted. */
export function parseKeystore(value: unknown, path: string): KeystoreFile {
  if (!isPlainObject(value)) throw bad(path, 'not a JSON object');
  const { version, name, did, keyType, label, created, kdf, cipher } = value;
  if (version !== KEYSTORE_VERSION) throw bad(path, `unsupported version ${JSON.stringify(version)}`);
  if (typeof name !== 'string' || typeof did !== 'string' || typeof created !== 'string')
    throw bad(path, 'name, did or created missing');
  if (!isKeyType(keyType)) throw bad(path, 'unknown keyType');
  if (label !== undefined && typeof label !== 'string') throw bad(path, 'label is not a string');
  if (!isPlainObject(kdf) || kdf.name !== 'scrypt') throw bad(path, 'kdf must be scrypt');
  const { N, r, p, salt } = kdf;
  if (!isInt(N, 2 ** 15, 2 ** SCRYPT_MAX_LOG_N) || (N & (N - 1)) !== 0)
    throw bad(path, `scrypt N must be a power of two from 2^15 to 2^${SCRYPT_MAX_LOG_N}`);
  if (!isInt(r, 1, SCRYPT_MAX_R) || !isInt(p, 1, SCRYPT_MAX_P)) throw bad(path, 'scrypt r or p out of bounds');
  if (128 * N * r * p > SCRYPT_MAX_MEMORY) throw bad(path, 'scrypt parameters would need more than 256 MiB');
  if (!isPlainObject(cipher) || cipher.name !== 'aes-256-gcm') throw bad(path, 'cipher must be aes-256-gcm');
  const fields = { salt, iv: cipher.iv, ciphertext: cipher.ciphertext, tag: cipher.tag };
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v !== 'string' || decodeBase64urlStrict(v) === undefined) throw bad(path, `${k} is not base64url`);
  }
  // Node accepts GCM tags of 4 to 16 bytes and checks only as many as it is given: a truncated
  // tag would still open. sealKeystore always writes a 12-byte IV and a 16-byte tag.
  if (decodeBase64urlStrict(fields.iv as string)!.length !== 12) throw bad(path, 'iv must be 12 bytes');
  if (decodeBase64urlStrict(fields.tag as string)!.length !== 16) throw bad(path, 'tag must be 16 bytes');
  const out: KeystoreFile = {
    version: KEYSTORE_VERSION,
    name,
    did,
    keyType,
    created,
    kdf: { name: 'scrypt', N, r, p, salt: salt as string },
    cipher: {
      name: 'aes-256-gcm',
      iv: fields.iv as string,
      ciphertext: fields.ciphertext as string,
      tag: fields.tag as string,
    },
  };
  if (label !== undefined) out.label = label;
  return out;
}

/**
 * Decrypts the private key; a wrong passphrase (or tampered file) is KEYSTORE_PASSPHRASE. The DID is
 * the cipher's associated data, so a file whose `did` was changed fails as a wrong passphrase would:
 * given `didOf` (the DID of a private key), the key is decrypted once more without the tag check and,
 * when its own DID opens the file, the file is KEYSTORE_INVALID instead (the passphrase was right).
 */
export function openKeystore(ks: KeystoreFile, passphrase: string, didOf?: (privateBytes: Buffer) => string): Buffer {
  const dec = (s: string) => decodeBase64urlStrict(s) as Buffer;
  const key = deriveKey(passphrase, dec(ks.kdf.salt), ks.kdf.N, ks.kdf.r, ks.kdf.p);
  const opened = openWith(ks, key, ks.did);
  if (opened !== undefined) return opened;
  const own = didOf !== undefined ? didOfUnchecked(ks, key, didOf) : undefined;
  if (own !== undefined && own !== ks.did && openWith(ks, key, own) !== undefined)
    throw new RadcredError(
      'KEYSTORE_INVALID',
      `keystore of ${ks.name} does not match its own key: its did was changed (the key is ${own})`,
      'restore the keystore from a backup, or set its "did" back to the key\'s',
    );
  throw new RadcredError(
    'KEYSTORE_PASSPHRASE',
    `wrong passphrase for identity ${ks.name}`,
    'check --passphrase-file or RADCRED_PASSPHRASE; the keystore itself is unchanged',
  );
}

/** The plaintext when the tag verifies with `did` as associated data, else undefined. */
function openWith(ks: KeystoreFile, key: Buffer, did: string): Buffer | undefined {
  const dec = (s: string) => decodeBase64urlStrict(s) as Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, dec(ks.cipher.iv));
    decipher.setAAD(Buffer.from(did, 'utf8'));
    decipher.setAuthTag(dec(ks.cipher.tag));
    return Buffer.concat([decipher.update(dec(ks.cipher.ciphertext)), decipher.final()]);
  } catch {
    return undefined;
  }
}

/**
 * The DID of what the ciphertext decrypts to, the tag unchecked: GCM's keystream for a 12-byte IV
 * is AES-CTR from IV‖2 (NIST SP 800-38D, 7.1). Undefined when that is no key (a wrong passphrase).
 */
function didOfUnchecked(ks: KeystoreFile, key: Buffer, didOf: (privateBytes: Buffer) => string): string | undefined {
  const dec = (s: string) => decodeBase64urlStrict(s) as Buffer;
  const counter = Buffer.concat([dec(ks.cipher.iv), Buffer.from([0, 0, 0, 2])]);
  const ctr = createDecipheriv('aes-256-ctr', key, counter);
  const bytes = Buffer.concat([ctr.update(dec(ks.cipher.ciphertext)), ctr.final()]);
  try {
    return didOf(bytes);
  } catch {
    return undefined;
  } finally {
    bytes.fill(0);
  }
}
