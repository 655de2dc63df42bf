// @internal (src/ledger only)
// `ledger audit`'s check of a copy's index against the shard hashes recomputed from its entries.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RadcredError } from '../errors.js';
import { readBounded } from '../util/files.js';
import type { Checkpoint } from './checkpoint.js';
import { SHARD_NAME, versionName, type ShardHashes } from './index-format.js';
import {
  INDEX_DIR,
  listVersions,
  MAX_SHARD_BYTES,
  readShardFile,
  readVersionState,
  STATE_FILE,
} from './index-version.js';

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
  const others = listVersions(indexDir)
    .filter((v) => v.name !== name)
    .map((v) => ({ version: v.name, size: v.size }));
  const legacy = names.some((n) => n === STATE_FILE || SHARD_NAME.test(n));
  const base = { version: name, others, legacy };
  if (!names.includes(name) || cp.size === 0) return { ...base, status: 'missing' };
  const vdir = join(indexDir, name);
  const mismatch = (shard: string, why: string) =>
    new RadcredError(
      'LEDGER_INDEX_MISMATCH',
      `the copy's index/${name}/${shard} ${why}`,
      `the index is derived from the entries: remove ${indexDir} and radcred rebuilds it; but find out who altered this copy (radcred never writes a wrong index)`,
      { version: name, shard },
    );
  const state = readVersionState(vdir);
  if (state === undefined) throw mismatch(STATE_FILE, 'is missing or not a readable index state');
  if (state.size !== cp.size || state.root !== cp.root.toString('base64'))
    throw mismatch(STATE_FILE, `describes another tree (size ${state.size})`);
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
      throw mismatch(
        shard,
        expected === undefined
          ? 'is listed in the state, but no entry belongs in it'
          : claimed === undefined
            ? 'is left out of the state, but entries belong in it'
            : 'has a hash in the state that the entries do not give',
      );
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
