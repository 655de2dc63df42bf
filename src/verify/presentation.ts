// Steps 1-4 for a VP-JWT: holder signature; audience and challenge; presentation validity window;
// then every VC inside it, each through the full credential checklist, bound to this holder.
import { timeClaims } from '../credential/claims.js';
import { RadcredError } from '../errors.js';
import { parseCompactJws, type ParsedJws } from '../jws/compact.js';
import { MAX_CREDENTIALS_PER_PRESENTATION } from '../presentation/present.js';
import { isPlainObject } from '../util/json.js';
import { verifyCredentialJws } from './credential.js';
import { checkSignature } from './signature.js';
import { evaluatePolicy, type PresentedCredential } from '../policy/evaluate.js';
import { CLOCK_SKEW_SECONDS, type Check, type CredentialSummary, type VerifyOptions } from './types.js';
import { checkValidity } from './validity.js';

export { MAX_CREDENTIALS_PER_PRESENTATION };

export interface PresentationOutcome {
  holder?: string;
  checks: Check[];
  credentials: CredentialSummary[];
}

function audienceChecks(payload: Record<string, unknown>, options: VerifyOptions): Check[] {
  const expected = options.audience;
  if (expected === 'any') {
    return [{ check: 'audience', status: 'warn', code: 'AUDIENCE_SKIPPED', message: 'audience and challenge not checked (--any-audience)' }];
  }
  if (expected === undefined) {
    return [{ check: 'audience', status: 'fail', code: 'AUDIENCE_REQUIRED', message: 'no expected audience and challenge: pass --audience and --challenge (or --any-audience)' }];
  }
  const aud = payload.aud;
  const auds = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a) => typeof a === 'string') : [];
  const out: Check[] = [];
  out.push(auds.includes(expected.audience)
    ? { check: 'audience', status: 'pass', code: 'AUDIENCE_MATCH', message: `addressed to ${expected.audience}` }
    : { check: 'audience', status: 'fail', code: 'AUDIENCE_MISMATCH', message: `addressed to ${auds.length ? auds.join(', ') : 'nobody'}, not to ${expected.audience}` });
  out.push(payload.nonce === expected.challenge
    ? { check: 'challenge', status: 'pass', code: 'CHALLENGE_MATCH', message: 'answers the expected challenge' }
    : { check: 'challenge', status: 'fail', code: 'CHALLENGE_MISMATCH', message: 'does not answer the expected challenge (a replayed or forwarded presentation?)' });
  return out;
}

export function verifyPresentationJws(jws: ParsedJws, options: VerifyOptions): PresentationOutcome {
  const p = jws.payload;
  const vp = p.vp;
  const shape = (message: string): PresentationOutcome => ({ checks: [{ check: 'claims', status: 'fail', code: 'CLAIMS_INVALID', message }], credentials: [] });
  if (!isPlainObject(vp)) return shape('no "vp" claim: not a VP-JWT');
  if (typeof p.iss !== 'string') return shape('"iss" (the holder) is missing');
  const holder = p.iss;
  if (vp.holder !== undefined && vp.holder !== holder) return shape('vp.holder differs from iss');
  if (!Array.isArray(vp.type) || !vp.type.includes('VerifiablePresentation')) return shape('vp.type must include "VerifiablePresentation"');
  const vcs = vp.verifiableCredential ?? [];
  if (!Array.isArray(vcs) || !vcs.every((v) => typeof v === 'string')) return shape('vp.verifiableCredential must be a list of VC-JWT strings');
  if (vcs.length > MAX_CREDENTIALS_PER_PRESENTATION) {
    throw new RadcredError('input', 'PRESENTATION_TOO_LARGE', `the presentation holds ${vcs.length} credentials, more than the limit of ${MAX_CREDENTIALS_PER_PRESENTATION}`,
      'none of them was checked; ask the holder for a presentation of only what you requested');
  }
  const times = timeClaims(p);
  if (!times.ok) return shape(times.message);

  const checks: Check[] = [checkSignature(jws, 'presentation').check, ...audienceChecks(p, options)];
  const validity = checkValidity('presentation', times, options.now);
  checks.push(times.exp === undefined && validity.status === 'pass'
    ? { check: 'validity', status: 'warn', code: 'EXPIRY_MISSING', message: 'presentation has no expiry (bound only by audience and challenge)' }
    : validity);
  if (vcs.length === 0) checks.push({ check: 'credentials', status: 'fail', code: 'PRESENTATION_EMPTY', message: 'the presentation holds no credentials' });

  const credentials: CredentialSummary[] = [];
  const presented: PresentedCredential[] = [];
  vcs.forEach((compact: string, i: number) => {
    let inner: ParsedJws;
    try {
      inner = parseCompactJws(compact);
    } catch (e) {
      const why = e instanceof RadcredError ? e.message : 'unreadable';
      checks.push({ check: 'parse', status: 'fail', code: 'VC_MALFORMED', message: `credential #${i + 1}: ${why}` });
      return;
    }
    const outcome = verifyCredentialJws(inner, options, holder);
    checks.push(...outcome.checks);
    if (outcome.summary) credentials.push(outcome.summary);
    if (outcome.view && outcome.summary) presented.push({ view: outcome.view, verified: outcome.summary.verified });
  });
  const madeAt = times.iat ?? times.nbf;
  if (options.requestExpires !== undefined && (madeAt === undefined || madeAt > options.requestExpires + CLOCK_SKEW_SECONDS)) {
    checks.push({ check: 'request', status: 'fail', code: 'REQUEST_EXPIRED', message: madeAt === undefined ? 'the presentation is undated, so it cannot be shown to answer the request in time' : 'the presentation was made after the request expired' });
  }
  if (options.policy) checks.push(...evaluatePolicy(presented, options.policy, options.now));
  return { holder, checks, credentials };
}
