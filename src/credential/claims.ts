// Reads the claims of a VC-JWT (VC Data Model 1.1 `vc` claim, as did-jwt-vc writes them) into a
// typed view. Shape problems are returned as a code and message, for the verifier to report.
import { digestOfSigningInput, type ParsedJws } from '../jws/compact.js';
import { isPlainObject } from '../util/json.js';

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

export type ClaimsResult = { ok: true; view: CredentialView } | { ok: false; code: string; message: string };

/** The last second a Date can hold (year 275760): later times could not be compared with dates or printed. */
export const MAX_NUMERIC_DATE = 8_640_000_000_000;

export const isNumericDate = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= MAX_NUMERIC_DATE;
const isTime = (v: unknown): v is number | undefined => v === undefined || isNumericDate(v);

/** The NumericDate claims, which must be integers when present (RFC 7519 §2; other tools need this). */
export function timeClaims(p: Record<string, unknown>): { ok: true; iat?: number; nbf?: number; exp?: number } | { ok: false; message: string } {
  for (const k of ['iat', 'nbf', 'exp'] as const) {
    if (!isTime(p[k])) return { ok: false, message: `${k} must be an integer number of seconds from 0 to ${MAX_NUMERIC_DATE}` };
  }
  return { ok: true, iat: p.iat as number | undefined, nbf: p.nbf as number | undefined, exp: p.exp as number | undefined };
}

export function readCredentialClaims(jws: ParsedJws): ClaimsResult {
  const p = jws.payload;
  const fail = (message: string): ClaimsResult => ({ ok: false, code: 'CLAIMS_INVALID', message });
  const vc = p.vc;
  if (!isPlainObject(vc)) return fail('no "vc" claim: not a VC-JWT');
  if (typeof p.iss !== 'string') return fail('"iss" is missing');
  const types = vc.type;
  if (!Array.isArray(types) || !types.every((t) => typeof t === 'string') || !types.includes('VerifiableCredential')) {
    return fail('vc.type must be a list of strings including "VerifiableCredential"');
  }
  const cs = vc.credentialSubject;
  if (!isPlainObject(cs)) return fail('vc.credentialSubject must be a single object');
  const { id: csId, ...subjectData } = cs;
  if (csId !== undefined && typeof csId !== 'string') return fail('vc.credentialSubject.id must be a string');
  if (p.sub !== undefined && typeof p.sub !== 'string') return fail('"sub" must be a string');
  if (typeof p.sub === 'string' && csId !== undefined && csId !== p.sub) return fail('"sub" and vc.credentialSubject.id differ');
  const subject = (p.sub as string | undefined) ?? csId;
  if (subject === undefined) return fail('no subject: neither "sub" nor vc.credentialSubject.id');
  if (p.jti !== undefined && typeof p.jti !== 'string') return fail('"jti" must be a string');
  const vcIssuer = isPlainObject(vc.issuer) ? vc.issuer.id : vc.issuer;
  if (vcIssuer !== undefined && typeof vcIssuer !== 'string') return fail('vc.issuer must be a DID or an object with an id');
  const times = timeClaims(p);
  if (!times.ok) return fail(times.message);
  const type = types.find((t) => t !== 'VerifiableCredential') ?? 'VerifiableCredential';
  return {
    ok: true,
    view: {
      jws, digest: digestOfSigningInput(jws.signingInput), jti: p.jti as string | undefined,
      issuer: p.iss, subject, type, types: [...types] as string[], claims: p, subjectData,
      vcIssuer: vcIssuer as string | undefined, iat: times.iat, nbf: times.nbf, exp: times.exp,
    },
  };
}
