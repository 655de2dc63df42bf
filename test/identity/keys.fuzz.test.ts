// Property: a private JWK file (`id import --jwk`) yields a 32-byte key whose public half matches
// what the JWK claims, or is refused with an input RadcredError, whatever the file holds.
import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KEY_TYPE_NAMES } from '../../src/identity/key-types.js';
import { keyPairFromPrivateBytes, privateBytesFromJwk } from '../../src/identity/keys.js';
import { parseJsonObject } from '../../src/util/json.js';
import { DEMO_IDENTITIES } from '../helpers.js';
import { fc, fuzzParams } from '../fuzz.js';
import { mutatedJson, outcome, randomText, textNear } from '../fuzz-mutations.js';

const JWKS = KEY_TYPE_NAMES.map((keyType) => {
  const id = DEMO_IDENTITIES.find((i) => i.keyType === keyType)!;
  return keyPairFromPrivateBytes(keyType, Buffer.from(id.seed, 'hex')).privateKey.export({ format: 'jwk' }) as Record<
    string,
    unknown
  >;
});

function check(text: string): void {
  const r = outcome(() => privateBytesFromJwk(parseJsonObject(text, 'JWK file k.jwk', 'JWK_INVALID')), ['input']);
  if (!r.ok) return;
  expect(r.value.d.length).toBe(32);
  const jwk = JSON.parse(text) as Record<string, unknown>;
  const derived = createPublicKey(keyPairFromPrivateBytes(r.value.keyType, r.value.d).privateKey).export({
    format: 'jwk',
  });
  if (jwk.x !== undefined) expect(jwk.x).toBe(derived.x);
  if (jwk.y !== undefined) expect(jwk.y).toBe(derived.y);
}

describe('privateBytesFromJwk (fuzz)', () => {
  it('mutated JWK files and random text', () => {
    fc.assert(
      fc.property(fc.oneof(textNear(...JWKS.map((j) => JSON.stringify(j, null, 2))), randomText), check),
      fuzzParams(80),
    );
  });

  it('structurally mutated JWKs (curves swapped, wrong types, duplicate keys)', () => {
    fc.assert(fc.property(fc.oneof(...JWKS.map((j) => mutatedJson(j))), check), fuzzParams(80));
  });
});
