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
  if (exists(dir) && !statSync(dir).isDirectory()) throw new RadcredError('PIN_INVALID', `${dir} is not a directory`, 'move it aside: HOME/pins holds one pin file per ledger');
  if (!exists(path)) return undefined;
  const v = parseJsonObject(readTextBounded(path, 'pin', 256 * 1024), `pin ${path}`, 'PIN_INVALID');
  const bad = () => new RadcredError('PIN_INVALID', `pin ${path} is damaged`, 'remove it and pull the ledger again with --vkey');
  if (v.version !== 1 || v.origin !== origin || typeof v.vkey !== 'string' || typeof v.checkpoint !== 'string') throw bad();
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
