// Interop with the reference VC-JWT stack (did-jwt@8, did-jwt-vc@4, did-resolver@4,
// key-did-resolver@4): what radcred issues and presents, they verify; what they create, radcred
// verifies. One direction per key type (Ed25519, P-256, secp256k1).
import { readFileSync } from 'node:fs';
import { EdDSASigner, ES256KSigner, ES256Signer, type Signer as DidJwtSigner } from 'did-jwt';
import {
  createVerifiableCredentialJwt,
  createVerifiablePresentationJwt,
  verifyCredential,
  verifyPresentation,
} from 'did-jwt-vc';
import { Resolver } from 'did-resolver';
import { getResolver } from 'key-did-resolver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCredentialClaims } from '../../src/credential/claims.js';
import { issueCredential } from '../../src/credential/issue.js';
import { didKeyFromPublicKey, verificationMethodOf } from '../../src/identity/did-key.js';
import { KEY_TYPES, type JwsAlg, type KeyType } from '../../src/identity/key-types.js';
import { keyPairFromPrivateBytes, signBytes } from '../../src/identity/keys.js';
import { createIdentity, unlockIdentity, type Signer } from '../../src/identity/store.js';
import { parseCompactJws } from '../../src/jws/compact.js';
import { createPresentation } from '../../src/presentation/present.js';
import type { FileResult, VerifyOptions } from '../../src/verify/types.js';
import { verifyText } from '../../src/verify/verify.js';
import { cleanup, DEMO_IDENTITIES, fixture, NOW_S, PASSPHRASE, tempDir } from '../helpers.js';

const resolver = new Resolver(getResolver());
const VC_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
const subject = (type: string): Record<string, unknown> =>
  JSON.parse(readFileSync(fixture('subjects', `${type}.json`), 'utf8'));

interface Party {
  name: string;
  keyType: KeyType;
  alg: JwsAlg;
  did: string;
  kid: string;
  seed: Buffer;
  /** did-jwt's own signer for this key */
  didJwtSigner: DidJwtSigner;
}

function party(name: string): Party {
  const id = DEMO_IDENTITIES.find((i) => i.name === name)!;
  const keyType = id.keyType as KeyType;
  const seed = Buffer.from(id.seed, 'hex');
  const did = didKeyFromPublicKey(keyType, keyPairFromPrivateBytes(keyType, seed).publicKeyBytes);
  const didJwtSigner =
    keyType === 'ed25519' ? EdDSASigner(seed) : keyType === 'p256' ? ES256Signer(seed) : ES256KSigner(seed);
  return { name, keyType, alg: KEY_TYPES[keyType].alg, did, kid: verificationMethodOf(did), seed, didJwtSigner };
}

const ISSUERS = [
  { issuer: party('lakeshore'), type: 'MedicalDegreeCredential' },
  { issuer: party('tmb'), type: 'MedicalLicenseCredential' },
  { issuer: party('rsna'), type: 'CMECertificateCredential' },
];
const priya = party('priya');
const northbay = party('northbay');

const OPEN: VerifyOptions = { now: NOW_S, trust: 'any', audience: 'any', ledger: 'skip' };

/** verified, and no check failed (each is pass, warn or a schema skip for unknown types) */
function expectVerified(result: FileResult): void {
  const failed = result.checks.filter((c) => c.status === 'fail');
  expect(failed).toEqual([]);
  expect(result.malformed).toBe(false);
  expect(result.verified).toBe(true);
}

const statusOf = (result: FileResult, check: string) =>
  result.checks.filter((c) => c.check === check).map((c) => `${c.status} ${c.code}`);

