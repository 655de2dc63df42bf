// @internal (src/ledger only)
// Appending a batch of entries as one commit (DESIGN.md "Ledger"): under the lock, extend the
// tiles and entry bundles, fsync every file, then write the new checkpoint last. The checkpoint
// is the commit point: a crash before it leaves the previous state, and whatever was written
// past its size is ignored and overwritten by the next append.
import { dirname, join } from 'node:path';
import { RadcredError } from '../errors.js';
import { removeAbandonedTemps, writeFileAtomic } from '../util/files.js';
import type { Checkpoint } from './checkpoint.js';
import { MAX_ENTRY_BYTES } from './entry.js';
import { CHECKPOINT_FILE, openLedgerCheckpoint, signCheckpoint, type Operator } from './ledger.js';
import { HASH_SIZE, leafHash } from './merkle.js';
import { TileReader, encodeBundle, hashUp } from './reader.js';
import { TILE_WIDTH, hashesAtLevel, tilePath } from './tiles.js';

export interface AppendResult {
  checkpoint: Checkpoint;
  /** index of the first appended entry */
  firstIndex: number;
}

/** Appends entries in one commit. The caller holds the ledger lock. */
export function appendEntries(dir: string, op: Operator, entries: readonly Buffer[]): AppendResult {
  const current = openLedgerCheckpoint(dir, op.vkey);
  const oldSize = current.size;
  if (entries.length === 0) return { checkpoint: current, firstIndex: oldSize };
  for (const e of entries) {
    if (e.length > MAX_ENTRY_BYTES)
      throw new RadcredError('ENTRY_TOO_LARGE', 'a ledger entry is larger than 65535 bytes');
  }
  const old = new TileReader(dir, oldSize);
  // Never extend a damaged tree: the stored tiles must reproduce the signed root.
  if (!old.root().equals(current.root)) {
    throw new RadcredError(
      'LEDGER_ROOT_MISMATCH',
      `the tiles of ${dir} do not match its checkpoint`,
      'run `radcred ledger audit` to find the damage',
    );
  }
  const newSize = oldSize + entries.length;
  // Each directory written to is first cleared of the temp files a killed append left there.
  const swept = new Set<string>();
  const write = (rel: string, data: Buffer | string) => {
    const path = join(dir, rel);
    if (!swept.has(dirname(path))) {
      swept.add(dirname(path));
      removeAbandonedTemps(dirname(path));
    }
    writeFileAtomic(path, data);
  };

  // Entry bundles, then each tile level bottom-up. `hashes` holds the new hashes at the level.
  const firstTile = Math.floor(oldSize / TILE_WIDTH);
  const carriedEntries = oldSize % TILE_WIDTH ? old.bundle(firstTile) : [];
  const allEntries = [...carriedEntries, ...entries];
  for (let t = 0; t * TILE_WIDTH < allEntries.length; t++) {
    const chunk = allEntries.slice(t * TILE_WIDTH, (t + 1) * TILE_WIDTH);
    write(tilePath('entries', firstTile + t, chunk.length), encodeBundle(chunk));
  }

  let hashes = Buffer.concat(entries.map((e) => leafHash(e)));
  for (let level = 0; hashes.length > 0; level++) {
    const oldCount = hashesAtLevel(oldSize, level);
    const first = Math.floor(oldCount / TILE_WIDTH);
    const carried = oldCount % TILE_WIDTH ? old.tile(level, first) : Buffer.alloc(0);
    const all = Buffer.concat([carried, hashes]);
    const parents: Buffer[] = [];
    for (let off = 0, t = first; off < all.length; off += TILE_WIDTH * HASH_SIZE, t++) {
      const tile = all.subarray(off, off + TILE_WIDTH * HASH_SIZE);
      const width = tile.length / HASH_SIZE;
      write(tilePath(level, t, width), tile);
      if (width === TILE_WIDTH) parents.push(hashUp(tile));
    }
    hashes = Buffer.concat(parents);
  }

  const root = new TileReader(dir, newSize).root();
  const note = signCheckpoint(op, newSize, root);
  write(CHECKPOINT_FILE, note);
  return { checkpoint: { origin: current.origin, size: newSize, root, note }, firstIndex: oldSize };
}
