// A derived, rebuildable index from credential digest to entry indices, so a lookup finds a
// credential's entries without reading the whole ledger (its content: index-format.ts).
//
// Versions. DIR/index/<size>-<first 16 hex of root>/ holds one version: `state` (its tree size,
// root and the SHA-256 of each shard) and the shard files. A published version is never changed:
// a new one is built in a temp directory inside index/ (`.build-<pid>-<random>`) and renamed into
// place in one step, so a reader sees a whole version or none, and no process ever writes into a
// directory another one reads or removes (readers used to rebuild index/ in place, and a
// concurrent rebuild failed with ENOTEMPTY). When the name is taken already, the build is
// discarded if the version there has the same digest (builds are deterministic), else it replaces
// it (renamed away first). A version extends the newest usable older one: only the entries since
// are read and verified, unchanged shards are hard-linked. Older versions are removed best-effort
// (the newest two are kept); a reader whose version vanishes, or whose shard no longer matches,
// resolves again, then rebuilds from scratch.
//
// Trust. Whoever can write a ledger copy can write its index/, so a verifier never trusts a
// version for what it says about itself: it uses one only when the version's digest is recorded
// for that tree under its own home (pins/<origin>.index.json, next to the pin), which it does only
// for versions it built from entries that reproduced the signed root (verifyEntryHashes), or
// found identical to such a build. Anything else is rebuilt (extending a trusted version when
// there is one, proven a prefix of the tree by a consistency proof) and recorded; a copy that
// cannot be written is indexed in memory for this process. Every shard read is checked against the
// trusted shard hashes. The operator's own ledger ('own') trusts its own index, but writes it the
// same race-free way. Every entry found is still proven included from the tiles by the caller.
import { randomBytes } from 'node:crypto';
import { copyFileSync, linkSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RadcredError } from '../errors.js';
import { pidAlive, readBounded, readTextBounded } from '../util/files.js';
import { isPlainObject } from '../util/json.js';
import { verifyEntryHashes } from './audit.js';
import type { Checkpoint } from './checkpoint.js';
import { isRadcredEntry, parseEntry } from './entry.js';
import { indexDigest, indexLine, isShardHashes, SHARD_NAME, sha256Hex, shardOf, VERSION_NAME, versionName, type ShardHashes } from './index-format.js';
import { verifyConsistency } from './merkle.js';
import { isRecorded, readIndexRecords, recordIndex } from './pins.js';
import type { TileReader } from './reader.js';

/** Whose index this is: the operator's own ledger, or a verifier's copy trusted through its home. */
export type IndexTrust = { mode: 'own' } | { mode: 'verifier'; home: string; origin: string };
export const OWN_INDEX: IndexTrust = { mode: 'own' };

const INDEX_DIR = 'index';
const STATE_FILE = 'state';
const MAX_SHARD_BYTES = 256 * 1024 * 1024;
const MAX_STATE_BYTES = 1024 * 1024;
/** published versions kept besides the one just made */
const KEEP_VERSIONS = 2;
const TEMP_DIR = /^\.(?:build|trash)-(\d+)-[0-9a-f]+$/;

interface VersionState {
  size: number;
  root: string;
  shards: ShardHashes;
  digest: string;
}

interface Handle {
  /** trusted: every shard read is checked against these hashes */
  state: VersionState;
  /** where the shard files not held in `texts` are (a published version, or the base of an unpublished build) */
  dir: string | undefined;
  /** shard texts built by this process and not published (a read-only copy) */
  texts: Map<string, string> | undefined;
  published: boolean;
}

interface Base {
  state: VersionState;
  dir: string;
}

interface Built {
  state: VersionState;
  /** the shards that changed since the base (all of them without one) */
  texts: Map<string, string>;
  base: Base | undefined;
}

export const indexVersionDir = (dir: string, size: number, root: Buffer) => join(dir, INDEX_DIR, versionName(size, root));

