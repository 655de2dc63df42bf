// Where a ledger is pulled from: a directory, or a URL serving the same files (any static host,
// a CDN, a Tessera-run log; c2sp.org/tlog-tiles). One interface, so pull and audit do not care
// which. A partial tile or bundle that is gone (a host that has since seen the full one replaces
// it) is read from the full one: its first W hashes, or its first W entries.
import { join } from 'node:path';
import { RadcredError } from '../errors.js';
import { readBounded } from '../util/files.js';
import { readCheckpointNote, readPublishedVkey } from './ledger.js';
import { HASH_SIZE } from './merkle.js';
import { TILE_WIDTH } from './tiles.js';
import type { HttpOptions } from './http-source.js';

export interface LedgerSource {
  /** the directory or URL, for messages */
  readonly where: string;
  /** a directory on this machine (so pull can tell it is not its own destination) */
  readonly dir?: string;
  /** the checkpoint note, never from a cache */
  checkpoint(): Promise<string>;
  /** the vkey the ledger publishes about itself: a convenience, not a trust root */
  vkey(): Promise<string>;
  /** the file at `rel` (`tile/...`), at most `maxBytes`; undefined when the source has none */
  read(rel: string, maxBytes: number): Promise<Buffer | undefined>;
}

/** The most a tile or bundle at `rel` can hold. */
export const maxFileBytes = (rel: string) =>
  rel.startsWith('tile/entries/') ? TILE_WIDTH * (2 + 65535) : TILE_WIDTH * HASH_SIZE;

const missing = (source: LedgerSource, rel: string) =>
  new RadcredError(
    'LEDGER_TILE_MISSING',
    `${source.where} has no ${rel}, which its checkpoint needs`,
    'the source is incomplete or damaged; nothing was pulled',
  );

/** The first `width` entries of a bundle (each a 2-byte big-endian length and its bytes). */
function firstEntries(bundle: Buffer, width: number): Buffer {
  let off = 0;
  for (let i = 0; i < width; i++) {
    if (off + 2 > bundle.length) return bundle; // short: the bundle check downstream names it
    off += 2 + bundle.readUInt16BE(off);
  }
  return bundle.subarray(0, Math.min(off, bundle.length));
}

/**
 * A tile or bundle the tree needs: `rel` itself, else for a partial one (`.p/W`) the full file's
 * first W hashes or entries. What comes back is checked against the tree by the pull's audit.
 */
export async function readTile(source: LedgerSource, rel: string): Promise<Buffer> {
  const found = await source.read(rel, maxFileBytes(rel));
  if (found !== undefined) return found;
  const partial = /^(.*)\.p\/(\d+)$/.exec(rel);
  if (partial === null) throw missing(source, rel);
  const full = await source.read(partial[1]!, maxFileBytes(rel));
  if (full === undefined) throw missing(source, rel);
  const width = Number(partial[2]);
  return rel.startsWith('tile/entries/') ? firstEntries(full, width) : full.subarray(0, width * HASH_SIZE);
}

/** A ledger directory on this machine. */
export function directorySource(dir: string): LedgerSource {
  return {
    where: dir,
    dir,
    checkpoint: async () => readCheckpointNote(dir),
    vkey: async () => readPublishedVkey(dir, 'pass --vkey with the key the operator gave you').text,
    read: async (rel, maxBytes) => {
      try {
        return readBounded(join(dir, rel), 'ledger file', maxBytes);
      } catch (e) {
        if (!(e instanceof RadcredError)) throw e;
        const hint = 'the source copy is damaged or incomplete; nothing was pulled';
        if (e.code === 'FILE_NOT_FOUND') return undefined;
        if (e.code === 'FILE_TOO_LARGE')
          throw new RadcredError('LEDGER_TILE_SIZE', `the source's ${rel} is larger than a tile can be`, hint);
        throw new RadcredError('LEDGER_FILE_UNREADABLE', `the source's ${rel} cannot be read: ${e.message}`, hint);
      }
    },
  };
}

export const isUrl = (src: string) => /^https?:\/\//i.test(src);

/** The source for a `ledger pull` SRC: an http(s) URL, else a directory. */
export async function openSource(src: string, http?: HttpOptions): Promise<LedgerSource> {
  if (!isUrl(src)) return directorySource(src);
  const { httpSource } = await import('./http-source.js');
  return httpSource(src, http);
}
