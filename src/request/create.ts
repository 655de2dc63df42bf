// Making a request (DESIGN.md "Request"): the office's JWT, signed through did-jwt, typ
// radcred-request+jwt. Reading and checking one is request.ts (which the verifier loads without
// did-jwt's signing stack).
import { randomBytes, randomUUID } from 'node:crypto';
import { createJWT } from 'did-jwt';
import { RadcredError } from '../errors.js';
import type { Signer } from '../identity/store.js';
import { didJwtIssuer, jwsHeader } from '../jwt/did-jwt-signer.js';
import { mergeCme, type Policy } from '../policy/policy.js';
import { isoTime } from '../util/time.js';
import { checkSignedTimes } from '../credential/claims.js';
import { DEFAULT_REQUEST_SECONDS, REQUEST_TYP, TYPE_NAME, type CredentialRequest } from './request.js';

export interface RequestInput {
  signer: Signer;
  verifierName: string;
  policy: Policy;
  now: number;
  validForSeconds?: number;
}

/** The policy as a request carries it (radcredRequest version 2): times as ISO 8601, empty parts left out. */
export function policyClaim(policy: Policy): Record<string, unknown> {
  const { appointmentFrom, appointmentUntil, require, cme, ...rules } = policy;
  return {
    ...(policy.name !== undefined ? { name: policy.name } : {}),
    ...(require.length > 0 ? { require } : {}),
    ...(cme.length > 0 ? { cme } : {}),
    ...Object.fromEntries(Object.entries(rules).filter(([k, v]) => k !== 'name' && v !== undefined)),
    ...(appointmentFrom !== undefined ? { appointmentFrom: isoTime(appointmentFrom) } : {}),
    ...(appointmentUntil !== undefined ? { appointmentUntil: isoTime(appointmentUntil) } : {}),
  };
}

/** Signs a request with did-jwt (createJWT) through radcred's native signer, typ radcred-request+jwt. */
export async function createRequest(input: RequestInput): Promise<{ jwt: string; request: CredentialRequest }> {
  for (const t of input.policy.require) {
    if (!TYPE_NAME.test(t))
      throw new RadcredError('TYPE_INVALID', `--require ${JSON.stringify(t)} is not a credential type name`);
  }
  // a rule that needs the appointment's end cannot hold without one: refuse rather than pass silently
  if (input.policy.coverage?.throughAppointment === true && input.policy.appointmentUntil === undefined) {
    throw new RadcredError(
      'POLICY_INVALID',
      'the policy asks for coverage in force through the appointment (coverage.throughAppointment), but the request gives no appointment end',
      'add --appointment-until DATE (or set throughAppointment to false)',
    );
  }
  const request: CredentialRequest = {
    verifier: input.signer.did,
    verifierName: input.verifierName,
    challenge: randomBytes(18).toString('base64url'),
    policy: { ...input.policy, require: [...new Set(input.policy.require)], cme: mergeCme(input.policy.cme) },
    issuedAt: input.now,
    expires: input.now + (input.validForSeconds ?? DEFAULT_REQUEST_SECONDS),
    jti: `urn:uuid:${randomUUID()}`,
  };
  checkSignedTimes(
    { iat: request.issuedAt, exp: request.expires },
    'the request',
    'give an earlier --now, or a shorter --valid-for',
  );
  const payload = {
    iss: request.verifier,
    jti: request.jti,
    iat: request.issuedAt,
    nbf: request.issuedAt,
    exp: request.expires,
    radcredRequest: {
      version: 2,
      verifierName: request.verifierName,
      challenge: request.challenge,
      policy: policyClaim(request.policy),
    },
  };
  const { did, signer } = didJwtIssuer(input.signer);
  // `iss` is given in the payload too: createJWT appends it last, which would only reorder it
  const jwt = await createJWT(payload, { issuer: did, signer }, jwsHeader(input.signer, REQUEST_TYP));
  return { jwt, request };
}
