// The identities of one home: create, import, list, look up, unlock for signing, change the
// passphrase, and export.
import { statSync } from 'node:fs';
import { RadcredError } from '../errors.js';
import { homePaths } from '../home.js';
import { exists, readTextBounded, writeFileAtomic } from '../util/files.js';
import { parseJsonObject } from '../util/json.js';
import { isoTime, nowSeconds } from '../util/time.js';
import { didKeyFromPublicKey, verificationMethodOf } from './did-key.js';
import { KEY_TYPES, type JwsAlg, type KeyType } from './key-types.js';
import { generateKeyPair, keyPairFromPrivateBytes, privateJwkFromBytes, signBytes } from './keys.js';
import { openKeystore, parseKeystore, sealKeystore, type KeystoreFile, type KeystorePublic } from './keystore.js';
import { checkIdentityName, checkNewName, identityNames } from './name.js';

export interface IdentityInfo extends KeystorePublic {
  readonly verificationMethod: string;
  readonly alg: JwsAlg;
  /** set when the keystore file is readable by others than its owner */
  readonly insecureMode?: string;
}

/** An unlocked identity: can sign, never reveals its private key. */
export interface Signer {
  readonly name: string;
  readonly did: string;
  readonly keyType: KeyType;
  readonly alg: JwsAlg;
  readonly kid: string;
  sign(data: Uint8Array): Uint8Array;
}

function info(ks: KeystoreFile, insecureMode?: string): IdentityInfo {
  const out: IdentityInfo = {
    name: ks.name,
    did: ks.did,
    keyType: ks.keyType,
    created: ks.created,
    verificationMethod: verificationMethodOf(ks.did),
    alg: KEY_TYPES[ks.keyType].alg,
    ...(ks.label !== undefined ? { label: ks.label } : {}),
    ...(insecureMode !== undefined ? { insecureMode } : {}),
  };
  return out;
}

export interface CreateIdentityInput {
  home: string;
  name: string;
  keyType: KeyType;
  passphrase: string;
  label?: string;
  /** import this raw private key instead of generating one */
  privateBytes?: Uint8Array;
  now?: number;
}

/** Refuses a name that is invalid or taken in `home` (before a passphrase is asked for it). */
export function checkNewIdentityName(home: string, name: string): string {
  checkNewName(name, identityNames(home));
  if (exists(homePaths(home).identity(name)))
    throw new RadcredError(
      'IDENTITY_EXISTS',
      `identity ${name} already exists`,
      'choose another name; radcred never overwrites a keystore',
    );
  return name;
}

export function createIdentity(input: CreateIdentityInput): IdentityInfo {
  const name = checkNewIdentityName(input.home, input.name);
  if (input.passphrase.length === 0)
    throw new RadcredError('PASSPHRASE_EMPTY', 'the passphrase is empty', 'a keystore needs a passphrase');
  const path = homePaths(input.home).identity(name);
  const { pair, privateBytes } = input.privateBytes
    ? { pair: keyPairFromPrivateBytes(input.keyType, input.privateBytes), privateBytes: input.privateBytes }
    : generateKeyPair(input.keyType);
  const did = didKeyFromPublicKey(pair.keyType, pair.publicKeyBytes);
  const pub: KeystorePublic = {
    name,
    did,
    keyType: pair.keyType,
    created: isoTime(input.now ?? nowSeconds()),
    ...(input.label !== undefined ? { label: input.label } : {}),
  };
  const ks = sealKeystore(pub, privateBytes, input.passphrase);
  writeFileAtomic(path, JSON.stringify(ks, null, 2) + '\n', { mode: 0o600, exclusive: true });
  return info(ks);
}

function readKeystore(home: string, name: string): { ks: KeystoreFile; insecureMode?: string } {
  const path = homePaths(home).identity(checkIdentityName(name));
  if (!exists(path)) {
    throw new RadcredError(
      'IDENTITY_NOT_FOUND',
      `no identity named ${name} in this home`,
      'see `radcred id list`, or pass --home',
    );
  }
  const ks = parseKeystore(
    parseJsonObject(readTextBounded(path, 'keystore', 64 * 1024), `keystore ${path}`, 'KEYSTORE_INVALID'),
    path,
  );
  if (ks.name !== name)
    throw new RadcredError('KEYSTORE_INVALID', `keystore ${path} belongs to ${ks.name}, not ${name}`);
  const mode = statSync(path).mode & 0o777;
  return (mode & 0o077) !== 0 ? { ks, insecureMode: mode.toString(8).padStart(4, '0') } : { ks };
}

