// @internal (src/ledger only)
// Building an index version from verified entries and publishing it race-free (see
// entry-index.ts): a temp directory renamed into place, older versions retired, never deleted in place.
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { pidAlive } from '../util/files.js';
import { verifyEntryHashes } from './audit.js';
import type { Checkpoint } from './checkpoint.js';
import { isRadcredEntry, parseEntry } from './entry.js';
import { indexDigest, indexLine, SHARD_NAME, sha256Hex, shardOf, type ShardHashes } from './index-format.js';
import {
  INDEX_DIR,
  listVersions,
  readShardFile,
  readVersionState,
  STATE_FILE,
  type Base,
  type VersionState,
} from './index-version.js';
import type { TileReader } from './reader.js';

/** published versions kept besides the one just made */
const KEEP_VERSIONS = 2;
const TEMP_DIR = /^\.(?:build|trash)-(\d+)-[0-9a-f]+$/;

export interface Built {
  state: VersionState;
  /** the shards that changed since the base (all of them without one) */
  texts: Map<string, string>;
  base: Base | undefined;
}

const errno = (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code;
const taken = (e: unknown) => errno(e) === 'ENOTEMPTY' || errno(e) === 'EEXIST';
const tempName = (kind: 'build' | 'trash') => `.${kind}-${process.pid}-${randomBytes(6).toString('hex')}`;

// ---- building and publishing ----------------------------------------------------------------

export class BaseUnusable extends Error {}

/** The version for the checkpoint: the base's lines plus those of the entries since, verified against the signed root. */
export function build(reader: TileReader, cp: Checkpoint, base: Base | undefined): Built {
  const lines = new Map<string, string[]>();
  // Never index entries the tree does not vouch for: an altered bundle would hide its entries.
  verifyEntryHashes(reader, cp, base?.state.size ?? 0, (i, bytes) => {
    if (!isRadcredEntry(bytes)) return;
    let credential: string;
    try {
      credential = parseEntry(bytes).credential;
    } catch {
      return; // a malformed entry anchors nothing; audit reports it
    }
    const hex = credential.slice('sha256:'.length);
    const shard = shardOf(hex);
    const list = lines.get(shard);
    if (list) list.push(indexLine(hex, i));
    else lines.set(shard, [indexLine(hex, i)]);
  });
  const shards: ShardHashes = { ...(base?.state.shards ?? {}) };
  const texts = new Map<string, string>();
  for (const [shard, list] of lines) {
    const expected = base?.state.shards[shard];
    const old = base === undefined || expected === undefined ? '' : readShardFile(base.dir, shard, expected);
    if (old === undefined) throw new BaseUnusable();
    const text = old + list.join('');
    texts.set(shard, text);
    shards[shard] = sha256Hex(text);
  }
  const root = cp.root.toString('base64');
  return { state: { size: cp.size, root, shards, digest: indexDigest(cp.size, root, shards) }, texts, base };
}

/** A shard unchanged since the base, into the new version: a hard link, or a checked copy. */
function linkShard(base: Base, shard: string, to: string): void {
  const from = join(base.dir, shard);
  try {
    linkSync(from, to);
  } catch (e) {
    if (errno(e) === 'ENOENT') throw new BaseUnusable(); // the base was removed meanwhile
    copyFileSync(from, to); // a file system without hard links
    if (readShardFile(join(to, '..'), shard, base.state.shards[shard]!) === undefined) throw new BaseUnusable();
  }
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    /* best effort */
  }
}

/** Removes a directory of index/ without ever deleting inside a name others may use: renamed away first. */
function retire(indexDir: string, name: string): void {
  const trash = join(indexDir, tempName('trash'));
  try {
    renameSync(join(indexDir, name), trash);
  } catch {
    return; // gone already, or replaced meanwhile: leave it
  }
  removeQuietly(trash);
}

/** Temp directories of builds whose process died; the old single-directory layout's files. */
function removeLeftovers(indexDir: string, names: string[]): void {
  for (const name of names) {
    const pid = TEMP_DIR.exec(name)?.[1];
    if (pid !== undefined) {
      if (!pidAlive(Number(pid))) removeQuietly(join(indexDir, name));
    } else if (name === STATE_FILE || SHARD_NAME.test(name)) {
      try {
        if (lstatSync(join(indexDir, name)).isFile()) unlinkSync(join(indexDir, name));
      } catch {
        /* removed by another process meanwhile */
      }
    }
  }
}

/** Keeps the newest versions and `keep`; removes the rest, best effort. */
export function prune(indexDir: string, keep: string): void {
  const versions = listVersions(indexDir);
  const kept = new Set([keep, ...versions.slice(0, KEEP_VERSIONS).map((v) => v.name)]);
  for (const v of versions) if (!kept.has(v.name)) retire(indexDir, v.name);
  try {
    removeLeftovers(indexDir, readdirSync(indexDir));
  } catch {
    /* best effort */
  }
}

/**
 * Writes the version into a temp directory and renames it into place. When the name is taken,
 * the version there is kept if its digest is ours (unless `replace`: one of its shards was found
 * damaged), else replaced. 'unwritable' when the copy cannot be written (read-only, full): the
 * caller then uses the build from memory; 'base-gone' when the base vanished meanwhile.
 */
export function publish(
  dir: string,
  name: string,
  built: Built,
  replace: boolean,
): 'published' | 'unwritable' | 'base-gone' {
  const indexDir = join(dir, INDEX_DIR);
  const target = join(indexDir, name);
  let tmp: string | undefined;
  let trash: string | undefined;
  try {
    mkdirSync(indexDir, { recursive: true });
    // A symlinked index/ (someone who can write the copy could point it anywhere, a home
    // included) is read through, never written or pruned.
    if (lstatSync(indexDir).isSymbolicLink()) return 'unwritable';
    const buildDir = join(indexDir, tempName('build'));
    mkdirSync(buildDir);
    tmp = buildDir;
    const { state } = built;
    for (const shard of Object.keys(state.shards)) {
      const text = built.texts.get(shard);
      // No fsync: the index is derived. A version torn by a power cut no longer matches its
      // hashes (or its record) and is rebuilt.
      if (text !== undefined) writeFileSync(join(buildDir, shard), text);
      else linkShard(built.base!, shard, join(buildDir, shard));
    }
    writeFileSync(
      join(buildDir, STATE_FILE),
      JSON.stringify({ version: 2, size: state.size, root: state.root, shards: state.shards }) + '\n',
    );
    try {
      renameSync(buildDir, target);
      tmp = undefined;
      return 'published';
    } catch (e) {
      if (!taken(e)) throw e;
    }
    // Another process published this version first (or a damaged or altered one is there).
    if (!replace && readVersionState(target)?.digest === state.digest) return 'published';
    trash = join(indexDir, tempName('trash'));
    try {
      renameSync(target, trash);
    } catch (e) {
      if (errno(e) !== 'ENOENT') throw e;
      trash = undefined;
    }
    try {
      renameSync(buildDir, target);
      tmp = undefined;
      return 'published';
    } catch (e) {
      if (!taken(e)) throw e;
      return readVersionState(target)?.digest === state.digest ? 'published' : 'unwritable'; // yet another one, meanwhile
    }
  } catch (e) {
    if (e instanceof BaseUnusable) return 'base-gone';
    if (errno(e) !== undefined) return 'unwritable';
    throw e;
  } finally {
    if (tmp !== undefined) removeQuietly(tmp);
    if (trash !== undefined) removeQuietly(trash);
  }
}
