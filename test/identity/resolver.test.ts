// Resolving DIDs through did-resolver with key-did-resolver: the document, once per process; the
// verification method a kid names, for the right purpose; and the key the DID itself encodes.
import { describe, expect, it } from 'vitest';
import { resolveDidKey } from '../../src/identity/did-key.js';
import { didDocumentOf, resolveDids, signingKey } from '../../src/identity/resolver.js';
import { demoSigner } from '../verify/tokens.js';

const parties = ['lakeshore', 'tmb', 'rsna'].map(demoSigner); // Ed25519, P-256, secp256k1
await resolveDids(parties.map((p) => p.did));

describe('didDocumentOf', () => {
  it.each(parties.map((p) => [p.keyType, p] as const))(
    'a %s did:key resolves to its document, once per process',
    async (_k, p) => {
      const doc = await didDocumentOf(p.did);
      expect(doc.id).toBe(p.did);
      expect(doc.verificationMethod?.map((m) => m.id)).toContain(p.kid);
      expect(doc.assertionMethod).toContain(p.kid);
      expect(doc.authentication).toContain(p.kid);
      expect(await didDocumentOf(p.did)).toBe(doc); // the same object: not resolved again
    },
  );

  it('a DID radcred cannot sign with is refused before the library sees it', async () => {
    await expect(didDocumentOf('did:web:example.org')).rejects.toMatchObject({ code: 'DID_INVALID' });
  });
});

describe('signingKey', () => {
  it.each(parties.map((p) => [p.keyType, p] as const))(
    '%s: the method the kid names (id or fragment), or the first for the purpose without one',
    (_k, p) => {
      const fragment = p.kid.slice(p.did.length);
      for (const kid of [p.kid, fragment, undefined]) {
        const key = signingKey(p.did, kid, 'assertionMethod');
        expect(key.ok).toBe(true);
        if (!key.ok) return;
        expect(key.verificationMethod).toBe(p.kid);
        expect(key.keyType).toBe(p.keyType);
        // the key the document names is the key the DID encodes
        expect(key.publicKey.export({ format: 'jwk' })).toEqual(
          resolveDidKey(p.did).publicKey.export({ format: 'jwk' }),
        );
      }
      expect(signingKey(p.did, p.kid, 'authentication').ok).toBe(true);
    },
  );

  it('a kid of another DID, or of a key-agreement key, is KID_MISMATCH', async () => {
    const [lakeshore, tmb] = parties as [(typeof parties)[0], (typeof parties)[0]];
    expect(signingKey(lakeshore.did, tmb.kid, 'assertionMethod')).toMatchObject({ ok: false, code: 'KID_MISMATCH' });
    expect(signingKey(lakeshore.did, 7, 'assertionMethod')).toMatchObject({ ok: false, code: 'KID_MISMATCH' });
    // an Ed25519 did:key's document also lists an X25519 key, for key agreement only: it signs nothing
    const agreement = (await didDocumentOf(lakeshore.did)).keyAgreement?.[0];
    const id = typeof agreement === 'string' ? agreement : agreement?.id;
    expect(id).toMatch(/#z6LS/);
    expect(signingKey(lakeshore.did, id, 'assertionMethod')).toMatchObject({ ok: false, code: 'KID_MISMATCH' });
  });

  it('a DID nobody resolved first is refused (DID_UNSUPPORTED), never looked up some other way', () => {
    expect(signingKey(demoSigner('northbay').did, undefined, 'authentication')).toMatchObject({
      ok: false,
      code: 'DID_UNSUPPORTED',
    });
  });

  it('a DID that does not resolve keeps its reason', async () => {
    const bad = 'did:key:z6MkfYTuCR6MjTGpKaGXSKGs3LvDs8yxsoLs1qr8gcVT21bX'; // one character off: not a canonical key
    await resolveDids([bad]);
    expect(signingKey(bad, undefined, 'assertionMethod')).toMatchObject({ ok: false, code: 'DID_UNSUPPORTED' });
  });
});