describe('radcred -> did-jwt-vc', () => {
  const home = tempDir();
  const signers: Record<string, Signer> = {};

  beforeAll(() => {
    for (const p of [...ISSUERS.map((i) => i.issuer), priya]) {
      createIdentity({
        home,
        name: p.name,
        keyType: p.keyType,
        passphrase: PASSPHRASE,
        privateBytes: p.seed,
        now: NOW_S,
      });
      signers[p.name] = unlockIdentity(home, p.name, PASSPHRASE);
    }
  });
  afterAll(() => cleanup(home));

  describe.each(ISSUERS.map((i) => [i.issuer.keyType, i] as const))(
    'a credential radcred issues with a %s key',
    (_kt, { issuer, type }) => {
      let jwt: string;
      beforeAll(async () => {
        jwt = (
          await issueCredential({
            signer: signers[issuer.name]!,
            type,
            subjectDid: priya.did,
            subject: subject(type),
            now: NOW_S,
            validUntil: NOW_S + 365 * 86400,
          })
        ).jwt;
      });

      it('passes did-jwt-vc verifyCredential with key-did-resolver', async () => {
        const verified = await verifyCredential(jwt, resolver, { policies: { now: NOW_S } });
        expect(verified.verified).toBe(true);
        expect(verified.issuer).toBe(issuer.did);
        expect(verified.signer.id).toBe(issuer.kid);
        expect(verified.verifiableCredential.issuer.id).toBe(issuer.did);
        expect(verified.verifiableCredential.credentialSubject.id).toBe(priya.did);
        expect(verified.verifiableCredential.type).toEqual(['VerifiableCredential', type]);
        expect(verified.verifiableCredential.credentialSchema).toMatchObject({ id: `urn:radcred:schema:${type}:1` });
        expect(verified.verifiableCredential.expirationDate).toBe(new Date((NOW_S + 365 * 86400) * 1000).toISOString());
      });

      it('did-jwt-vc refuses it once the payload is altered (the check above can fail)', async () => {
        const [h, , s] = jwt.split('.');
        const payload = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());
        payload.sub = northbay.did;
        const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
        await expect(verifyCredential(forged, resolver, { policies: { now: NOW_S } })).rejects.toThrow(
          /invalid_signature/,
        );
      });

      it('did-jwt-vc refuses it after it expires', async () => {
        await expect(verifyCredential(jwt, resolver, { policies: { now: NOW_S + 400 * 86400 } })).rejects.toThrow(
          /expired/,
        );
      });
    },
  );

  it('a presentation radcred makes passes did-jwt-vc verifyPresentation with domain and challenge', async () => {
    const vcs = await Promise.all(
      ISSUERS.map(
        async ({ issuer, type }) =>
          (
            await issueCredential({
              signer: signers[issuer.name]!,
              type,
              subjectDid: priya.did,
              subject: subject(type),
              now: NOW_S,
            })
          ).jwt,
      ),
    );
    const views = vcs.map((v) => {
      const r = readCredentialClaims(parseCompactJws(v));
      if (!r.ok) throw new Error(r.message);
      return r.view;
    });
    const vp = (
      await createPresentation({
        signer: signers.priya!,
        audience: northbay.did,
        challenge: 'nonce-7f3a',
        credentials: views,
        now: NOW_S,
      })
    ).jwt;
    const verified = await verifyPresentation(vp, resolver, {
      domain: northbay.did,
      challenge: 'nonce-7f3a',
      policies: { now: NOW_S },
    });
    expect(verified.verified).toBe(true);
    expect(verified.issuer).toBe(priya.did);
    expect(verified.verifiablePresentation.holder).toBe(priya.did);
    expect(verified.verifiablePresentation.verifiableCredential).toHaveLength(3);
    // and each VC inside verifies on its own
    for (const v of vcs)
      expect((await verifyCredential(v, resolver, { policies: { now: NOW_S } })).verified).toBe(true);
    await expect(
      verifyPresentation(vp, resolver, { domain: northbay.did, challenge: 'another', policies: { now: NOW_S } }),
    ).rejects.toThrow(/challenge/);
  });
});

