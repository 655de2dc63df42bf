// ledger pull SRC DST: update a verifier's local copy from a source copy, accepting only a
// checkpoint signed by the pinned key and consistent with the pinned checkpoint. The new part is
// audited (entries -> tiles -> root) before anything is written; the checkpoint is written last
// and the pin moves only after the copy is complete. A refused pull leaves DST untouched.
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RadcredError } from '../errors.js';
import { exists, fsyncDir, pidAlive, readBounded, removeAbandonedTemps, writeFileAtomic } from '../util/files.js';
import { isoTime } from '../util/time.js';
import { auditRange, type AuditCounts } from './audit.js';
import { openCheckpoint, type Checkpoint } from './checkpoint.js';
import { parseEntry } from './entry.js';
import { ensureIndex, lookupCredential, type IndexTrust } from './entry-index.js';
import { CHECKPOINT_FILE, VKEY_FILE, claimedOrigin, readCheckpointNote, readPublishedVkey } from './ledger.js';
import { HASH_SIZE, verifyConsistency } from './merkle.js';
import { MAX_NOTE_BYTES, parseVkey, type Vkey } from './note.js';
import { readPin, writePin, type Pin } from './pins.js';
import { TileReader } from './reader.js';
import { TILE_WIDTH, tilePath, tilesFor } from './tiles.js';

export interface PullInput {
  src: string;
  dst: string;
  home: string;
  vkey?: string;
  now: number;
}

export interface PullResult {
  outcome: 'pinned' | 'updated' | 'unchanged' | 'behind';
  origin: string;
  vkey: string;
  /** the key came from the source's own vkey file (trust on first use) */
  trustOnFirstUse: boolean;
  previous?: { size: number; root: string };
  checkpoint: { origin: string; size: number; root: string };
  newEntries: number;
  audited?: AuditCounts;
}

const fork = (message: string) => new RadcredError('LEDGER_FORK', message, 'the source shows a history that contradicts the one you pinned: do not use it, and report it to the ledger operator');

function chooseVkey(input: PullInput, origin: string, pin: Pin | undefined): { vkey: Vkey; tofu: boolean } {
  if (input.vkey !== undefined) {
    const vkey = parseVkey(input.vkey);
    if (pin && pin.vkey !== vkey.text) {
      throw new RadcredError('PIN_KEY_MISMATCH', `--vkey differs from the key pinned for ${origin}`, 'a ledger does not change its key; if you are sure, remove the pin in pins/ first');
    }
    if (vkey.name !== origin) throw new RadcredError('CHECKPOINT_ORIGIN_MISMATCH', `the source's origin ${origin} is not the --vkey name ${vkey.name}`);
    return { vkey, tofu: false };
  }
  if (pin) return { vkey: parseVkey(pin.vkey), tofu: false };
  return { vkey: readPublishedVkey(input.src), tofu: true };
}

/** Is DST an intact copy at exactly the pinned checkpoint? Then only the new part is needed. */
function localMatchesPin(dst: string, pin: Pin): boolean {
  try {
    return readBounded(join(dst, CHECKPOINT_FILE), 'checkpoint', MAX_NOTE_BYTES).toString('utf8') === pin.checkpoint;
  } catch {
    return false;
  }
}

