// @domain (not for src/cli: a building block of the domain operations)
// The verifier's pins (DESIGN.md): for each ledger origin, the trusted vkey and the newest
// checkpoint verified, with when a pull last confirmed it (for --max-ledger-age).
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { RadcredError } from '../errors.js';
import { homePaths } from '../home.js';
import { exists, readTextBounded, writeFileAtomic } from '../util/files.js';
import { parseJsonObject } from '../util/json.js';
import { parseTime } from '../util/time.js';
import { parseCheckpointText } from './checkpoint.js';
import { parseNote } from './note.js';

export interface Pin {
  version: 1;
  origin: string;
  vkey: string;
  size: number;
  root: string;
  checkpoint: string;
  pinnedAt: string;
  confirmedAt: string;
}

/**
 * The pin file of an origin: its URI-encoded name, or, when that would not fit in a file name
 * (another tool's log may have a long origin), its SHA-256.
 */
export function pinPath(home: string, origin: string): string {
  const encoded = encodeURIComponent(origin);
  const name = encoded.length <= 200 ? encoded : `sha256-${createHash('sha256').update(origin, 'utf8').digest('hex')}`;
  return join(homePaths(home).pins, `${name}.json`);
}

export function readPin(home: string, origin: string): Pin | undefined {
  const path = pinPath(home, origin);
  // a pins/ that is not a directory must not read as "nothing pinned" (trust on first use)
  const dir = homePaths(home).pins;
  if (exists(dir) && !statSync(dir).isDirectory())
    throw new RadcredError(
      'PIN_INVALID',
      `${dir} is not a directory`,
      'move it aside: HOME/pins holds one pin file per ledger',
    );
  if (!exists(path)) return undefined;
  const v = parseJsonObject(readTextBounded(path, 'pin', 256 * 1024), `pin ${path}`, 'PIN_INVALID');
  const bad = () =>
    new RadcredError('PIN_INVALID', `pin ${path} is damaged`, 'remove it and pull the ledger again with --vkey');
  if (v.version !== 1 || v.origin !== origin || typeof v.vkey !== 'string' || typeof v.checkpoint !== 'string')
    throw bad();
  if (typeof v.pinnedAt !== 'string' || typeof v.confirmedAt !== 'string') throw bad();
  try {
    // --max-ledger-age measures from confirmedAt: a pin whose times do not parse is damaged
    parseTime(v.pinnedAt);
    parseTime(v.confirmedAt);
  } catch {
    throw bad();
  }
  let body;
  try {
    body = parseCheckpointText(parseNote(v.checkpoint).text);
  } catch {
    throw bad();
  }
  if (body.size !== v.size || body.root.toString('base64') !== v.root) throw bad();
  return v as unknown as Pin;
}

export function writePin(home: string, pin: Pin): void {
  writeFileAtomic(pinPath(home, pin.origin), JSON.stringify(pin, null, 2) + '\n');
}

/**
 * Index records (`pins/<origin>.index.json`), next to the pin: the last few index versions this
 * home built from entries it checked against a signed root, or found equal to such a build, as
 * `{size, root, digest}` (digest: index-format.ts indexDigest). A ledger copy's index/ is written
 * by whoever can write the copy; a verifier trusts a version of it only when its digest is
 * recorded here for its tree. The records are a cache of trust: a missing or damaged file only
 * means the next lookup rebuilds (and records) the index.
 */
export interface IndexRecord {
  size: number;
  root: string;
  digest: string;
}

const INDEX_RECORDS_KEPT = 8;

export const indexRecordPath = (home: string, origin: string) =>
  join(homePaths(home).pins, `${encodeURIComponent(origin)}.index.json`);

export function readIndexRecords(home: string, origin: string): IndexRecord[] {
  try {
    const v = JSON.parse(readTextBounded(indexRecordPath(home, origin), 'index record', 64 * 1024)) as unknown;
    if (
      typeof v !== 'object' ||
      v === null ||
      (v as { version?: unknown }).version !== 1 ||
      (v as { origin?: unknown }).origin !== origin
    )
      return [];
    const list = (v as { indexes?: unknown }).indexes;
    if (!Array.isArray(list)) return [];
    return list.filter(
      (r): r is IndexRecord =>
        typeof r === 'object' &&
        r !== null &&
        Number.isSafeInteger(r.size) &&
        typeof r.root === 'string' &&
        typeof r.digest === 'string',
    );
  } catch {
    return []; // none yet, or damaged: nothing is trusted, so the index is rebuilt
  }
}

export const isRecorded = (records: readonly IndexRecord[], r: IndexRecord) =>
  records.some((x) => x.size === r.size && x.root === r.root && x.digest === r.digest);

/** Adds a record (keeping the newest few by size); best effort: a home that cannot be written records nothing. */
export function recordIndex(home: string, origin: string, record: IndexRecord): void {
  const records = readIndexRecords(home, origin);
  if (isRecorded(records, record)) return;
  const kept = [...records.filter((x) => !(x.size === record.size && x.root === record.root)), record]
    .sort((a, b) => a.size - b.size)
    .slice(-INDEX_RECORDS_KEPT);
  try {
    writeFileAtomic(
      indexRecordPath(home, origin),
      JSON.stringify({ version: 1, origin, indexes: kept }, null, 2) + '\n',
      { durable: false },
    );
  } catch {
    /* a read-only home: this process still uses what it built */
  }
}
