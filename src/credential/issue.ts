// Issuing one credential: check the subject data against its type, then sign a VC-JWT that other
// VC-JWT tools read (integer dates, `kid`, `sub`, `jti`, `vc` per VC Data Model 1.1).
import { randomUUID } from 'node:crypto';
import { RadcredError } from '../errors.js';
import { resolveDidKey } from '../identity/did-key.js';
import type { Signer } from '../identity/store.js';
import { createVerifiableCredentialJwt } from 'did-jwt-vc';
import { digestOfSigningInput } from '../jws/compact.js';
import { didJwtIssuer, jwsHeader } from '../jwt/did-jwt-signer.js';
import { checkSignedTimes, VC_CONTEXT } from './claims.js';
import { didYouMean } from '../util/suggest.js';
import { nearMissesOf } from './type-names.js';
import { CREDENTIAL_TYPES, credentialType, type CredentialTypeDef, type RuleContext } from './types.js';
import { validateSubject } from './validate.js';

export interface IssueInput {
  signer: Signer;
  type: string;
  subjectDid: string;
  subject: Record<string, unknown>;
  now: number;
  validFrom?: number;
  validUntil?: number;
}

export interface Issued {
  jwt: string;
  digest: string;
  jti: string;
  type: string;
  issuer: string;
  subject: string;
  /** `iat` */
  issuedAt: number;
  /** `exp`, when the credential has one */
  validUntil?: number;
}

export function requireCredentialType(type: string): CredentialTypeDef {
  const def = credentialType(type);
  if (def === undefined) {
    const meant = didYouMean(nearMissesOf(type, CREDENTIAL_TYPES.keys()));
    throw new RadcredError(
      'TYPE_UNKNOWN',
      `unknown credential type ${JSON.stringify(type)}`,
      `${meant !== undefined ? `${meant} ` : ''}\`radcred types\` lists the built-in types`,
    );
  }
  return def;
}

/**
 * Throws SUBJECT_INVALID naming every failing field; `details` carries them for --json.
 * `context.now` is the issuing time (the credential's `iat`), as the verifier will judge it.
 */
export function checkSubject(
  def: CredentialTypeDef,
  subject: Record<string, unknown>,
  context: RuleContext = {},
): void {
  if ('id' in subject) {
    throw new RadcredError(
      'SUBJECT_INVALID',
      'the subject data must not contain "id"',
      'the subject id is given with --subject',
    );
  }
  const problems = validateSubject(def, subject, context);
  if (problems.length > 0) {
    const list = problems.map((p) => `${p.field} ${p.message}`).join('; ');
    throw new RadcredError(
      'SUBJECT_INVALID',
      `${def.type} data is invalid: ${list}`,
      `see \`radcred types show ${def.type}\``,
      problems,
    );
  }
}

/** Everything about an issuance that can be refused before anything is signed. */
export function checkIssueInput(
  def: CredentialTypeDef,
  subjectDid: string,
  subject: Record<string, unknown>,
  validFrom: number,
  validUntil: number | undefined,
  context: RuleContext = {},
): void {
  resolveDidKey(subjectDid);
  checkSubject(def, subject, context);
  if (validUntil !== undefined && validUntil <= validFrom) {
    throw new RadcredError('VALIDITY_INVALID', '--valid-until must be after --valid-from (or after now)');
  }
  checkSignedTimes(
    { nbf: validFrom, exp: validUntil },
    'the credential',
    'give an earlier --valid-from or --valid-until',
  );
}

/**
 * Signs a VC-JWT with did-jwt-vc (createVerifiableCredentialJwt, which also checks the payload's
 * shape as every did-jwt-vc reader will), through radcred's native signer: integer dates, a fresh
 * `urn:uuid:` jti, `sub` the holder, and radcred's header (`alg`, `typ: JWT`, `kid`).
 */
export async function issueCredential(input: IssueInput): Promise<Issued> {
  const def = requireCredentialType(input.type);
  const nbf = input.validFrom ?? input.now;
  checkIssueInput(def, input.subjectDid, input.subject, nbf, input.validUntil, { now: input.now });
  const jti = `urn:uuid:${randomUUID()}`;
  const payload = {
    iss: input.signer.did,
    sub: input.subjectDid,
    jti,
    iat: input.now,
    nbf,
    ...(input.validUntil !== undefined ? { exp: input.validUntil } : {}),
    vc: {
      '@context': [VC_CONTEXT],
      type: ['VerifiableCredential', def.type],
      issuer: input.signer.did,
      credentialSubject: input.subject,
      credentialSchema: { id: def.schema.$id, type: 'JsonSchema' },
    },
  };
  let jwt: string;
  try {
    jwt = await createVerifiableCredentialJwt(payload, didJwtIssuer(input.signer), { header: jwsHeader(input.signer) });
  } catch (e) {
    // what did-jwt-vc refuses of a payload built here (a date beyond its reach, say) is the input's fault
    throw new RadcredError(
      'VALIDITY_INVALID',
      `the credential cannot be made: ${(e as Error).message}`,
      'check --valid-from and --valid-until',
    );
  }
  return {
    jwt,
    digest: digestOfSigningInput(jwt.slice(0, jwt.lastIndexOf('.'))),
    jti,
    type: def.type,
    issuer: input.signer.did,
    subject: input.subjectDid,
    issuedAt: input.now,
    ...(input.validUntil !== undefined ? { validUntil: input.validUntil } : {}),
  };
}
