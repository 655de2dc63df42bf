// @domain (not for src/cli: a building block of the domain operations)
// C2SP checkpoints (c2sp.org/tlog-checkpoint): origin, tree size and root hash as a signed note.
import { RadcredError } from '../errors.js';
import { HASH_SIZE } from './merkle.js';
import { decodeBase64Strict, openNote, type Vkey } from './note.js';

export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
  /** the whole signed note, as read or written */
  note: string;
}

const malformed = (why: string) => new RadcredError('CHECKPOINT_MALFORMED', `malformed checkpoint: ${why}`);

export function formatCheckpointText(origin: string, size: number, root: Uint8Array): string {
  return `${origin}\n${size}\n${Buffer.from(root).toString('base64')}\n`;
}

/** Parses the note text of a checkpoint (no signature check). */
export function parseCheckpointText(text: string): { origin: string; size: number; root: Buffer } {
  const lines = text.split('\n');
  if (lines.length < 4 || lines[lines.length - 1] !== '') throw malformed('expected origin, size and root lines');
  const [origin, sizeText, rootText] = lines as [string, string, string];
  if (origin.length === 0) throw malformed('empty origin');
  if (!/^(0|[1-9][0-9]{0,15})$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText)))
    throw malformed('tree size is not a decimal without leading zeros');
  const root = decodeBase64Strict(rootText);
  if (root === undefined || root.length !== HASH_SIZE) throw malformed('root is not a base64 SHA-256 hash');
  if (lines.slice(3, -1).some((l) => l.length === 0)) throw malformed('empty extension line');
  return { origin, size: Number(sizeText), root };
}

/** Verifies a checkpoint note with the ledger's vkey, whose key name must be the origin. */
export function openCheckpoint(note: string, vkey: Vkey): Checkpoint {
  const { text } = openNote(note, [vkey]);
  const body = parseCheckpointText(text);
  if (body.origin !== vkey.name) {
    throw new RadcredError(
      'CHECKPOINT_ORIGIN_MISMATCH',
      `checkpoint origin ${body.origin} is not the ledger key's name ${vkey.name}`,
    );
  }
  return { ...body, note };
}
