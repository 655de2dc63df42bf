// @domain (not for src/cli: a building block of the domain operations)
// One way in to a ledger directory: its checkpoint verified with the key this home trusts for it
// (the key given, else the pin, else the ledger's own vkey file: trust on first use), checked
// against the pin once (pin-check.ts), with a reader for its tiles and entries and the index this
// home may trust. Audit, prove and a verifier's copy all open a ledger here.
import { openCheckpoint, type Checkpoint } from './checkpoint.js';
import { OWN_INDEX, type IndexTrust } from './entry-index.js';
import { claimedOrigin, readCheckpointNote, readPublishedVkey } from './ledger.js';
import { parseVkey, type Vkey } from './note.js';
import { requireNotBehindPin } from './pin-check.js';
import { readPin, type Pin } from './pins.js';
import { TileReader } from './reader.js';

export type KeySource = 'argument' | 'pin' | 'published';

export interface LedgerCopy {
  dir: string;
  origin: string;
  vkey: Vkey;
  /** where the key came from: --vkey, the home's pin, or the ledger's own vkey file */
  keySource: KeySource;
  checkpoint: Checkpoint;
  reader: TileReader;
  /** the home's pin for the origin, when there is one */
  pin?: Pin;
  /** the copy's index/ counts only as far as this home's records vouch for it (its own: fully) */
  indexTrust: IndexTrust;
}

export interface OpenOptions {
  /** the home whose pins decide (absent: the operator's own ledger, trusted as it is) */
  home?: string;
  vkey?: Vkey;
}

/** A verifier's copy without its vkey file: the key comes from the operator, never from the copy. */
const VERIFIER_VKEY_MISSING =
  'pass --vkey with the key the operator gave you, or pin it first (`radcred ledger pull SRC DIR --vkey VKEY`)';

/**
 * Opens `dir`: throws the checkpoint's own errors (unsigned by the key, malformed), and, when the
 * key is the pinned one, LEDGER_ROLLBACK or LEDGER_FORK for a copy that contradicts the pin.
 */
export function openLedger(dir: string, o: OpenOptions = {}): LedgerCopy {
  const origin = claimedOrigin(dir);
  const pin = o.home !== undefined ? readPin(o.home, origin) : undefined;
  const [vkey, keySource]: [Vkey, KeySource] =
    o.vkey !== undefined
      ? [o.vkey, 'argument']
      : pin
        ? [parseVkey(pin.vkey), 'pin']
        : [readPublishedVkey(dir, VERIFIER_VKEY_MISSING), 'published'];
  const checkpoint = openCheckpoint(readCheckpointNote(dir), vkey);
  const reader = new TileReader(dir, checkpoint.size);
  const pinned = pin !== undefined && pin.vkey === vkey.text;
  if (pinned) requireNotBehindPin(checkpoint, pin, reader, dir);
  const indexTrust: IndexTrust =
    pinned && o.home !== undefined ? { mode: 'verifier', home: o.home, origin } : OWN_INDEX;
  return { dir, origin, vkey, keySource, checkpoint, reader, ...(pin ? { pin } : {}), indexTrust };
}