const errno = (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code;
const taken = (e: unknown) => errno(e) === 'ENOTEMPTY' || errno(e) === 'EEXIST';
const tempName = (kind: 'build' | 'trash') => `.${kind}-${process.pid}-${randomBytes(6).toString('hex')}`;

// ---- reading versions -----------------------------------------------------------------------

// A version's state (4096 shard hashes) is parsed once per process while it is the same file: a
// presentation's eight lookups would otherwise parse it eight times. A published state is never
// rewritten; a replaced version is a new file (a new inode).
const stateCache = new Map<string, { ino: number; mtimeMs: number; size: number; state: VersionState }>();

function readVersionState(vdir: string): VersionState | undefined {
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
    if (isPlainObject(v) && v.version === 2 && Number.isSafeInteger(v.size) && (v.size as number) > 0 && typeof v.root === 'string' && isShardHashes(v.shards)) {
      const state: VersionState = { size: v.size as number, root: v.root, shards: v.shards, digest: indexDigest(v.size as number, v.root, v.shards) };
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
function readShardFile(vdir: string, shard: string, expected: string): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readBounded(join(vdir, shard), 'index shard', MAX_SHARD_BYTES);
  } catch {
    return undefined; // vanished (a version removed or replaced) or unreadable
  }
  return sha256Hex(bytes) === expected ? bytes.toString('utf8') : undefined;
}

/** A shard's text from a trusted handle (an empty shard has no file); undefined if it does not match. */
function readShard(h: Handle, shard: string): string | undefined {
  const text = h.texts?.get(shard);
  if (text !== undefined) return text;
  const expected = h.state.shards[shard];
  if (expected === undefined) return '';
  return h.dir === undefined ? undefined : readShardFile(h.dir, shard, expected);
}

function listVersions(indexDir: string): { name: string; size: number }[] {
  let names: string[];
  try {
    names = readdirSync(indexDir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const m = VERSION_NAME.exec(name);
    return m ? [{ name, size: Number(m[1]) }] : [];
  }).sort((a, b) => b.size - a.size || (a.name < b.name ? -1 : 1));
}

const describes = (s: VersionState, name: string) => versionName(s.size, Buffer.from(s.root, 'base64')) === name;

/**
 * The newest older version to extend: trusted, and proven a prefix of the checkpoint's tree by
 * a consistency proof from the tiles (so its lines are those of the tree's first entries).
 */
function findBase(dir: string, reader: TileReader, cp: Checkpoint, trusted: (s: VersionState) => boolean): Base | undefined {
  for (const v of listVersions(join(dir, INDEX_DIR)).filter((x) => x.size > 0 && x.size < cp.size).slice(0, 4)) {
    const vdir = join(dir, INDEX_DIR, v.name);
    const state = readVersionState(vdir);
    if (state === undefined || !describes(state, v.name) || !trusted(state)) continue;
    try {
      if (!verifyConsistency(state.size, cp.size, reader.consistencyProof(state.size), Buffer.from(state.root, 'base64'), cp.root)) continue;
    } catch (e) {
      if (e instanceof RadcredError) continue; // tiles missing or damaged: the build from scratch reports it
      throw e;
    }
    return { state, dir: vdir };
  }
  return undefined;
}

// ---- building and publishing ----------------------------------------------------------------

class BaseUnusable extends Error {}

/** The version for the checkpoint: the base's lines plus those of the entries since, verified against the signed root. */
function build(reader: TileReader, cp: Checkpoint, base: Base | undefined): Built {
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
function prune(indexDir: string, keep: string): void {
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
function publish(dir: string, name: string, built: Built, replace: boolean): 'published' | 'unwritable' | 'base-gone' {
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
    writeFileSync(join(buildDir, STATE_FILE), JSON.stringify({ version: 2, size: state.size, root: state.root, shards: state.shards }) + '\n');
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

/**
 * A trusted index for the checkpoint: the copy's own version when it is trusted, else a new
 * build (published when the copy can be written). `rebuild` ignores every version on disk.
 */
function resolve(dir: string, reader: TileReader, cp: Checkpoint, trust: IndexTrust, rebuild: boolean): Handle {
  const root = cp.root.toString('base64');
  if (cp.size === 0) return { state: { size: 0, root, shards: {}, digest: indexDigest(0, root, {}) }, dir: undefined, texts: new Map(), published: false };
  const name = versionName(cp.size, cp.root);
  const vdir = join(dir, INDEX_DIR, name);
  const records = trust.mode === 'verifier' ? readIndexRecords(trust.home, trust.origin) : [];
  const trusted = (s: VersionState) => trust.mode === 'own' || isRecorded(records, s);
  const found = rebuild ? undefined : readVersionState(vdir);
  const current = found && found.size === cp.size && found.root === root ? found : undefined;
  if (current && trusted(current)) return { state: current, dir: vdir, texts: undefined, published: true };

  const base = rebuild ? undefined : findBase(dir, reader, cp, trusted);
  let built: Built | undefined;
  if (base) {
    try {
      built = build(reader, cp, base);
    } catch (e) {
      if (!(e instanceof BaseUnusable)) throw e;
    }
  }
  built ??= build(reader, cp, undefined);
  if (trust.mode === 'verifier') recordIndex(trust.home, trust.origin, { size: cp.size, root, digest: built.state.digest });
  // The copy's version is what this process built from verified entries: trusted from now on.
  if (current && current.digest === built.state.digest) return { state: current, dir: vdir, texts: undefined, published: true };
  let outcome = publish(dir, name, built, rebuild);
  if (outcome === 'base-gone') {
    // The base was removed while its shards were being linked: a build from scratch needs none.
    built = build(reader, cp, undefined);
    outcome = publish(dir, name, built, rebuild);
  }
  if (outcome === 'published') {
    prune(join(dir, INDEX_DIR), name);
    return { state: built.state, dir: vdir, texts: undefined, published: true };
  }
  return { state: built.state, dir: built.base?.dir, texts: built.texts, published: false };
}

// Trusted handles, per ledger directory, tree and trust: a verification's lookups resolve once.
const handles = new Map<string, Handle>();
const handleKey = (dir: string, cp: Checkpoint, trust: IndexTrust) =>
  [dir, cp.size, cp.root.toString('base64'), ...(trust.mode === 'own' ? ['own'] : ['verifier', trust.home, trust.origin])].join('\0');

function handleFor(dir: string, reader: TileReader, cp: Checkpoint, trust: IndexTrust, attempt: number): Handle {
  const key = handleKey(dir, cp, trust);
  const hit = attempt === 0 ? handles.get(key) : undefined;
  if (hit) return hit;
  // attempt 1 resolves again (the version may have been replaced or removed); 2 rebuilds
  const h = resolve(dir, reader, cp, trust, attempt >= 2);
  if (handles.size >= 16) handles.delete(handles.keys().next().value as string);
  handles.set(key, h);
  return h;
}

/** The text of one shard at the checkpoint, from a trusted index; undefined if none can be had. */
function shardText(dir: string, reader: TileReader, cp: Checkpoint, shard: string, trust: IndexTrust): string | undefined {
  for (let attempt = 0; attempt < 3; attempt++) {
    const text = readShard(handleFor(dir, reader, cp, trust, attempt), shard);
    if (text !== undefined) return text;
    handles.delete(handleKey(dir, cp, trust));
  }
  return undefined;
}

export interface IndexInfo {
  /** index/<version> */
  version: string;
  digest: string;
  /** the version is on disk (false: a read-only copy, indexed in memory for this process) */
  published: boolean;
}

/** Brings the index up to the checkpoint (see the top of this file). */
export function ensureIndex(dir: string, reader: TileReader, cp: Checkpoint, trust: IndexTrust): IndexInfo {
  const h = handleFor(dir, reader, cp, trust, 0);
  return { version: versionName(cp.size, cp.root), digest: h.state.digest, published: h.published };
}

/** Reads every entry the tree vouches for: the last resort when no index can be had. */
function scan(reader: TileReader, cp: Checkpoint, match: (bytes: Buffer) => boolean): number[] {
  verifyEntryHashes(reader, cp, 0);
  const found: number[] = [];
  for (let i = 0; i < cp.size; i++) if (match(reader.entry(i))) found.push(i);
  return found;
}

/** Entry indices (ascending, below the tree size) that name `digest`. */
export function lookupCredential(dir: string, reader: TileReader, cp: Checkpoint, digest: string, trust: IndexTrust): number[] {
  const hex = digest.slice('sha256:'.length);
  const text = shardText(dir, reader, cp, shardOf(hex), trust);
  if (text === undefined) return scan(reader, cp, (bytes) => isRadcredEntry(bytes) && bytes.includes(`credential ${digest}\n`));
  const found = new Set<number>();
  for (const line of text.split('\n')) {
    if (line.startsWith(hex + ' ')) {
      const i = Number(line.slice(hex.length + 1));
      if (Number.isSafeInteger(i) && i >= 0 && i < cp.size) found.add(i);
    }
  }
  return [...found].sort((a, b) => a - b);
}

/** The credential digests in the ledger whose hex starts with `prefixHex` (at least 3 characters). */
export function digestsWithPrefix(dir: string, reader: TileReader, cp: Checkpoint, prefixHex: string, trust: IndexTrust): string[] {
  const text = shardText(dir, reader, cp, shardOf(prefixHex), trust);
  const found = new Set<string>();
  if (text === undefined) {
    for (const i of scan(reader, cp, (bytes) => isRadcredEntry(bytes) && bytes.includes(`credential sha256:${prefixHex}`))) {
      try {
        found.add(parseEntry(reader.entry(i)).credential);
      } catch {
        /* malformed: names nothing */
      }
    }
    return [...found].filter((d) => d.startsWith('sha256:' + prefixHex));
  }
  for (const line of text.split('\n')) if (line.startsWith(prefixHex)) found.add('sha256:' + line.split(' ')[0]);
  return [...found];
}

// ---- audit ----------------------------------------------------------------------------------

export interface IndexAudit {
  /** index/<version> for the checkpoint */
  version: string;
  /** match: the copy's version is exactly what the entries give; missing: there is none (fine) */
  status: 'match' | 'missing';
  digest?: string;
  /** other versions found (not checked): older ones are stale, newer ones belong to no checkpoint here */
  others: { version: string; size: number }[];
  /** files of the old single-directory layout (ignored, removed on the next build) */
  legacy: boolean;
}

/**
 * Compares the copy's index version for the checkpoint with the shard hashes recomputed from the
 * entries (by `ledger audit`): the state's hashes and every shard file. Throws
 * LEDGER_INDEX_MISMATCH naming the first shard that differs; a missing or stale index is fine.
 */
export function auditIndexCopy(dir: string, cp: Checkpoint, recomputed: ShardHashes): IndexAudit {
  const indexDir = join(dir, INDEX_DIR);
  const name = versionName(cp.size, cp.root);
  let names: string[] = [];
  try {
    names = readdirSync(indexDir);
  } catch {
    /* no index at all */
  }
  const others = listVersions(indexDir).filter((v) => v.name !== name).map((v) => ({ version: v.name, size: v.size }));
  const legacy = names.some((n) => n === STATE_FILE || SHARD_NAME.test(n));
  const base = { version: name, others, legacy };
  if (!names.includes(name) || cp.size === 0) return { ...base, status: 'missing' };
  const vdir = join(indexDir, name);
  const mismatch = (shard: string, why: string) => new RadcredError('LEDGER_INDEX_MISMATCH', `the copy's index/${name}/${shard} ${why}`,
    `the index is derived from the entries: remove ${indexDir} and radcred rebuilds it; but find out who altered this copy (radcred never writes a wrong index)`,
    { version: name, shard });
  const state = readVersionState(vdir);
  if (state === undefined) throw mismatch(STATE_FILE, 'is missing or not a readable index state');
  if (state.size !== cp.size || state.root !== cp.root.toString('base64')) throw mismatch(STATE_FILE, `describes another tree (size ${state.size})`);
  let files: string[];
  try {
    files = readdirSync(vdir).filter((f) => SHARD_NAME.test(f));
  } catch {
    files = [];
  }
  const shards = [...new Set([...Object.keys(recomputed), ...Object.keys(state.shards), ...files])].sort();
  for (const shard of shards) {
    const expected = recomputed[shard];
    const claimed = state.shards[shard];
    if (claimed !== expected) {
      throw mismatch(shard, expected === undefined ? 'is listed in the state, but no entry belongs in it'
        : claimed === undefined ? 'is left out of the state, but entries belong in it' : 'has a hash in the state that the entries do not give');
    }
    if (expected === undefined) {
      if (files.includes(shard)) {
        let bytes: Buffer | undefined;
        try {
          bytes = readBounded(join(vdir, shard), 'index shard', MAX_SHARD_BYTES);
        } catch {
          /* unreadable: reported below */
        }
        if (bytes === undefined || bytes.length > 0) throw mismatch(shard, 'holds lines, but no entry belongs in it');
      }
    } else if (readShardFile(vdir, shard, expected) === undefined) {
      throw mismatch(shard, files.includes(shard) ? 'differs from the lines the entries give' : 'is missing');
    }
  }
  return { ...base, status: 'match', digest: state.digest };
}
