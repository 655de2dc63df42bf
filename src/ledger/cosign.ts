// A witness at work (c2sp.org/tlog-cosignature, tlog-witness's rules): an office's Ed25519
// identity cosigns a ledger's checkpoint only after checking it against its own pin (open.ts),
// and against the latest checkpoint it cosigned before (HOME/witness/ORIGIN.json): never a smaller
// tree (a rollback), never another root at the same size or a tree that does not extend it (a
// fork, written down as evidence). The operator then appends the cosignatures to its checkpoint
// (`add-cosignatures`), from which any office checks a quorum (witness-policy.ts).
import { join } from 'node:path';
import { RadcredError } from '../errors.js';
import { homePaths } from '../home.js';
import type { Signer } from '../identity/store.js';
import { exists, readTextBounded, writeFileAtomic } from '../util/files.js';
import { isPlainObject, parseJsonObject } from '../util/json.js';
import { isoTime } from '../util/time.js';
import { cosignatureLine, witnessKey, type WitnessKey } from './cosignature.js';
import { withForkEvidence } from './fork-evidence.js';
import { CHECKPOINT_FILE, ed25519RawKey, readCheckpointNote, readPublishedVkey } from './ledger.js';
import { withLedgerLock } from './lock.js';
import { openNote, parseNote } from './note.js';
import { openLedger } from './open.js';
import { relationToPin } from './pin-check.js';
import type { Pin } from './pins.js';

/** The witness key of an Ed25519 identity, under `name` (a schema-less URL naming the witness). */
export function witnessKeyOf(signer: Pick<Signer, 'did' | 'keyType' | 'name'>, name: string): WitnessKey {
  if (signer.keyType !== 'ed25519')
    throw new RadcredError(
      'WITNESS_KEY_INVALID',
      `identity ${signer.name} is not Ed25519: cosignatures are Ed25519`,
      'create a witness identity with `radcred id create NAME` (Ed25519)',
    );
  return witnessKey(name, ed25519RawKey(signer.did));
}

const statePath = (home: string, origin: string) => join(homePaths(home).witness, `${encodeURIComponent(origin)}.json`);

/** The latest checkpoint this witness cosigned for `origin`, as a pin-shaped record. */
function lastCosigned(home: string, origin: string, vkey: string): Pin | undefined {
  const path = statePath(home, origin);
  if (!exists(path)) return undefined;
  const o = parseJsonObject(readTextBounded(path, 'witness state', 128 * 1024), `witness state ${path}`);
  if (
    !isPlainObject(o) ||
    typeof o.size !== 'number' ||
    typeof o.root !== 'string' ||
    typeof o.checkpoint !== 'string' ||
    typeof o.cosignedAt !== 'string'
  ) {
    throw new RadcredError(
      'PIN_INVALID',
      `the witness state ${path} is damaged`,
      'restore it from a backup: without it, this witness cannot tell a fork from progress',
    );
  }
  return {
    version: 1,
    origin,
    vkey,
    size: o.size,
    root: o.root,
    checkpoint: o.checkpoint,
    pinnedAt: o.cosignedAt,
    confirmedAt: o.cosignedAt,
  };
}

export interface Cosignature {
  origin: string;
  size: number;
  /** the checkpoint with this witness's cosignature line added: what the operator appends */
  note: string;
  line: string;
  witness: string;
}

export function cosignLedger(dir: string, home: string, signer: Signer, keyName: string, now: number): Cosignature {
  const l = openLedger(dir, { home });
  if (l.keySource !== 'pin')
    throw new RadcredError(
      'COSIGN_REFUSED',
      `this home has no pin for ${l.origin}: a witness checks a checkpoint against its own pin`,
      `pull the ledger first (\`radcred ledger pull SRC ${dir} --vkey VKEY\`)`,
    );
  const w = witnessKeyOf(signer, keyName);
  const before = lastCosigned(home, l.origin, l.vkey.text);
  if (before !== undefined) {
    const relation = withForkEvidence(
      () => relationToPin(l.checkpoint, before, l.reader),
      () => ({
        home,
        pin: before,
        other: l.checkpoint,
        source: dir,
        now,
        proof: () => l.reader.consistencyProof(before.size),
      }),
    );
    if (relation === 'behind')
      throw new RadcredError(
        'COSIGN_REFUSED',
        `${l.origin} at size ${l.checkpoint.size} is older than the checkpoint this witness cosigned (size ${before.size})`,
        'a witness never cosigns a rollback: pull the ledger again',
      );
  }
  const body = parseNote(l.checkpoint.note).text;
  const line = cosignatureLine(w, (d) => signer.sign(d), body, now);
  writeFileAtomic(
    statePath(home, l.origin),
    JSON.stringify(
      {
        origin: l.origin,
        size: l.checkpoint.size,
        root: l.checkpoint.root.toString('base64'),
        checkpoint: l.checkpoint.note,
        cosignedAt: isoTime(now),
      },
      null,
      2,
    ) + '\n',
  );
  return { origin: l.origin, size: l.checkpoint.size, note: l.checkpoint.note + line + '\n', line, witness: w.text };
}

/** The operator appends the cosignature lines of `cosigned` notes to its current checkpoint. */
export async function addCosignatures(dir: string, cosigned: string[]): Promise<{ added: number; checkpoint: string }> {
  return withLedgerLock(dir, () => {
    const current = readCheckpointNote(dir);
    const { text, signatures } = parseNote(current);
    const have = new Set(signatures.map((s) => `${s.name} ${s.keyId.toString('hex')}`));
    const lines: string[] = [];
    for (const [n, note] of cosigned.entries()) {
      let other: ReturnType<typeof parseNote>;
      try {
        other = parseNote(note);
      } catch (e) {
        // the file given is at fault, not the ledger
        if (!(e instanceof RadcredError)) throw e;
        throw new RadcredError(
          'COSIGNATURE_MISMATCH',
          `cosigned checkpoint ${n + 1} is not a signed note: ${e.message}`,
          'give the file `radcred ledger cosign --out` wrote',
        );
      }
      if (other.text !== text)
        throw new RadcredError(
          'COSIGNATURE_MISMATCH',
          "a cosigned checkpoint is not the ledger's current one",
          'ask the witness to cosign the current checkpoint (`radcred ledger cosign`)',
        );
      const noteLines = note.slice(note.lastIndexOf('\n\n') + 2, -1).split('\n');
      other.signatures.forEach((s, i) => {
        const key = `${s.name} ${s.keyId.toString('hex')}`;
        if (have.has(key)) return;
        have.add(key);
        lines.push(noteLines[i]!);
      });
    }
    const next = current + lines.map((l) => l + '\n').join('');
    openNote(next, [readPublishedVkey(dir)]); // still the operator's checkpoint, its signature intact
    if (lines.length > 0) writeFileAtomic(join(dir, CHECKPOINT_FILE), next);
    return { added: lines.length, checkpoint: next };
  });
}
