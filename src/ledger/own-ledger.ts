// The operator's and issuer's view of their own ledger, trusted as its files are (a verifier opens
// a copy through open.ts instead): its credentials' entries, issuers and standing, and which
// issue entries it holds, committed or queued in pending/.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { exists, readBounded } from '../util/files.js';
import type { Checkpoint } from './checkpoint.js';
import { entrySignatureValid, parseEntry, type LedgerEntry } from './entry.js';
import { digestsWithPrefix as indexedWithPrefix, lookupCredential, OWN_INDEX } from './entry-index.js';
import { openLedgerCheckpoint, readPublishedVkey } from './ledger.js';
import type { Vkey } from './note.js';
import { TileReader } from './reader.js';
import { ledgerStanding, type LedgerStanding } from './status.js';

export const PENDING_DIR = 'pending';

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

export function entriesOf(l: OpenLedger, digest: string): { index: number; entry: LedgerEntry }[] {
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

/** Finds credentials in the ledger whose digest starts with `prefix` (hex, 8+ characters). */
export function digestsWithPrefix(dir: string, prefixHex: string): string[] {
  const l = openOwnLedger(dir);
  return indexedWithPrefix(dir, l.reader, l.checkpoint, prefixHex, OWN_INDEX);
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
