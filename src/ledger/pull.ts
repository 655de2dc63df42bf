// ledger pull SRC DST: update a verifier's local copy from a source copy, accepting only a
// checkpoint signed by the pinned key and consistent with the pinned checkpoint. The new part is
// audited (entries -> tiles -> root) before anything is written; the checkpoint is written last
// and the pin moves only after the copy is complete. A refused pull leaves DST untouched.
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { realOrResolved } from '../util/output.js';
import { dirname, join, sep } from 'node:path';
import { RadcredError } from '../errors.js';
import { exists, fsyncDir, pidAlive, readBounded, removeAbandonedTemps, writeFileAtomic } from '../util/files.js';
import { isoTime } from '../util/time.js';
import { auditRange, type AuditCounts } from './audit.js';
import { openCheckpoint, type Checkpoint } from './checkpoint.js';
import { parseEntry } from './entry.js';
import { ensureIndex, lookupCredential, type IndexTrust } from './entry-index.js';
import { CHECKPOINT_FILE, VKEY_FILE, claimedOrigin, originOfNote } from './ledger.js';
import { openSource, readTile, type LedgerSource } from './source.js';
import type { HttpOptions } from './http-source.js';
import { refuseOtherRootAtPinnedSize, relationToPin } from './pin-check.js';
import { withForkEvidence } from './fork-evidence.js';
import { requireQuorum, type WitnessPolicy } from './witness-policy.js';
import { MAX_NOTE_BYTES, parseVkey, type Vkey } from './note.js';
import { readPin, writePin, type Pin } from './pins.js';
import { TileReader } from './reader.js';
import { tilePath, tilesFor } from './tiles.js';

export interface PullInput {
  src: string;
  dst: string;
  home: string;
  vkey?: string;
  now: number;
  /** retries and timeouts for a URL source */
  http?: HttpOptions;
  /** the quorum of witness cosignatures the source's checkpoint must carry */
  witnessPolicy?: WitnessPolicy;
}

export interface PullResult {
  outcome: 'pinned' | 'updated' | 'unchanged' | 'behind';
  origin: string;
  vkey: string;
  /** the key came from the source's own vkey file (trust on first use) */
  trustOnFirstUse: boolean;
  previous?: { size: number; root: string };
  checkpoint: { origin: string; size: number; root: string };
  /** the witnesses of the policy whose cosignatures verified */
  cosigners?: string[];
  newEntries: number;
  audited?: AuditCounts;
}

async function chooseVkey(input: PullInput, source: LedgerSource, origin: string, pin: Pin | undefined): Promise<{ vkey: Vkey; tofu: boolean }> {
  if (input.vkey !== undefined) {
    const vkey = parseVkey(input.vkey);
    if (pin && pin.vkey !== vkey.text) {
      throw new RadcredError('PIN_KEY_MISMATCH', `--vkey differs from the key pinned for ${origin}`, 'a ledger does not change its key; if you are sure, remove the pin in pins/ first');
    }
    if (vkey.name !== origin) throw new RadcredError('CHECKPOINT_ORIGIN_MISMATCH', `the source's origin ${origin} is not the --vkey name ${vkey.name}`);
    return { vkey, tofu: false };
  }
  if (pin) return { vkey: parseVkey(pin.vkey), tofu: false };
  return { vkey: parseVkey(await source.vkey()), tofu: true };
}

