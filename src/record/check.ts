// `record check`: a verification record checked again, offline, from the record alone and the
// ledger key this home pins: the office's signature, every proof of the evidence under a
// checkpoint signed by that key, and the verification replayed at the record's own time (so a
// presentation that has since expired still verifies as it did) giving the recorded verdict,
// check for check.
import { isDeepStrictEqual } from 'node:util';
import { RadcredError } from '../errors.js';
import { resolveDids } from '../identity/resolver.js';
import { parseVkey, type Vkey } from '../ledger/note.js';
import { readPin } from '../ledger/pins.js';
import { readRequest, type CredentialRequest } from '../request/request.js';
import { parseTime } from '../util/time.js';
import type { LedgerOpening } from '../verify/ledger-context.js';
import { checkSignature } from '../verify/signature.js';
import { type Check, type CheckCode, type FileResult, type VerifyOptions } from '../verify/types.js';
import { checkOf } from '../codes.js';
import { reportOf, verifyWhole } from '../verify/verify.js';
import { recordContent, type RecordContent } from './content.js';
import { openLedgerEvidence, type Evidence } from './evidence.js';
import { readRecord, type ParsedRecord } from './record.js';

/** One check of the record itself (not of the pipeline: no step, no credential). */
export type RecordCheckLine = Pick<Check, 'check' | 'status' | 'code' | 'message'>;
const line = (code: CheckCode, message: string): RecordCheckLine => ({ ...checkOf(code), code, message });

export interface RecordCheck {
  valid: boolean;
  record: ParsedRecord;
  checks: RecordCheckLine[];
  /** the verification as replayed, when it could be */
  replayed?: FileResult;
}

export interface RecordCheckOptions {
  home: string;
  /** ledger keys given on the command line, by origin (else the home's pins) */
  vkeys?: Vkey[];
  /** the office the record must be signed by */
  office?: string;
}

const fail = (checks: RecordCheckLine[], record: ParsedRecord): RecordCheck => ({ valid: false, record, checks });

function keyFor(origin: string, o: RecordCheckOptions): Vkey {
  const given = o.vkeys?.find((k) => k.name === origin);
  if (given !== undefined) return given;
  const pin = readPin(o.home, origin);
  if (pin === undefined) {
    throw new RadcredError('RECORD_LEDGER_NOT_PINNED', `this home pins no key for the ledger ${origin}, which the record's proofs are under`,
      `pull the ledger once (\`radcred ledger pull SRC DIR --vkey VKEY\`), or pass --vkey VKEY for ${origin}`);
  }
  return parseVkey(pin.vkey);
}

/** The evidence's ledgers, each proven again; a failing proof is the returned check. */
function openLedgers(evidence: Evidence, o: RecordCheckOptions): { ledgers: LedgerOpening[]; check: RecordCheckLine } {
  if (evidence.options.noLedger) return { ledgers: [], check: line('EVIDENCE_NO_LEDGER', 'verified without a ledger (--no-ledger): nothing to prove') };
  const ledgers: LedgerOpening[] = [];
  let entries = 0;
  for (const e of evidence.ledgers) {
    if (e.checkpoint === undefined) {
      ledgers.push({ ok: false, dir: `the record's evidence of ${e.origin}`, origin: e.origin, code: 'LEDGER_NOT_PINNED', message: `the office had no pinned key for ledger ${e.origin}` });
      continue;
    }
    const vkey = keyFor(e.origin, o);
    try {
      ledgers.push({ ok: true, ledger: openLedgerEvidence(e, vkey) });
    } catch (err) {
      if (err instanceof RadcredError && (err.code === 'RECORD_CHECKPOINT_UNTRUSTED' || err.code === 'RECORD_PROOF_INVALID')) {
        return { ledgers, check: line(err.code, err.message) };
      }
      throw err;
    }
    entries += e.entries.length;
  }
  const origins = evidence.ledgers.map((e) => e.origin).join(', ') || 'no ledger';
  return { ledgers, check: line('EVIDENCE_PROVEN', `${entries} ledger entr${entries === 1 ? 'y' : 'ies'} proven under the checkpoint of ${origins}, signed by the pinned key`) };
}

