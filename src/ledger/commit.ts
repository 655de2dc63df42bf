// What issuers do to a ledger: anchor new entries, appending them directly in one commit when
// this home holds the operator key, else queueing them in DIR/pending/ for the operator.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { RadcredError } from '../errors.js';
import { exists, removeAbandonedTemps, writeFileAtomic } from '../util/files.js';
import { appendEntries } from './append.js';
import type { Checkpoint } from './checkpoint.js';
import { ENTRY_KINDS, parseEntry } from './entry.js';
import { ensureIndex, OWN_INDEX } from './entry-index.js';
import type { Operator } from './ledger.js';
import { withLedgerLock } from './lock.js';
import { entriesOf, openOwnLedger, PENDING_DIR } from './own-ledger.js';
import { TileReader } from './reader.js';

const entryKey = (e: Buffer) => createHash('sha256').update(e).digest('hex');

/**
 * Appends entries in one commit, skipping any already in the ledger byte for byte. `knownNew`
 * says the entries name credentials signed just now (a fresh random jti each), which no earlier
 * entry can name: the per-entry ledger lookup is skipped, as a batch of 40,000 cannot afford it.
 */
export async function commitEntries(
  op: Operator,
  dir: string,
  entries: Buffer[],
  knownNew = false,
  recheck?: () => void,
): Promise<{ checkpoint: Checkpoint; appended: number; skipped: number }> {
  return withLedgerLock(dir, () => {
    // What the caller checked before the lock (a status transition) may have changed meanwhile.
    recheck?.();
    const l = openOwnLedger(dir);
    const fresh = knownNew
      ? entries
      : entries.filter((e) => {
          const entry = parseEntry(e);
          return !entriesOf(l, entry.credential).some((x) => x.entry.signed.equals(entry.signed));
        });
    const seen = new Set<string>();
    const unique = fresh.filter((e) => {
      const k = entryKey(e);
      return seen.has(k) ? false : (seen.add(k), true);
    });
    const { checkpoint } = appendEntries(dir, op, unique);
    ensureIndex(dir, new TileReader(dir, checkpoint.size), checkpoint, OWN_INDEX);
    return { checkpoint, appended: unique.length, skipped: entries.length - unique.length };
  });
}

/** Queues signed entries for the operator; each file is written exclusively, never replaced. */
export function queueEntries(dir: string, entries: Buffer[]): string[] {
  if (!exists(join(dir, 'checkpoint'))) throw new RadcredError('LEDGER_NOT_FOUND', `${dir} is not a ledger`);
  removeAbandonedTemps(join(dir, PENDING_DIR)); // what a killed queueing left
  return entries.map((bytes) => {
    const e = parseEntry(bytes);
    // Named by time (integrate sequences in name order), kind, and the entry's own hash: the same
    // entry queued twice is one file, and two different entries never share a name.
    const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
    const name = `${e.time.replace(/[-:]/g, '')}-${ENTRY_KINDS.indexOf(e.kind)}${e.kind}-${hash}.entry`;
    const path = join(dir, PENDING_DIR, name);
    if (!exists(path)) writeFileAtomic(path, bytes, { exclusive: true });
    return path;
  });
}

export interface AnchorResult {
  mode: 'committed' | 'pending';
  checkpoint?: { size: number; root: string };
  pending?: string[];
}

/**
 * Anchors entries: a direct commit when `operator` is given, else the pending queue (integrate
 * checks again there). `recheck` runs under the ledger lock, before a direct commit.
 */
export async function anchorEntries(
  dir: string,
  entries: Buffer[],
  operator: Operator | undefined,
  knownNew = false,
  recheck?: () => void,
): Promise<AnchorResult> {
  if (operator === undefined) return { mode: 'pending', pending: queueEntries(dir, entries) };
  const { checkpoint } = await commitEntries(operator, dir, entries, knownNew, recheck);
  return { mode: 'committed', checkpoint: { size: checkpoint.size, root: checkpoint.root.toString('base64') } };
}
