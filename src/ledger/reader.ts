// @domain (not for src/cli: a building block of the domain operations)
// Reads a tlog-tiles directory at a given tree size: tiles, entry bundles, subtree hashes, the
// root, and inclusion/consistency proofs. Only paths the tree size requires are read, and every
// tile must have exactly the width that size implies.
import { RadcredError, type ErrorCode } from '../errors.js';
import { exists, readBounded } from '../util/files.js';
import { join } from 'node:path';
import { HASH_SIZE, consistencyProof, inclusionProof, leafHash, nodeHash, rangeHash } from './merkle.js';
import { TILE_HEIGHT, TILE_WIDTH, tilePath, tileWidth } from './tiles.js';

const ledgerError = (code: ErrorCode, message: string, hint?: string) => new RadcredError(code, message, hint);

/** Hashes `hashes` (a whole number of 32-byte hashes, a power of two of them) up to one root. */
export function hashUp(hashes: Buffer): Buffer {
  let level: Buffer[] = [];
  for (let i = 0; i < hashes.length; i += HASH_SIZE) level.push(hashes.subarray(i, i + HASH_SIZE));
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!));
    level = next;
  }
  return level[0]!;
}

/** Splits an entry bundle into entries; it must hold exactly `count` entries and nothing more. */
export function parseBundle(bytes: Buffer, count: number, where: string): Buffer[] {
  const out: Buffer[] = [];
  let off = 0;
  while (off < bytes.length) {
    if (off + 2 > bytes.length)
      throw ledgerError('LEDGER_BUNDLE_MALFORMED', `entry bundle ${where} ends inside a length prefix`);
    const len = bytes.readUInt16BE(off);
    if (off + 2 + len > bytes.length)
      throw ledgerError('LEDGER_BUNDLE_MALFORMED', `entry bundle ${where} is truncated`);
    out.push(bytes.subarray(off + 2, off + 2 + len));
    off += 2 + len;
  }
  if (out.length !== count)
    throw ledgerError(
      'LEDGER_BUNDLE_MALFORMED',
      `entry bundle ${where} holds ${out.length} entries, expected ${count}`,
    );
  return out;
}

export function encodeBundle(entries: readonly Uint8Array[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const len = Buffer.alloc(2);
    len.writeUInt16BE(e.length);
    parts.push(len, Buffer.from(e));
  }
  return Buffer.concat(parts);
}

/** A small insertion-ordered cache, so reading a million entries does not keep them all. */
function remember<K, V>(cache: Map<K, V>, key: K, value: V, limit = 64): V {
  if (cache.size >= limit) cache.delete(cache.keys().next().value as K);
  cache.set(key, value);
  return value;
}

export class TileReader {
  private readonly tiles = new Map<string, Buffer>();
  private readonly bundles = new Map<number, Buffer[]>();
  /** bundles (as read, so a re-read after eviction is checked again) whose entries match tile 0 */
  private readonly checkedBundles = new WeakSet<Buffer[]>();

  private readonly overlay: ReadonlyMap<string, Buffer> | undefined;
  private readonly fallbackDir: string | undefined;

  /**
   * @param options.overlay tile contents (by relative path) to use instead of the files: what an
   *   audit recomputed, so the root can be derived from the entries alone
   * @param options.fallbackDir where to read files that `dir` does not have (a pull stages only
   *   the new files, over the existing copy)
   */
  constructor(
    readonly dir: string,
    readonly size: number,
    options: { overlay?: ReadonlyMap<string, Buffer>; fallbackDir?: string } = {},
  ) {
    this.overlay = options.overlay;
    this.fallbackDir = options.fallbackDir;
  }

  private readFile(rel: string, maxBytes: number): Buffer {
    try {
      if (this.fallbackDir !== undefined && !exists(join(this.dir, rel)))
        return readBounded(join(this.fallbackDir, rel), 'ledger file', maxBytes);
      return readBounded(join(this.dir, rel), 'ledger file', maxBytes);
    } catch (e) {
      if (e instanceof RadcredError && e.code === 'FILE_NOT_FOUND') {
        throw ledgerError(
          'LEDGER_TILE_MISSING',
          `ledger file ${rel} is missing`,
          'the copy is incomplete: pull it again',
        );
      }
      if (e instanceof RadcredError && e.code === 'FILE_TOO_LARGE') {
        throw ledgerError(
          'LEDGER_TILE_SIZE',
          `ledger file ${rel} is larger than a tile can be`,
          'the ledger copy is damaged: pull it again',
        );
      }
      // a tile that is a directory, a FIFO, unreadable: the copy's fault, never the credential's
      if (e instanceof RadcredError)
        throw ledgerError(
          'LEDGER_FILE_UNREADABLE',
          `ledger file ${rel} cannot be read: ${e.message}`,
          'the ledger copy is damaged: run `radcred ledger audit` on it, then pull it again',
        );
      throw e;
    }
  }

  /** The hashes of tile `index` at `level`, exactly as wide as this tree size implies. */
  tile(level: number, index: number): Buffer {
    const width = tileWidth(this.size, level, index);
    if (width === 0)
      throw ledgerError('LEDGER_TILE_RANGE', `tile ${level}/${index} is beyond the tree size ${this.size}`);
    const rel = tilePath(level, index, width);
    let buf = this.overlay?.get(rel) ?? this.tiles.get(rel);
    if (buf === undefined) {
      buf = this.readFile(rel, TILE_WIDTH * HASH_SIZE);
      if (buf.length !== width * HASH_SIZE) {
        throw ledgerError(
          'LEDGER_TILE_SIZE',
          `tile ${rel} is ${buf.length} bytes, expected ${width * HASH_SIZE}`,
          'the tile is truncated or padded: the ledger copy is damaged',
        );
      }
      remember(this.tiles, rel, buf);
    }
    return buf;
  }

