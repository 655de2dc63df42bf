// Opening a verifier's ledger copy for the anchor and status checks: the checkpoint must be
// signed by the key pinned for its origin and must not contradict the pinned checkpoint (older
// is a rollback, different at the same size or inconsistent is a fork: ledger/pin-check.ts). Any
// of that is a ledger integrity failure (exit 4), not a per-credential failure.
import type { Checkpoint } from '../ledger/checkpoint.js';
import { ensureIndex, type IndexTrust } from '../ledger/entry-index.js';
import { provenEntries, type ProvenEntry } from '../ledger/status.js';
import { claimedOrigin } from '../ledger/ledger.js';
import { openLedger } from '../ledger/open.js';
import { readPin, type Pin } from '../ledger/pins.js';
import type { TileReader } from '../ledger/reader.js';
import { parseTime } from '../util/time.js';

/**
 * What the anchor and status checks read of a ledger: its checkpoint (verified against the
 * pinned key), the pin it was checked against, and each credential's entries proven included
 * under that checkpoint. A ledger copy on disk is one; a verification record's evidence is another.
 */
export interface LedgerView {
  /** where it was read: a ledger directory, or the record holding the evidence */
  dir: string;
  checkpoint: Checkpoint;
  pin: Pick<Pin, 'size' | 'confirmedAt'>;
  /** the radcred entries naming `digest`, each proven included under `checkpoint` */
  entriesFor(digest: string): ProvenEntry[];
  /** inclusion proofs (RFC 6962 audit paths) for the entries at `index` under `checkpoint` */
  inclusionProof(index: number): Buffer[];
  /** done once before files are shared between threads (builds the index a copy lacks) */
  prepare?(): void;
}

export interface VerifierLedger extends LedgerView {
  reader: TileReader;
  pin: Pin;
  /** the copy's index/ counts only as far as this home's records vouch for it */
  indexTrust: IndexTrust;
}

export type LedgerOpening =
  | { ok: true; ledger: LedgerView }
  | { ok: false; dir: string; origin: string; code: 'LEDGER_NOT_PINNED'; message: string };

/** A ledger copy this home has no pin for: its anchor checks fail with LEDGER_NOT_PINNED. */
export const notPinned = (dir: string, origin: string): LedgerOpening => ({
  ok: false,
  dir,
  origin,
  code: 'LEDGER_NOT_PINNED',
  message: `no pinned key for ledger ${origin}: pull it first (\`radcred ledger pull SRC ${dir} --vkey VKEY\`)`,
});

export function openVerifierLedger(home: string, dir: string): LedgerOpening {
  const origin = claimedOrigin(dir);
  const pin = readPin(home, origin);
  if (pin === undefined) return notPinned(dir, origin);
  const { checkpoint, reader, indexTrust } = openLedger(dir, { home });
  const ledger: VerifierLedger = {
    dir,
    checkpoint,
    reader,
    pin,
    indexTrust,
    entriesFor: (digest) => provenEntries(dir, reader, checkpoint, digest, indexTrust),
    inclusionProof: (index) => reader.inclusionProof(index),
    prepare: () => ensureIndex(dir, reader, checkpoint, indexTrust),
  };
  return { ok: true, ledger };
}

/** Seconds since a pull last confirmed the pinned checkpoint. */
export const ledgerAge = (l: LedgerView, now: number) => now - parseTime(l.pin.confirmedAt);
