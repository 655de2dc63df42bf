// @internal (src/ledger only)
// The one check of a checkpoint against the checkpoint a home pinned for its ledger: the same
// tree, a later state of it (consistent, by a proof from the tiles), an earlier state of it, or a
// contradiction (a fork). Verify, audit and pull each decide what an earlier state means for them
// (a rollback of the copy; a lagging mirror), so that verdict is returned, and a fork thrown.
import { RadcredError } from '../errors.js';
import type { Checkpoint } from './checkpoint.js';
import { verifyConsistency } from './merkle.js';
import type { Pin } from './pins.js';

export type PinRelation = 'same' | 'ahead' | 'behind';

export interface ProofSource {
  /** the consistency proof from `size` to the checkpoint's tree (RFC 6962), from its tiles */
  consistencyProof(size: number): Buffer[];
  /** the root of the tree's first `size` leaves, from its tiles */
  rootAt(size: number): Buffer;
}

export const forkError = (message: string) =>
  new RadcredError(
    'LEDGER_FORK',
    message,
    'this copy shows a history that contradicts the one you pinned: do not trust it, and report it to the ledger operator',
  );

/**
 * How `cp` stands to `pin`, proven from `tree` (the tiles of `cp`'s tree, or for a checkpoint
 * behind the pin the tiles of the pinned tree, `pinned`). Throws LEDGER_FORK when they cannot both
 * be true.
 */
export function relationToPin(cp: Checkpoint, pin: Pin, tree: ProofSource, pinned?: ProofSource): PinRelation {
  const pinRoot = Buffer.from(pin.root, 'base64');
  if (cp.size === pin.size) return refuseOtherRootAtPinnedSize(cp, pin);
  if (cp.size > pin.size) {
    if (pin.size > 0 && !verifyConsistency(pin.size, cp.size, tree.consistencyProof(pin.size), pinRoot, cp.root)) {
      throw forkError(
        `the checkpoint of ${cp.origin} (size ${cp.size}) is not consistent with the pinned checkpoint (size ${pin.size})`,
      );
    }
    return 'ahead';
  }
  // behind: it must be a prefix of the pinned tree, when the pinned tree is at hand to tell
  if (pinned !== undefined && !pinned.rootAt(cp.size).equals(cp.root)) {
    throw forkError(
      `the checkpoint of ${cp.origin} (size ${cp.size}) is not a prefix of the pinned tree (size ${pin.size})`,
    );
  }
  return 'behind';
}

/** At the pinned size, the pinned root or a fork: no tiles needed to tell. */
export function refuseOtherRootAtPinnedSize(cp: Checkpoint, pin: Pin): 'same' {
  if (!cp.root.equals(Buffer.from(pin.root, 'base64')))
    throw forkError(`the checkpoint of ${cp.origin} at size ${cp.size} has another root than the pinned one`);
  return 'same';
}

/** For a copy to verify or audit against: an earlier state than the pin is a rollback. */
export function requireNotBehindPin(cp: Checkpoint, pin: Pin, tree: ProofSource, where: string): void {
  if (relationToPin(cp, pin, tree) === 'behind') {
    throw new RadcredError(
      'LEDGER_ROLLBACK',
      `the ledger copy in ${where} (size ${cp.size}) is older than the pinned checkpoint (size ${pin.size})`,
      'someone replaced the copy with an older one (a revocation may be hidden): pull it again',
    );
  }
}
