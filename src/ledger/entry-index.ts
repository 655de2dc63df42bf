// A derived, rebuildable index from credential digest to entry indices, so a verifier finds a
// credential's entries without reading the whole ledger. It lives in DIR/index/: `state` records
// the tree size and root it covers and the SHA-256 of each shard, and 4096 shard files hold
// "<digest hex> <index>" lines. The state is checked against the tiles (the root at its size)
// before use, a shard against its recorded hash; anything that does not match is rebuilt. Entries
// are indexed only once the tree vouches for them (their hashes reproduce the signed root), and
// every entry found is still checked against the tiles by the caller.
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exists, readBounded, readTextBounded, writeFileAtomic } from '../util/files.js';
import { isPlainObject } from '../util/json.js';
import { verifyEntryHashes } from './audit.js';
import type { Checkpoint } from './checkpoint.js';
import { isRadcredEntry, parseEntry } from './entry.js';
import type { TileReader } from './reader.js';

const INDEX_DIR = 'index';
const shardOf = (digestHex: string) => digestHex.slice(0, 3);

interface IndexState {
  size: number;
  root: string;
  /** shard name -> SHA-256 (hex) of its content */
  shards: Record<string, string>;
}

const MAX_SHARD_BYTES = 256 * 1024 * 1024;
const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

// The state file (4096 shard hashes) is read once per process while it stays the same file: a
// presentation's eight lookups would otherwise parse it eight times. It is only ever replaced by
// an atomic rename, which changes its inode.
const stateCache = new Map<string, { ino: number; mtimeMs: number; size: number; state: IndexState }>();

