// @internal (src/ledger only)
// The derived index's content, as a pure function of the tree (see entry-index.ts): 4096 shards,
// named by the first 3 hex digits of a credential digest, each holding one "<digest hex> <index>\n"
// line per parsable radcred entry naming it, in entry order. A version of the index is identified
// by its tree (size, root) and summarised by one canonical digest over its shard hashes, so two
// honest builds of the same tree, wherever and whenever made, have the same digest.
import { createHash, type Hash } from 'node:crypto';

export const shardOf = (digestHex: string) => digestHex.slice(0, 3);
export const indexLine = (digestHex: string, index: number) => `${digestHex} ${index}\n`;
export const SHARD_NAME = /^[0-9a-f]{3}$/;
const HASH_HEX = /^[0-9a-f]{64}$/;

export const sha256Hex = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** shard name -> SHA-256 (hex) of its content; shards with no lines are absent */
export type ShardHashes = Record<string, string>;

export const isShardHashes = (v: unknown): v is ShardHashes =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.entries(v).every(([name, hash]) => SHARD_NAME.test(name) && typeof hash === 'string' && HASH_HEX.test(hash));

/**
 * The canonical digest of an index version: SHA-256 over its tree size, its root and its shard
 * hashes sorted by shard name. This is what a verifier records under its home (pins/) to trust a
 * copy's index later without rebuilding it.
 */
export function indexDigest(size: number, rootB64: string, shards: ShardHashes): string {
  const lines = [`radcred-index/v2`, `size ${size}`, `root ${rootB64}`];
  for (const name of Object.keys(shards).sort()) lines.push(`${name} ${shards[name]}`);
  return sha256Hex(lines.join('\n') + '\n');
}

/** Directory name of the version for a tree: `<size>-<first 16 hex of the root>`. */
export const versionName = (size: number, root: Buffer) => `${size}-${root.toString('hex').slice(0, 16)}`;
export const VERSION_NAME = /^(\d{1,16})-([0-9a-f]{16})$/;

const SHARDS = 4096;

/**
 * The shard hashes of an index, computed line by line in entry order without holding the shard
 * texts: one incremental hash per shard (what `ledger audit` uses: a million lines cost it about
 * a quarter of a second; batching lines per shard before hashing measured no faster).
 */
export class ShardHasher {
  private readonly hashes: (Hash | undefined)[] = new Array(SHARDS);

  add(digestHex: string, index: number): void {
    const shard = parseInt(digestHex.slice(0, 3), 16);
    (this.hashes[shard] ??= createHash('sha256')).update(indexLine(digestHex, index));
  }

  finish(): ShardHashes {
    const out: ShardHashes = {};
    this.hashes.forEach((h, shard) => {
      if (h !== undefined) out[shard.toString(16).padStart(3, '0')] = h.digest('hex');
    });
    return out;
  }
}
