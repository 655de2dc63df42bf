// @internal (src/ledger only)
// The new part of a pull (pull.ts): staged from the source once, checked against the pin and
// audited from the staged bytes, then moved into the copy with the checkpoint written last.
import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fsyncDir, writeFileAtomic } from '../util/files.js';
import { auditRange, type AuditCounts } from './audit.js';
import type { Checkpoint } from './checkpoint.js';
import { parseEntry } from './entry.js';
import { lookupCredential, type IndexTrust } from './entry-index.js';
import { withForkEvidence } from './fork-evidence.js';
import { CHECKPOINT_FILE, VKEY_FILE } from './ledger.js';
import type { Vkey } from './note.js';
import { relationToPin } from './pin-check.js';
import type { Pin } from './pins.js';
/** where a pull writes, for whom, and when */
interface StageInput {
  dst: string;
  home: string;
  now: number;
}
import { TileReader } from './reader.js';
import { readTile, type LedgerSource } from './source.js';
import { tilePath, tilesFor } from './tiles.js';

export interface Staged {
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
export async function stageNewPart(
  input: StageInput,
  source: LedgerSource,
  srcCp: Checkpoint,
  pin: Pin | undefined,
  intact: boolean,
  indexTrust: IndexTrust,
): Promise<Staged> {
  const from = intact && pin ? pin.size : 0;
  const dir = mkdtempSync(join(input.dst, `.pull-${process.pid}-`));
  try {
    const files = tilesFor(srcCp.size, from).map((t) => tilePath(t.level, t.index, t.width));
    // a few at a time: over HTTP each file is a round trip; a directory does not mind
    await inParallel(files, 8, async (rel) => writeFileAtomic(join(dir, rel), await readTile(source, rel)));
    const staged = new TileReader(dir, srcCp.size, intact ? { fallbackDir: input.dst } : {});
    if (pin && srcCp.size > pin.size) {
      withForkEvidence(
        () => relationToPin(srcCp, pin, staged),
        () => ({
          home: input.home,
          pin,
          other: srcCp,
          source: source.where,
          now: input.now,
          proof: () => staged.consistencyProof(pin.size),
        }),
      );
    }
    const audited = await auditRange(
      staged,
      srcCp,
      from,
      intact && pin ? issuerLookup(input.dst, pin, indexTrust) : () => [],
    );
    return { dir, files, audited };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
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
  const localCp: Checkpoint = {
    origin: pin.origin,
    size: pin.size,
    root: Buffer.from(pin.root, 'base64'),
    note: pin.checkpoint,
  };
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

/** Moves the staged files into DST (each atomic), then writes the vkey and, last, the checkpoint. */
export function commitStaged(staged: Staged, dst: string, vkey: Vkey, cp: Checkpoint): void {
  try {
    const dirs = new Set<string>();
    for (const rel of staged.files) {
      const target = join(dst, rel);
      dirs.add(dirname(target));
      mkdirSync(dirname(target), { recursive: true });
      renameSync(join(staged.dir, rel), target);
    }
    dirs.forEach(fsyncDir);
    writeFileAtomic(join(dst, VKEY_FILE), vkey.text + '\n');
    writeFileAtomic(join(dst, CHECKPOINT_FILE), cp.note);
  } finally {
    rmSync(staged.dir, { recursive: true, force: true });
  }
}