export function showIdentity(home: string, name: string): IdentityInfo {
  const { ks, insecureMode } = readKeystore(home, name);
  return info(ks, insecureMode);
}

export function listIdentities(home: string): IdentityInfo[] {
  return identityNames(home).map((n) => showIdentity(home, n));
}

export function findIdentityByDid(home: string, did: string): IdentityInfo | undefined {
  return listIdentities(home).find((i) => i.did === did);
}

/** Decrypts an identity's key; checks that it is the key of the keystore's DID. */
function openIdentity(
  home: string,
  name: string,
  passphrase: string,
): { ks: KeystoreFile; d: Buffer; pair: ReturnType<typeof keyPairFromPrivateBytes> } {
  const { ks } = readKeystore(home, name);
  const didOf = (bytes: Buffer) =>
    didKeyFromPublicKey(ks.keyType, keyPairFromPrivateBytes(ks.keyType, bytes).publicKeyBytes);
  const d = openKeystore(ks, passphrase, didOf);
  const pair = keyPairFromPrivateBytes(ks.keyType, d);
  if (didKeyFromPublicKey(pair.keyType, pair.publicKeyBytes) !== ks.did) {
    d.fill(0);
    throw new RadcredError('KEYSTORE_INVALID', `keystore of ${name} holds a key that does not match its DID`);
  }
  return { ks, d, pair };
}

/** Decrypts an identity's key and returns a signer; the key bytes stay inside the closure. */
export function unlockIdentity(home: string, name: string, passphrase: string): Signer {
  const { ks, d, pair } = openIdentity(home, name, passphrase);
  d.fill(0);
  const { privateKey, keyType } = pair;
  return {
    name: ks.name,
    did: ks.did,
    keyType,
    alg: KEY_TYPES[keyType].alg,
    kid: verificationMethodOf(ks.did),
    sign: (data) => signBytes(keyType, privateKey, data),
  };
}

export interface ChangePassphraseInput {
  home: string;
  name: string;
  passphrase: string;
  newPassphrase: string;
}

/**
 * Re-encrypts an identity's keystore under a new passphrase (a new salt and IV; the DID, key type,
 * label and creation time kept). The new keystore is opened with the new passphrase before it
 * replaces the old one, by an atomic rename of a mode-0600 temp file: a failure at any point
 * leaves the old keystore as it was.
 */
export function changeIdentityPassphrase(input: ChangePassphraseInput): IdentityInfo {
  if (input.newPassphrase.length === 0)
    throw new RadcredError('PASSPHRASE_EMPTY', 'the new passphrase is empty', 'a keystore needs a passphrase');
  const { ks, d } = openIdentity(input.home, input.name, input.passphrase);
  try {
    // once the current one is known to open it; compared as the key derivation sees them (NFC)
    if (input.newPassphrase.normalize('NFC') === input.passphrase.normalize('NFC'))
      throw new RadcredError(
        'PASSPHRASE_UNCHANGED',
        `the new passphrase of ${input.name} is its current one`,
        'give a new passphrase that differs from the current one; nothing was changed',
      );
    const { name, did, keyType, label, created } = ks;
    const sealed = sealKeystore(
      { name, did, keyType, created, ...(label !== undefined ? { label } : {}) },
      d,
      input.newPassphrase,
    );
    const check = openKeystore(sealed, input.newPassphrase);
    const same = check.equals(d);
    check.fill(0);
    if (!same) throw new Error(`re-encrypting the keystore of ${name} did not round-trip`);
    writeFileAtomic(homePaths(input.home).identity(name), JSON.stringify(sealed, null, 2) + '\n', { mode: 0o600 });
    return info(sealed);
  } finally {
    d.fill(0);
  }
}

export interface ExportIdentityInput {
  home: string;
  name: string;
  passphrase: string;
  /** the file to create; never replaced if it exists */
  out: string;
}

/**
 * Writes an identity's private key as a JWK (what `id import --jwk` reads) to a new file of mode
 * 0600: created exclusively, so an existing file is never replaced (FILE_EXISTS).
 */
export function exportIdentityJwk(input: ExportIdentityInput): { name: string; did: string; out: string } {
  const { ks, d } = openIdentity(input.home, input.name, input.passphrase);
  try {
    const jwk = privateJwkFromBytes(ks.keyType, d);
    writeFileAtomic(input.out, JSON.stringify(jwk, null, 2) + '\n', { mode: 0o600, exclusive: true });
  } finally {
    d.fill(0);
  }
  return { name: ks.name, did: ks.did, out: input.out };
}
