// @internal (src/ledger only)
// Auditing a ledger range: recompute every tile from the entry bundles, derive the root from the
// entries alone, compare with what is stored and signed, and check every radcred entry (strict
// format, signature by its issuer, status entries only by the issuer of the credential). The
// first failure is reported with its entry index. Entries from other tools count as opaque.
import type { Checkpoint } from './checkpoint.js';
import { entryChecker, failAt, signatureFailure, type AuditCounts, type IssuerLookup } from './audit-entries.js';
import { parseEntry } from './entry.js';
import type { ShardHasher } from './index-format.js';
import { HASH_SIZE, leafHash } from './merkle.js';
import { TileReader, hashUp } from './reader.js';
import { SignaturePool } from './signature-pool.js';
import { TILE_WIDTH, hashesAtLevel, tilePath } from './tiles.js';

export type { AuditCounts, IssuerLookup } from './audit-entries.js';

interface Recomputed {
  overlay: Map<string, Buffer>;
  firstMismatch: { level: number; tile: number; index: number } | undefined;
}

/**
 * Recomputes tiles for [from, size) into an overlay and finds the first stored mismatch. Yields
 * each bundle's new entries as it goes (an audit hands them to the signature workers), and
 * returns the result.
 */
function* recompute(
  reader: TileReader,
  from: number,
  counts: AuditCounts,
  onEntry: (i: number, bytes: Buffer) => void,
): Generator<{ firstIndex: number; entries: Buffer[] }, Recomputed> {
  const size = reader.size;
  const overlay = new Map<string, Buffer>();
  let firstMismatch: { level: number; tile: number; index: number } | undefined;
  const compare = (level: number, tile: number, computed: Buffer, firstLeaf: number) => {
    const stored = reader.tile(level, tile);
    if (firstMismatch === undefined && !stored.equals(computed)) {
      let j = 0;
      while (
        j * HASH_SIZE < computed.length &&
        stored
          .subarray(j * HASH_SIZE, (j + 1) * HASH_SIZE)
          .equals(computed.subarray(j * HASH_SIZE, (j + 1) * HASH_SIZE))
      )
        j++;
      firstMismatch = { level, tile, index: firstLeaf + j * TILE_WIDTH ** level };
    }
    overlay.set(tilePath(level, tile, computed.length / HASH_SIZE), computed);
  };

  // Level 0 from the entry bundles.
  let parents: Buffer[] = [];
  const firstTile = Math.floor(from / TILE_WIDTH);
  for (let t = firstTile; t * TILE_WIDTH < size; t++) {
    const entries = reader.bundle(t);
    // Entries before `from` were checked before, but this bundle file is a new copy of them:
    // hash them too, so an altered copy cannot slip in (onEntry sees only the new ones).
    const keep = Math.max(0, from - t * TILE_WIDTH);
    const hashes: Buffer[] = [];
    for (let j = 0; j < entries.length; j++) {
      if (j >= keep) onEntry(t * TILE_WIDTH + j, entries[j]!);
      hashes.push(leafHash(entries[j]!));
    }
    counts.entries += entries.length - keep;
    if (keep < entries.length) yield { firstIndex: t * TILE_WIDTH + keep, entries: entries.slice(keep) };
    const tile = Buffer.concat(hashes);
    compare(0, t, tile, t * TILE_WIDTH);
    if (entries.length === TILE_WIDTH) parents.push(hashUp(tile));
  }
  // Higher levels from the full tiles below.
  for (let level = 1; parents.length > 0; level++) {
    const oldCount = hashesAtLevel(from, level);
    const first = Math.floor(oldCount / TILE_WIDTH);
    const carried =
      oldCount % TILE_WIDTH
        ? reader.tile(level, first).subarray(0, (oldCount % TILE_WIDTH) * HASH_SIZE)
        : Buffer.alloc(0);
    const all = Buffer.concat([carried, ...parents]);
    parents = [];
    for (let off = 0, t = first; off < all.length; off += TILE_WIDTH * HASH_SIZE, t++) {
      const tile = all.subarray(off, off + TILE_WIDTH * HASH_SIZE);
      compare(level, t, Buffer.from(tile), t * TILE_WIDTH ** (level + 1));
      if (tile.length === TILE_WIDTH * HASH_SIZE) parents.push(hashUp(tile));
    }
  }
  return { overlay, firstMismatch };
}

