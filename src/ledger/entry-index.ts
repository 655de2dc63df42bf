// A derived, rebuildable index from credential digest to entry indices, so a verifier finds a
// credential's entries without reading the whole ledger. It lives in DIR/index/: `state` records
// the tree size and root it covers, and 4096 shard files hold "<digest hex> <index>" lines.
// The state is checked against the tiles (the root at its size) before use; anything that does
// not match is rebuilt, and every entry found is still checked against the tiles by the caller.
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { exists, readTextBounded, writeFileAtomic } from '../util/files.js';
import { isPlainObject } from '../util/json.js';
import type { Checkpoint } from './checkpoint.js';
import { isRadcredEntry, parseEntry } from './entry.js';
import type { TileReader } from './reader.js';

const INDEX_DIR = 'index';
const shardOf = (digestHex: string) => digestHex.slice(0, 3);

interface IndexState {
  size: number;
  root: string;
}

function readState(dir: string): IndexState | undefined {
  const path = join(dir, INDEX_DIR, 'state');
  if (!exists(path)) return undefined;
  try {
    const v: unknown = JSON.parse(readTextBounded(path, 'index state', 4096));
    if (isPlainObject(v) && Number.isSafeInteger(v.size) && typeof v.root === 'string') return { size: v.size as number, root: v.root };
  } catch {
    /* a damaged index is rebuilt */
  }
  return undefined;
}

/** Indexes entries [from, to) into the shard files (append-only; duplicates are harmless). */
function indexRange(dir: string, reader: TileReader, from: number, to: number): void {
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
  for (const [shard, list] of lines) appendFileSync(join(dir, INDEX_DIR, shard), list.join(''));
}

/**
 * Brings the index up to the checkpoint (incrementally when its state is a prefix of the tree,
 * else from scratch). Returns false when the directory is read-only; lookups then scan.
 */
export function updateIndex(dir: string, reader: TileReader, checkpoint: Checkpoint): boolean {
  const state = readState(dir);
  const rootB64 = checkpoint.root.toString('base64');
  if (state && state.size === checkpoint.size && state.root === rootB64) return true;
  try {
    let from = 0;
    if (state && state.size < checkpoint.size && reader.rootAt(state.size).toString('base64') === state.root && state.size > 0) from = state.size;
    else rmSync(join(dir, INDEX_DIR), { recursive: true, force: true });
    indexRange(dir, reader, from, checkpoint.size);
    writeFileAtomic(join(dir, INDEX_DIR, 'state'), JSON.stringify({ size: checkpoint.size, root: rootB64 }) + '\n');
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM') return false;
    throw e;
  }
}

/** Entry indices (ascending, below the tree size) that name `digest`. */
export function lookupCredential(dir: string, reader: TileReader, checkpoint: Checkpoint, digest: string): number[] {
  const hex = digest.slice('sha256:'.length);
  if (!updateIndex(dir, reader, checkpoint)) {
    const found: number[] = [];
    for (let i = 0; i < checkpoint.size; i++) {
      const bytes = reader.entry(i);
      if (isRadcredEntry(bytes) && bytes.includes(`credential ${digest}\n`)) found.push(i);
    }
    return found;
  }
  const path = join(dir, INDEX_DIR, shardOf(hex));
  if (!exists(path)) return [];
  const found = new Set<number>();
  for (const line of readTextBounded(path, 'index shard', 256 * 1024 * 1024).split('\n')) {
    if (line.startsWith(hex + ' ')) {
      const i = Number(line.slice(hex.length + 1));
      if (Number.isSafeInteger(i) && i >= 0 && i < checkpoint.size) found.add(i);
    }
  }
  return [...found].sort((a, b) => a - b);
}
