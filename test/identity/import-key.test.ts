// A key to import: a 64-hex seed or a private JWK, checked, and never quoted in a message.
import { describe, expect, it } from 'vitest';
import { keyFromJwk, keyFromSeed } from '../../src/identity/import-key.js';
import { codeOf, errorOf } from '../helpers.js';

const SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'; // RFC 8032 test 1

describe('keyFromSeed', () => {
  it('takes exactly 64 hex characters, Ed25519 unless told (the CLI trims a seed file, not --seed)', () => {
    const k = keyFromSeed(SEED, undefined);
    expect(k.keyType).toBe('ed25519');
    expect(k.privateBytes.toString('hex')).toBe(SEED);
    expect(keyFromSeed(SEED, 'p256').keyType).toBe('p256');
  });

  it('refuses anything else without quoting it', () => {
    for (const bad of ['', SEED.slice(2), SEED + '00', 'zz' + SEED.slice(2), ` ${SEED}`, `${SEED}\n`]) {
      const e = errorOf(() => keyFromSeed(bad, undefined));
      expect(e.code).toBe('SEED_INVALID');
      if (bad.length > 8) expect(e.message).not.toContain(bad.slice(4, 20));
    }
  });
});

describe('keyFromJwk', () => {
  const jwk = JSON.stringify({
    kty: 'OKP',
    crv: 'Ed25519',
    d: Buffer.from(SEED, 'hex').toString('base64url'),
    x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
  });

  it("reads a private JWK and its key type; a --key-type must be the JWK's own", () => {
    const k = keyFromJwk(jwk, 'JWK file k.jwk', undefined);
    expect(k).toMatchObject({ keyType: 'ed25519' });
    expect(k.privateBytes.toString('hex')).toBe(SEED);
    expect(codeOf(() => keyFromJwk(jwk, 'JWK file k.jwk', 'p256'))).toBe('KEY_TYPE_MISMATCH');
  });

  it('refuses a file that is not a JSON object', () => {
    expect(codeOf(() => keyFromJwk('[1]', 'JWK file k.jwk', undefined))).toBe('JWK_INVALID');
  });
});
