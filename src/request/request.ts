// A verifier's request (DESIGN.md "Request", "Credentialing policy"): a JWT signed by the
// credentialing office naming itself, a random challenge, an expiry and its policy: the credential
// types it requires, the CME rules, the bylaws' rules and the appointment period.
//
// radcredRequest version 2 carries the policy whole, under `policy`; version 1 (radcred 0.1:
// `require`, one `cme` rule, `appointmentUntil`) is still read.
import { isNumericDate } from '../credential/claims.js';
import { RadcredError, type ErrorCode } from '../errors.js';
import { parseCompactJws, type ParsedJws } from '../jws/compact.js';
import { parseCmeRule } from '../policy/cme-rule-file.js';
import { cmeListOf, mergeCme, policyRulesOf, requireOf, RULE_KEYS, TYPE_NAME, type Policy } from '../policy/policy.js';
import { isPlainObject } from '../util/json.js';
import { isoTime, parseTime } from '../util/time.js';
import { checkSignature } from '../verify/signature.js';
import { resolveDids } from '../identity/resolver.js';
import { CLOCK_SKEW_SECONDS } from '../verify/types.js';

export const REQUEST_TYP = 'radcred-request+jwt';
export const DEFAULT_REQUEST_SECONDS = 30 * 86400;
export { TYPE_NAME };

export interface CredentialRequest {
  verifier: string;
  verifierName: string;
  challenge: string;
  /** what the presentation must show: required types, CME rules, the bylaws' rules, the appointment */
  policy: Policy;
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
  if (sig.status !== 'pass')
    throw refuse(
      'REQUEST_SIGNATURE_INVALID',
      `the request's signature does not verify: ${sig.message}`,
      'do not answer it; ask the office for a new request',
    );
  const p = jws.payload;
  const r = p.radcredRequest;
  if (!isPlainObject(r) || (r.version !== 1 && r.version !== 2)) throw bad('no radcredRequest claim of version 1 or 2');
  const { verifierName, challenge } = r;
  if (typeof verifierName !== 'string' || verifierName.length === 0 || verifierName.length > 200)
    throw bad('verifierName is missing');
  // the name is shown to the holder as who is asking: no line breaks or terminal escapes to forge lines with
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(verifierName)) throw bad('verifierName holds control characters');
  if (typeof challenge !== 'string' || challenge.length < 16 || challenge.length > 512)
    throw bad('challenge must be 16-512 characters');
  for (const k of ['iat', 'exp'] as const)
    if (!isNumericDate(p[k])) throw bad(`${k} must be an integer number of seconds`);
  if (typeof p.jti !== 'string') throw bad('jti is missing');
  const request: CredentialRequest = {
    verifier: p.iss as string,
    verifierName,
    challenge,
    policy: r.version === 1 ? policyV1(r, bad) : policyV2(r, bad),
    issuedAt: p.iat as number,
    expires: p.exp as number,
    jti: p.jti,
  };
  if (now !== undefined) {
    if (request.expires <= now - CLOCK_SKEW_SECONDS)
      throw refuse(
        'REQUEST_EXPIRED',
        `the request from ${verifierName} expired ${isoTime(request.expires)}`,
        'ask the office for a new request',
      );
    if (request.issuedAt > now + CLOCK_SKEW_SECONDS)
      throw refuse(
        'REQUEST_NOT_YET_VALID',
        `the request from ${verifierName} is dated in the future (${isoTime(request.issuedAt)})`,
      );
  }
  return request;
}

function appointmentTime(value: unknown, key: string, bad: (why: string) => RadcredError): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value))
    throw bad(`${key} must be an ISO 8601 date-time`);
  try {
    return parseTime(value, key);
  } catch {
    throw bad(`${key} must be an ISO 8601 date-time`);
  }
}

/** radcred 0.1's request: `require`, at most one `cme` rule, `appointmentUntil`. */
function policyV1(r: Record<string, unknown>, bad: (why: string) => RadcredError): Policy {
  const { require, cme } = r;
  if (
    !Array.isArray(require) ||
    require.length > 50 ||
    !require.every((t) => typeof t === 'string' && TYPE_NAME.test(t))
  )
    throw bad('require must be a list of type names');
  const until = appointmentTime(r.appointmentUntil, 'appointmentUntil', bad);
  return {
    require: [...require] as string[],
    cme: cme !== undefined ? [parseCmeRule(cme, 'the request')] : [],
    ...(until !== undefined ? { appointmentUntil: until } : {}),
  };
}

const V2_KEYS = ['version', 'verifierName', 'challenge', 'policy'];
const POLICY_KEYS: readonly string[] = ['require', 'cme', 'appointmentFrom', 'appointmentUntil', ...RULE_KEYS];

/** Version 2: the whole policy under `policy`, as strict as a policy file (an older radcred refuses it). */
function policyV2(r: Record<string, unknown>, bad: (why: string) => RadcredError): Policy {
  const extra = Object.keys(r).find((k) => !V2_KEYS.includes(k));
  if (extra !== undefined) throw bad(`radcredRequest has an unknown key ${JSON.stringify(extra)}`);
  const o = r.policy;
  if (!isPlainObject(o)) throw bad('radcredRequest.policy is missing');
  const badKey = (key: string, why: string) => bad(`policy.${key} ${why}`);
  const unknown = Object.keys(o).find((k) => !POLICY_KEYS.includes(k));
  if (unknown !== undefined) throw badKey(unknown, 'is not a policy key');
  const from = appointmentTime(o.appointmentFrom, 'policy.appointmentFrom', bad);
  const until = appointmentTime(o.appointmentUntil, 'policy.appointmentUntil', bad);
  if (from !== undefined && until !== undefined && from >= until)
    throw bad('policy.appointmentFrom must be before appointmentUntil');
  const rules = policyRulesOf(o, badKey);
  if (rules.coverage?.throughAppointment === true && until === undefined)
    throw bad('policy.coverage.throughAppointment needs policy.appointmentUntil');
  return {
    require: requireOf(o.require, badKey),
    cme: mergeCme(cmeListOf(o.cme, 'the request', badKey, false), 'REQUEST_INVALID'),
    ...rules,
    ...(from !== undefined ? { appointmentFrom: from } : {}),
    ...(until !== undefined ? { appointmentUntil: until } : {}),
  };
}

/** The types each rule looks at: a request with a board rule asks for board certificates, and so on. */
const TYPES_OF_RULES: [keyof Policy, string][] = [
  ['license', 'MedicalLicenseCredential'],
  ['board', 'BoardCertificationCredential'],
  ['coverage', 'ProfessionalLiabilityCoverageCredential'],
  ['claims', 'ClaimsHistoryCredential'],
  ['interpretationVolume', 'MammographyInterpretationVolumeCredential'],
];

/** Which credential types answer a request: those it requires, and those its rules look at. */
export function answeringTypes(request: CredentialRequest): Set<string> | undefined {
  const { policy } = request;
  const types = new Set(policy.require);
  if (policy.cme.length > 0) types.add('CMECertificateCredential');
  for (const [key, type] of TYPES_OF_RULES) if (policy[key] !== undefined) types.add(type);
  // a license-cycle CME window is placed by the license of its state
  if (policy.cme.some((r) => r.window.type === 'license-cycle')) types.add('MedicalLicenseCredential');
  return types.size > 0 ? types : undefined;
}
