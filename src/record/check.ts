// `record check`: a verification record checked again, offline, from the record alone and the
// ledger key this home pins: the office's signature, and that the office is one this home knows
// (office.ts); every proof of the evidence under a checkpoint signed by that key, and with
// --ledger that no entry was left out (completeness.ts); and the verification replayed at the
// record's own time (so a presentation that has since expired still verifies as it did), giving
// the recorded content again: every item, value, check and word (replay.ts).
import { RadcredError } from '../errors.js';
import { resolveDids } from '../identity/resolver.js';
import { parseVkey, type Vkey } from '../ledger/note.js';
import { readPin } from '../ledger/pins.js';
import { readRequest, type CredentialRequest } from '../request/request.js';
import { parseTime } from '../util/time.js';
import { notPinned, type LedgerOpening, type LedgerView } from '../verify/ledger-context.js';
import { checkSignature } from '../verify/signature.js';
import type { FileResult } from '../verify/types.js';
import { completenessCheck } from './completeness.js';
import { openLedgerEvidence, type Evidence } from './evidence.js';
import { line, type RecordCheckLine } from './lines.js';
import { officeCheck } from './office.js';
import { readRecord, type ParsedRecord } from './record.js';
import { replay } from './replay.js';

export type { RecordCheckLine };

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
  /** the office DID the record must be signed by (else: this home's identity, or trusted for records) */
  office?: string;
  /** pinned ledger copies to check the evidence's completeness against */
  ledgers?: LedgerOpening[];
}

function keyFor(origin: string, o: RecordCheckOptions): { vkey: Vkey; how: string } {
  const given = o.vkeys?.find((k) => k.name === origin);
  if (given !== undefined) return { vkey: given, how: 'the key given with --vkey' };
  const pin = readPin(o.home, origin);
  if (pin === undefined) {
    throw new RadcredError(
      'RECORD_LEDGER_NOT_PINNED',
      `this home pins no key for the ledger ${origin}, which the record's proofs are under`,
      `pull the ledger once (\`radcred ledger pull SRC DIR --vkey VKEY\`), or pass --vkey VKEY for ${origin}`,
    );
  }
  return { vkey: parseVkey(pin.vkey), how: 'the pinned key' };
}

interface Opened {
  ledgers: LedgerOpening[];
  views: Map<string, LedgerView>;
  check: RecordCheckLine;
}

/** The evidence's ledgers, each proven again; a failing proof is the returned check. */
function openLedgers(evidence: Evidence, o: RecordCheckOptions): Opened {
  const views = new Map<string, LedgerView>();
  if (evidence.options.noLedger)
    return {
      ledgers: [],
      views,
      check: line('EVIDENCE_NO_LEDGER', 'verified without a ledger (--no-ledger): nothing to prove'),
    };
  const ledgers: LedgerOpening[] = [];
  const hows = new Set<string>();
  let entries = 0;
  for (const e of evidence.ledgers) {
    if (e.checkpoint === undefined) {
      ledgers.push(notPinned(e.dir ?? e.origin, e.origin));
      continue;
    }
    const { vkey, how } = keyFor(e.origin, o);
    try {
      const view = openLedgerEvidence(e, vkey);
      ledgers.push({ ok: true, ledger: view });
      views.set(e.origin, view);
    } catch (err) {
      if (
        err instanceof RadcredError &&
        (err.code === 'RECORD_CHECKPOINT_UNTRUSTED' || err.code === 'RECORD_PROOF_INVALID')
      )
        return { ledgers, views, check: line(err.code, err.message) };
      throw err;
    }
    hows.add(how);
    entries += e.entries.length;
  }
  const origins = [...new Set(evidence.ledgers.map((e) => e.origin))].join(', ') || 'no ledger';
  return {
    ledgers,
    views,
    check: line(
      'EVIDENCE_PROVEN',
      `${entries} ledger entr${entries === 1 ? 'y' : 'ies'} proven under the checkpoint of ${origins}, signed by ${[...hows].join(' and ') || 'its key'}`,
    ),
  };
}

/** A record dated before the ledger copy it used was confirmed was made later than it says. */
function datingCheck(record: ParsedRecord): RecordCheckLine | undefined {
  const at = parseTime(record.content.verifiedAt);
  const later = record.evidence.ledgers.find((l) => l.confirmedAt !== undefined && parseTime(l.confirmedAt) > at + 60);
  return later
    ? line(
        'RECORD_DATED_BEFORE_EVIDENCE',
        `dated ${record.content.verifiedAt}, but its copy of ${later.origin} was confirmed ${later.confirmedAt}: it was made later than it says (--now)`,
      )
    : undefined;
}

const failed = (checks: RecordCheckLine[]) => checks.some((c) => c.status === 'fail');

export async function checkRecord(text: string, o: RecordCheckOptions): Promise<RecordCheck> {
  const record = readRecord(text);
  const { content, evidence } = record;
  const signature = await recordSignature(record);
  if (signature.status !== 'pass') return { valid: false, record, checks: [signature] };
  let request: CredentialRequest | undefined;
  try {
    request = evidence.request !== undefined ? await readRequest(evidence.request) : undefined;
  } catch (e) {
    if (!(e instanceof RadcredError)) throw e;
    return {
      valid: false,
      record,
      checks: [line('RECORD_VERDICT_MISMATCH', `the request in the record no longer reads: ${e.message}`)],
    };
  }
  const checks: RecordCheckLine[] = [officeCheck(record, o.home, o.office, request)];
  if (failed(checks)) return { valid: false, record, checks };
  const opened = openLedgers(evidence, o);
  checks.push(opened.check);
  if (failed(checks)) return { valid: false, record, checks };
  if (!evidence.options.noLedger)
    checks.push(
      completenessCheck(
        evidence,
        opened.views,
        o.ledgers ?? [],
        content.items.map((i) => i.digest),
      ),
    );
  const dating = datingCheck(record);
  if (dating) checks.push(dating);
  const replayed = await replay(record, request, opened.ledgers);
  checks.push(replayed.check);
  return { valid: !failed(checks), record, checks, replayed: replayed.result };
}

/** The office's signature on a record: RECORD_SIGNED or RECORD_SIGNATURE_INVALID. */
export async function recordSignature(record: ParsedRecord): Promise<RecordCheckLine> {
  await resolveDids([record.office]);
  const signature = checkSignature(record.jws, 'credential').check;
  return signature.status === 'pass'
    ? line('RECORD_SIGNED', `signed by the key of ${record.office}, which calls itself "${record.content.office.name}"`)
    : line('RECORD_SIGNATURE_INVALID', `the record's ${signature.message}`);
}
