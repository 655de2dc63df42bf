// ledger pull SRC DST: update a verifier's local copy from a source copy, accepting only a
// checkpoint signed by the pinned key and consistent with the pinned checkpoint. The new part is
// audited (entries -> tiles -> root) before anything is written; the checkpoint is written last
// and the pin moves only after the copy is complete. A refused pull leaves DST untouched.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RadcredError } from '../errors.js';
import { exists, writeFileAtomic } from '../util/files.js';
import { isoTime } from '../util/time.js';
import type { AuditCounts } from './audit.js';
import { openCheckpoint, type Checkpoint } from './checkpoint.js';
import { ensureIndex, type IndexTrust } from './entry-index.js';
import { withForkEvidence } from './fork-evidence.js';
import type { HttpOptions } from './http-source.js';
import { CHECKPOINT_FILE, originOfNote } from './ledger.js';
import { parseVkey, type Vkey } from './note.js';
import { refuseOtherRootAtPinnedSize, relationToPin } from './pin-check.js';
import { readPin, writePin, type Pin } from './pins.js';
import { checkDestination, localMatchesPin, removeAbandonedStaging } from './pull-destination.js';
import { commitStaged, stageNewPart, type Staged } from './pull-stage.js';
import { TileReader } from './reader.js';
import { openSource, type LedgerSource } from './source.js';
import { requireQuorum, type WitnessPolicy } from './witness-policy.js';

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

async function chooseVkey(
  input: PullInput,
  source: LedgerSource,
  origin: string,
  pin: Pin | undefined,
): Promise<{ vkey: Vkey; tofu: boolean }> {
  if (input.vkey !== undefined) {
    const vkey = parseVkey(input.vkey);
    if (pin && pin.vkey !== vkey.text) {
      throw new RadcredError(
        'PIN_KEY_MISMATCH',
        `--vkey differs from the key pinned for ${origin}`,
        'a ledger does not change its key; if you are sure, remove the pin in pins/ first',
      );
    }
    if (vkey.name !== origin)
      throw new RadcredError(
        'CHECKPOINT_ORIGIN_MISMATCH',
        `the source's origin ${origin} is not the --vkey name ${vkey.name}`,
      );
    return { vkey, tofu: false };
  }
  if (pin) return { vkey: parseVkey(pin.vkey), tofu: false };
  return { vkey: parseVkey(await source.vkey()), tofu: true };
}

/** A source behind the pin must be a prefix of the pinned tree (a lagging mirror), else a fork. */
function checkBehindPin(input: PullInput, where: string, srcCp: Checkpoint, pin: Pin, intact: boolean): void {
  if (!intact)
    throw new RadcredError(
      'LEDGER_LOCAL_MISSING',
      `the source is behind your pin and ${input.dst} is not the pinned copy to compare it with`,
      'pull from an up-to-date source',
    );
  const local = new TileReader(input.dst, pin.size);
  withForkEvidence(
    () => relationToPin(srcCp, pin, local, local),
    () => ({
      home: input.home,
      pin,
      other: srcCp,
      source: where,
      now: input.now,
      proof: () => local.consistencyProof(srcCp.size),
    }),
  );
}

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
  const base = {
    origin,
    vkey: vkey.text,
    trustOnFirstUse: tofu,
    checkpoint: summary(srcCp),
    ...(cosigners ? { cosigners } : {}),
  };
  const previous = pin ? { size: pin.size, root: pin.root } : undefined;
  const intact = pin !== undefined && localMatchesPin(input.dst, pin);
  if (exists(input.dst)) removeAbandonedStaging(input.dst);

  if (pin && srcCp.size < pin.size) {
    // Behind the pin: harmless if it is a prefix of the pinned tree (a lagging mirror); nothing changes.
    checkBehindPin(input, source.where, srcCp, pin, intact);
    return { outcome: 'behind', ...base, ...(previous ? { previous } : {}), newEntries: 0 };
  }
  // the same size: the same root, or a fork (a later size is proven from the staged tiles below)
  if (pin && srcCp.size === pin.size)
    withForkEvidence(
      () => refuseOtherRootAtPinnedSize(srcCp, pin),
      () => ({ home: input.home, pin, other: srcCp, source: source.where, now: input.now }),
    );
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
    const staged = await stageOrRestage(input, source, srcCp, pin, intact, indexTrust);
    // Commit: the files first (each atomic), the checkpoint last, then the pin.
    commitStaged(staged, input.dst, vkey, srcCp);
    writePin(input.home, newPin(origin, vkey, srcCp, pin, isoTime(input.now)));
    committed = true;
    // The index for the new tree, extending the one recorded for the pinned tree, and recorded.
    ensureIndex(input.dst, new TileReader(input.dst, srcCp.size), srcCp, indexTrust);
    return {
      outcome: pin ? 'updated' : 'pinned',
      ...base,
      ...(previous ? { previous } : {}),
      newEntries: srcCp.size - (pin?.size ?? 0),
      audited: staged.audited,
    };
  } finally {
    // A refused first pull leaves no trace, not even the directory it made.
    if (!committed && createdDst) rmSync(input.dst, { recursive: true, force: true });
  }
}

/**
 * Stages the new part. Reading it leans on the local copy (its tiles, the issuers of its
 * credentials); when that copy turns out damaged, the source is not to blame: everything is pulled
 * afresh, so only a fault the full pull also finds is reported.
 */
async function stageOrRestage(
  input: PullInput,
  source: LedgerSource,
  srcCp: Checkpoint,
  pin: Pin | undefined,
  intact: boolean,
  indexTrust: IndexTrust,
): Promise<Staged> {
  try {
    return await stageNewPart(input, source, srcCp, pin, intact, indexTrust);
  } catch (e) {
    if (!intact || !(e instanceof RadcredError && e.kind === 'ledger')) throw e;
    return await stageNewPart(input, source, srcCp, pin, false, indexTrust);
  }
}

/** The pin for the tree just pulled (first pinned when there was none). */
const newPin = (origin: string, vkey: Vkey, cp: Checkpoint, old: Pin | undefined, now: string): Pin => ({
  version: 1,
  origin,
  vkey: vkey.text,
  size: cp.size,
  root: cp.root.toString('base64'),
  checkpoint: cp.note,
  pinnedAt: old?.pinnedAt ?? now,
  confirmedAt: now,
});

export const ledgerExists = (dir: string) => exists(join(dir, CHECKPOINT_FILE));
