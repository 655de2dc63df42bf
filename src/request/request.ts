// A verifier's request (DESIGN.md "Request"): a JWT signed by the credentialing office naming
// itself, a random challenge, an expiry, the credential types it requires, the CME rule it
// applies and, optionally, the end of the appointment period it is credentialing for.
import { isNumericDate } from '../credential/claims.js';
import { RadcredError, type ErrorCode } from '../errors.js';
import { parseCompactJws, type ParsedJws } from '../jws/compact.js';
import { parseCmeRule, type CmeRule } from '../policy/cme-rules.js';
import { isPlainObject } from '../util/json.js';
import { isoTime, parseTime } from '../util/time.js';
import { checkSignature } from '../verify/signature.js';
import { resolveDids } from '../identity/resolver.js';
import { CLOCK_SKEW_SECONDS } from '../verify/types.js';

export const REQUEST_TYP = 'radcred-request+jwt';
export const DEFAULT_REQUEST_SECONDS = 30 * 86400;
export const TYPE_NAME = /^[A-Za-z][A-Za-z0-9]{0,99}$/;

export interface CredentialRequest {
  verifier: string;
  verifierName: string;
  challenge: string;
  require: string[];
  cme?: CmeRule;
  /** unix seconds: the end of the appointment the office is credentialing for */
  appointmentUntil?: number;
  issuedAt: number;
  expires: number;
  jti: string;
}

const refuse = (code: ErrorCode, message: string, hint?: string) => new RadcredError(code, message, hint);

/**
 * Reads and checks a request: strict JWS, the verifier's signature, the claims field by field.
 * With `now`, a request past its expiry (or not yet valid) is refused too.
 */
export async function readRequest(text: string, now?: number): Promise<CredentialRequest> {
  const jws = parseCompactJws(text);
  if (typeof jws.payload.iss === 'string') await resolveDids([jws.payload.iss]);
  return requestOf(jws, now);
}

/** readRequest's checks, with the verifier's DID resolved already (else its signature fails). */
export function parseRequest(text: string, now?: number): CredentialRequest {
  return requestOf(parseCompactJws(text), now);
}

function requestOf(jws: ParsedJws, now?: number): CredentialRequest {
  const bad = (why: string) => new RadcredError('REQUEST_INVALID', `not a radcred request: ${why}`);
  if (jws.header.typ !== REQUEST_TYP) throw bad(`header typ must be ${REQUEST_TYP}`);
  const sig = checkSignature(jws, 'request').check;
  if (sig.status !== 'pass') throw refuse('REQUEST_SIGNATURE_INVALID', `the request's signature does not verify: ${sig.message}`, 'do not answer it; ask the office for a new request');
  const p = jws.payload;
  const r = p.radcredRequest;
  if (!isPlainObject(r) || r.version !== 1) throw bad('no radcredRequest claim of version 1');
  const { verifierName, challenge, require, cme, appointmentUntil } = r;
  if (typeof verifierName !== 'string' || verifierName.length === 0 || verifierName.length > 200) throw bad('verifierName is missing');
  // the name is shown to the holder as who is asking: no line breaks or terminal escapes to forge lines with
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(verifierName)) throw bad('verifierName holds control characters');
  if (typeof challenge !== 'string' || challenge.length < 16 || challenge.length > 512) throw bad('challenge must be 16-512 characters');
  if (!Array.isArray(require) || require.length > 50 || !require.every((t) => typeof t === 'string' && TYPE_NAME.test(t))) throw bad('require must be a list of type names');
  for (const k of ['iat', 'exp'] as const) if (!isNumericDate(p[k])) throw bad(`${k} must be an integer number of seconds`);
  if (typeof p.jti !== 'string') throw bad('jti is missing');
  let until: number | undefined;
  if (appointmentUntil !== undefined) {
    if (typeof appointmentUntil !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(appointmentUntil)) throw bad('appointmentUntil must be an ISO 8601 date-time');
    try {
      until = parseTime(appointmentUntil, 'appointmentUntil');
    } catch {
      throw bad('appointmentUntil must be an ISO 8601 date-time');
    }
  }
  const request: CredentialRequest = {
    verifier: p.iss as string, verifierName, challenge, require: [...require] as string[],
    ...(cme !== undefined ? { cme: parseCmeRule(cme, 'the request') } : {}),
    ...(until !== undefined ? { appointmentUntil: until } : {}),
    issuedAt: p.iat as number, expires: p.exp as number, jti: p.jti,
  };
  if (now !== undefined) {
    if (request.expires <= now - CLOCK_SKEW_SECONDS) throw refuse('REQUEST_EXPIRED', `the request from ${verifierName} expired ${isoTime(request.expires)}`, 'ask the office for a new request');
    if (request.issuedAt > now + CLOCK_SKEW_SECONDS) throw refuse('REQUEST_NOT_YET_VALID', `the request from ${verifierName} is dated in the future (${isoTime(request.issuedAt)})`);
  }
  return request;
}

/** Which credential types answer a request (CME certificates when it carries a CME rule). */
export function answeringTypes(request: CredentialRequest): Set<string> | undefined {
  const types = new Set(request.require);
  if (request.cme) types.add('CMECertificateCredential');
  return types.size > 0 ? types : undefined;
}