describe('did-jwt-vc -> radcred', () => {
  async function didJwtCredential(issuer: Party, type: string, extra: Record<string, unknown> = {}): Promise<string> {
    return createVerifiableCredentialJwt(
      {
        sub: priya.did,
        nbf: NOW_S - 3600,
        exp: NOW_S + 30 * 86400,
        vc: { '@context': [VC_CONTEXT], type: ['VerifiableCredential', type], credentialSubject: subject(type) },
        ...extra,
      },
      { did: issuer.did, signer: issuer.didJwtSigner, alg: issuer.alg },
      { header: { kid: issuer.kid } },
    );
  }

  describe.each(ISSUERS.map((i) => [i.issuer.alg, i] as const))(
    'a VC-JWT did-jwt-vc signs with %s',
    (alg, { issuer, type }) => {
      let jwt: string;
      beforeAll(async () => {
        jwt = await didJwtCredential(issuer, type);
      });

      it('has the header radcred expects', () => {
        expect(parseCompactJws(jwt).header).toMatchObject({ alg, typ: 'JWT', kid: issuer.kid });
      });

      it('passes radcred verifyText: verified, every check pass or warn', async () => {
        const result = await verifyText(`${type}.jwt`, jwt, OPEN);
        expectVerified(result);
        expect(result.kind).toBe('credential');
        expect(result.checks.every((c) => c.status === 'pass' || c.status === 'warn')).toBe(true);
        expect(statusOf(result, 'signature')).toEqual(['pass SIGNATURE_VALID']);
        expect(statusOf(result, 'schema')).toEqual(['pass SCHEMA_VALID']);
        expect(result.credentials[0]).toMatchObject({ type, issuer: issuer.did, subject: priya.did, verified: true });
      });

      it('radcred refuses it once the payload is altered', async () => {
        const [h, p, s] = jwt.split('.') as [string, string, string];
        const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
        payload.vc.credentialSubject.name = 'Mallory';
        const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
        const result = await verifyText('forged.jwt', forged, OPEN);
        expect(result.verified).toBe(false);
        expect(statusOf(result, 'signature')).toEqual(['fail SIGNATURE_INVALID']);
      });
    },
  );

  it('a VC-JWT with a bare-fragment kid (#z...) also verifies', async () => {
    const { issuer, type } = ISSUERS[0]!;
    const jwt = await createVerifiableCredentialJwt(
      {
        sub: priya.did,
        nbf: NOW_S - 3600,
        vc: { '@context': [VC_CONTEXT], type: ['VerifiableCredential', type], credentialSubject: subject(type) },
      },
      { did: issuer.did, signer: issuer.didJwtSigner, alg: issuer.alg },
      { header: { kid: issuer.kid.slice(issuer.did.length) } },
    );
    expectVerified(await verifyText('x.jwt', jwt, OPEN));
  });

  it('a W3C-form credential (issuanceDate, credentialSubject.id) of a type radcred does not know verifies, schema skipped', async () => {
    const { issuer } = ISSUERS[1]!;
    const jwt = await createVerifiableCredentialJwt(
      {
        '@context': [VC_CONTEXT],
        type: ['VerifiableCredential', 'HospitalPrivilegesCredential'],
        issuer: { id: issuer.did },
        issuanceDate: new Date((NOW_S - 86400) * 1000).toISOString(),
        credentialSubject: { id: priya.did, privileges: ['diagnostic radiology'] },
      },
      { did: issuer.did, signer: issuer.didJwtSigner, alg: issuer.alg },
      { header: { kid: issuer.kid } },
    );
    const result = await verifyText('x.jwt', jwt, OPEN);
    expectVerified(result);
    expect(statusOf(result, 'schema')).toEqual(['skip SCHEMA_UNKNOWN_TYPE']);
    expect(result.credentials[0]).toMatchObject({ type: 'HospitalPrivilegesCredential', subject: priya.did });
  });

  describe('a VP did-jwt-vc makes (aud, nonce/challenge) holding VCs from did-jwt-vc and radcred', () => {
    const challenge = 'a1b2c3-challenge';
    let vp: string;

    beforeAll(async () => {
      const vcs = await Promise.all(ISSUERS.map(({ issuer, type }) => didJwtCredential(issuer, type)));
      // and one radcred issued, signed by a raw-key signer (no keystore)
      const tmb = ISSUERS[1]!.issuer;
      const pair = keyPairFromPrivateBytes(tmb.keyType, tmb.seed);
      const rawSigner: Signer = {
        name: 'tmb',
        did: tmb.did,
        keyType: tmb.keyType,
        alg: tmb.alg,
        kid: tmb.kid,
        sign: (d) => signBytes(tmb.keyType, pair.privateKey, d),
      };
      vcs.push(
        (
          await issueCredential({
            signer: rawSigner,
            type: 'MedicalLicenseCredential',
            subjectDid: priya.did,
            subject: subject('MedicalLicenseCredential'),
            now: NOW_S,
          })
        ).jwt,
      );
      vp = await createVerifiablePresentationJwt(
        {
          nbf: NOW_S - 60,
          exp: NOW_S + 3600,
          vp: { '@context': [VC_CONTEXT], type: ['VerifiablePresentation'], verifiableCredential: vcs },
        },
        { did: priya.did, signer: priya.didJwtSigner, alg: priya.alg },
        { header: { kid: priya.kid }, domain: northbay.did, challenge },
      );
    });

    it('carries aud and nonce as did-jwt-vc writes them', async () => {
      const payload = parseCompactJws(vp).payload;
      expect(payload.nonce).toBe(challenge);
      expect(payload.aud).toEqual([northbay.did]);
      expect(payload.iss).toBe(priya.did);
    });

    it('radcred verifies it with the matching audience and challenge', async () => {
      const result = await verifyText('vp.jwt', vp, { ...OPEN, audience: { audience: northbay.did, challenge } });
      expectVerified(result);
      expect(result.kind).toBe('presentation');
      expect(result.holder).toBe(priya.did);
      expect(statusOf(result, 'audience')).toEqual(['pass AUDIENCE_MATCH']);
      expect(statusOf(result, 'challenge')).toEqual(['pass CHALLENGE_MATCH']);
      expect(result.credentials).toHaveLength(4);
      expect(result.credentials.every((c) => c.verified)).toBe(true);
      expect(statusOf(result, 'signature').every((s) => s === 'pass SIGNATURE_VALID')).toBe(true);
      expect(statusOf(result, 'signature')).toHaveLength(5);
      expect(statusOf(result, 'subject').every((s) => s === 'pass SUBJECT_IS_HOLDER')).toBe(true);
    });

    it('radcred refuses it for another challenge or another audience', async () => {
      const wrongChallenge = await verifyText('vp.jwt', vp, {
        ...OPEN,
        audience: { audience: northbay.did, challenge: 'other' },
      });
      expect(wrongChallenge.verified).toBe(false);
      expect(statusOf(wrongChallenge, 'challenge')).toEqual(['fail CHALLENGE_MISMATCH']);
      const wrongAudience = await verifyText('vp.jwt', vp, {
        ...OPEN,
        audience: { audience: ISSUERS[0]!.issuer.did, challenge },
      });
      expect(wrongAudience.verified).toBe(false);
      expect(statusOf(wrongAudience, 'audience')).toEqual(['fail AUDIENCE_MISMATCH']);
    });

    it('radcred refuses it after it expires', async () => {
      const late = await verifyText('vp.jwt', vp, {
        ...OPEN,
        now: NOW_S + 7200,
        audience: { audience: northbay.did, challenge },
      });
      expect(late.verified).toBe(false);
      expect(statusOf(late, 'validity')).toContain('fail EXPIRED');
    });

    it('did-jwt-vc itself agrees', async () => {
      const verified = await verifyPresentation(vp, resolver, {
        domain: northbay.did,
        challenge,
        policies: { now: NOW_S },
      });
      expect(verified.verified).toBe(true);
    });
  });
});
