// The verifier's entry point: each file is parsed strictly (step 1), recognised as a VC or a VP,
// and run through its checklist. The verdict is true only when no check failed anywhere.
import { RadcredError } from '../errors.js';
import { parseCompactJws, type ParsedJws } from '../jws/compact.js';
import { readTextBounded } from '../util/files.js';
import { isoTime } from '../util/time.js';
import { verifyCredentialJws } from './credential.js';
import { verifyPresentationJws } from './presentation.js';
import { ledgerAgeCheck } from './anchor.js';
import type { LedgerOpening } from './ledger-context.js';
import type { FileResult, LedgerUsed, VerifyOptions, VerifyReport } from './types.js';

function malformed(file: string, e: RadcredError): FileResult {
  return {
    file, kind: 'unknown', verified: false, malformed: true,
    checks: [{ check: 'parse', status: 'fail', code: e.code, message: e.message }], credentials: [],
  };
}

export function verifyText(file: string, text: string, options: VerifyOptions): FileResult {
  let jws: ParsedJws;
  try {
    jws = parseCompactJws(text);
  } catch (e) {
    if (e instanceof RadcredError) return malformed(file, e);
    throw e;
  }
  const parsed = { check: 'parse', status: 'pass' as const, code: 'JWS_WELL_FORMED', message: 'strict compact JWS' };
  if (jws.payload.vp !== undefined) {
    try {
      const out = verifyPresentationJws(jws, options);
      const checks = [parsed, ...out.checks];
      return {
        file, kind: 'presentation', verified: checks.every((c) => c.status !== 'fail'), malformed: false,
        ...(out.holder !== undefined ? { holder: out.holder } : {}), checks, credentials: out.credentials,
      };
    } catch (e) {
      if (e instanceof RadcredError) return malformed(file, e);
      throw e;
    }
  }
  if (jws.payload.vc !== undefined) {
    const out = verifyCredentialJws(jws, options);
    const checks = [parsed, ...out.checks];
    return { file, kind: 'credential', verified: checks.every((c) => c.status !== 'fail'), malformed: false, checks, credentials: out.summary ? [out.summary] : [] };
  }
  return malformed(file, new RadcredError('input', 'JWT_NOT_VC_OR_VP', 'the JWT carries neither a "vc" nor a "vp" claim'));
}

export function verifyFiles(files: string[], options: VerifyOptions): VerifyReport {
  const freshness = ledgerAgeCheck(options);
  const results = files.map((file) => {
    let result: FileResult;
    try {
      result = verifyText(file, readTextBounded(file, 'file'), options);
    } catch (e) {
      if (e instanceof RadcredError && e.kind === 'input') return malformed(file, e);
      throw e;
    }
    if (freshness && !result.malformed) {
      result.checks.push({ ...freshness });
      result.verified &&= freshness.status !== 'fail';
    }
    return result;
  });
  return reportOf(results, options);
}

/** The report for results in file order (also for results verified on several threads). */
export function reportOf(results: FileResult[], options: VerifyOptions): VerifyReport {
  const report: VerifyReport = { verified: results.length > 0 && results.every((r) => r.verified), now: isoTime(options.now), results };
  if (Array.isArray(options.ledger)) report.ledgers = options.ledger.map(ledgerUsed);
  return report;
}

function ledgerUsed(l: LedgerOpening): LedgerUsed {
  if (!l.ok) return { dir: l.dir, origin: l.origin, pinned: false };
  const { checkpoint, pin } = l.ledger;
  return {
    dir: l.ledger.dir, origin: checkpoint.origin, size: checkpoint.size, root: checkpoint.root.toString('base64'),
    pinnedSize: pin.size, confirmedAt: pin.confirmedAt, pinned: true,
  };
}
