// Property: a home whose keystore file was damaged in any way still answers `id list`, `id show`
// and every lookup by DID with identities or an input RadcredError; unlocking it never yields a
// signer for any DID but the one the key belongs to.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDidKey } from '../../src/identity/did-key.js';
import { verifyBytes } from '../../src/identity/keys.js';
import { findIdentityByDid, listIdentities, showIdentity, unlockIdentity } from '../../src/identity/store.js';
import { cleanup, DEMO_IDENTITIES, tempDir } from '../helpers.js';
import { fc, fuzzParams } from '../fuzz.js';
import { cheapKeystore, mutatedJson, outcome, randomText, textNear } from '../fuzz-mutations.js';

const PASSPHRASE = 'fuzz passphrase';
const home = tempDir('radcred-store-fuzz-');
afterAll(() => cleanup(home));
const dir = join(home, 'identities');
mkdirSync(dir, { recursive: true, mode: 0o700 });

const seedOf = (name: string) => Buffer.from(DEMO_IDENTITIES.find((i) => i.name === name)!.seed, 'hex');
const PRIYA = cheapKeystore('priya', 'ed25519', seedOf('priya'), PASSPHRASE);
const TMB = cheapKeystore('tmb', 'p256', seedOf('tmb'), PASSPHRASE);
const OTHER_DIDS = [TMB.did, cheapKeystore('rsna', 'secp256k1', seedOf('rsna'), PASSPHRASE).did];
const write = (name: string, text: string) => writeFileSync(join(dir, `${name}.json`), text, { mode: 0o600 });
write('tmb', JSON.stringify(TMB, null, 2) + '\n');

const textOf = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

function lookups(): void {
  const shown = outcome(() => showIdentity(home, 'priya'), ['input']);
  if (shown.ok) {
    expect(shown.value.name).toBe('priya');
    expect(typeof shown.value.did).toBe('string');
  }
  const listed = outcome(() => listIdentities(home), ['input']);
  if (listed.ok) expect(listed.value.map((i) => i.name)).toEqual(['priya', 'tmb']);
  outcome(() => findIdentityByDid(home, TMB.did), ['input']);
  // the other identity's file is untouched and still readable on its own
  expect(showIdentity(home, 'tmb').did).toBe(TMB.did);
}

describe('identity store with a damaged keystore (fuzz)', () => {
  it('mutated keystore files: identities or an input error from every lookup', () => {
    fc.assert(
      fc.property(fc.oneof(textNear(textOf(PRIYA)), mutatedJson(PRIYA), randomText), (text) => {
        write('priya', text);
        lookups();
      }),
      fuzzParams(100),
    );
  });

  it('unlocking a keystore whose public fields were changed: a signer for its own DID only, or an input error', () => {
    const pub = {
      version: PRIYA.version,
      name: PRIYA.name,
      did: PRIYA.did,
      keyType: PRIYA.keyType,
      label: PRIYA.label,
      created: PRIYA.created,
    };
    const swapped = fc.constantFrom(...OTHER_DIDS).map((did) => JSON.stringify({ ...pub, did }));
    fc.assert(
      fc.property(fc.oneof(mutatedJson(pub), swapped), (text) => {
        let fields: unknown;
        try {
          fields = JSON.parse(text);
        } catch {
          return;
        }
        write(
          'priya',
          textOf(
            typeof fields === 'object' && fields !== null && !Array.isArray(fields)
              ? { ...fields, kdf: PRIYA.kdf, cipher: PRIYA.cipher }
              : fields,
          ),
        );
        const r = outcome(() => unlockIdentity(home, 'priya', PASSPHRASE), ['input', 'usage']);
        if (r.ok) {
          expect(r.value.did).toBe(PRIYA.did);
          const message = Buffer.from('fuzz');
          const key = resolveDidKey(r.value.did);
          expect(verifyBytes(key.keyType, key.publicKey, message, r.value.sign(message))).toBe(true);
        }
      }),
      fuzzParams(20),
    );
  });
});
