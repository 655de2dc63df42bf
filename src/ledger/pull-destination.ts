// @internal (src/ledger only)
// Where a pull writes (pull.ts): a copy of the same ledger or nothing, the pinned copy recognised,
// and what killed pulls left behind cleared.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { RadcredError } from '../errors.js';
import { pidAlive, readBounded, removeAbandonedTemps } from '../util/files.js';
import { realOrResolved } from '../util/output.js';
import { CHECKPOINT_FILE, VKEY_FILE, claimedOrigin } from './ledger.js';
import { MAX_NOTE_BYTES } from './note.js';
import type { Pin } from './pins.js';

/** Is DST an intact copy at exactly the pinned checkpoint? Then only the new part is needed. */
export function localMatchesPin(dst: string, pin: Pin): boolean {
  try {
    return readBounded(join(dst, CHECKPOINT_FILE), 'checkpoint', MAX_NOTE_BYTES).toString('utf8') === pin.checkpoint;
  } catch {
    return false;
  }
}

/** What a ledger copy may hold: the tlog-tiles files, radcred's index, and its own work files. */
const COPY_ENTRIES = new Set([CHECKPOINT_FILE, VKEY_FILE, 'tile', 'index', 'pending', '.lock', '.lock.break']);
const isWorkFile = (name: string) => name.startsWith('.pull-') || name.endsWith('.tmp');

/**
 * DST must be a copy of the same ledger or nothing (DESIGN.md): a copy of another origin is
 * refused (it would be overwritten file by file and every one of its credentials would then fail),
 * and so is a directory that is not a ledger copy at all (`ledger pull SRC ~` must not litter a
 * home directory) or one whose checkpoint or vkey is not a regular file.
 */
export function checkDestination(src: string | undefined, dst: string, origin: string): void {
  const real = (p: string) => realOrResolved(p);
  const [s, d] = [src !== undefined ? real(src) : undefined, real(dst)];
  if (s !== undefined && (s === d || d.startsWith(s + sep) || s.startsWith(d + sep))) {
    throw new RadcredError(
      'PULL_SAME_DIRECTORY',
      `ledger pull: ${dst} and ${src} are the same directory, or one holds the other`,
      'pull into a directory of its own (the copy the office verifies against)',
    );
  }
  let names: string[];
  try {
    if (!statSync(dst).isDirectory())
      throw new RadcredError(
        'OUT_NOT_DIRECTORY',
        `ledger pull: ${dst} is not a directory`,
        'give a new directory, or the one holding your copy of this ledger',
      );
    names = readdirSync(dst);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // a first pull creates it
    throw e;
  }
  const stray = names.find((n) => !COPY_ENTRIES.has(n) && !isWorkFile(n));
  if (stray !== undefined) {
    throw new RadcredError(
      'LEDGER_DESTINATION_NOT_LEDGER',
      `ledger pull: ${dst} holds ${JSON.stringify(stray)}, so it is not a ledger copy`,
      'pull into a new or empty directory, or into your copy of this ledger',
    );
  }
  for (const name of [CHECKPOINT_FILE, VKEY_FILE]) {
    const st = statOrUndefined(join(dst, name));
    if (st !== undefined && !st.isFile()) {
      throw new RadcredError(
        'LEDGER_DESTINATION_NOT_LEDGER',
        `ledger pull: ${join(dst, name)} is not a regular file`,
        'the copy is damaged: move it aside and pull into a new directory',
      );
    }
  }
  if (!names.includes(CHECKPOINT_FILE)) return;
  let local: string | undefined;
  try {
    local = claimedOrigin(dst);
  } catch {
    local = undefined; // a damaged checkpoint: the pull repairs the copy under the pin's checks
  }
  if (local !== undefined && local !== origin) {
    throw new RadcredError(
      'LEDGER_OTHER_ORIGIN',
      `ledger pull: ${dst} holds a copy of ${local}, not of ${origin}`,
      `pull ${origin} into a directory of its own; ${dst} stays as it is`,
    );
  }
}

const statOrUndefined = (p: string) => {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
};

/**
 * Removes the staging directories of pulls that were killed (a finished or refused pull removes
 * its own): each would otherwise keep a partial copy of the ledger. One is removed once the
 * process named in it has died, or, without a pid, once it is an hour old. Likewise the temp
 * files of a checkpoint or vkey write that was cut short.
 */
export function removeAbandonedStaging(dst: string): void {
  removeAbandonedTemps(dst);
  for (const name of readdirSync(dst).filter((f) => f.startsWith('.pull-'))) {
    const dir = join(dst, name);
    const pid = /^\.pull-(\d+)-/.exec(name)?.[1];
    try {
      if (pid !== undefined ? !pidAlive(Number(pid)) : Date.now() - statSync(dir).mtimeMs > 3600_000)
        rmSync(dir, { recursive: true, force: true });
    } catch {
      /* removed by another pull meanwhile */
    }
  }
}