/** Is DST an intact copy at exactly the pinned checkpoint? Then only the new part is needed. */
function localMatchesPin(dst: string, pin: Pin): boolean {
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
function checkDestination(src: string | undefined, dst: string, origin: string): void {
  const real = (p: string) => realOrResolved(p);
  const [s, d] = [src !== undefined ? real(src) : undefined, real(dst)];
  if (s !== undefined && (s === d || d.startsWith(s + sep) || s.startsWith(d + sep))) {
    throw new RadcredError('PULL_SAME_DIRECTORY', `ledger pull: ${dst} and ${src} are the same directory, or one holds the other`, 'pull into a directory of its own (the copy the office verifies against)');
  }
  let names: string[];
  try {
    if (!statSync(dst).isDirectory()) throw new RadcredError('OUT_NOT_DIRECTORY', `ledger pull: ${dst} is not a directory`, 'give a new directory, or the one holding your copy of this ledger');
    names = readdirSync(dst);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // a first pull creates it
    throw e;
  }
  const stray = names.find((n) => !COPY_ENTRIES.has(n) && !isWorkFile(n));
  if (stray !== undefined) {
    throw new RadcredError('LEDGER_DESTINATION_NOT_LEDGER', `ledger pull: ${dst} holds ${JSON.stringify(stray)}, so it is not a ledger copy`, 'pull into a new or empty directory, or into your copy of this ledger');
  }
  for (const name of [CHECKPOINT_FILE, VKEY_FILE]) {
    const st = statOrUndefined(join(dst, name));
    if (st !== undefined && !st.isFile()) {
      throw new RadcredError('LEDGER_DESTINATION_NOT_LEDGER', `ledger pull: ${join(dst, name)} is not a regular file`, 'the copy is damaged: move it aside and pull into a new directory');
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
    throw new RadcredError('LEDGER_OTHER_ORIGIN', `ledger pull: ${dst} holds a copy of ${local}, not of ${origin}`, `pull ${origin} into a directory of its own; ${dst} stays as it is`);
  }
}

const statOrUndefined = (p: string) => {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
};

export async function pullLedger(input: PullInput): Promise<PullResult> {
  const source = await openSource(input.src, input.http);
  const note = await source.checkpoint();
  const origin = originOfNote(note, source.where);
  checkDestination(source.dir, input.dst, origin);
  const pin = readPin(input.home, origin);
  const { vkey, tofu } = await chooseVkey(input, source, origin, pin);
  const srcCp = openCheckpoint(note, vkey);
  // before anything is fetched or written: a checkpoint the witnesses have not vouched for is refused
  const cosigners = input.witnessPolicy ? requireQuorum(input.witnessPolicy, srcCp, vkey, input.now) : undefined;
  const summary = (cp: Checkpoint) => ({ origin: cp.origin, size: cp.size, root: cp.root.toString('base64') });
  const base = { origin, vkey: vkey.text, trustOnFirstUse: tofu, checkpoint: summary(srcCp), ...(cosigners ? { cosigners } : {}) };
  const previous = pin ? { size: pin.size, root: pin.root } : undefined;
  const intact = pin !== undefined && localMatchesPin(input.dst, pin);
  if (exists(input.dst)) removeAbandonedStaging(input.dst);

  if (pin && srcCp.size < pin.size) {
    // Behind the pin: harmless if it is a prefix of the pinned tree (a lagging mirror); nothing changes.
    if (!intact) throw new RadcredError('LEDGER_LOCAL_MISSING', `the source is behind your pin and ${input.dst} is not the pinned copy to compare it with`, 'pull from an up-to-date source');
    const local = new TileReader(input.dst, pin.size);
    withForkEvidence(() => relationToPin(srcCp, pin, local, local), () => ({ home: input.home, pin, other: srcCp, source: source.where, now: input.now, proof: () => local.consistencyProof(srcCp.size) }));
    return { outcome: 'behind', ...base, ...(previous ? { previous } : {}), newEntries: 0 };
  }
  // the same size: the same root, or a fork (a later size is proven from the staged tiles below)
  if (pin && srcCp.size === pin.size) withForkEvidence(() => refuseOtherRootAtPinnedSize(srcCp, pin), () => ({ home: input.home, pin, other: srcCp, source: source.where, now: input.now }));
  const indexTrust: IndexTrust = { mode: 'verifier', home: input.home, origin };
  if (pin && intact && srcCp.size === pin.size) {
    // the same tree; its checkpoint may carry cosignatures gathered since: kept, for later checks
    if (srcCp.note !== pin.checkpoint) writeFileAtomic(join(input.dst, CHECKPOINT_FILE), srcCp.note);
    writePin(input.home, { ...pin, checkpoint: srcCp.note, confirmedAt: isoTime(input.now) });
    // a copy whose index was removed (or never recorded by this home) gets it back now
    ensureIndex(input.dst, new TileReader(input.dst, pin.size), srcCp, indexTrust);
    return { outcome: 'unchanged', ...base, ...(previous ? { previous } : {}), newEntries: 0 };
  }

  const createdDst = !exists(input.dst);
  mkdirSync(input.dst, { recursive: true });
  let committed = false;
  try {
    let staged: Staged;
    try {
      staged = await stageNewPart(input, source, srcCp, pin, intact, indexTrust);
    } catch (e) {
      // Reading the new part leans on the local copy (its tiles, the issuers of its credentials).
      // When that copy turns out damaged, the source is not to blame: pull everything afresh, so
      // only a fault the full pull also finds is reported.
      if (!intact || !(e instanceof RadcredError && e.kind === 'ledger')) throw e;
      staged = await stageNewPart(input, source, srcCp, pin, false, indexTrust);
    }
    try {
      // Commit: the files first (each atomic), the checkpoint last, then the pin.
      const dirs = new Set<string>();
      for (const rel of staged.files) {
        const target = join(input.dst, rel);
        dirs.add(dirname(target));
        mkdirSync(dirname(target), { recursive: true });
        renameSync(join(staged.dir, rel), target);
      }
      dirs.forEach(fsyncDir);
      writeFileAtomic(join(input.dst, VKEY_FILE), vkey.text + '\n');
      writeFileAtomic(join(input.dst, CHECKPOINT_FILE), srcCp.note);
    } finally {
      rmSync(staged.dir, { recursive: true, force: true });
    }
    const now = isoTime(input.now);
    writePin(input.home, {
      version: 1, origin, vkey: vkey.text, size: srcCp.size, root: srcCp.root.toString('base64'), checkpoint: srcCp.note,
      pinnedAt: pin?.pinnedAt ?? now, confirmedAt: now,
    });
    committed = true;
    // The index for the new tree, extending the one recorded for the pinned tree, and recorded.
    ensureIndex(input.dst, new TileReader(input.dst, srcCp.size), srcCp, indexTrust);
    return { outcome: pin ? 'updated' : 'pinned', ...base, ...(previous ? { previous } : {}), newEntries: srcCp.size - (pin?.size ?? 0), audited: staged.audited };
  } finally {
    // A refused first pull leaves no trace, not even the directory it made.
    if (!committed && createdDst) rmSync(input.dst, { recursive: true, force: true });
  }
}

interface Staged {
  dir: string;
  files: string[];
  audited: AuditCounts;
}

/**
 * Stages the files the new tree needs (all of them on a first pull or over a damaged copy), read
 * from SRC exactly once, and checks them: consistency with the pin, then an audit of the new
 * part. Everything checks the staged bytes, so SRC changing meanwhile cannot slip anything past.
 * A refused stage leaves nothing behind.
 */
async function stageNewPart(input: PullInput, source: LedgerSource, srcCp: Checkpoint, pin: Pin | undefined, intact: boolean, indexTrust: IndexTrust): Promise<Staged> {
  const from = intact && pin ? pin.size : 0;
  const dir = mkdtempSync(join(input.dst, `.pull-${process.pid}-`));
  try {
    const files = tilesFor(srcCp.size, from).map((t) => tilePath(t.level, t.index, t.width));
    // a few at a time: over HTTP each file is a round trip; a directory does not mind
    await inParallel(files, 8, async (rel) => writeFileAtomic(join(dir, rel), await readTile(source, rel)));
    const staged = new TileReader(dir, srcCp.size, intact ? { fallbackDir: input.dst } : {});
    if (pin && srcCp.size > pin.size) {
      withForkEvidence(() => relationToPin(srcCp, pin, staged), () => ({ home: input.home, pin, other: srcCp, source: source.where, now: input.now, proof: () => staged.consistencyProof(pin.size) }));
    }
    const audited = await auditRange(staged, srcCp, from, intact && pin ? issuerLookup(input.dst, pin, indexTrust) : () => []);
    return { dir, files, audited };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
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

/** Runs `work` over `items`, at most `limit` at once; the first failure is thrown once all settle. */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown;
  const lane = async () => {
    while (next < items.length && failure === undefined) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (e) {
        failure ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure !== undefined) throw failure;
}

/** Finds the issuer of a credential in the pinned local copy (for status entries in the new part). */
function issuerLookup(dst: string, pin: Pin, trust: IndexTrust): (digest: string) => string[] {
  const local = new TileReader(dst, pin.size);
  const localCp: Checkpoint = { origin: pin.origin, size: pin.size, root: Buffer.from(pin.root, 'base64'), note: pin.checkpoint };
  return (digest) => {
    const found: string[] = [];
    // a local copy that cannot be read throws (pullLedger then pulls everything afresh)
    for (const i of lookupCredential(dst, local, localCp, digest, trust)) {
      const bytes = local.entry(i);
      try {
        const e = parseEntry(bytes);
        if (e.kind === 'issue' && e.credential === digest) found.push(e.issuer);
      } catch {
        /* malformed entries anchor nothing */
      }
    }
    return found;
  };
}

export const ledgerExists = (dir: string) => exists(join(dir, CHECKPOINT_FILE));
