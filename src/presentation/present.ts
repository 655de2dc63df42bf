// Building a presentation: the holder signs a VP-JWT for one verifier (aud) and one challenge
// (nonce), valid for a bounded grant (exp), carrying the chosen VC-JWTs unchanged.
import { randomUUID } from 'node:crypto';
import type { CredentialView } from '../credential/claims.js';
import { checkSignedTimes, VC_CONTEXT } from '../credential/claims.js';
import { RadcredError } from '../errors.js';
import type { Signer } from '../identity/store.js';
import { createVerifiablePresentationJwt } from 'did-jwt-vc';
import { digestOfSigningInput } from '../jws/compact.js';
import { didJwtIssuer, jwsHeader } from '../jwt/did-jwt-signer.js';
import { MAX_CREDENTIALS_PER_PRESENTATION } from './limits.js';
import { isoTime } from '../util/time.js';

export const DEFAULT_PRESENTATION_SECONDS = 7 * 86400;
export { MAX_CREDENTIALS_PER_PRESENTATION };

export interface PresentInput {
  signer: Signer;
  audience: string;
  challenge: string;
  credentials: CredentialView[];
  now: number;
  validForSeconds?: number;
}

export interface Presentation {
  jwt: string;
  digest: string;
  jti: string;
  holder: string;
  audience: string;
  challenge: string;
  expires: string;
  credentials: { digest: string; type: string; issuer: string }[];
}

const DID = /^did:[a-z0-9]+:[A-Za-z0-9._:%-]{1,2000}$/;

/**
 * Signs a VP-JWT with did-jwt-vc (createVerifiablePresentationJwt, which checks the shape as its
 * readers will) through radcred's native signer, carrying the chosen VC-JWTs unchanged.
 */
export async function createPresentation(input: PresentInput): Promise<Presentation> {
  if (!DID.test(input.audience))
    throw new RadcredError(
      'AUDIENCE_INVALID',
      `--audience ${JSON.stringify(input.audience.slice(0, 80))} is not a DID`,
      "use the verifier's DID, e.g. did:key:z6Mk...",
    );
  if (input.challenge.length === 0 || input.challenge.length > 512)
    throw new RadcredError('CHALLENGE_INVALID', 'the challenge must be 1-512 characters');
  if (input.credentials.length === 0)
    throw new RadcredError(
      'NOTHING_SELECTED',
      'no credentials selected',
      'use --select ID..., --all, or choose interactively',
    );
  if (input.credentials.length > MAX_CREDENTIALS_PER_PRESENTATION) {
    throw new RadcredError(
      'TOO_MANY_SELECTED',
      `${input.credentials.length} credentials selected, more than a presentation may carry (${MAX_CREDENTIALS_PER_PRESENTATION})`,
      'present fewer: name them with --select ID..., or answer a request, which offers only what it asks for',
    );
  }
  for (const c of input.credentials) {
    if (c.subject !== input.signer.did) {
      throw new RadcredError(
        'NOT_HOLDERS_CREDENTIAL',
        `credential ${c.digest.slice(0, 19)} (${c.type}) was issued to ${c.subject}, not to ${input.signer.name}`,
      );
    }
    if (c.exp !== undefined && c.exp <= input.now) {
      throw new RadcredError(
        'CREDENTIAL_EXPIRED',
        `credential ${c.digest.slice(0, 19)} (${c.type}) expired ${isoTime(c.exp)}`,
        'leave it out, or ask its issuer for a renewed one',
      );
    }
    const from = c.nbf ?? c.iat;
    if (from !== undefined && from > input.now + 60) {
      throw new RadcredError(
        'CREDENTIAL_NOT_YET_VALID',
        `credential ${c.digest.slice(0, 19)} (${c.type}) is not valid until ${isoTime(from)}`,
      );
    }
  }
  const exp = input.now + (input.validForSeconds ?? DEFAULT_PRESENTATION_SECONDS);
  checkSignedTimes({ iat: input.now, exp }, 'the presentation', 'give an earlier --now, or a shorter --valid-for');
  const jti = `urn:uuid:${randomUUID()}`;
  const payload = {
    iss: input.signer.did,
    aud: input.audience,
    nonce: input.challenge,
    jti,
    iat: input.now,
    nbf: input.now,
    exp,
    vp: {
      '@context': [VC_CONTEXT],
      type: ['VerifiablePresentation'],
      holder: input.signer.did,
      verifiableCredential: input.credentials.map((c) => c.jws.compact),
    },
  };
  const jwt = await createVerifiablePresentationJwt(payload, didJwtIssuer(input.signer), {
    header: jwsHeader(input.signer),
  });
  return {
    jwt,
    digest: digestOfSigningInput(jwt.slice(0, jwt.lastIndexOf('.'))),
    jti,
    holder: input.signer.did,
    audience: input.audience,
    challenge: input.challenge,
    expires: isoTime(exp),
    credentials: input.credentials.map((c) => ({ digest: c.digest, type: c.type, issuer: c.issuer })),
  };
}
