// A ledger directory: init, its published vkey, and its checkpoint opened with a trusted key.
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RadcredError } from '../errors.js';
import { resolveDidKey } from '../identity/did-key.js';
import type { Signer } from '../identity/store.js';
import { exists, isDirectory, readTextBounded, writeFileAtomic } from '../util/files.js';
import { formatCheckpointText, openCheckpoint, parseCheckpointText, type Checkpoint } from './checkpoint.js';
import { EMPTY_ROOT } from './merkle.js';
import { MAX_NOTE_BYTES, isKeyName, makeVkey, parseNote, parseVkey, signNote, type Vkey } from './note.js';

export const CHECKPOINT_FILE = 'checkpoint';
export const VKEY_FILE = 'vkey';

/** The raw 32-byte Ed25519 public key of an Ed25519 did:key. */
export function ed25519RawKey(did: string): Buffer {
  const key = resolveDidKey(did);
  if (key.keyType !== 'ed25519')
    throw new RadcredError(
      'OPERATOR_KEY_TYPE',
      'a ledger operator key must be Ed25519 (checkpoints are Ed25519 signed notes)',
      'create one with `radcred id create NAME` (Ed25519 is the default)',
    );
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

/** The longest origin radcred creates (a checkpoint's first line; its vkey file stays small). */
export const MAX_ORIGIN_BYTES = 256;

/** An origin radcred will create a ledger under: a key name of at most 256 bytes. */
export function checkOrigin(origin: string): string {
  if (!isKeyName(origin) || Buffer.byteLength(origin) > MAX_ORIGIN_BYTES) {
    throw new RadcredError(
      'ORIGIN_INVALID',
      `--origin ${JSON.stringify(origin.slice(0, 80))}${origin.length > 80 ? '...' : ''} is not a valid origin`,
      `use a schema-less URL of at most ${MAX_ORIGIN_BYTES} bytes, such as ledger.example.org/credentials: no spaces, no "+"`,
    );
  }
  return origin;
}

export function initLedger(dir: string, origin: string, signer: Signer): { checkpoint: string; vkey: Vkey } {
  checkOrigin(origin);
  const op = operatorOf(signer, origin);
  if (exists(dir) && readdirSync(dir).length > 0) {
    throw new RadcredError(
      'LEDGER_EXISTS',
      `${dir} already exists and is not empty`,
      'a ledger is never re-initialised; choose an empty directory',
    );
  }
  mkdirSync(join(dir, 'tile'), { recursive: true });
  writeFileAtomic(join(dir, VKEY_FILE), op.vkey.text + '\n', { exclusive: true });
  const checkpoint = signCheckpoint(op, 0, EMPTY_ROOT);
  writeFileAtomic(join(dir, CHECKPOINT_FILE), checkpoint, { exclusive: true });
  return { checkpoint, vkey: op.vkey };
}

/** LEDGER_NOT_FOUND unless `dir` holds a checkpoint, saying what it is instead (missing, a file, a home). */
function requireLedgerDir(dir: string): void {
  if (exists(join(dir, CHECKPOINT_FILE))) return;
  const what = !exists(dir)
    ? 'does not exist'
    : !isDirectory(dir)
      ? 'is a file, not a ledger directory'
      : exists(join(dir, 'identities'))
        ? 'is a radcred home, not a ledger (no checkpoint)'
        : 'is not a ledger (no checkpoint)';
  throw new RadcredError(
    'LEDGER_NOT_FOUND',
    `${dir} ${what}`,
    'give a ledger directory: create one with `radcred ledger init`, or pull one with `radcred ledger pull`',
  );
}

export function readCheckpointNote(dir: string): string {
  const path = join(dir, CHECKPOINT_FILE);
  requireLedgerDir(dir);
  try {
    return readTextBounded(path, 'checkpoint', MAX_NOTE_BYTES);
  } catch (e) {
    // a checkpoint that is a directory, too large, not UTF-8: the ledger is damaged (exit 4)
    if (e instanceof RadcredError && e.kind === 'input')
      throw new RadcredError(
        'CHECKPOINT_MALFORMED',
        `the checkpoint of ${dir} cannot be read: ${e.message}`,
        'the ledger copy is damaged: pull it again from its operator',
      );
    throw e;
  }
}

/** What to do about a ledger of one's own whose vkey file is gone (no command that opens one takes --vkey). */
const OWN_VKEY_MISSING =
  '`radcred ledger init` writes DIR/vkey: restore it from the operator (the checkpoint cannot be checked without it)';

/**
 * The vkey the ledger publishes about itself: a convenience, not a trust root. A directory that is no
 * ledger at all is LEDGER_NOT_FOUND; `hint` says what to do without the file (a verifier's commands
 * take --vkey, the operator's own do not).
 */
export function readPublishedVkey(dir: string, hint = OWN_VKEY_MISSING): Vkey {
  requireLedgerDir(dir);
  const path = join(dir, VKEY_FILE);
  if (!exists(path)) throw new RadcredError('VKEY_MISSING', `${dir} publishes no vkey file`, hint);
  return parseVkey(readTextBounded(path, 'vkey', 4096));
}

export function openLedgerCheckpoint(dir: string, vkey: Vkey): Checkpoint {
  return openCheckpoint(readCheckpointNote(dir), vkey);
}

/** The origin a checkpoint claims, before any signature check (to find the pin for it). */
export function claimedOrigin(dir: string): string {
  return originOfNote(readCheckpointNote(dir), dir);
}

/** The origin a checkpoint note claims (unverified); CHECKPOINT_MALFORMED when it is not a checkpoint. */
export function originOfNote(note: string, where: string): string {
  // the whole note must be a well-formed checkpoint (signatures checked later, with the pinned
  // key): a report or any other text written over it is damage, not a ledger of another name
  let origin: string;
  try {
    origin = parseCheckpointText(parseNote(note).text).origin;
  } catch (e) {
    if (!(e instanceof RadcredError)) throw e;
    throw new RadcredError(
      'CHECKPOINT_MALFORMED',
      `the checkpoint in ${where} is not a signed checkpoint: ${e.message}`,
      'the ledger copy is damaged: pull it again from its operator',
    );
  }
  if (!isKeyName(origin))
    throw new RadcredError(
      'CHECKPOINT_MALFORMED',
      `the checkpoint in ${where} has no valid origin line`,
      'the ledger copy is damaged: pull it again from its operator',
    );
  return origin;
}
