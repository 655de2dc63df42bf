// @internal (src/verify only)
// Steps 2-5 for a VP-JWT: the presentation's shape and holder signature (2); audience, challenge
// and validity window (3); every VC inside it, each through the full credential checklist, bound
// to this holder (4); the request's policy (5).
import { contextProblem, timeClaims, typeList } from '../credential/claims.js';
import { presentationShapeProblem, type ShapeCode, type ShapeProblem } from '../credential/vc-shape.js';
import { RadcredError } from '../errors.js';
import { parseCompactJws, type ParsedJws } from '../jws/compact.js';
import { MAX_CREDENTIALS_PER_PRESENTATION } from '../presentation/limits.js';
import { isPlainObject } from '../util/json.js';
import { verifyCredentialJws } from './credential.js';
import { checkSignature } from './signature.js';
import { evaluatePolicy, type PresentedCredential } from '../policy/evaluate.js';
import {
  CLOCK_SKEW_SECONDS,
  outcome,
  type Check,
  type CredentialSummary,
  type Practitioner,
  type VerifyOptions,
} from './types.js';
import { practitionerOf } from '../credential/attests.js';
import { checkValidity } from './validity.js';
import { isoTime } from '../util/time.js';

export { MAX_CREDENTIALS_PER_PRESENTATION };

export interface PresentationOutcome {
  holder?: string;
  practitioner?: Practitioner;
  checks: Check[];
  credentials: CredentialSummary[];
}

function audienceChecks(payload: Record<string, unknown>, options: VerifyOptions): Check[] {
  const expected = options.audience;
  if (expected === 'any')
    return [outcome(3, 'AUDIENCE_SKIPPED', 'audience and challenge not checked (--any-audience)')];
  if (expected === undefined) {
    return [
      outcome(
        3,
        'AUDIENCE_REQUIRED',
        'no expected audience and challenge: pass --request FILE, or --audience and --challenge (or --any-audience)',
      ),
    ];
  }
  const aud = payload.aud;
  const auds = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a) => typeof a === 'string') : [];
  return [
    auds.includes(expected.audience)
      ? outcome(3, 'AUDIENCE_MATCH', `addressed to ${expected.audience}`)
      : outcome(
          3,
          'AUDIENCE_MISMATCH',
          `addressed to ${auds.length ? auds.join(', ') : 'nobody'}, not to ${expected.audience}`,
        ),
    payload.nonce === expected.challenge
      ? outcome(3, 'CHALLENGE_MATCH', 'answers the expected challenge')
      : outcome(
          3,
          'CHALLENGE_MISMATCH',
          'does not answer the expected challenge (a replayed or forwarded presentation?)',
        ),
  ];
}

/**
 * The VC-JWTs a presentation carries: `vp.verifiableCredential` is one VC-JWT or a list of them
 * (VC Data Model; SpruceID's didkit writes a single string). Embedded JSON credentials are not
 * VC-JWTs and cannot be checked here.
 */
function credentialsOf(vp: Record<string, unknown>): string[] | string {
  const v = vp.verifiableCredential;
  if (v === undefined) return [];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return 'vp.verifiableCredential must be a VC-JWT string or a list of them';
}

/** Step 2's shape rules: did-jwt-vc's, then radcred's stricter ones; the first problem, if any. */
function shapeProblem(p: Record<string, unknown>, vp: Record<string, unknown>): ShapeProblem | undefined {
  const problem = (code: ShapeCode, message: string) => ({ code, message });
  if (typeof p.iss !== 'string') return problem('CLAIMS_INVALID', '"iss" (the holder) is missing');
  if (vp.holder !== undefined && vp.holder !== p.iss) return problem('CLAIMS_INVALID', 'vp.holder differs from iss');
  const library = presentationShapeProblem(p);
  if (library !== undefined) return library;
  const context = contextProblem(vp['@context'], 'vp');
  if (context !== undefined) return problem('CONTEXT_INVALID', context);
  if (typeList(vp.type, 'VerifiablePresentation') === undefined)
    return problem('TYPE_MISSING', 'vp.type must include "VerifiablePresentation"');
  const times = timeClaims(p);
  return times.ok ? undefined : problem('DATE_NOT_SECONDS', times.message);
}

