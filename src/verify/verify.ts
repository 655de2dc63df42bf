// The verifier's entry point: each file is read and parsed strictly (step 1), recognised as a VC
// or a VP, and run through its checklist. The verdict is true only when no check failed anywhere.
//
// Who is to blame decides the exit status, so errors are caught narrowly: a file that cannot be
// read or is not a strict compact JWS is that file's fault (a `malformed` result, exit 3); a
// well-formed JWT that fails a check is a failed verification (exit 1); a ledger copy that fails
// its integrity checks is thrown (exit 4), whichever file reached it.
import { RadcredError } from '../errors.js';
import { parseCompactJws, type ParsedJws } from '../jws/compact.js';
import { readTextBounded } from '../util/files.js';
import { isoTime } from '../util/time.js';
import { resolveDids } from '../identity/resolver.js';
import { verifyCredentialJws } from './credential.js';
import { practitionerOf } from '../credential/attests.js';
import { verifyPresentationJws } from './presentation.js';
import { ledgerAgeCheck } from './anchor.js';
import type { LedgerOpening } from './ledger-context.js';
import {
  outcome,
  type Check,
  type CheckCode,
  type FileResult,
  type LedgerUsed,
  type VerifyOptions,
  type VerifyReport,
} from './types.js';

function malformed(file: string, e: RadcredError): FileResult {
  // every error parseCompactJws and readTextBounded throw is a parse check code (src/codes.ts)
  return {
    file,
    kind: 'unknown',
    verified: false,
    malformed: true,
    checks: [outcome(1, e.code as CheckCode, e.message)],
    credentials: [],
  };
}

const verdict = (checks: Check[]) => checks.every((c) => c.status !== 'fail');

/**
 * The DIDs whose documents checking this JWS needs: its `iss`, and for a presentation the `iss` of
 * each credential inside (read loosely: the checks themselves say what is wrong with them).
 */
function signersOf(jws: ParsedJws): string[] {
  const dids = typeof jws.payload.iss === 'string' ? [jws.payload.iss] : [];
  const vp = jws.payload.vp as { verifiableCredential?: unknown } | undefined;
  const vcs = vp && typeof vp === 'object' ? vp.verifiableCredential : undefined;
  for (const vc of typeof vcs === 'string' ? [vcs] : Array.isArray(vcs) ? vcs : []) {
    if (typeof vc !== 'string') continue;
    try {
      const iss = (JSON.parse(Buffer.from(vc.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iss?: unknown })
        .iss;
      if (typeof iss === 'string') dids.push(iss);
    } catch {
      /* not a JWT: its own parse check says so */
    }
  }
  return dids;
}

/** Verifies one file's text: its signers' DIDs are resolved first (did-resolver is asynchronous). */
export async function verifyText(file: string, text: string, options: VerifyOptions): Promise<FileResult> {
  let jws: ParsedJws;
  try {
    jws = parseCompactJws(text);
  } catch (e) {
    if (e instanceof RadcredError) return malformed(file, e);
    throw e;
  }
  await resolveDids(signersOf(jws));
  return checkJws(file, jws, options);
}

/** The checks of one parsed file, with its signers' DIDs resolved already (an unresolved one fails its signature). */
export function checkText(file: string, text: string, options: VerifyOptions): FileResult {
  let jws: ParsedJws;
  try {
    jws = parseCompactJws(text);
  } catch (e) {
    if (e instanceof RadcredError) return malformed(file, e);
    throw e;
  }
  return checkJws(file, jws, options);
}

function checkJws(file: string, jws: ParsedJws, options: VerifyOptions): FileResult {
  const parsed = outcome(1, 'JWS_WELL_FORMED', 'strict compact JWS');
  const { vc, vp } = jws.payload;
  if (vp !== undefined && vc === undefined) {
    const out = verifyPresentationJws(jws, options);
    const checks = [parsed, ...out.checks];
    return {
      file,
      kind: 'presentation',
      verified: verdict(checks),
      malformed: false,
      ...(out.holder !== undefined ? { holder: out.holder } : {}),
      ...(out.practitioner !== undefined ? { practitioner: out.practitioner } : {}),
      checks,
      credentials: out.credentials,
    };
  }
  if (vc !== undefined && vp === undefined) {
    const out = verifyCredentialJws(jws, options);
    const checks = [parsed, ...out.checks];
    // An expected audience and challenge (from --request or the flags) ask for a presentation: a
    // bare credential binds to neither, so a forwarded copy must not answer the request.
    if (typeof options.audience === 'object') {
      checks.splice(
        1,
        0,
        outcome(
          1,
          'PRESENTATION_REQUIRED',
          'a bare credential cannot answer a request or a challenge: ask the holder for a presentation (`radcred present`)',
        ),
      );
    }
    const practitioner =
      out.view && out.summary?.verified
        ? { practitioner: practitionerOf(out.view.subject, [out.view.subjectData]) }
        : {};
    return {
      file,
      kind: 'credential',
      verified: verdict(checks),
      malformed: false,
      ...practitioner,
      checks,
      credentials: out.summary ? [out.summary] : [],
    };
  }
  const why =
    vc === undefined
      ? 'the JWT carries neither a "vc" nor a "vp" claim'
      : 'the JWT carries both a "vc" and a "vp" claim';
  const checks = [parsed, outcome(1, vc === undefined ? 'JWT_NOT_VC_OR_VP' : 'CLAIMS_INVALID', why)];
  return { file, kind: 'unknown', verified: false, malformed: false, checks, credentials: [] };
}

/** Reads one file for verification; a file that cannot be read is its own (malformed) result. */
function readForVerify(file: string): string | FileResult {
  try {
    return readTextBounded(file, 'file');
  } catch (e) {
    if (e instanceof RadcredError && e.kind === 'input') return malformed(file, e);
    throw e;
  }
}

export async function verifyFiles(files: string[], options: VerifyOptions): Promise<VerifyReport> {
  const freshness = ledgerAgeCheck(options);
  const results: FileResult[] = [];
  for (const file of files) {
    const text = readForVerify(file);
    results.push(typeof text === 'string' ? withFreshness(await verifyText(file, text, options), freshness) : text);
  }
  return reportOf(results, options);
}

/** One file's whole verification, its text already read: the pipeline, then the ledger's age. */
export async function verifyWhole(file: string, text: string, options: VerifyOptions): Promise<FileResult> {
  return withFreshness(await verifyText(file, text, options), ledgerAgeCheck(options));
}

function withFreshness(result: FileResult, freshness: Check | undefined): FileResult {
  if (freshness && !result.malformed) {
    result.checks.push({ ...freshness });
    result.verified &&= freshness.status !== 'fail';
  }
  return result;
}

/** The report for results in file order (also for results verified on several threads). */
export function reportOf(results: FileResult[], options: VerifyOptions): VerifyReport {
  const report: VerifyReport = {
    verified: results.length > 0 && results.every((r) => r.verified),
    now: isoTime(options.now),
    results,
  };
  if (Array.isArray(options.ledger)) report.ledgers = options.ledger.map(ledgerUsed);
  return report;
}

function ledgerUsed(l: LedgerOpening): LedgerUsed {
  if (!l.ok) return { dir: l.dir, origin: l.origin, pinned: false };
  const { checkpoint, pin } = l.ledger;
  return {
    dir: l.ledger.dir,
    origin: checkpoint.origin,
    size: checkpoint.size,
    root: checkpoint.root.toString('base64'),
    pinnedSize: pin.size,
    confirmedAt: pin.confirmedAt,
    pinned: true,
  };
}
