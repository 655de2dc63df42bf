// @internal (src/ledger only)
// One index version on disk (see entry-index.ts for the layout and why it is trusted): its
// state, its shard files, and finding an older trusted version to extend.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RadcredError } from '../errors.js';
import { readBounded, readTextBounded } from '../util/files.js';
import { isPlainObject } from '../util/json.js';
import type { Checkpoint } from './checkpoint.js';
import { indexDigest, isShardHashes, sha256Hex, VERSION_NAME, versionName, type ShardHashes } from './index-format.js';
import { verifyConsistency } from './merkle.js';
import type { TileReader } from './reader.js';

export const INDEX_DIR = 'index';
export const STATE_FILE = 'state';
export const MAX_SHARD_BYTES = 256 * 1024 * 1024;
const MAX_STATE_BYTES = 1024 * 1024;

export interface VersionState {
  size: number;
  root: string;
  shards: ShardHashes;
  digest: string;
}

export interface Handle {
  /** trusted: every shard read is checked against these hashes */
  state: VersionState;
  /** where the shard files not held in `texts` are (a published version, or the base of an unpublished build) */
  dir: string | undefined;
  /** shard texts built by this process and not published (a read-only copy) */
  texts: Map<string, string> | undefined;
  published: boolean;
}

export interface Base {
  state: VersionState;
  dir: string;
}

// ---- reading versions -----------------------------------------------------------------------

// A version's state (4096 shard hashes) is parsed once per process while it is the same file: a
// presentation's eight lookups would otherwise parse it eight times. A published state is never
// rewritten; a replaced version is a new file (a new inode).
const stateCache = new Map<string, { ino: number; mtimeMs: number; size: number; state: VersionState }>();

export function readVersionState(vdir: string): VersionState | undefined {
  const path = join(vdir, STATE_FILE);
  let st;
  try {
    st = statSync(path);
  } catch {
    return undefined;
  }
  const hit = stateCache.get(path);
  if (hit && hit.ino === st.ino && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.state;
  try {
    const v: unknown = JSON.parse(readTextBounded(path, 'index state', MAX_STATE_BYTES));
    if (
      isPlainObject(v) &&
      v.version === 2 &&
      Number.isSafeInteger(v.size) &&
      (v.size as number) > 0 &&
      typeof v.root === 'string' &&
      isShardHashes(v.shards)
    ) {
      const state: VersionState = {
        size: v.size as number,
        root: v.root,
        shards: v.shards,
        digest: indexDigest(v.size as number, v.root, v.shards),
      };
      if (stateCache.size >= 64) stateCache.delete(stateCache.keys().next().value as string);
      stateCache.set(path, { ino: st.ino, mtimeMs: st.mtimeMs, size: st.size, state });
      return state;
    }
  } catch {
    /* damaged: as good as absent */
  }
  return undefined;
}

/** A shard file's text if it hashes to `expected`; undefined if it does not, or cannot be read. */
export function readShardFile(vdir: string, shard: string, expected: string): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readBounded(join(vdir, shard), 'index shard', MAX_SHARD_BYTES);
  } catch {
    return undefined; // vanished (a version removed or replaced) or unreadable
  }
  return sha256Hex(bytes) === expected ? bytes.toString('utf8') : undefined;
}

/** A shard's text from a trusted handle (an empty shard has no file); undefined if it does not match. */
export function readShard(h: Handle, shard: string): string | undefined {
  const text = h.texts?.get(shard);
  if (text !== undefined) return text;
  const expected = h.state.shards[shard];
  if (expected === undefined) return '';
  return h.dir === undefined ? undefined : readShardFile(h.dir, shard, expected);
}

export function listVersions(indexDir: string): { name: string; size: number }[] {
  let names: string[];
  try {
    names = readdirSync(indexDir);
  } catch {
    return [];
  }
  return names
    .flatMap((name) => {
      const m = VERSION_NAME.exec(name);
      return m ? [{ name, size: Number(m[1]) }] : [];
    })
    .sort((a, b) => b.size - a.size || (a.name < b.name ? -1 : 1));
}

export const describes = (s: VersionState, name: string) => versionName(s.size, Buffer.from(s.root, 'base64')) === name;

/**
 * The newest older version to extend: trusted, and proven a prefix of the checkpoint's tree by
 * a consistency proof from the tiles (so its lines are those of the tree's first entries).
 */
export function findBase(
  dir: string,
  reader: TileReader,
  cp: Checkpoint,
  trusted: (s: VersionState) => boolean,
): Base | undefined {
  for (const v of listVersions(join(dir, INDEX_DIR))
    .filter((x) => x.size > 0 && x.size < cp.size)
    .slice(0, 4)) {
    const vdir = join(dir, INDEX_DIR, v.name);
    const state = readVersionState(vdir);
    if (state === undefined || !describes(state, v.name) || !trusted(state)) continue;
    try {
      if (
        !verifyConsistency(
          state.size,
          cp.size,
          reader.consistencyProof(state.size),
          Buffer.from(state.root, 'base64'),
          cp.root,
        )
      )
        continue;
    } catch (e) {
      if (e instanceof RadcredError) continue; // tiles missing or damaged: the build from scratch reports it
      throw e;
    }
    return { state, dir: vdir };
  }
  return undefined;
}
