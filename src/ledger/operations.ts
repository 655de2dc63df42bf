// What issuers and operators do to a ledger: anchor new entries (appending directly when this
// home holds the operator key, else queueing them in DIR/pending/), integrate the queue, and
// check that a status change is allowed before it is made.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { RadcredError } from '../errors.js';
import { listIdentities, unlockIdentity } from '../identity/store.js';
import { exists, readBounded, removeAbandonedTemps, writeFileAtomic } from '../util/files.js';
import { isoTime } from '../util/time.js';
import { appendEntries } from './append.js';
import type { Checkpoint } from './checkpoint.js';
import { ENTRY_KINDS, entrySignatureValid, parseEntry, type EntryKind, type LedgerEntry } from './entry.js';
import { digestsWithPrefix as indexedWithPrefix, ensureIndex, lookupCredential, OWN_INDEX } from './entry-index.js';
import { ed25519RawKey, openLedgerCheckpoint, readPublishedVkey, type Operator } from './ledger.js';
import { withLedgerLock } from './lock.js';
import type { Vkey } from './note.js';
import { TileReader } from './reader.js';
import { ledgerStanding, type LedgerStanding } from './status.js';

export const PENDING_DIR = 'pending';

/** The identity of this home whose Ed25519 key is the ledger's checkpoint key, if any. */
export function findOperatorIdentity(home: string, vkey: Vkey): string | undefined {
  for (const id of listIdentities(home)) {
    if (id.keyType !== 'ed25519') continue;
    if (ed25519RawKey(id.did).equals(vkey.raw)) return id.name;
  }
  return undefined;
}

export function unlockOperator(home: string, name: string, passphrase: string, vkey: Vkey): Operator {
  const signer = unlockIdentity(home, name, passphrase);
  if (signer.keyType !== 'ed25519' || !ed25519RawKey(signer.did).equals(vkey.raw)) {
    throw new RadcredError('NOT_OPERATOR', `identity ${name} does not hold this ledger's key`, 'the operator is the identity given to `radcred ledger init --operator`');
  }
  return { signer, vkey };
}

export interface OpenLedger {
  dir: string;
  vkey: Vkey;
  checkpoint: Checkpoint;
  reader: TileReader;
}

/** Opens the operator's own ledger with its published key (the operator trusts its own files). */
export function openOwnLedger(dir: string): OpenLedger {
  const vkey = readPublishedVkey(dir);
  const checkpoint = openLedgerCheckpoint(dir, vkey);
  return { dir, vkey, checkpoint, reader: new TileReader(dir, checkpoint.size) };
}

function entriesOf(l: OpenLedger, digest: string): { index: number; entry: LedgerEntry }[] {
  const out: { index: number; entry: LedgerEntry }[] = [];
  for (const index of lookupCredential(l.dir, l.reader, l.checkpoint, digest, OWN_INDEX)) {
    // a tile or bundle that cannot be read is a damaged ledger (thrown); a malformed entry names nothing
    const bytes = l.reader.entry(index);
    try {
      const entry = parseEntry(bytes);
      if (entry.credential === digest) out.push({ index, entry });
    } catch {
      /* not ours to judge here; audit reports it */
    }
  }
  return out;
}

const entryKey = (e: Buffer) => createHash('sha256').update(e).digest('hex');

/**
 * Appends entries in one commit, skipping any already in the ledger byte for byte. `knownNew`
 * says the entries name credentials signed just now (a fresh random jti each), which no earlier
 * entry can name: the per-entry ledger lookup is skipped, as a batch of 40,000 cannot afford it.
 */
