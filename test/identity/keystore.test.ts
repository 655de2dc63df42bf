// The keystore format: scrypt + AES-256-GCM with the DID as associated data, and a parser that
// refuses crafted parameters before any key derivation runs.
import { beforeAll, describe, expect, it } from 'vitest';
import { RadcredError } from '../../src/errors.js';
import { didKeyFromPublicKey } from '../../src/identity/did-key.js';
import { generateKeyPair, keyPairFromPrivateBytes } from '../../src/identity/keys.js';
import {
  openKeystore,
  parseKeystore,
  sealKeystore,
  SCRYPT_DEFAULTS,
  type KeystoreFile,
} from '../../src/identity/keystore.js';
import { decodeBase64urlStrict } from '../../src/util/bytes.js';
import { PASSPHRASE, errorOf, codeOf } from '../helpers.js';

describe('sealKeystore / openKeystore', () => {
  const { pair, privateBytes } = generateKeyPair('ed25519');
  const did = didKeyFromPublicKey('ed25519', pair.publicKeyBytes);
  const other = generateKeyPair('ed25519');
  const otherDid = didKeyFromPublicKey('ed25519', other.pair.publicKeyBytes);
  let ks: KeystoreFile;
  let otherKs: KeystoreFile;

  beforeAll(() => {
    ks = sealKeystore(
      { name: 'alice', did, keyType: 'ed25519', created: '2026-11-27T18:00:00Z', label: 'Alice' },
      privateBytes,
      PASSPHRASE,
    );
    otherKs = sealKeystore(
      { name: 'bob', did: otherDid, keyType: 'ed25519', created: '2026-11-27T18:00:00Z' },
      other.privateBytes,
      PASSPHRASE,
    );
  });

  it('writes the contract parameters and no plaintext key', () => {
    expect(ks.version).toBe(1);
    expect(ks.kdf.name).toBe('scrypt');
    expect(ks.kdf.N).toBeGreaterThanOrEqual(2 ** 15);
    expect({ N: ks.kdf.N, r: ks.kdf.r, p: ks.kdf.p }).toEqual(SCRYPT_DEFAULTS);
    expect(ks.cipher.name).toBe('aes-256-gcm');
    expect(decodeBase64urlStrict(ks.kdf.salt)!.length).toBe(16);
    expect(decodeBase64urlStrict(ks.cipher.iv)!.length).toBe(12);
    expect(decodeBase64urlStrict(ks.cipher.tag)!.length).toBe(16);
    const text = JSON.stringify(ks);
    expect(text).not.toContain(privateBytes.toString('hex'));
    expect(text).not.toContain(privateBytes.toString('base64url'));
    expect(ks.label).toBe('Alice');
    expect('label' in otherKs).toBe(false);
  });

  it('round-trips the private key, also through JSON and parseKeystore', () => {
    expect(openKeystore(ks, PASSPHRASE).equals(privateBytes)).toBe(true);
    const reparsed = parseKeystore(JSON.parse(JSON.stringify(ks)), 'alice.json');
    expect(reparsed).toEqual(ks);
  });

  it('salts and IVs are fresh for every seal', () => {
    expect(ks.kdf.salt).not.toBe(otherKs.kdf.salt);
    expect(ks.cipher.iv).not.toBe(otherKs.cipher.iv);
  });

  it('a wrong passphrase is KEYSTORE_PASSPHRASE (bad input)', () => {
    const e = errorOf(() => openKeystore(ks, PASSPHRASE + ' '));
    expect(e.code).toBe('KEYSTORE_PASSPHRASE');
    expect(e.kind).toBe('input');
  });

  it('binds the DID: the ciphertext moved into a keystore with another DID does not open', () => {
    const moved: KeystoreFile = { ...otherKs, kdf: ks.kdf, cipher: ks.cipher };
    expect(codeOf(() => openKeystore(moved, PASSPHRASE))).toBe('KEYSTORE_PASSPHRASE');
    // and the DID alone changed (every other byte of the file kept) does not open either
    expect(codeOf(() => openKeystore({ ...ks, did: otherDid }, PASSPHRASE))).toBe('KEYSTORE_PASSPHRASE');
  });

  it('told the DID of a key, a keystore whose did was changed is KEYSTORE_INVALID, not a wrong passphrase', () => {
    const didOf = (bytes: Buffer) =>
      didKeyFromPublicKey('ed25519', keyPairFromPrivateBytes('ed25519', bytes).publicKeyBytes);
    const e = errorOf(() => openKeystore({ ...ks, did: otherDid }, PASSPHRASE, didOf));
    expect(e.code).toBe('KEYSTORE_INVALID');
    expect(e.message).toContain(did); // the key's own DID, to set it back
    // a ciphertext moved into another identity's file is the same damage
    expect(codeOf(() => openKeystore({ ...otherKs, kdf: ks.kdf, cipher: ks.cipher }, PASSPHRASE, didOf))).toBe(
      'KEYSTORE_INVALID',
    );
    // a wrong passphrase stays one (what it decrypts to is no key, or a key whose DID opens nothing)
    expect(codeOf(() => openKeystore({ ...ks, did: otherDid }, PASSPHRASE + ' ', didOf))).toBe('KEYSTORE_PASSPHRASE');
    expect(codeOf(() => openKeystore(ks, PASSPHRASE + ' ', didOf))).toBe('KEYSTORE_PASSPHRASE');
    expect(openKeystore(ks, PASSPHRASE, didOf).equals(privateBytes)).toBe(true);
  });

  it('a tampered ciphertext or tag does not open', () => {
    const flip = (s: string) => {
      const b = decodeBase64urlStrict(s)!;
      b[0]! ^= 1;
      return b.toString('base64url');
    };
    expect(
      codeOf(() =>
        openKeystore({ ...ks, cipher: { ...ks.cipher, ciphertext: flip(ks.cipher.ciphertext) } }, PASSPHRASE),
      ),
    ).toBe('KEYSTORE_PASSPHRASE');
    expect(codeOf(() => openKeystore({ ...ks, cipher: { ...ks.cipher, tag: flip(ks.cipher.tag) } }, PASSPHRASE))).toBe(
      'KEYSTORE_PASSPHRASE',
    );
  });

  it('normalises the passphrase to NFC (the same word typed on another keyboard opens it)', () => {
    const composed = 'caf\u00e9';
    const decomposed = 'cafe\u0301';
    const sealed = sealKeystore(
      { name: 'n', did, keyType: 'ed25519', created: '2026-11-27T18:00:00Z' },
      privateBytes,
      composed,
    );
    expect(openKeystore(sealed, decomposed).equals(privateBytes)).toBe(true);
  });
});

