// The verification record as a VC-JWT (DESIGN.md "Verification record"): a
// VerificationRecordCredential signed by the office, about the practitioner (`sub`), dated the
// verification time, whose subject is the record's content plus the evidence to check it again.
import { randomUUID } from 'node:crypto';
import { createVerifiableCredentialJwt } from 'did-jwt-vc';
import { checkSignedTimes, VC_CONTEXT } from '../credential/claims.js';
import { RadcredError } from '../errors.js';
import type { Signer } from '../identity/store.js';
import { MAX_JWS_BYTES, digestOfSigningInput, parseCompactJws, type ParsedJws } from '../jws/compact.js';
import { didJwtIssuer, jwsHeader } from '../jwt/did-jwt-signer.js';
import { isPlainObject } from '../util/json.js';
import { parseTime } from '../util/time.js';
import type { RecordContent } from './content.js';
import { parseRecordContent } from './content-shape.js';
import { parseEvidence, type Evidence } from './evidence.js';

export const RECORD_TYPE = 'VerificationRecordCredential';
/** the most a record file may hold: a record is one signed JWT */
export const MAX_RECORD_BYTES = MAX_JWS_BYTES;

export interface SignedRecord {
  jwt: string;
  digest: string;
  jti: string;
}

/** Signs a record through did-jwt-vc, as every credential radcred makes. */
export async function signRecord(
  signer: Signer,
  content: RecordContent,
  evidence: Evidence,
  now: number,
): Promise<SignedRecord> {
  checkSignedTimes({ iat: now }, 'the record', 'give an earlier --now');
  const jti = `urn:uuid:${randomUUID()}`;
  const about = content.practitioner?.did ?? content.subject.holder;
  const payload = {
    iss: signer.did,
    ...(about !== undefined ? { sub: about } : {}),
    jti,
    iat: now,
    nbf: now,
    vc: {
      '@context': [VC_CONTEXT],
      type: ['VerifiableCredential', RECORD_TYPE],
      issuer: signer.did,
      credentialSubject: { ...content, evidence },
    },
  };
  const jwt = await createVerifiableCredentialJwt(payload, didJwtIssuer(signer), { header: jwsHeader(signer) });
  return { jwt, digest: digestOfSigningInput(jwt.slice(0, jwt.lastIndexOf('.'))), jti };
}

export interface ParsedRecord {
  jws: ParsedJws;
  digest: string;
  /** the office's DID: the record's `iss` */
  office: string;
  content: RecordContent;
  evidence: Evidence;
}

const malformed = (why: string) => new RadcredError('RECORD_MALFORMED', `not a verification record: ${why}`);

/** Reads a record strictly (shape only: `checkRecord` checks its signature and evidence). */
export function readRecord(text: string): ParsedRecord {
  let jws: ParsedJws;
  try {
    jws = parseCompactJws(text);
  } catch (e) {
    if (e instanceof RadcredError) throw malformed(e.message);
    throw e;
  }
  const p = jws.payload;
  const vc = p.vc;
  if (!isPlainObject(vc) || !Array.isArray(vc.type) || !vc.type.includes(RECORD_TYPE))
    throw malformed(`the JWT is not a ${RECORD_TYPE}`);
  if (typeof p.iss !== 'string' || vc.issuer !== p.iss) throw malformed('its iss and vc.issuer differ');
  const subject = vc.credentialSubject;
  if (!isPlainObject(subject)) throw malformed('it has no credentialSubject');
  const { evidence, ...rest } = subject;
  const content = parseRecordContent(rest);
  if (content.office.did !== p.iss) throw malformed('the office named inside is not its signer');
  let verifiedAt: number;
  try {
    verifiedAt = parseTime(content.verifiedAt, 'verifiedAt');
  } catch {
    throw malformed('verifiedAt is not a time');
  }
  if (p.iat !== verifiedAt) throw malformed('its iat is not its verification time');
  return {
    jws,
    digest: digestOfSigningInput(jws.signingInput),
    office: p.iss,
    content,
    evidence: parseEvidence(evidence),
  };
}
