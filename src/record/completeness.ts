// @internal (src/record only)
// Whether a record left an entry out: inclusion proofs show that every entry in the record is in
// the ledger, never that the ledger holds nothing more (a suspension dropped from the evidence
// still proves). Against a ledger copy the checker pins (`record check --ledger DIR`), the
// record's checkpoint must be consistent with the copy (an earlier state of the same tree), and
// every entry the copy holds for a recorded credential below the record's tree size must be in
// the record.
import { verifyConsistency } from '../ledger/merkle.js';
import type { VerifierLedger, LedgerOpening } from '../verify/ledger-context.js';
import type { LedgerView } from '../verify/ledger-context.js';
import { line, type RecordCheckLine } from './lines.js';
import type { Evidence } from './evidence.js';

function consistent(recorded: LedgerView, copy: VerifierLedger): boolean {
  const [n, m] = [recorded.checkpoint.size, copy.checkpoint.size];
  if (n > m) return false; // the copy is older: it cannot vouch for a later record
  if (n === m) return recorded.checkpoint.root.equals(copy.checkpoint.root);
  return (
    n === 0 || verifyConsistency(n, m, copy.reader.consistencyProof(n), recorded.checkpoint.root, copy.checkpoint.root)
  );
}

/**
 * `recorded`: the record's ledgers as opened from its evidence (by origin); `copies`: the copies
 * given with --ledger, opened against this home's pins. The credentials are the record's items.
 */
export function completenessCheck(
  evidence: Evidence,
  recorded: Map<string, LedgerView>,
  copies: LedgerOpening[],
  digests: string[],
): RecordCheckLine {
  if (copies.length === 0)
    return line(
      'EVIDENCE_NOT_CROSSCHECKED',
      'no --ledger copy given: pass one to check that no entry was left out of the record',
    );
  let compared = 0;
  for (const c of copies) {
    if (!c.ok) return line('RECORD_LEDGER_INCONSISTENT', c.message);
    const copy = c.ledger as VerifierLedger;
    const mine = recorded.get(copy.checkpoint.origin);
    if (mine === undefined) continue;
    if (!consistent(mine, copy)) {
      return line(
        'RECORD_LEDGER_INCONSISTENT',
        `the record's checkpoint of ${copy.checkpoint.origin} (size ${mine.checkpoint.size}) is not an earlier state of the copy in ${copy.dir} (size ${copy.checkpoint.size})`,
      );
    }
    const n = mine.checkpoint.size;
    for (const digest of digests) {
      const kept = new Set(mine.entriesFor(digest).map((e) => e.index));
      const left = copy.entriesFor(digest).find((e) => e.index < n && !kept.has(e.index));
      if (left !== undefined) {
        const kind = /^kind (\w+)$/m.exec(left.bytes.toString('latin1'))?.[1] ?? 'an';
        return line(
          'RECORD_EVIDENCE_INCOMPLETE',
          `entry ${left.index} (${kind}) of ${digest.slice(0, 23)} is under the record's checkpoint of ${copy.checkpoint.origin} in ${copy.dir}, but not in the record`,
        );
      }
    }
    compared++;
  }
  const origins = evidence.ledgers.map((l) => l.origin);
  if (compared === 0)
    return line(
      'EVIDENCE_NOT_CROSSCHECKED',
      `no --ledger copy is of the record's ledger (${origins.join(', ') || 'none'})`,
    );
  return line(
    'EVIDENCE_COMPLETE',
    `every entry of the ${digests.length} credential(s) under the record's checkpoint is in the record (checked against ${compared} ledger cop${compared === 1 ? 'y' : 'ies'})`,
  );
}
