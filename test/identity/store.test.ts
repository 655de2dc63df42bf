// The identities of a home: create/import, mode 0600, never overwrite, unlock to sign, a change
// of passphrase (re-encrypted, nothing lost on a wrong one), and listings with no private material.
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RadcredError } from '../../src/errors.js';
import { resolveDidKey } from '../../src/identity/did-key.js';
import { keyPairFromPrivateBytes, verifyBytes } from '../../src/identity/keys.js';
import { sealKeystore } from '../../src/identity/keystore.js';
import {
  changeIdentityPassphrase,
  createIdentity,
  findIdentityByDid,
  listIdentities,
  showIdentity,
  unlockIdentity,
  type IdentityInfo,
} from '../../src/identity/store.js';
import { cleanup, DEMO_IDENTITIES, NOW_S, PASSPHRASE, tempDir, errorOf, codeOf } from '../helpers.js';

describe('identity store', () => {
  const home = tempDir();
  const path = (name: string) => join(home, 'identities', `${name}.json`);
  const seeds = Object.fromEntries(DEMO_IDENTITIES.map((i) => [i.name, Buffer.from(i.seed, 'hex')]));
  let priya: IdentityInfo;
  let tmb: IdentityInfo;
  let rsna: IdentityInfo;

  beforeAll(() => {
    priya = createIdentity({
      home,
      name: 'priya',
      keyType: 'ed25519',
      passphrase: PASSPHRASE,
      label: 'Dr. Priya N. Halvorsen',
      privateBytes: seeds.priya!,
      now: NOW_S,
    });
    tmb = createIdentity({
      home,
      name: 'tmb',
      keyType: 'p256',
      passphrase: PASSPHRASE,
      privateBytes: seeds.tmb!,
      now: NOW_S,
    });
    rsna = createIdentity({ home, name: 'rsna', keyType: 'secp256k1', passphrase: PASSPHRASE, now: NOW_S });
  });
  afterAll(() => cleanup(home));

  it('creates identities with their did:key, verification method and alg', () => {
    expect(priya.did).toBe(resolveDidKey(priya.did).did);
    expect(priya.verificationMethod).toBe(resolveDidKey(priya.did).verificationMethod);
    expect([priya.alg, tmb.alg, rsna.alg]).toEqual(['EdDSA', 'ES256', 'ES256K']);
    expect([priya.keyType, tmb.keyType, rsna.keyType]).toEqual(['ed25519', 'p256', 'secp256k1']);
    expect(resolveDidKey(tmb.did).keyType).toBe('p256');
    expect(resolveDidKey(rsna.did).keyType).toBe('secp256k1');
    expect(priya.created).toBe('2026-11-27T18:00:00Z');
    expect(priya.label).toBe('Dr. Priya N. Halvorsen');
    expect(priya.insecureMode).toBeUndefined();
  });

  it('an imported key gets the DID of that key', () => {
    const pair = keyPairFromPrivateBytes('ed25519', seeds.priya!);
    expect(
      Buffer.from(resolveDidKey(priya.did).publicKey.export({ format: 'jwk' }).x as string, 'base64url').equals(
        Buffer.from(pair.publicKeyBytes),
      ),
    ).toBe(true);
  });

  it('writes keystores with mode 0600', () => {
    for (const n of ['priya', 'tmb', 'rsna']) expect(statSync(path(n)).mode & 0o777).toBe(0o600);
  });

  it('refuses an existing name (IDENTITY_EXISTS) and leaves the file byte for byte unchanged', () => {
    const before = readFileSync(path('priya'));
    const e = errorOf(() =>
      createIdentity({ home, name: 'priya', keyType: 'p256', passphrase: 'another', now: NOW_S }),
    );
    expect(e.code).toBe('IDENTITY_EXISTS');
    expect(e.kind).toBe('input');
    expect(readFileSync(path('priya')).equals(before)).toBe(true);
    expect(statSync(path('priya')).mode & 0o777).toBe(0o600);
  });

  it.each(['', '.hidden', '../escape', 'a/b', 'a b', 'x'.repeat(65), '-dash'])(
    'refuses the name %j (IDENTITY_NAME_INVALID)',
    (name) => {
      const e = errorOf(() => createIdentity({ home, name, keyType: 'ed25519', passphrase: PASSPHRASE }));
      expect(e.code).toBe('IDENTITY_NAME_INVALID');
      expect(e.kind).toBe('usage');
    },
  );

  it('refuses an empty passphrase', () => {
    expect(codeOf(() => createIdentity({ home, name: 'empty', keyType: 'ed25519', passphrase: '' }))).toBe(
      'PASSPHRASE_EMPTY',
    );
  });

  it.each([
    ['priya', 'ed25519'],
    ['tmb', 'p256'],
    ['rsna', 'secp256k1'],
  ])('unlockIdentity(%s) signs with the key of its DID (%s)', (name, keyType) => {
    const signer = unlockIdentity(home, name, PASSPHRASE);
    const resolved = resolveDidKey(signer.did);
    expect(signer.keyType).toBe(keyType);
    expect(signer.kid).toBe(resolved.verificationMethod);
    const data = Buffer.from('eyJhbGciOiJFZERTQSJ9.e30', 'ascii');
    const sig = signer.sign(data);
    expect(verifyBytes(resolved.keyType, resolved.publicKey, data, sig)).toBe(true);
    expect(verifyBytes(resolved.keyType, resolved.publicKey, Buffer.from('other'), sig)).toBe(false);
    // the signer exposes no key material
    expect(Object.keys(signer).sort()).toEqual(['alg', 'did', 'keyType', 'kid', 'name', 'sign']);
  });

  it('unlock with a wrong passphrase is KEYSTORE_PASSPHRASE', () => {
    const e = errorOf(() => unlockIdentity(home, 'priya', 'wrong'));
    expect(e.code).toBe('KEYSTORE_PASSPHRASE');
    expect(e.kind).toBe('input');
  });

  it('an unknown identity is IDENTITY_NOT_FOUND', () => {
    expect(codeOf(() => unlockIdentity(home, 'nobody', PASSPHRASE))).toBe('IDENTITY_NOT_FOUND');
    expect(codeOf(() => showIdentity(home, 'nobody'))).toBe('IDENTITY_NOT_FOUND');
  });

  it('a keystore copied under another name is KEYSTORE_INVALID', () => {
    const h = tempDir();
    try {
      const dir = join(h, 'identities');
      mkdirSync(dir);
      copyFileSync(path('priya'), join(dir, 'mallory.json'));
      expect(codeOf(() => showIdentity(h, 'mallory'))).toBe('KEYSTORE_INVALID');
    } finally {
      cleanup(h);
    }
  });

  it('a keystore whose key does not match its DID is KEYSTORE_INVALID', () => {
    const h = tempDir();
    try {
      // tmb's DID, priya's key: the file decrypts (the DID is the AAD it was sealed with) but lies.
      const ks = sealKeystore(
        { name: 'liar', did: tmb.did, keyType: 'ed25519', created: '2026-11-27T18:00:00Z' },
        seeds.priya!,
        PASSPHRASE,
      );
      mkdirSync(join(h, 'identities'));
      writeFileSync(join(h, 'identities', 'liar.json'), JSON.stringify(ks), { mode: 0o600 });
      expect(codeOf(() => unlockIdentity(h, 'liar', PASSPHRASE))).toBe('KEYSTORE_INVALID');
    } finally {
      cleanup(h);
    }
  });

  it('a damaged keystore file is KEYSTORE_INVALID', () => {
    const h = tempDir();
    try {
      mkdirSync(join(h, 'identities'));
      writeFileSync(join(h, 'identities', 'broken.json'), '{"version":1,', { mode: 0o600 });
      expect(codeOf(() => showIdentity(h, 'broken'))).toBe('KEYSTORE_INVALID');
    } finally {
      cleanup(h);
    }
  });

  it('showIdentity reports insecureMode after chmod 644, and not before', () => {
    expect(showIdentity(home, 'rsna').insecureMode).toBeUndefined();
    chmodSync(path('rsna'), 0o644);
    try {
      expect(showIdentity(home, 'rsna').insecureMode).toBe('0644');
    } finally {
      chmodSync(path('rsna'), 0o600);
    }
  });

  it('listIdentities lists every identity, sorted, with no private material', () => {
    const list = listIdentities(home);
    expect(list.map((i) => i.name)).toEqual(['priya', 'rsna', 'tmb']);
    expect(findIdentityByDid(home, tmb.did)?.name).toBe('tmb');
    expect(findIdentityByDid(home, 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp')).toBeUndefined();

    const secrets = ['priya', 'tmb', 'rsna'].flatMap((n) => {
      const ks = JSON.parse(readFileSync(path(n), 'utf8'));
      return [ks.cipher.ciphertext, ks.cipher.tag, ks.cipher.iv, ks.kdf.salt];
    });
    secrets.push(
      seeds.priya!.toString('hex'),
      seeds.priya!.toString('base64url'),
      seeds.tmb!.toString('hex'),
      seeds.tmb!.toString('base64url'),
    );
    const keys = new Set<string>();
    const walk = (v: unknown): void => {
      if (typeof v === 'string') expect(secrets).not.toContain(v);
      else if (v !== null && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          keys.add(k);
          walk(x);
        }
    };
    walk(list);
    walk(showIdentity(home, 'priya'));
    for (const k of ['d', 'cipher', 'ciphertext', 'kdf', 'salt', 'tag', 'iv', 'privateKey'])
      expect(keys.has(k)).toBe(false);
    const text = JSON.stringify(list);
    for (const s of secrets) expect(text).not.toContain(s);
  });

  it('listIdentities of an empty home is empty', () => {
    const h = tempDir();
    try {
      expect(listIdentities(h)).toEqual([]);
    } finally {
      cleanup(h);
    }
  });
});

describe('changeIdentityPassphrase', () => {
  const home = tempDir();
  const path = join(home, 'identities', 'tmb.json');
  const seed = Buffer.from(DEMO_IDENTITIES.find((i) => i.name === 'tmb')!.seed, 'hex');
  const NEW = 'plum harbour 77 kettle';
  let tmb: IdentityInfo;

  beforeAll(() => {
    tmb = createIdentity({
      home,
      name: 'tmb',
      keyType: 'p256',
      passphrase: PASSPHRASE,
      label: 'Texas Medical Board',
      privateBytes: seed,
      now: NOW_S,
    });
  });
  afterAll(() => cleanup(home));

  it('a wrong current passphrase is KEYSTORE_PASSPHRASE, and the keystore is byte for byte unchanged', () => {
    const before = readFileSync(path);
    expect(
      codeOf(() => changeIdentityPassphrase({ home, name: 'tmb', passphrase: 'not it', newPassphrase: NEW })),
    ).toBe('KEYSTORE_PASSPHRASE');
    expect(
      codeOf(() => changeIdentityPassphrase({ home, name: 'tmb', passphrase: PASSPHRASE, newPassphrase: '' })),
    ).toBe('PASSPHRASE_EMPTY');
    expect(
      codeOf(() => changeIdentityPassphrase({ home, name: 'nobody', passphrase: PASSPHRASE, newPassphrase: NEW })),
    ).toBe('IDENTITY_NOT_FOUND');
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readdirSync(join(home, 'identities'))).toEqual(['tmb.json']);
  });

  it('re-encrypts: the new passphrase opens the same key, the old one no longer does; public fields kept; mode 0600', () => {
    const before = JSON.parse(readFileSync(path, 'utf8'));
    chmodSync(path, 0o644); // a loose mode is not carried over
    const changed = changeIdentityPassphrase({ home, name: 'tmb', passphrase: PASSPHRASE, newPassphrase: NEW });
    expect(changed).toEqual({ ...tmb });
    const after = JSON.parse(readFileSync(path, 'utf8'));
    for (const k of ['version', 'name', 'did', 'keyType', 'label', 'created']) expect(after[k]).toEqual(before[k]);
    expect(after.kdf.salt).not.toBe(before.kdf.salt);
    expect(after.cipher.iv).not.toBe(before.cipher.iv);
    expect(after.cipher.ciphertext).not.toBe(before.cipher.ciphertext);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(home, 'identities'))).toEqual(['tmb.json']); // no temp file left
    expect(codeOf(() => unlockIdentity(home, 'tmb', PASSPHRASE))).toBe('KEYSTORE_PASSPHRASE');
    const signer = unlockIdentity(home, 'tmb', NEW);
    const data = Buffer.from('signed after the change');
    expect(signer.did).toBe(tmb.did);
    expect(verifyBytes('p256', resolveDidKey(tmb.did).publicKey, data, signer.sign(data))).toBe(true);
  });
});