  /** The entries of bundle `index`. */
  bundle(index: number): Buffer[] {
    let entries = this.bundles.get(index);
    if (entries === undefined) {
      const width = tileWidth(this.size, 0, index);
      if (width === 0)
        throw ledgerError('LEDGER_TILE_RANGE', `entry bundle ${index} is beyond the tree size ${this.size}`);
      const rel = tilePath('entries', index, width);
      entries = parseBundle(this.readFile(rel, width * (2 + 65535)), width, rel);
      remember(this.bundles, index, entries);
    }
    return entries;
  }

  entry(i: number): Buffer {
    if (!Number.isSafeInteger(i) || i < 0 || i >= this.size)
      throw ledgerError('LEDGER_TILE_RANGE', `entry ${i} is beyond the tree size ${this.size}`);
    return this.bundle(Math.floor(i / TILE_WIDTH))[i % TILE_WIDTH]!;
  }

  /**
   * Checks that every entry of the bundle holding entry `i` hashes exactly to its leaf in the
   * stored level-0 tile; throws LEDGER_ENTRY_MISMATCH naming the first that does not. On its own
   * this proves nothing about the tile: a verified inclusion proof of any one entry of the bundle
   * binds the whole level-0 tile to the signed root (every other leaf of the tile is covered by a
   * sibling hash of that proof, computed from the tile), so both together vouch for every entry
   * of the bundle. Checked once per bundle read.
   */
  checkBundleOf(i: number): void {
    const t = Math.floor(i / TILE_WIDTH);
    const entries = this.bundle(t);
    if (this.checkedBundles.has(entries)) return;
    const tile = this.tile(0, t);
    for (let j = 0; j < entries.length; j++) {
      if (!leafHash(entries[j]!).equals(tile.subarray(j * HASH_SIZE, (j + 1) * HASH_SIZE))) {
        const index = t * TILE_WIDTH + j;
        throw new RadcredError(
          'LEDGER_ENTRY_MISMATCH',
          `entry ${index} does not hash to its leaf in tile 0/${t} (an entry bundle was altered)`,
          'this ledger copy cannot be trusted: run `radcred ledger audit` on it, then pull it again',
          { index, tile: `0/${t}` },
        );
      }
    }
    this.checkedBundles.add(entries);
  }

  /** MTH of the complete, aligned subtree of `n` (a power of two) leaves starting at `start`. */
  readonly perfect = (start: number, n: number): Buffer => {
    const height = Math.round(Math.log2(n));
    const level = Math.floor(height / TILE_HEIGHT);
    const count = 2 ** (height - level * TILE_HEIGHT);
    const first = start / TILE_WIDTH ** level;
    const tile = this.tile(level, Math.floor(first / TILE_WIDTH));
    const heights = this.heightsOf(tile);
    const inTile = Math.round(Math.log2(count));
    const offset = ((first % TILE_WIDTH) / count) * HASH_SIZE;
    const found = heights[inTile]?.subarray(offset, offset + HASH_SIZE);
    // tile() checked the tile's width against the tree size, so a subtree inside the tree is in it
    if (found === undefined || found.length !== HASH_SIZE) {
      throw ledgerError(
        'LEDGER_TILE_RANGE',
        `the subtree of ${n} leaves at ${start} is beyond the tree size ${this.size}`,
      );
    }
    return Buffer.from(found);
  };

  /**
   * Every complete subtree hash inside one tile, by height (0: the tile's own hashes), computed
   * once per tile read: an 80-credential presentation needs 80 proofs through the same few tiles,
   * and hashing a 256-leaf subtree up again for each was most of its verify time.
   */
  private readonly heights = new WeakMap<Buffer, Buffer[]>();
  private heightsOf(tile: Buffer): Buffer[] {
    let heights = this.heights.get(tile);
    if (heights === undefined) {
      heights = [tile];
      for (let below = tile; below.length >= 2 * HASH_SIZE;) {
        const pairs = Math.floor(below.length / (2 * HASH_SIZE));
        const next = Buffer.allocUnsafe(pairs * HASH_SIZE);
        for (let i = 0; i < pairs; i++) {
          nodeHash(
            below.subarray(2 * i * HASH_SIZE, (2 * i + 1) * HASH_SIZE),
            below.subarray((2 * i + 1) * HASH_SIZE, (2 * i + 2) * HASH_SIZE),
          ).copy(next, i * HASH_SIZE);
        }
        heights.push(next);
        below = next;
      }
      this.heights.set(tile, heights);
    }
    return heights;
  }

  /** A reader of the same files that prefers `overlay` for the tiles it holds. */
  withOverlay(overlay: ReadonlyMap<string, Buffer>): TileReader {
    return new TileReader(this.dir, this.size, {
      overlay,
      ...(this.fallbackDir !== undefined ? { fallbackDir: this.fallbackDir } : {}),
    });
  }

  root(): Buffer {
    return rangeHash(this.perfect, 0, this.size);
  }

  /** Root of the prefix tree of `size` leaves (size <= this.size). */
  rootAt(size: number): Buffer {
    return rangeHash(this.perfect, 0, size);
  }

  inclusionProof(index: number): Buffer[] {
    return inclusionProof(this.perfect, index, 0, this.size);
  }

  consistencyProof(fromSize: number): Buffer[] {
    return consistencyProof(this.perfect, fromSize, this.size);
  }
}
