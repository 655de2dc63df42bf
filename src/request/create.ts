// Making a request (DESIGN.md "Request"): the office's JWT, signed through did-jwt, typ
// radcred-request+jwt. Reading and checking one is request.ts (which the verifier loads without
// did-jwt's signing stack).
import { randomBytes, randomUUID } from 'node:crypto';
import { createJWT } from 'did-jwt';
import { RadcredError } from '../errors.js';
import type { Signer } from '../identity/store.js';
import { didJwtIssuer, jwsHeader } from '../jwt/did-jwt-signer.js';
import type { CmeRule } from '../policy/cme-rules.js';
import { isoTime } from '../util/time.js';
import { DEFAULT_REQUEST_SECONDS, REQUEST_TYP, TYPE_NAME, type CredentialRequest } from './request.js';

export interface RequestInput {
  signer: Signer;
  verifierName: string;
  require: string[];
  cme?: CmeRule;
  appointmentUntil?: number;
  now: number;
  validForSeconds?: number;
}

/** Signs a request with did-jwt (createJWT) through radcred's native signer, typ radcred-request+jwt. */
export async function createRequest(input: RequestInput): Promise<{ jwt: string; request: CredentialRequest }> {
  for (const t of input.require) {
    if (!TYPE_NAME.test(t)) throw new RadcredError('TYPE_INVALID', `--require ${JSON.stringify(t)} is not a credential type name`);
  }
  const request: CredentialRequest = {
    verifier: input.signer.did,
    verifierName: input.verifierName,
    challenge: randomBytes(18).toString('base64url'),
    require: [...new Set(input.require)],
    ...(input.cme ? { cme: input.cme } : {}),
    ...(input.appointmentUntil !== undefined ? { appointmentUntil: input.appointmentUntil } : {}),
    issuedAt: input.now,
    expires: input.now + (input.validForSeconds ?? DEFAULT_REQUEST_SECONDS),
    jti: `urn:uuid:${randomUUID()}`,
  };
  const payload = {
    iss: request.verifier, jti: request.jti, iat: request.issuedAt, nbf: request.issuedAt, exp: request.expires,
    radcredRequest: {
      version: 1, verifierName: request.verifierName, challenge: request.challenge, require: request.require,
      ...(request.cme ? { cme: request.cme } : {}),
      ...(request.appointmentUntil !== undefined ? { appointmentUntil: isoTime(request.appointmentUntil) } : {}),
    },
  };
  const { did, signer } = didJwtIssuer(input.signer);
  // `iss` is given in the payload too: createJWT appends it last, which would only reorder it
  const jwt = await createJWT(payload, { issuer: did, signer }, jwsHeader(input.signer, REQUEST_TYP));
  return { jwt, request };
}

