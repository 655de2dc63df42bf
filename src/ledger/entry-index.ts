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
import { join } from 'node:path';
import { verifyEntryHashes } from './audit.js';
import type { Checkpoint } from './checkpoint.js';
import { isRadcredEntry, parseEntry } from './entry.js';
import { indexDigest, shardOf, versionName } from './index-format.js';
import { BaseUnusable, build, prune, publish, type Built } from './index-publish.js';
import { findBase, INDEX_DIR, readShard, readVersionState, type Handle, type VersionState } from './index-version.js';
import { isRecorded, readIndexRecords, recordIndex } from './pins.js';
import type { TileReader } from './reader.js';

export { auditIndexCopy, type IndexAudit } from './index-audit.js';

/** Whose index this is: the operator's own ledger, or a verifier's copy trusted through its home. */
export type IndexTrust = { mode: 'own' } | { mode: 'verifier'; home: string; origin: string };
export const OWN_INDEX: IndexTrust = { mode: 'own' };

export const indexVersionDir = (dir: string, size: number, root: Buffer) =>
  join(dir, INDEX_DIR, versionName(size, root));

/**
 * A trusted index for the checkpoint: the copy's own version when it is trusted, else a new
 * build (published when the copy can be written). `rebuild` ignores every version on disk.
 */
function resolve(dir: string, reader: TileReader, cp: Checkpoint, trust: IndexTrust, rebuild: boolean): Handle {
  const root = cp.root.toString('base64');
  if (cp.size === 0)
    return {
      state: { size: 0, root, shards: {}, digest: indexDigest(0, root, {}) },
      dir: undefined,
      texts: new Map(),
      published: false,
    };
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
  if (trust.mode === 'verifier')
    recordIndex(trust.home, trust.origin, { size: cp.size, root, digest: built.state.digest });
  // The copy's version is what this process built from verified entries: trusted from now on.
  if (current && current.digest === built.state.digest)
    return { state: current, dir: vdir, texts: undefined, published: true };
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
  [
    dir,
    cp.size,
    cp.root.toString('base64'),
    ...(trust.mode === 'own' ? ['own'] : ['verifier', trust.home, trust.origin]),
  ].join('\0');

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
function shardText(
  dir: string,
  reader: TileReader,
  cp: Checkpoint,
  shard: string,
  trust: IndexTrust,
): string | undefined {
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
export function lookupCredential(
  dir: string,
  reader: TileReader,
  cp: Checkpoint,
  digest: string,
  trust: IndexTrust,
): number[] {
  const hex = digest.slice('sha256:'.length);
  const text = shardText(dir, reader, cp, shardOf(hex), trust);
  if (text === undefined)
    return scan(reader, cp, (bytes) => isRadcredEntry(bytes) && bytes.includes(`credential ${digest}\n`));
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
export function digestsWithPrefix(
  dir: string,
  reader: TileReader,
  cp: Checkpoint,
  prefixHex: string,
  trust: IndexTrust,
): string[] {
  const text = shardText(dir, reader, cp, shardOf(prefixHex), trust);
  const found = new Set<string>();
  if (text === undefined) {
    for (const i of scan(
      reader,
      cp,
      (bytes) => isRadcredEntry(bytes) && bytes.includes(`credential sha256:${prefixHex}`),
    )) {
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