function optionsOf(evidence: Evidence, request: CredentialRequest | undefined, ledgers: LedgerOpening[], now: number): VerifyOptions {
  const o = evidence.options;
  return {
    now,
    trust: o.anyIssuer ? 'any' : o.noTrustList || evidence.trust === undefined ? 'missing' : evidence.trust,
    audience: request ? { audience: request.verifier, challenge: request.challenge } : o.anyAudience ? 'any' : o.audience,
    ...(request ? { request: { issuedAt: request.issuedAt, expires: request.expires }, policy: request.policy } : {}),
    ledger: o.noLedger ? 'skip' : evidence.ledgers.length > 0 ? ledgers : undefined,
    ...(o.maxLedgerAgeSeconds !== undefined ? { maxLedgerAgeSeconds: o.maxLedgerAgeSeconds } : {}),
  };
}

/** What a verdict is, for comparing: codes and statuses, not the words (a later radcred may word them better). */
const verdictOf = (c: RecordContent) => ({
  verified: c.verdict.verified,
  checks: c.checks.map((k) => [k.step, k.check, k.status, k.code, k.credential ?? null]),
  items: c.items.map((i) => [i.digest, i.type, i.issuer, i.status, i.result, i.failing, i.warnings]),
});

function firstDifference(recorded: RecordContent, replayed: RecordContent): string {
  if (recorded.verdict.verified !== replayed.verdict.verified) {
    return `the record says ${recorded.verdict.verified ? 'VERIFIED' : 'NOT VERIFIED'}, the evidence gives ${replayed.verdict.verified ? 'VERIFIED' : 'NOT VERIFIED'}`;
  }
  const a = verdictOf(recorded).checks;
  const b = verdictOf(replayed).checks;
  const i = a.findIndex((x, n) => !isDeepStrictEqual(x, b[n]));
  const at = i < 0 ? Math.min(a.length, b.length) : i;
  return `check ${at + 1}: recorded ${a[at]?.slice(2, 4).join(' ') ?? 'nothing'}, replayed ${b[at]?.slice(2, 4).join(' ') ?? 'nothing'}`;
}

/** The office's signature on a record: RECORD_SIGNED or RECORD_SIGNATURE_INVALID. */
export async function recordSignature(record: ParsedRecord): Promise<RecordCheckLine> {
  await resolveDids([record.office]);
  const signature = checkSignature(record.jws, 'credential').check;
  return signature.status === 'pass'
    ? line('RECORD_SIGNED', `signed by ${record.content.office.name} (${record.office})`)
    : line('RECORD_SIGNATURE_INVALID', `the record's ${signature.message}`);
}

export async function checkRecord(text: string, o: RecordCheckOptions): Promise<RecordCheck> {
  const record = readRecord(text);
  const { content, evidence } = record;
  const signature = await recordSignature(record);
  if (signature.status !== 'pass') return fail([signature], record);
  const checks: RecordCheckLine[] = [signature];
  if (o.office !== undefined && o.office !== record.office) {
    return fail([...checks, line('RECORD_OFFICE_MISMATCH', `signed by ${record.office}, not by ${o.office}`)], record);
  }
  const opened = openLedgers(evidence, o);
  checks.push(opened.check);
  if (opened.check.status === 'fail') return fail(checks, record);

  const now = parseTime(content.verifiedAt);
  let request: CredentialRequest | undefined;
  try {
    request = evidence.request !== undefined ? await readRequest(evidence.request) : undefined;
  } catch (e) {
    if (!(e instanceof RadcredError)) throw e;
    return fail([...checks, line('RECORD_VERDICT_MISMATCH', `the request in the record no longer reads: ${e.message}`)], record);
  }
  const options = optionsOf(evidence, request, opened.ledgers, now);
  const replayed = await verifyWhole(content.subject.file, evidence.file, options);
  const rebuilt = recordContent({
    result: replayed, ledgers: reportOf([replayed], options).ledgers ?? [], verifiedAt: content.verifiedAt, version: content.tool.version,
    office: { did: content.office.did, name: content.office.name }, ...(request ? { request } : {}), attachments: content.attachments,
  });
  const same = isDeepStrictEqual(verdictOf(content), verdictOf(rebuilt));
  checks.push(same
    ? line('VERDICT_REPLAYED', `verified again as of ${content.verifiedAt}: ${content.verdict.verified ? 'VERIFIED' : 'NOT VERIFIED'}, ${content.checks.length} checks as recorded`)
    : line('RECORD_VERDICT_MISMATCH', `verified again as of ${content.verifiedAt}, the evidence does not give the recorded verdict: ${firstDifference(content, rebuilt)}`));
  return { valid: same, record, checks, replayed };
}
