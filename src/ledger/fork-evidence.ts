// @internal (src/ledger only)
// Evidence of a fork: two checkpoints of one ledger, both signed by its key, that cannot both be
// true (different roots at one size, or a later tree that does not extend the earlier one). The
// file holds both signed notes and the consistency proof that failed, so an office can show the
// operator's misbehaviour to anyone holding the ledger's vkey (`ledger check-fork` is not needed:
// each note checks with the vkey, and the proof with any RFC 6962 verifier).
import { join } from 'node:path';
import { RadcredError } from '../errors.js';
import { homePaths } from '../home.js';
import { writeFileAtomic } from '../util/files.js';
import { isoTime } from '../util/time.js';
import type { Checkpoint } from './checkpoint.js';
import type { Pin } from './pins.js';

export interface ForkEvidence {
  type: 'radcred-fork-evidence';
  version: 1;
  origin: string;
  vkey: string;
  foundAt: string;
  /** where the contradicting checkpoint came from */
  source: string;
  /** the checkpoint this home had pinned, then the one that contradicts it: signed notes */
  checkpoints: [string, string];
  /** the RFC 6962 consistency proof from the smaller tree to the larger, as the larger's tiles gave it (none at one size) */
  consistencyProof?: { from: number; to: number; hashes: string[] };
}

/** Writes the evidence into HOME/forks/ and returns its path. */
export function writeForkEvidence(
  home: string,
  pin: Pin,
  other: Checkpoint,
  source: string,
  now: number,
  proof?: Buffer[],
): string {
  const evidence: ForkEvidence = {
    type: 'radcred-fork-evidence',
    version: 1,
    origin: pin.origin,
    vkey: pin.vkey,
    foundAt: isoTime(now),
    source,
    checkpoints: [pin.checkpoint, other.note],
    ...(proof !== undefined && other.size !== pin.size
      ? {
          consistencyProof: {
            from: Math.min(pin.size, other.size),
            to: Math.max(pin.size, other.size),
            hashes: proof.map((h) => h.toString('base64')),
          },
        }
      : {}),
  };
  const name = `${encodeURIComponent(pin.origin)}.${pin.size}-${other.size}.${isoTime(now).replace(/[-:]/g, '')}.json`;
  const path = join(homePaths(home).forks, name);
  writeFileAtomic(path, JSON.stringify(evidence, null, 2) + '\n');
  return path;
}

/** Runs `check`; a fork it throws is written down as evidence first, and named in the error. */
export function withForkEvidence<T>(
  check: () => T,
  evidence: () => { home: string; pin: Pin; other: Checkpoint; source: string; now: number; proof?: () => Buffer[] },
): T {
  try {
    return check();
  } catch (e) {
    if (!(e instanceof RadcredError) || e.code !== 'LEDGER_FORK') throw e;
    const x = evidence();
    let proof: Buffer[] | undefined;
    try {
      proof = x.proof?.();
    } catch {
      proof = undefined; // the tiles that would give it are damaged: the two notes still say enough
    }
    const path = writeForkEvidence(x.home, x.pin, x.other, x.source, x.now, proof);
    throw new RadcredError(
      'LEDGER_FORK',
      `${e.message}; the evidence (both signed checkpoints and the failing proof) is in ${path}`,
      e.hint,
    );
  }
}