function readState(dir: string): IndexState | undefined {
  const path = join(dir, INDEX_DIR, 'state');
  let st;
  try {
    st = statSync(path);
  } catch {
    return undefined;
  }
  const hit = stateCache.get(path);
  if (hit && hit.ino === st.ino && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.state;
  try {
    const v: unknown = JSON.parse(readTextBounded(path, 'index state', 1024 * 1024));
    if (isPlainObject(v) && Number.isSafeInteger(v.size) && typeof v.root === 'string' && isPlainObject(v.shards)
      && Object.values(v.shards).every((h) => typeof h === 'string')) {
      const state: IndexState = { size: v.size as number, root: v.root, shards: v.shards as Record<string, string> };
      stateCache.set(path, { ino: st.ino, mtimeMs: st.mtimeMs, size: st.size, state });
      return state;
    }
  } catch {
    /* a damaged index is rebuilt */
  }
  return undefined;
}

/** A shard's text, if it is exactly what the state recorded (a missing shard is empty); else undefined. */
function readShard(dir: string, state: IndexState, shard: string): string | undefined {
  const path = join(dir, INDEX_DIR, shard);
  const expected = state.shards[shard];
  if (!exists(path)) return expected === undefined ? '' : undefined;
  let bytes: Buffer;
  try {
    bytes = readBounded(path, 'index shard', MAX_SHARD_BYTES);
  } catch {
    return undefined; // vanished or unreadable: as good as damaged
  }
  return expected !== undefined && sha256Hex(bytes) === expected ? bytes.toString('utf8') : undefined;
}

class IndexDamaged extends Error {}

/** Indexes entries [from, to) into the shard files, extending the shards `state` vouches for. */
function indexRange(dir: string, reader: TileReader, from: number, to: number, state: IndexState | undefined): Record<string, string> {
  const lines = new Map<string, string[]>();
  for (let i = from; i < to; i++) {
    const bytes = reader.entry(i);
    if (!isRadcredEntry(bytes)) continue;
    let credential: string;
    try {
      credential = parseEntry(bytes).credential;
    } catch {
      continue; // a malformed entry anchors nothing; audit reports it
    }
    const hex = credential.slice('sha256:'.length);
    const shard = shardOf(hex);
    const list = lines.get(shard) ?? [];
    list.push(`${hex} ${i}\n`);
    lines.set(shard, list);
  }
  mkdirSync(join(dir, INDEX_DIR), { recursive: true });
  const shards = { ...(state?.shards ?? {}) };
  for (const [shard, list] of lines) {
    const old = state ? readShard(dir, state, shard) : '';
    if (old === undefined) throw new IndexDamaged();
    // No fsync: the index is derived; a torn write no longer matches its hash and is rebuilt.
    const text = Buffer.from(old + list.join(''), 'utf8');
    writeFileSync(join(dir, INDEX_DIR, shard), text);
    shards[shard] = sha256Hex(text);
  }
  return shards;
}

function extendIndex(dir: string, reader: TileReader, checkpoint: Checkpoint, state: IndexState | undefined): IndexState {
  const from = state?.size ?? 0;
  // Never index entries the tree does not vouch for: an altered bundle would hide its entries.
  verifyEntryHashes(reader, checkpoint, from);
  const next = { size: checkpoint.size, root: checkpoint.root.toString('base64'), shards: indexRange(dir, reader, from, checkpoint.size, state) };
  writeFileAtomic(join(dir, INDEX_DIR, 'state'), JSON.stringify(next) + '\n');
  return next;
}

/** The index state at the checkpoint (extended incrementally or rebuilt); undefined if read-only. */
function currentIndex(dir: string, reader: TileReader, checkpoint: Checkpoint): IndexState | undefined {
  const state = readState(dir);
  const rootB64 = checkpoint.root.toString('base64');
  if (state && state.size === checkpoint.size && state.root === rootB64) return state;
  try {
    if (state && state.size > 0 && state.size < checkpoint.size && reader.rootAt(state.size).toString('base64') === state.root) {
      try {
        return extendIndex(dir, reader, checkpoint, state);
      } catch (e) {
        if (!(e instanceof IndexDamaged)) throw e;
      }
    }
    rmSync(join(dir, INDEX_DIR), { recursive: true, force: true });
    return extendIndex(dir, reader, checkpoint, undefined);
  } catch (e) {
    // Read-only, or the index directory removed under us by another process's rebuild:
    // no usable index now (lookups then scan).
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM' || code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * Brings the index up to the checkpoint (incrementally when its state is a prefix of the tree,
 * else from scratch). Returns false when the directory is read-only; lookups then scan.
 */
export function updateIndex(dir: string, reader: TileReader, checkpoint: Checkpoint): boolean {
  return currentIndex(dir, reader, checkpoint) !== undefined;
}

/** Entry indices (ascending, below the tree size) that name `digest`. */
export function lookupCredential(dir: string, reader: TileReader, checkpoint: Checkpoint, digest: string): number[] {
  const hex = digest.slice('sha256:'.length);
  for (let attempt = 0; attempt < 2; attempt++) {
    const state = currentIndex(dir, reader, checkpoint);
    if (state === undefined) break;
    const text = readShard(dir, state, shardOf(hex));
    if (text !== undefined) {
      const found = new Set<number>();
      for (const line of text.split('\n')) {
        if (line.startsWith(hex + ' ')) {
          const i = Number(line.slice(hex.length + 1));
          if (Number.isSafeInteger(i) && i >= 0 && i < checkpoint.size) found.add(i);
        }
      }
      return [...found].sort((a, b) => a - b);
    }
    // The shard does not match its recorded hash: damaged, so rebuild the index.
    try {
      rmSync(join(dir, INDEX_DIR), { recursive: true, force: true });
    } catch {
      break;
    }
  }
  // No usable index (read-only, or changing under us): scan the entries the tree vouches for.
  verifyEntryHashes(reader, checkpoint, 0);
  const found: number[] = [];
  for (let i = 0; i < checkpoint.size; i++) {
    const bytes = reader.entry(i);
    if (isRadcredEntry(bytes) && bytes.includes(`credential ${digest}\n`)) found.push(i);
  }
  return found;
}
