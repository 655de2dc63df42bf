// A ledger directory: init, its published vkey, and its checkpoint opened with a trusted key.
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RadcredError } from '../errors.js';
import { resolveDidKey } from '../identity/did-key.js';
import type { Signer } from '../identity/store.js';
import { exists, readTextBounded, writeFileAtomic } from '../util/files.js';
import { formatCheckpointText, openCheckpoint, type Checkpoint } from './checkpoint.js';
import { EMPTY_ROOT } from './merkle.js';
import { MAX_NOTE_BYTES, isKeyName, makeVkey, parseVkey, signNote, type Vkey } from './note.js';

export const CHECKPOINT_FILE = 'checkpoint';
export const VKEY_FILE = 'vkey';

/** The raw 32-byte Ed25519 public key of an Ed25519 did:key. */
export function ed25519RawKey(did: string): Buffer {
  const key = resolveDidKey(did);
  if (key.keyType !== 'ed25519') throw new RadcredError('OPERATOR_KEY_TYPE', 'a ledger operator key must be Ed25519 (checkpoints are Ed25519 signed notes)', 'create one with `radcred id create NAME` (Ed25519 is the default)');
  return Buffer.from(key.publicKey.export({ format: 'jwk' }).x as string, 'base64url');
}

export interface Operator {
  signer: Signer;
  vkey: Vkey;
}

export function operatorOf(signer: Signer, origin: string): Operator {
  return { signer, vkey: makeVkey(origin, ed25519RawKey(signer.did)) };
}

export function signCheckpoint(op: Operator, size: number, root: Uint8Array): string {
  return signNote(formatCheckpointText(op.vkey.name, size, root), op.vkey, op.signer.sign);
}

export function initLedger(dir: string, origin: string, signer: Signer): { checkpoint: string; vkey: Vkey } {
  if (!isKeyName(origin)) throw new RadcredError('ORIGIN_INVALID', `--origin ${JSON.stringify(origin)} is not a valid origin`, 'use a schema-less URL such as ledger.example.org/credentials: no spaces, no "+"');
  const op = operatorOf(signer, origin);
  if (exists(dir) && readdirSync(dir).length > 0) {
    throw new RadcredError('LEDGER_EXISTS', `${dir} already exists and is not empty`, 'a ledger is never re-initialised; choose an empty directory');
  }
  mkdirSync(join(dir, 'tile'), { recursive: true });
  writeFileAtomic(join(dir, VKEY_FILE), op.vkey.text + '\n', { exclusive: true });
  const checkpoint = signCheckpoint(op, 0, EMPTY_ROOT);
  writeFileAtomic(join(dir, CHECKPOINT_FILE), checkpoint, { exclusive: true });
  return { checkpoint, vkey: op.vkey };
}

export function readCheckpointNote(dir: string): string {
  const path = join(dir, CHECKPOINT_FILE);
  if (!exists(path)) throw new RadcredError('LEDGER_NOT_FOUND', `${dir} is not a ledger (no checkpoint)`, 'create one with `radcred ledger init`, or pull one with `radcred ledger pull`');
  return readTextBounded(path, 'checkpoint', MAX_NOTE_BYTES);
}

/** The vkey the ledger publishes about itself: a convenience, not a trust root. */
export function readPublishedVkey(dir: string): Vkey {
  const path = join(dir, VKEY_FILE);
  if (!exists(path)) throw new RadcredError('VKEY_MISSING', `${dir} publishes no vkey file`, 'pass --vkey');
  return parseVkey(readTextBounded(path, 'vkey', 4096));
}

export function openLedgerCheckpoint(dir: string, vkey: Vkey): Checkpoint {
  return openCheckpoint(readCheckpointNote(dir), vkey);
}

/** The origin a checkpoint claims, before any signature check (to find the pin for it). */
export function claimedOrigin(dir: string): string {
  const note = readCheckpointNote(dir);
  const origin = note.slice(0, note.indexOf('\n'));
  if (origin.length === 0 || !isKeyName(origin)) throw new RadcredError('CHECKPOINT_MALFORMED', `the checkpoint in ${dir} has no valid origin line`);
  return origin;
}