export async function pullLedger(input: PullInput): Promise<PullResult> {
  const origin = claimedOrigin(input.src);
  const pin = readPin(input.home, origin);
  const { vkey, tofu } = chooseVkey(input, origin, pin);
  const srcCp = openCheckpoint(readCheckpointNote(input.src), vkey);
  const summary = (cp: Checkpoint) => ({ origin: cp.origin, size: cp.size, root: cp.root.toString('base64') });
  const base = { origin, vkey: vkey.text, trustOnFirstUse: tofu, checkpoint: summary(srcCp) };
  const previous = pin ? { size: pin.size, root: pin.root } : undefined;
  const intact = pin !== undefined && localMatchesPin(input.dst, pin);
  if (exists(input.dst)) removeAbandonedStaging(input.dst);

  if (pin && srcCp.size < pin.size) {
    // Behind the pin: harmless if it is a prefix of the pinned tree (a lagging mirror); nothing changes.
    if (!intact) throw new RadcredError('LEDGER_LOCAL_MISSING', `the source is behind your pin and ${input.dst} is not the pinned copy to compare it with`, 'pull from an up-to-date source');
    if (!new TileReader(input.dst, pin.size).rootAt(srcCp.size).equals(srcCp.root)) {
      throw fork(`the source's checkpoint (size ${srcCp.size}) is not a prefix of the pinned tree (size ${pin.size})`);
    }
    return { outcome: 'behind', ...base, ...(previous ? { previous } : {}), newEntries: 0 };
  }
  if (pin && srcCp.size === pin.size && !srcCp.root.equals(Buffer.from(pin.root, 'base64'))) {
    throw fork(`the source's root at size ${srcCp.size} differs from the pinned root`);
  }
  const indexTrust: IndexTrust = { mode: 'verifier', home: input.home, origin };
  if (pin && intact && srcCp.size === pin.size) {
    writePin(input.home, { ...pin, confirmedAt: isoTime(input.now) });
    // a copy whose index was removed (or never recorded by this home) gets it back now
    ensureIndex(input.dst, new TileReader(input.dst, pin.size), srcCp, indexTrust);
    return { outcome: 'unchanged', ...base, ...(previous ? { previous } : {}), newEntries: 0 };
  }

  // Stage the files the new tree needs (all of them on a first pull or over a damaged copy), read
  // from SRC exactly once; everything below checks the staged bytes, so SRC changing meanwhile
  // cannot slip anything past the checks.
  const from = intact ? pin.size : 0;
  const createdDst = !exists(input.dst);
  mkdirSync(input.dst, { recursive: true });
  const staging = mkdtempSync(join(input.dst, `.pull-${process.pid}-`));
  let committed = false;
  try {
    const files = tilesFor(srcCp.size, from).map((t) => tilePath(t.level, t.index, t.width));
    for (const rel of files) {
      writeFileAtomic(join(staging, rel), readSourceFile(input.src, rel));
    }
    const staged = new TileReader(staging, srcCp.size, intact ? { fallbackDir: input.dst } : {});
    if (pin && pin.size > 0 && srcCp.size > pin.size) {
      if (!verifyConsistency(pin.size, srcCp.size, staged.consistencyProof(pin.size), Buffer.from(pin.root, 'base64'), srcCp.root)) {
        throw fork(`the source (size ${srcCp.size}) is not consistent with the pinned checkpoint (size ${pin.size})`);
      }
    }
    const audited = await auditRange(staged, srcCp, from, intact ? issuerLookup(input.dst, pin, indexTrust) : () => []);

    // Commit: the files first (each atomic), the checkpoint last, then the pin.
    const dirs = new Set<string>();
    for (const rel of files) {
      const target = join(input.dst, rel);
      dirs.add(dirname(target));
      mkdirSync(dirname(target), { recursive: true });
      renameSync(join(staging, rel), target);
    }
    dirs.forEach(fsyncDir);
    writeFileAtomic(join(input.dst, VKEY_FILE), vkey.text + '\n');
    writeFileAtomic(join(input.dst, CHECKPOINT_FILE), srcCp.note);
    const now = isoTime(input.now);
    writePin(input.home, {
      version: 1, origin, vkey: vkey.text, size: srcCp.size, root: srcCp.root.toString('base64'), checkpoint: srcCp.note,
      pinnedAt: pin?.pinnedAt ?? now, confirmedAt: now,
    });
    committed = true;
    // The index for the new tree, extending the one recorded for the pinned tree, and recorded.
    ensureIndex(input.dst, new TileReader(input.dst, srcCp.size), srcCp, indexTrust);
    return { outcome: pin ? 'updated' : 'pinned', ...base, ...(previous ? { previous } : {}), newEntries: srcCp.size - (pin?.size ?? 0), audited };
  } finally {
    rmSync(staging, { recursive: true, force: true });
    // A refused first pull leaves no trace, not even the directory it made.
    if (!committed && createdDst) rmSync(input.dst, { recursive: true, force: true });
  }
}

/**
 * Removes the staging directories of pulls that were killed (a finished or refused pull removes
 * its own): each would otherwise keep a partial copy of the ledger. One is removed once the
 * process named in it has died, or, without a pid, once it is an hour old. Likewise the temp
 * files of a checkpoint or vkey write that was cut short.
 */
function removeAbandonedStaging(dst: string): void {
  removeAbandonedTemps(dst);
  for (const name of readdirSync(dst).filter((f) => f.startsWith('.pull-'))) {
    const dir = join(dst, name);
    const pid = /^\.pull-(\d+)-/.exec(name)?.[1];
    try {
      if (pid !== undefined ? !pidAlive(Number(pid)) : Date.now() - statSync(dir).mtimeMs > 3600_000) rmSync(dir, { recursive: true, force: true });
    } catch {
      /* removed by another pull meanwhile */
    }
  }
}

/** A tile or entry bundle of the source, read only up to the most such a file can hold. */
function readSourceFile(src: string, rel: string): Buffer {
  const maxBytes = rel.startsWith('tile/entries/') ? TILE_WIDTH * (2 + 65535) : TILE_WIDTH * HASH_SIZE;
  try {
    return readBounded(join(src, rel), 'ledger file', maxBytes);
  } catch (e) {
    if (e instanceof RadcredError && e.code === 'FILE_TOO_LARGE') {
      throw new RadcredError('LEDGER_TILE_SIZE', `the source's ${rel} is larger than a tile can be`, 'the source copy is damaged; nothing was pulled');
    }
    throw e;
  }
}

/** Finds the issuer of a credential in the pinned local copy (for status entries in the new part). */
function issuerLookup(dst: string, pin: Pin, trust: IndexTrust): (digest: string) => string[] {
  const local = new TileReader(dst, pin.size);
  const localCp: Checkpoint = { origin: pin.origin, size: pin.size, root: Buffer.from(pin.root, 'base64'), note: pin.checkpoint };
  return (digest) => {
    const found: string[] = [];
    for (const i of lookupCredential(dst, local, localCp, digest, trust)) {
      try {
        const e = parseEntry(local.entry(i));
        if (e.kind === 'issue' && e.credential === digest) found.push(e.issuer);
      } catch {
        /* malformed entries anchor nothing */
      }
    }
    return found;
  };
}

export const ledgerExists = (dir: string) => exists(join(dir, CHECKPOINT_FILE));