/**
 * Audits entries [from, checkpoint.size) of the ledger in `dir`, trusting what lies before `from`
 * (an earlier audit or a pinned checkpoint vouches for it). Throws a ledger error at the first
 * bad index; returns the counts.
 */
/** Below this many entries, checking signatures in this thread beats starting workers. */
const POOL_THRESHOLD = 4096;

export interface AuditOptions {
  /**
   * fed the index line of every radcred entry audited, in order (one incremental hash per shard),
   * so `ledger audit` can compare the copy's derived index/ with what the entries give
   */
  index?: ShardHasher;
}

export async function auditRange(
  reader: TileReader,
  checkpoint: Checkpoint,
  from: number,
  issuerBefore: IssuerLookup = () => [],
  options: AuditOptions = {},
): Promise<AuditCounts> {
  const index = options.index;
  const counts: AuditCounts = { entries: 0, issue: 0, revoke: 0, suspend: 0, reinstate: 0, opaque: 0 };
  const pool = checkpoint.size - from >= POOL_THRESHOLD ? SignaturePool.create() : undefined;

  const { onEntry, badEntry } = entryChecker(counts, issuerBefore, index, pool === undefined);

  let recomputed: Recomputed;
  const checks: Promise<number>[] = [];
  let badSignature: number | undefined;
  try {
    const steps = recompute(reader, from, counts, onEntry);
    for (;;) {
      const step = steps.next();
      if (step.done) {
        recomputed = step.value;
        break;
      }
      // Waits only while the workers are full, so they stay fed and memory stays bounded.
      if (pool) checks.push((await pool.send('entries', step.value)).response.then((r) => r.bad));
    }
    const bad = (await Promise.all(checks)).filter((b) => b >= 0);
    badSignature = bad.length ? Math.min(...bad) : undefined;
  } finally {
    await pool?.close();
  }
  checkRecomputed(reader, checkpoint, from, recomputed);
  if (
    badSignature !== undefined &&
    (badEntry() === undefined || badSignature < (badEntry()!.details as { index: number }).index)
  ) {
    const e = parseEntry(reader.entry(badSignature));
    throw signatureFailure(badSignature, e.issuer);
  }
  const bad = badEntry();
  if (bad) throw bad;
  return counts;
}

function runToEnd<T>(steps: Generator<unknown, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

function checkRecomputed(
  reader: TileReader,
  checkpoint: Checkpoint,
  from: number,
  { overlay, firstMismatch }: Recomputed,
): void {
  const recomputedRoot = reader.withOverlay(overlay).root();
  if (!recomputedRoot.equals(checkpoint.root)) {
    if (firstMismatch && firstMismatch.level === 0) {
      throw failAt(
        'LEDGER_ENTRY_MISMATCH',
        firstMismatch.index,
        `entry ${firstMismatch.index} does not hash to its leaf in tile 0/${firstMismatch.tile} (an entry bundle was altered)`,
        { tile: `0/${firstMismatch.tile}` },
      );
    }
    throw failAt('LEDGER_ROOT_MISMATCH', from, 'the entries do not reproduce the signed root');
  }
  if (firstMismatch) {
    throw failAt(
      'LEDGER_TILE_MISMATCH',
      firstMismatch.index,
      `tile ${firstMismatch.level}/${firstMismatch.tile} differs from the hashes recomputed from the entries (a tile was altered)`,
      { tile: `${firstMismatch.level}/${firstMismatch.tile}` },
    );
  }
}

/**
 * Checks that the entries [from, checkpoint.size) and every tile above them reproduce the signed
 * root, without judging the entries themselves: what a reader must know before it trusts the
 * entry bundles (e.g. to index them). `onEntry` sees each entry from `from` on as it is hashed;
 * what it learns counts only once this returns. Throws the same errors as auditRange.
 */
export function verifyEntryHashes(
  reader: TileReader,
  checkpoint: Checkpoint,
  from: number,
  onEntry: (i: number, bytes: Buffer) => void = () => undefined,
): void {
  const counts: AuditCounts = { entries: 0, issue: 0, revoke: 0, suspend: 0, reinstate: 0, opaque: 0 };
  checkRecomputed(reader, checkpoint, from, runToEnd(recompute(reader, from, counts, onEntry)));
}
