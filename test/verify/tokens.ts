// Crafting tokens for negative tests: signers from the demo seeds (no keystore, no scrypt),
// decoding and re-signing compact JWTs, and hand-made tokens with arbitrary headers.
import { randomUUID } from 'node:crypto';
import { KEY_TYPES, type KeyType } from '../../src/identity/key-types.js';
import { didKeyFromPublicKey, verificationMethodOf } from '../../src/identity/did-key.js';
import { keyPairFromPrivateBytes, signBytes } from '../../src/identity/keys.js';
import type { Signer } from '../../src/identity/store.js';
import { encodeBase64url } from '../../src/util/bytes.js';
import { DEMO_IDENTITIES } from '../helpers.js';
import { resolveDids } from '../../src/identity/resolver.js';

export interface SeedSigner extends Signer {
  /** the raw public key bytes as did:key carries them */
  readonly publicKeyBytes: Uint8Array;
}

export function signerFromSeed(keyType: KeyType, seed: Uint8Array, name = 'crafted'): SeedSigner {
  const pair = keyPairFromPrivateBytes(keyType, seed);
  const did = didKeyFromPublicKey(keyType, pair.publicKeyBytes);
  return {
    name,
    did,
    keyType,
    alg: KEY_TYPES[keyType].alg,
    kid: verificationMethodOf(did),
    publicKeyBytes: pair.publicKeyBytes,
    sign: (data) => signBytes(keyType, pair.privateKey, data),
  };
}

/** A signer for one of fixtures/demo-identities.json, built from its seed. */
export function demoSigner(name: string): SeedSigner {
  const id = DEMO_IDENTITIES.find((i) => i.name === name);
  if (id === undefined) throw new Error(`no demo identity ${name}`);
  return signerFromSeed(id.keyType as KeyType, Buffer.from(id.seed, 'hex'), name);
}

/**
 * Resolves the demo parties' DIDs (did-resolver, key-did-resolver), as the product's entry points
 * do before they check signatures: for tests that call the checks directly.
 */
export async function resolveDemoDids(): Promise<void> {
  await resolveDids([...DEMO_IDENTITIES.map((i) => demoSigner(i.name).did), mallory().did]);
}

/** A holder that is none of the demo parties (fixed seed). */
export const mallory = () => signerFromSeed('ed25519', Buffer.alloc(32, 0x4d), 'mallory');

export interface Decoded {
  header: Record<string, any>;
  payload: Record<string, any>;
  signature: Buffer;
  parts: [string, string, string];
}

export function decodeJwt(jwt: string): Decoded {
  const parts = jwt.trim().split('.') as [string, string, string];
  if (parts.length !== 3) throw new Error('not a compact JWS');
  const json = (p: string) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  return { header: json(parts[0]), payload: json(parts[1]), signature: Buffer.from(parts[2], 'base64url'), parts };
}

/**
 * Signs any payload as a compact JWS with radcred's header (alg, typ, kid), synchronously and
 * without did-jwt's shape checks: for crafting the tokens negative tests need.
 */
export function signCompactJws(signer: Signer, payload: Record<string, unknown>, typ = 'JWT'): string {
  const header = { alg: signer.alg, typ, kid: signer.kid };
  const signingInput = `${encodeBase64url(JSON.stringify(header))}.${encodeBase64url(JSON.stringify(payload))}`;
  return `${signingInput}.${encodeBase64url(signer.sign(Buffer.from(signingInput, 'ascii')))}`;
}

/**
 * A credential shaped as radcred issues it (the same claims as credential/issue.ts), signed
 * synchronously with signCompactJws: for unit tests of what reads credentials, where making one
 * through did-jwt-vc (asynchronous) is not what is tested.
 */
export function craftedCredential(
  signer: Signer,
  type: string,
  subjectDid: string,
  subject: Record<string, unknown>,
  times: { now: number; validFrom?: number; validUntil?: number },
): string {
  return signCompactJws(signer, {
    iss: signer.did,
    sub: subjectDid,
    jti: `urn:uuid:${randomUUID()}`,
    iat: times.now,
    nbf: times.validFrom ?? times.now,
    ...(times.validUntil !== undefined ? { exp: times.validUntil } : {}),
    vc: {
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      type: ['VerifiableCredential', type],
      issuer: signer.did,
      credentialSubject: subject,
      credentialSchema: { id: `urn:radcred:schema:${type}:1`, type: 'JsonSchema' },
    },
  });
}

/** Copies the payload, lets `edit` change it, and signs it afresh (header alg/typ/kid from the signer). */
export function resign(jwt: string, signer: Signer, edit: (payload: Record<string, any>) => void = () => {}): string {
  const payload = structuredClone(decodeJwt(jwt).payload);
  edit(payload);
  return signCompactJws(signer, payload);
}

/** header.payload.signature with any header, signed by `sign` over the signing input (or a fixed signature). */
export function handmade(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  sign: ((input: Buffer) => Uint8Array) | Uint8Array,
): string {
  const input = `${encodeBase64url(JSON.stringify(header))}.${encodeBase64url(JSON.stringify(payload))}`;
  const sig = typeof sign === 'function' ? sign(Buffer.from(input, 'ascii')) : sign;
  return `${input}.${encodeBase64url(sig)}`;
}

/** The same token with one bit of its signature flipped (still canonical base64url). */
export function flipSignatureBit(jwt: string): string {
  const { parts, signature } = decodeJwt(jwt);
  const sig = Buffer.from(signature);
  sig[7]! ^= 0x01;
  return `${parts[0]}.${parts[1]}.${encodeBase64url(sig)}`;
}

/** The same token with its payload replaced (header and signature kept: the signature no longer covers it). */
export function replacePayload(jwt: string, edit: (payload: Record<string, any>) => void): string {
  const { parts, payload } = decodeJwt(jwt);
  const next = structuredClone(payload);
  edit(next);
  return `${parts[0]}.${encodeBase64url(JSON.stringify(next))}.${parts[2]}`;
}

export interface Check {
  check: string;
  status: 'pass' | 'fail' | 'warn' | 'skip';
  code: string;
  message: string;
  credential?: string;
}

/** Codes of the failing checks of one result, in order. */
export const failing = (result: { checks: Check[] }): string[] =>
  result.checks.filter((c) => c.status === 'fail').map((c) => c.code);
export const warnings = (result: { checks: Check[] }): string[] =>
  result.checks.filter((c) => c.status === 'warn').map((c) => c.code);
