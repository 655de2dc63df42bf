// A credential's standing in the ledger at a point in time: anchored by an issue entry signed by
// its issuer, and its status from the issuer's later revoke/suspend/reinstate entries. Every entry
// used is proven included under the checkpoint from the tiles, and every other entry of a bundle
// read must match its tile too; entries not signed by the credential's issuer are ignored (only
// the issuer can change a credential's status).
import { RadcredError } from '../errors.js';
import type { Checkpoint } from './checkpoint.js';
import { entrySignatureValid, isRadcredEntry, parseEntry, type EntryKind, type LedgerEntry } from './entry.js';
import { lookupCredential, type IndexTrust } from './entry-index.js';
import { leafHash, verifyInclusion } from './merkle.js';
import type { TileReader } from './reader.js';
import { parseTime } from '../util/time.js';

export type CredentialStatus = 'active' | 'revoked' | 'suspended';

export interface StatusEntry {
  index: number;
  kind: EntryKind;
  time: string;
  reason?: string;
}

export interface LedgerStanding {
  /** the issue entry by the credential's issuer, at or before `now` */
  anchor?: StatusEntry;
  /** an issue entry exists, but only after `now` */
  anchoredLater?: StatusEntry;
  status: CredentialStatus;
  /** the entry that set the status (absent for active-since-issue) */
  statusEntry?: StatusEntry;
  /** entries naming the credential that were ignored, and why */
  ignored: { index: number; why: 'not-issuer' | 'bad-signature' | 'malformed' | 'duplicate' }[];
  /** the time of the latest status change (or of the issuance): a new change must not be dated before it */
  latestTime?: number;
}

const toStatusEntry = (index: number, e: LedgerEntry): StatusEntry => ({
  index,
  kind: e.kind,
  time: e.time,
  ...(e.reason !== undefined ? { reason: e.reason } : {}),
});

/** An entry proven included under a checkpoint: its index and bytes. */
export interface ProvenEntry {
  index: number;
  bytes: Buffer;
}

/**
 * Reads and proves the entries of `digest` (found through the index `trust` allows); throws
 * LEDGER_INCLUSION_FAILED or LEDGER_ENTRY_MISMATCH if the tiles and entries disagree. Only radcred
 * entries that name `digest` are returned.
 */
export function provenEntries(
  dir: string,
  reader: TileReader,
  checkpoint: Checkpoint,
  digest: string,
  trust: IndexTrust,
): ProvenEntry[] {
  const found: ProvenEntry[] = [];
  for (const index of lookupCredential(dir, reader, checkpoint, digest, trust)) {
    const bytes = reader.entry(index);
    if (!verifyInclusion(index, checkpoint.size, leafHash(bytes), reader.inclusionProof(index), checkpoint.root)) {
      throw new RadcredError(
        'LEDGER_INCLUSION_FAILED',
        `entry ${index} is not included under the checkpoint (tiles or entries altered)`,
        'run `radcred ledger audit` on this copy, then pull it again',
      );
    }
    // Decision: a verification that reads an entry bundle vouches for all of it, not only for
    // the entries it uses. The proof above binds the bundle's level-0 tile to the signed root;
    // every entry of the bundle must hash exactly to its leaf there, so a damaged entry anywhere
    // in a bundle a verification touches is a ledger integrity failure (LEDGER_ENTRY_MISMATCH,
    // exit 4), never silently passed over. Costs one hash per entry of each bundle read.
    reader.checkBundleOf(index);
    // the derived index may point at entries of other credentials too
    if (isRadcredEntry(bytes) && bytes.includes(`credential ${digest}\n`)) found.push({ index, bytes });
  }
  return found;
}

/** The standing of `digest` by `issuer` at `now`, from its proven entries. */
export function standingFromEntries(
  entries: readonly ProvenEntry[],
  digest: string,
  issuer: string,
  now: number,
): LedgerStanding {
  const standing: LedgerStanding = { status: 'active', ignored: [] };
  const changes: { index: number; entry: LedgerEntry }[] = [];
  const statements = new Set<string>();
  for (const { index, bytes } of entries) {
    let entry: LedgerEntry;
    try {
      entry = parseEntry(bytes);
    } catch {
      standing.ignored.push({ index, why: 'malformed' });
      continue;
    }
    if (entry.credential !== digest) continue;
    if (entry.issuer !== issuer) {
      standing.ignored.push({ index, why: 'not-issuer' });
      continue;
    }
    if (!entrySignatureValid(entry)) {
      standing.ignored.push({ index, why: 'bad-signature' });
      continue;
    }
    // The same statement twice (a replayed entry, perhaps with the other valid encoding of an
    // ECDSA signature) says nothing new.
    const statement = entry.signed.toString('latin1');
    if (statements.has(statement)) {
      standing.ignored.push({ index, why: 'duplicate' });
      continue;
    }
    statements.add(statement);
    if (entry.kind === 'issue') {
      if (entry.timeSeconds <= now) standing.anchor ??= toStatusEntry(index, entry);
      else standing.anchoredLater ??= toStatusEntry(index, entry);
      continue;
    }
    if (entry.timeSeconds <= now) changes.push({ index, entry });
  }
  // Status changes apply in the order of their times, not of the ledger: an old reinstatement
  // appended after a later suspension must not lift it. Equal times keep ledger order.
  changes.sort((a, b) => a.entry.timeSeconds - b.entry.timeSeconds || a.index - b.index);
  const times = changes.map((c) => c.entry.timeSeconds);
  if (standing.anchor) times.push(parseTime(standing.anchor.time));
  if (times.length > 0) standing.latestTime = Math.max(...times);
  for (const { index, entry } of changes) {
    if (standing.status === 'revoked') break;
    if (entry.kind === 'revoke' || entry.kind === 'suspend') {
      standing.status = entry.kind === 'revoke' ? 'revoked' : 'suspended';
      standing.statusEntry = toStatusEntry(index, entry);
    } else if (entry.kind === 'reinstate' && standing.status === 'suspended') {
      standing.status = 'active';
      standing.statusEntry = toStatusEntry(index, entry);
    }
  }
  return standing;
}

export function ledgerStanding(
  dir: string,
  reader: TileReader,
  checkpoint: Checkpoint,
  digest: string,
  issuer: string,
  now: number,
  trust: IndexTrust,
): LedgerStanding {
  return standingFromEntries(provenEntries(dir, reader, checkpoint, digest, trust), digest, issuer, now);
}