export async function commitEntries(op: Operator, dir: string, entries: Buffer[], knownNew = false, recheck?: () => void): Promise<{ checkpoint: Checkpoint; appended: number; skipped: number }> {
  return withLedgerLock(dir, () => {
    // What the caller checked before the lock (a status transition) may have changed meanwhile.
    recheck?.();
    const l = openOwnLedger(dir);
    const fresh = knownNew ? entries : entries.filter((e) => {
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

/**
 * Which of `digests` the ledger has taken an issue entry for: queued in pending/, or committed
 * (for crash recovery). pending/ is read first: integrate commits an entry before it removes the
 * file, so an entry missed there is found in the ledger opened after.
 */
export function anchoredIssues(dir: string, digests: readonly string[]): Set<string> {
  const wanted = new Set(digests);
  const found = new Set<string>();
  if (wanted.size === 0) return found;
  const pendingDir = join(dir, PENDING_DIR);
  for (const file of exists(pendingDir) ? readdirSync(pendingDir).filter((f) => f.endsWith('.entry')) : []) {
    try {
      const e = parseEntry(readBounded(join(pendingDir, file), 'pending entry', 65535));
      if (e.kind === 'issue' && wanted.has(e.credential)) found.add(e.credential);
    } catch {
      /* integrated meanwhile, or not an entry: integrate judges it */
    }
  }
  const l = openOwnLedger(dir);
  for (const digest of wanted) {
    if (!found.has(digest) && entriesOf(l, digest).some((x) => x.entry.kind === 'issue')) found.add(digest);
  }
  return found;
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
export async function anchorEntries(dir: string, entries: Buffer[], operator: Operator | undefined, knownNew = false, recheck?: () => void): Promise<AnchorResult> {
  if (operator === undefined) return { mode: 'pending', pending: queueEntries(dir, entries) };
  const { checkpoint } = await commitEntries(operator, dir, entries, knownNew, recheck);
  return { mode: 'committed', checkpoint: { size: checkpoint.size, root: checkpoint.root.toString('base64') } };
}

/**
 * Every DID that signed an issue entry for this digest in the committed ledger, in ledger order.
 * Normally one: the digest covers the credential's `iss`. Anyone can log an issue entry for a
 * digest they have seen, though, so status is always kept per (digest, issuer) — never "whoever
 * logged it first", which would let a stranger lock the real issuer out of revoking.
 */
export function issuersOf(l: OpenLedger, digest: string): string[] {
  const found = entriesOf(l, digest).filter((x) => x.entry.kind === 'issue' && entrySignatureValid(x.entry));
  return [...new Set(found.map((x) => x.entry.issuer))];
}

/** The standing of the credential as issued by `issuer` in the committed ledger (for status changes). */
export function standingOf(l: OpenLedger, digest: string, issuer: string, now: number): LedgerStanding | undefined {
  const standing = ledgerStanding(l.dir, l.reader, l.checkpoint, digest, issuer, now, OWN_INDEX);
  return standing.anchor ? standing : undefined;
}

/**
 * Which status changes are allowed from a standing: revocation is final, only a suspension can be
 * lifted, and a change is never dated before the credential's latest one (`time`, unix seconds):
 * verifiers apply changes in time order, so a change dated earlier would rewrite the past.
 */
export function checkTransition(kind: Exclude<EntryKind, 'issue'>, standing: Pick<LedgerStanding, 'status' | 'latestTime'>, time: number, code: 'STATUS_OUT_OF_ORDER' | 'ENTRY_OUT_OF_ORDER' = 'STATUS_OUT_OF_ORDER'): void {
  const { status } = standing;
  const allowed = kind === 'revoke' ? status !== 'revoked' : kind === 'suspend' ? status === 'active' : status === 'suspended';
  if (!allowed) {
    throw new RadcredError('STATUS_TRANSITION', `cannot ${kind} a credential that is ${status}`,
      status === 'revoked' ? 'revocation is final' : kind === 'reinstate' ? 'only a suspended credential can be reinstated' : 'it is already in that state');
  }
  if (standing.latestTime !== undefined && time < standing.latestTime) {
    throw new RadcredError(code, `a ${kind} dated ${isoTime(time)} would come before the credential's latest change (${isoTime(standing.latestTime)})`,
      'status changes are applied in time order: date it now (without an earlier --now)');
  }
}

/** Finds credentials in the ledger whose digest starts with `prefix` (hex, 8+ characters). */
export function digestsWithPrefix(dir: string, prefixHex: string): string[] {
  const l = openOwnLedger(dir);
  return indexedWithPrefix(dir, l.reader, l.checkpoint, prefixHex, OWN_INDEX);
}

export interface IntegrateResult {
  checkpoint: { size: number; root: string };
  integrated: number;
  duplicates: number;
  rejected: { file: string; code: string; message: string }[];
}

/** Sequences every pending entry that checks out, in one commit; rejected ones move to pending/rejected/. */
export async function integratePending(dir: string, op: Operator): Promise<IntegrateResult> {
  return withLedgerLock(dir, () => {
    const pendingDir = join(dir, PENDING_DIR);
    const files = exists(pendingDir) ? readdirSync(pendingDir).filter((f) => f.endsWith('.entry')).sort() : [];
    const l = openOwnLedger(dir);
    ensureIndex(dir, l.reader, l.checkpoint, OWN_INDEX);
    // keyed by digest and issuer: see issuersOf
    const state = new Map<string, { status: LedgerStanding['status']; latestTime?: number }>();
    const issued = new Set<string>(); // digests with any issue entry, committed or accepted now
    const stateOf = (digest: string, issuer: string) => {
      const key = `${digest} ${issuer}`;
      if (!state.has(key)) {
        const standing = standingOf(l, digest, issuer, Number.MAX_SAFE_INTEGER);
        if (standing) state.set(key, { status: standing.status, ...(standing.latestTime !== undefined ? { latestTime: standing.latestTime } : {}) });
      }
      return state.get(key);
    };
    const everIssued = (digest: string) => {
      if (!issued.has(digest) && issuersOf(l, digest).length > 0) issued.add(digest);
      return issued.has(digest);
    };
    const accepted: Buffer[] = [];
    const acceptedStatements = new Set<string>();
    const done: string[] = [];
    const rejected: IntegrateResult['rejected'] = [];
    let duplicates = 0;
    for (const file of files) {
      const path = join(pendingDir, file);
      try {
        const bytes = readBounded(path, 'pending entry', 65535);
        const e = parseEntry(bytes);
        if (!entrySignatureValid(e)) throw new RadcredError('ENTRY_SIGNATURE', 'not signed by its issuer');
        // the same statement is a duplicate whatever its signature bytes (an ECDSA signature has
        // two valid encodings, so a replay need not be byte-identical)
        if (entriesOf(l, e.credential).some((x) => x.entry.signed.equals(e.signed)) || acceptedStatements.has(e.signed.toString('latin1'))) {
          duplicates++;
          done.push(path);
          continue;
        }
        const s = stateOf(e.credential, e.issuer);
        if (e.kind === 'issue') {
          if (s === undefined) state.set(`${e.credential} ${e.issuer}`, { status: 'active' });
          issued.add(e.credential);
        } else {
          if (s === undefined && everIssued(e.credential)) throw new RadcredError('ENTRY_NOT_ISSUER', "not signed by the credential's issuer");
          if (s === undefined) throw new RadcredError('ENTRY_UNANCHORED', 'the credential was never issued in this ledger');
          checkTransition(e.kind, s, e.timeSeconds, 'ENTRY_OUT_OF_ORDER');
          s.status = e.kind === 'revoke' ? 'revoked' : e.kind === 'suspend' ? 'suspended' : 'active';
          s.latestTime = e.timeSeconds;
        }
        accepted.push(bytes);
        acceptedStatements.add(e.signed.toString('latin1'));
        done.push(path);
      } catch (err) {
        if (!(err instanceof RadcredError)) throw err;
        mkdirSync(join(pendingDir, 'rejected'), { recursive: true });
        renameSync(path, join(pendingDir, 'rejected', file));
        rejected.push({ file, code: err.code, message: err.message });
      }
    }
    const { checkpoint } = appendEntries(dir, op, accepted);
    ensureIndex(dir, new TileReader(dir, checkpoint.size), checkpoint, OWN_INDEX);
    // Only after the commit: a crash before this point leaves the queue to be integrated again,
    // and the duplicate check above makes that harmless.
    for (const path of done) unlinkSync(path);
    return { checkpoint: { size: checkpoint.size, root: checkpoint.root.toString('base64') }, integrated: accepted.length, duplicates, rejected };
  });
}