describe('parseKeystore', () => {
  const base = {
    version: 1,
    name: 'alice',
    did: 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp',
    keyType: 'ed25519',
    created: '2026-11-27T18:00:00Z',
    kdf: { name: 'scrypt', N: 2 ** 15, r: 8, p: 1, salt: 'AAAAAAAAAAAAAAAAAAAAAA' },
    cipher: {
      name: 'aes-256-gcm',
      iv: 'AAAAAAAAAAAAAAAA',
      ciphertext: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      tag: 'AAAAAAAAAAAAAAAAAAAAAA',
    },
  };
  const withKdf = (kdf: Record<string, unknown>) => ({ ...base, kdf: { ...base.kdf, ...kdf } });
  const withCipher = (cipher: Record<string, unknown>) => ({ ...base, cipher: { ...base.cipher, ...cipher } });

  it('accepts a well-formed keystore, N up to 2^20 within 256 MiB of scrypt memory', () => {
    expect(parseKeystore(base, 'k.json').kdf.N).toBe(2 ** 15);
    expect(parseKeystore(withKdf({ N: 2 ** 20, r: 2, p: 1 }), 'k.json').kdf.N).toBe(2 ** 20);
  });

  it('refuses parameters that each pass their own bound but together need more than 256 MiB', () => {
    expect(codeOf(() => parseKeystore(withKdf({ N: 2 ** 20, r: 16, p: 4 }), 'k.json'))).toBe('KEYSTORE_INVALID');
  });

  it('a maxmem field in the file is ignored: the bound is computed from N, r and p', () => {
    const parsed = parseKeystore(withKdf({ maxmem: 1 }), 'k.json');
    expect(parsed.kdf).toEqual({ name: 'scrypt', N: 2 ** 15, r: 8, p: 1, salt: base.kdf.salt });
  });

  it('copies only known fields (extra fields do not survive)', () => {
    const parsed = parseKeystore(
      { ...base, privateKey: 'leak', kdf: { ...base.kdf, extra: 1 } },
      'k.json',
    ) as unknown as Record<string, unknown>;
    expect('privateKey' in parsed).toBe(false);
    expect('extra' in (parsed.kdf as object)).toBe(false);
  });

  const refusals: [string, unknown][] = [
    ['N above 2^20', withKdf({ N: 2 ** 21 })],
    ['N = 2^31', withKdf({ N: 2 ** 31 })],
    ['N = 2^53', withKdf({ N: 2 ** 53 })],
    ['N not a power of two', withKdf({ N: 3 * 2 ** 15 })],
    ['N = 2^15 + 1', withKdf({ N: 2 ** 15 + 1 })],
    ['N below 2^15', withKdf({ N: 2 ** 14 })],
    ['N = 0', withKdf({ N: 0 })],
    ['N as a string', withKdf({ N: '32768' })],
    ['N fractional', withKdf({ N: 32768.5 })],
    ['r = 0', withKdf({ r: 0 })],
    ['r above 16', withKdf({ r: 17 })],
    ['r huge', withKdf({ r: 2 ** 30 })],
    ['p = 0', withKdf({ p: 0 })],
    ['p above 4', withKdf({ p: 5 })],
    ['p negative', withKdf({ p: -1 })],
    ['salt padded', withKdf({ salt: 'AAAAAAAAAAAAAAAAAAAAAA==' })],
    ['salt with +', withKdf({ salt: 'AAAAAAAAAAAAAAAAAAAA+A' })],
    ['iv with /', withCipher({ iv: 'AAAAAAAAAAAAAAA/' })],
    ['iv with whitespace', withCipher({ iv: 'AAAAAAAA AAAAAAA' })],
    [
      'ciphertext with non-zero trailing bits',
      withCipher({ ciphertext: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB' }),
    ],
    ['tag of length 4n+1', withCipher({ tag: 'AAAAA' })],
    ['tag not a string', withCipher({ tag: 12 })],
    ['another kdf', withKdf({ name: 'pbkdf2' })],
    ['another cipher', withCipher({ name: 'aes-256-cbc' })],
    ['version 2', { ...base, version: 2 }],
    ['no version', { ...base, version: undefined }],
    ['unknown keyType', { ...base, keyType: 'rsa' }],
    ['missing did', { ...base, did: undefined }],
    ['label not a string', { ...base, label: 7 }],
    ['kdf missing', { ...base, kdf: undefined }],
    ['cipher an array', { ...base, cipher: [] }],
    ['an array', [base]],
    ['null', null],
    // crafted to make scrypt allocate gigabytes or run for hours
    ['N = 2^30', withKdf({ N: 2 ** 30 })],
    ['N negative', withKdf({ N: -(2 ** 15) })],
    ['N Infinity (1e400 in the file)', withKdf({ N: JSON.parse('1e400') })],
    ['N null', withKdf({ N: null })],
    ['r negative', withKdf({ r: -8 })],
    ['r fractional', withKdf({ r: 8.5 })],
    ['r as a string', withKdf({ r: '8' })],
    ['p huge', withKdf({ p: 2 ** 30 })],
    ['p fractional', withKdf({ p: 1.5 })],
    ['maxmem in the file does not lift the 256 MiB bound', withKdf({ N: 2 ** 20, r: 8, p: 1, maxmem: 2 ** 40 })],
  ];

  it.each(refusals)('refuses %s with KEYSTORE_INVALID', (_why, value) => {
    const e = errorOf(() => parseKeystore(value, 'k.json'));
    expect(e.code).toBe('KEYSTORE_INVALID');
    expect(e.kind).toBe('input');
  });

  it('refuses every crafted parameter fast, before any key derivation', () => {
    const start = performance.now();
    for (let i = 0; i < 20; i++) for (const [, v] of refusals) errorOf(() => parseKeystore(v, 'k.json'));
    // 20 x ~30 refusals; one scrypt at N=2^21 alone would take seconds and 2 GiB.
    expect(performance.now() - start).toBeLessThan(500);
  });
});
