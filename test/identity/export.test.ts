// Exporting an identity's private key as a JWK: the shape `id import --jwk` reads (so export and
// import round-trip to the same DID for every key type), a new 0600 file, never an overwrite.
import { createPrivateKey } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { didKeyFromPublicKey } from '../../src/identity/did-key.js';
import type { KeyType } from '../../src/identity/key-types.js';
import { keyPairFromPrivateBytes, privateBytesFromJwk, privateJwkFromBytes } from '../../src/identity/keys.js';
import { createIdentity, exportIdentityJwk } from '../../src/identity/store.js';
import { cleanup, DEMO_IDENTITIES, errorOf, NOW_S, PASSPHRASE, sharedVector, tempDir } from '../helpers.js';

const demo = (keyType: KeyType) => DEMO_IDENTITIES.find((i) => i.keyType === keyType)!;
const KEY_TYPES: KeyType[] = ['ed25519', 'p256', 'secp256k1'];

describe('privateJwkFromBytes', () => {
  it.each(KEY_TYPES)('%s: privateBytesFromJwk reads back the same key, and Node agrees on x/y', (keyType) => {
    const seed = Buffer.from(demo(keyType).seed, 'hex');
    const jwk = privateJwkFromBytes(keyType, seed);
    expect(Object.keys(jwk).sort()).toEqual(
      keyType === 'ed25519' ? ['crv', 'd', 'kty', 'x'] : ['crv', 'd', 'kty', 'x', 'y'],
    );
    const back = privateBytesFromJwk(jwk);
    expect(back.keyType).toBe(keyType);
    expect(back.d.equals(seed)).toBe(true);
    // Node's own JWK export of the same key has the same members
    const node = keyPairFromPrivateBytes(keyType, seed).privateKey.export({ format: 'jwk' });
    expect({ x: jwk.x, y: jwk.y, d: jwk.d }).toEqual({ x: node.x, y: node.y, d: node.d });
    expect(createPrivateKey({ key: jwk, format: 'jwk' }).asymmetricKeyType).toBe(
      keyType === 'ed25519' ? 'ed25519' : 'ec',
    );
  });

  it('reproduces the private JWK of the P-256 did:key vector', () => {
    const vectors = sharedVector('did-key', 'nist-curves.json') as Record<
      string,
      { verificationMethod?: { privateKeyJwk?: Record<string, string> } }
    >;
    const [, v] = Object.entries(vectors).find(
      ([did, x]) => did.startsWith('did:key:zDn') && x.verificationMethod?.privateKeyJwk,
    )!;
    const { kty, crv, x, y, d } = v.verificationMethod!.privateKeyJwk!;
    expect(privateJwkFromBytes('p256', Buffer.from(d!, 'base64url'))).toEqual({ kty, crv, x, y, d });
  });
});

describe('exportIdentityJwk', () => {
  const home = tempDir();
  const out = join(home, 'out');
  beforeAll(() => {
    mkdirSync(out);
    for (const keyType of KEY_TYPES) {
      createIdentity({
        home,
        name: `k-${keyType}`,
        keyType,
        passphrase: PASSPHRASE,
        privateBytes: Buffer.from(demo(keyType).seed, 'hex'),
        now: NOW_S,
      });
    }
  });
  afterAll(() => cleanup(home));

  it.each(KEY_TYPES)('%s: writes the JWK of the DID to a new 0600 file', (keyType) => {
    const file = join(out, `${keyType}.jwk`);
    const r = exportIdentityJwk({ home, name: `k-${keyType}`, passphrase: PASSPHRASE, out: file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const { keyType: kt, d } = privateBytesFromJwk(JSON.parse(readFileSync(file, 'utf8')));
    expect(kt).toBe(keyType);
    expect(didKeyFromPublicKey(kt, keyPairFromPrivateBytes(kt, d).publicKeyBytes)).toBe(r.did);
    expect(r).toEqual({ name: `k-${keyType}`, did: r.did, out: file });
  });

  it('never replaces an existing file (FILE_EXISTS) and leaves it as it was', () => {
    const file = join(out, 'existing.jwk');
    writeFileSync(file, 'keep me\n');
    const e = errorOf(() => exportIdentityJwk({ home, name: 'k-ed25519', passphrase: PASSPHRASE, out: file }));
    expect(e.code).toBe('FILE_EXISTS');
    expect(readFileSync(file, 'utf8')).toBe('keep me\n');
  });

  it('a wrong passphrase is KEYSTORE_PASSPHRASE and writes nothing (no temp file either)', () => {
    const before = readdirSync(out).sort();
    const e = errorOf(() =>
      exportIdentityJwk({ home, name: 'k-p256', passphrase: 'wrong', out: join(out, 'wrong.jwk') }),
    );
    expect(e.code).toBe('KEYSTORE_PASSPHRASE');
    expect(e.kind).toBe('input');
    expect(readdirSync(out).sort()).toEqual(before);
  });
});
