// @domain (not for src/cli: a building block of the domain operations)
// The bridge between radcred's signers and did-jwt / did-jwt-vc, which make every JWT radcred
// writes: did-jwt calls a `Signer` with the JWS signing input and wants the base64url signature
// back. The signature itself is made by node:crypto (Ed25519, P-256, secp256k1 with low S: see
// identity/keys.ts), never by did-jwt's JavaScript signers (about ten times slower).
import type { Signer } from '../identity/store.js';
import { encodeBase64url } from '../util/bytes.js';

/** did-jwt's Issuer: the DID, a signer, and the JWS alg. */
export interface DidJwtIssuer {
  did: string;
  alg: string;
  signer: (data: string | Uint8Array) => Promise<string>;
}

export function didJwtIssuer(signer: Signer): DidJwtIssuer {
  return {
    did: signer.did,
    alg: signer.alg,
    signer: async (data) => encodeBase64url(signer.sign(typeof data === 'string' ? Buffer.from(data, 'ascii') : data)),
  };
}

/**
 * radcred's JWS header: alg, then typ, then kid (the issuer's verification method; other tools
 * need it). did-jwt writes any `typ` it is given; its type says only 'JWT', hence the cast for a
 * request's `radcred-request+jwt`.
 */
export const jwsHeader = (signer: Signer, typ = 'JWT') => ({ alg: signer.alg, typ: typ as 'JWT', kid: signer.kid });
