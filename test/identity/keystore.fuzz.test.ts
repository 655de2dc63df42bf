// Property: a keystore file parses into checked fields or is refused with an input RadcredError,
// whatever it holds; and a keystore whose authenticated parts (DID, salt, IV, ciphertext, tag)
// were changed in any way never opens, even with the right passphrase.
import { describe, expect, it } from 'vitest';
import { openKeystore, parseKeystore, type KeystoreFile } from '../../src/identity/keystore.js';
import { decodeBase64urlStrict } from '../../src/util/bytes.js';
import { parseJsonObject } from '../../src/util/json.js';
import { fc, fuzzParams } from '../fuzz.js';
import { cheapKeystore, mutatedBytes, mutatedJson, outcome, randomText, textNear } from '../fuzz-mutations.js';

const PASSPHRASE = 'fuzz passphrase';
const seed = Buffer.alloc(32, 7);
const CHEAP = cheapKeystore('fuzz', 'ed25519', seed, PASSPHRASE);
const TEXT = JSON.stringify(CHEAP, null, 2) + '\n';

function parse(text: string) {
  const r = outcome(
    () => parseKeystore(parseJsonObject(text, 'keystore k.json', 'KEYSTORE_INVALID'), 'k.json'),
    ['input'],
  );
  if (!r.ok) {
    expect(r.error.code).toBe('KEYSTORE_INVALID');
    return r;
  }
  const ks = r.value;
  expect(ks.version).toBe(1);
  expect(['ed25519', 'p256', 'secp256k1']).toContain(ks.keyType);
  const { N, r: blocks, p } = ks.kdf;
  for (const n of [N, blocks, p]) expect(Number.isSafeInteger(n) && n > 0).toBe(true);
  expect(128 * N * blocks * p).toBeLessThanOrEqual(256 * 1024 * 1024);
  for (const v of [ks.kdf.salt, ks.cipher.iv, ks.cipher.ciphertext, ks.cipher.tag])
    expect(decodeBase64urlStrict(v)).toBeDefined();
  return r;
}

type Field = 'did' | 'salt' | 'iv' | 'ciphertext' | 'tag';
const get = (ks: KeystoreFile, f: Field) => (f === 'did' ? ks.did : f === 'salt' ? ks.kdf.salt : ks.cipher[f]);
function withField(ks: KeystoreFile, f: Field, value: string): KeystoreFile {
  const out = structuredClone(ks);
  if (f === 'did') out.did = value;
  else if (f === 'salt') out.kdf.salt = value;
  else out.cipher[f] = value;
  return out;
}

describe('parseKeystore (fuzz)', () => {
  it('mutated keystore files and random text: checked fields or KEYSTORE_INVALID', () => {
    fc.assert(
      fc.property(fc.oneof(textNear(TEXT), randomText), (text) => {
        parse(text);
      }),
      fuzzParams(120),
    );
  });

  it('structurally mutated keystores (scrypt parameters of any size, wrong types, duplicate keys)', () => {
    fc.assert(
      fc.property(mutatedJson(CHEAP), (text) => {
        parse(text);
      }),
      fuzzParams(120),
    );
  });
});

describe('openKeystore (fuzz)', () => {
  it('the seed opens with its passphrase', () => {
    expect(openKeystore(parseKeystore(structuredClone(CHEAP), 'k.json'), PASSPHRASE).equals(seed)).toBe(true);
  });

  it('any change to the DID, salt, IV, ciphertext or tag: never opens, even with the right passphrase', () => {
    const field = fc.constantFrom<Field>('did', 'salt', 'iv', 'ciphertext', 'tag');
    fc.assert(
      fc.property(
        field.chain((f) => {
          const bytes = f === 'did' ? Buffer.from(CHEAP.did) : decodeBase64urlStrict(get(CHEAP, f))!;
          return fc.tuple(
            fc.constant(f),
            mutatedBytes(bytes).map((b) => (f === 'did' ? b.toString('latin1') : b.toString('base64url'))),
          );
        }),
        ([f, value]) => {
          fc.pre(value !== get(CHEAP, f));
          const r = parse(JSON.stringify(withField(CHEAP, f, value)));
          if (!r.ok) return;
          const opened = outcome(() => openKeystore(r.value, PASSPHRASE), ['input']);
          expect(opened.ok ? `opened with ${f} = ${value}` : opened.error.code).toBe('KEYSTORE_PASSPHRASE');
        },
      ),
      fuzzParams(30),
    );
  });
});

describe('regressions found by fuzzing', () => {
  it('a truncated GCM tag (which Node would check only as far as it goes) is a damaged keystore', () => {
    for (const length of [4, 8, 12, 13, 15]) {
      const tag = decodeBase64urlStrict(CHEAP.cipher.tag)!.subarray(0, length).toString('base64url');
      const r = parse(JSON.stringify(withField(CHEAP, 'tag', tag)));
      expect(r.ok ? 'parsed' : r.error.message).toMatch(/tag must be 16 bytes/);
    }
    const iv = parse(JSON.stringify(withField(CHEAP, 'iv', Buffer.alloc(16).toString('base64url'))));
    expect(iv.ok ? 'parsed' : iv.error.message).toMatch(/iv must be 12 bytes/);
  });
});
