// Reads the claims of a VC-JWT (VC Data Model 1.1 `vc` claim, as did-jwt-vc writes them) into a
// typed view. Shape problems are returned as a code and message, for the verifier to report.
import { digestOfSigningInput, type ParsedJws } from '../jws/compact.js';
import { RadcredError } from '../errors.js';
import { isPlainObject } from '../util/json.js';
import { isoTime } from '../util/time.js';
import { credentialShapeProblem, type ShapeCode } from './vc-shape.js';

export const VC_CONTEXT = 'https://www.w3.org/2018/credentials/v1';

export interface CredentialView {
  readonly jws: ParsedJws;
  readonly digest: string;
  readonly jti: string | undefined;
  readonly issuer: string;
  /** the holder DID: `sub`, or `vc.credentialSubject.id` when `sub` is absent */
  readonly subject: string;
  /** the credential type other than VerifiableCredential (the first such) */
  readonly type: string;
  readonly types: string[];
  readonly claims: Record<string, unknown>;
  /** credentialSubject without `id` */
  readonly subjectData: Record<string, unknown>;
  readonly vcIssuer: string | undefined;
  readonly iat: number | undefined;
  readonly nbf: number | undefined;
  readonly exp: number | undefined;
}

export type ClaimsResult = { ok: true; view: CredentialView } | { ok: false; code: ShapeCode; message: string };

/**
 * 9999-12-31T23:59:59Z, the last second ISO 8601 writes with four digits (DESIGN.md): a later
 * NumericDate is almost always milliseconds written where seconds belong (did-jwt-vc refuses those
 * too), and would make a credential valid for millennia.
 */
export const MAX_NUMERIC_DATE = 253_402_300_799;

/**
 * The last second did-jwt-vc takes in a credential it makes or reads (5138-11-16T09:46:39Z: it
 * reads twelve digits as milliseconds). radcred issues nothing dated later, so what it issues every
 * did-jwt-vc reader accepts.
 */
export const MAX_ISSUED_DATE = 99_999_999_999;

/**
 * Refuses (VALIDITY_INVALID) to sign a JWT whose NumericDates (`iat`, `nbf`, `exp`: what a credential,
 * presentation, request or record would carry) end after MAX_ISSUED_DATE: did-jwt-vc would throw
 * making it, and other tools reading it would take it for milliseconds. `hint` names what moves them.
 */
export function checkSignedTimes(times: Record<string, number | undefined>, what: string, hint: string): void {
  for (const [claim, t] of Object.entries(times)) {
    if (t !== undefined && t > MAX_ISSUED_DATE)
      throw new RadcredError(
        'VALIDITY_INVALID',
        `${what}'s ${claim} would be ${isoTime(t)}, after ${isoTime(MAX_ISSUED_DATE)}, the last second did-jwt-vc reads (a longer number is taken for milliseconds)`,
        hint,
      );
  }
}

export const isNumericDate = (v: unknown): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= MAX_NUMERIC_DATE;
const isTime = (v: unknown): v is number | undefined => v === undefined || isNumericDate(v);

/** The NumericDate claims: integer seconds when present (RFC 7519 §2), no later than 9999-12-31. */
export function timeClaims(
  p: Record<string, unknown>,
): { ok: true; iat?: number; nbf?: number; exp?: number } | { ok: false; message: string } {
  for (const k of ['iat', 'nbf', 'exp'] as const) {
    if (!isTime(p[k])) {
      return {
        ok: false,
        message: `${k} must be an integer number of seconds no later than 9999-12-31 (${MAX_NUMERIC_DATE}); milliseconds are refused`,
      };
    }
  }
  return {
    ok: true,
    iat: p.iat as number | undefined,
    nbf: p.nbf as number | undefined,
    exp: p.exp as number | undefined,
  };
}

/** A string or a list of strings (the VC Data Model allows either for `@context` and `type`). */
const asStringList = (v: unknown): string[] | undefined =>
  typeof v === 'string' ? [v] : Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;

/** `@context` must be present with the base context first (VC Data Model 1.1 §4.1). */
export function contextProblem(context: unknown, claim: 'vc' | 'vp'): string | undefined {
  const list = asStringList(context);
  if (list === undefined || list.length === 0)
    return `${claim}["@context"] must be the base context ${VC_CONTEXT}, or a list starting with it`;
  if (list[0] !== VC_CONTEXT) return `the first ${claim}["@context"] must be the base context ${VC_CONTEXT}`;
  return undefined;
}

/** `type` as a list that includes `base` (did-jwt-vc accepts a single string too). */
export function typeList(types: unknown, base: string): string[] | undefined {
  const list = asStringList(types);
  return list !== undefined && list.includes(base) ? list : undefined;
}

export function readCredentialClaims(jws: ParsedJws): ClaimsResult {
  const p = jws.payload;
  const fail = (message: string, code: ShapeCode = 'CLAIMS_INVALID'): ClaimsResult => ({ ok: false, code, message });
  const vc = p.vc;
  if (!isPlainObject(vc)) return fail('no "vc" claim: not a VC-JWT');
  if (typeof p.iss !== 'string') return fail('"iss" is missing');
  const cs = vc.credentialSubject;
  if (!isPlainObject(cs)) return fail('vc.credentialSubject must be a single object', 'SUBJECT_EMPTY');
  // what did-jwt-vc refuses, then radcred's stricter rules
  const library = credentialShapeProblem(p);
  if (library !== undefined) return { ok: false, ...library };
  const context = contextProblem(vc['@context'], 'vc');
  if (context !== undefined) return fail(context, 'CONTEXT_INVALID');
  const types = typeList(vc.type, 'VerifiableCredential');
  if (types === undefined) return fail('vc.type must include "VerifiableCredential"', 'TYPE_MISSING');
  const { id: csId, ...subjectData } = cs;
  if (csId !== undefined && typeof csId !== 'string') return fail('vc.credentialSubject.id must be a string');
  if (p.sub !== undefined && typeof p.sub !== 'string') return fail('"sub" must be a string');
  if (typeof p.sub === 'string' && csId !== undefined && csId !== p.sub)
    return fail('"sub" and vc.credentialSubject.id differ');
  const subject = (p.sub as string | undefined) ?? csId;
  if (subject === undefined) return fail('no subject: neither "sub" nor vc.credentialSubject.id');
  if (p.jti !== undefined && typeof p.jti !== 'string') return fail('"jti" must be a string');
  const vcIssuer = isPlainObject(vc.issuer) ? vc.issuer.id : vc.issuer;
  if (vcIssuer !== undefined && typeof vcIssuer !== 'string')
    return fail('vc.issuer must be a DID or an object with an id');
  const times = timeClaims(p);
  if (!times.ok) return fail(times.message, 'DATE_NOT_SECONDS');
  const type = types.find((t) => t !== 'VerifiableCredential') ?? 'VerifiableCredential';
  return {
    ok: true,
    view: {
      jws,
      digest: digestOfSigningInput(jws.signingInput),
      jti: p.jti as string | undefined,
      issuer: p.iss,
      subject,
      type,
      types: [...types],
      claims: p,
      subjectData,
      vcIssuer: vcIssuer as string | undefined,
      iat: times.iat,
      nbf: times.nbf,
      exp: times.exp,
    },
  };
}