export function verifyPresentationJws(jws: ParsedJws, options: VerifyOptions): PresentationOutcome {
  const p = jws.payload;
  const vp = p.vp;
  const refuse = (code: ShapeCode | 'PRESENTATION_TOO_LARGE', message: string): PresentationOutcome => ({
    checks: [outcome(2, code, message)],
    credentials: [],
  });
  if (!isPlainObject(vp)) return refuse('CLAIMS_INVALID', '"vp" is not an object: not a VP-JWT');
  const problem = shapeProblem(p, vp);
  if (problem !== undefined) return refuse(problem.code, problem.message);
  const vcs = credentialsOf(vp);
  if (typeof vcs === 'string') return refuse('CLAIMS_INVALID', vcs);
  if (vcs.length > MAX_CREDENTIALS_PER_PRESENTATION) {
    return refuse(
      'PRESENTATION_TOO_LARGE',
      `the presentation holds ${vcs.length} credentials, more than the limit of ${MAX_CREDENTIALS_PER_PRESENTATION}; none was checked`,
    );
  }
  const holder = p.iss as string;
  const times = timeClaims(p) as { iat?: number; nbf?: number; exp?: number };

  const checks: Check[] = [checkSignature(jws, 'presentation', 2).check, ...audienceChecks(p, options)];
  const validity = checkValidity('presentation', times, options.now, 3);
  checks.push(
    times.exp === undefined && validity.status === 'pass'
      ? outcome(3, 'EXPIRY_MISSING', 'presentation has no expiry (bound only by audience and challenge)')
      : validity,
  );
  if (vcs.length === 0) checks.push(outcome(2, 'PRESENTATION_EMPTY', 'the presentation holds no credentials'));

  const credentials: CredentialSummary[] = [];
  const presented: PresentedCredential[] = [];
  vcs.forEach((compact: string, i: number) => {
    let inner: ParsedJws;
    try {
      // inside a presentation a VC-JWT is exactly a compact JWS: no surrounding whitespace either
      if (compact.trim() !== compact) throw new RadcredError('JWS_MALFORMED', 'surrounding whitespace');
      inner = parseCompactJws(compact);
    } catch (e) {
      if (!(e instanceof RadcredError)) throw e;
      checks.push(outcome(4, 'VC_MALFORMED', `credential #${i + 1}: ${e.message}`));
      return;
    }
    const result = verifyCredentialJws(inner, options, holder);
    checks.push(...result.checks);
    if (result.summary) credentials.push(result.summary);
    if (result.view && result.summary) presented.push({ view: result.view, verified: result.summary.verified });
  });
  // The time a presentation was made is what its holder wrote (iat): it can be shown to be too
  // late or too early for the request's window, not proven to be honest.
  const madeAt = times.iat ?? times.nbf;
  if (options.request !== undefined) {
    const { issuedAt, expires } = options.request;
    if (madeAt === undefined)
      checks.push(
        outcome(
          5,
          'REQUEST_EXPIRED',
          'the presentation is undated, so it cannot be shown to answer the request in time',
        ),
      );
    else if (madeAt > expires + CLOCK_SKEW_SECONDS)
      checks.push(outcome(5, 'REQUEST_EXPIRED', 'the presentation was made after the request expired'));
    else if (madeAt < issuedAt - CLOCK_SKEW_SECONDS)
      checks.push(
        outcome(
          5,
          'PRESENTATION_PREDATES_REQUEST',
          `the presentation is dated ${isoTime(madeAt)}, before the request was made (${isoTime(issuedAt)})`,
        ),
      );
  }
  if (options.policy) checks.push(...evaluatePolicy(presented, options.policy, options.now));
  // named from the credentials that verified, so a forged one cannot rename the practitioner
  const practitioner = practitionerOf(
    holder,
    presented.filter((c) => c.verified).map((c) => c.view.subjectData),
  );
  return { holder, practitioner, checks, credentials };
}
