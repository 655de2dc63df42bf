// @domain (not for src/cli: a building block of the domain operations)
// C2SP tlog-proof (c2sp.org/tlog-proof@v1): an entry's index, its inclusion proof and the
// checkpoint it is proven under, checkable offline with only the ledger's vkey.
import { RadcredError } from '../errors.js';
import { openCheckpoint, type Checkpoint } from './checkpoint.js';
import { HASH_SIZE, leafHash, verifyInclusion } from './merkle.js';
import { decodeBase64Strict, type Vkey } from './note.js';

const HEADER = 'c2sp.org/tlog-proof@v1';
const MAX_PROOF_HASHES = 64;

export interface TlogProof {
  extra?: Buffer;
  index: number;
  proof: Buffer[];
  checkpoint: string;
}

export function formatProof(p: TlogProof): string {
  const lines = [HEADER];
  if (p.extra !== undefined) lines.push(`extra ${p.extra.toString('base64')}`);
  lines.push(`index ${p.index}`, ...p.proof.map((h) => h.toString('base64')), '');
  return lines.join('\n') + '\n' + p.checkpoint;
}

const malformed = (why: string) => new RadcredError('PROOF_MALFORMED', `malformed tlog-proof: ${why}`);

export function parseProof(text: string): TlogProof {
  if (text.length > 64 * 1024) throw malformed('too large');
  const blank = text.indexOf('\n\n');
  if (blank < 0) throw malformed('no blank line before the checkpoint');
  const head = text.slice(0, blank).split('\n');
  const checkpoint = text.slice(blank + 2);
  if (head[0] !== HEADER) throw malformed(`first line must be ${HEADER}`);
  let i = 1;
  let extra: Buffer | undefined;
  if (head[i]?.startsWith('extra ')) {
    extra = decodeBase64Strict(head[i]!.slice(6));
    if (extra === undefined) throw malformed('extra is not base64');
    i++;
  }
  const m = /^index (0|[1-9][0-9]{0,15})$/.exec(head[i] ?? '');
  if (m === null || !Number.isSafeInteger(Number(m[1]))) throw malformed('missing or bad index line');
  const proof = head.slice(i + 1).map((line) => {
    const h = decodeBase64Strict(line);
    if (h === undefined || h.length !== HASH_SIZE) throw malformed('a proof line is not a base64 SHA-256 hash');
    return h;
  });
  if (proof.length > MAX_PROOF_HASHES) throw malformed('too many proof hashes');
  return { ...(extra !== undefined ? { extra } : {}), index: Number(m[1]), proof, checkpoint };
}

/** Checks that `entry` is at the proof's index under a checkpoint signed by `vkey`. */
export function checkProof(text: string, entry: Uint8Array, vkey: Vkey): { index: number; checkpoint: Checkpoint } {
  const p = parseProof(text);
  const checkpoint = openCheckpoint(p.checkpoint, vkey);
  if (!verifyInclusion(p.index, checkpoint.size, leafHash(entry), p.proof, checkpoint.root)) {
    throw new RadcredError(
      'PROOF_INVALID',
      `the entry is not included at index ${p.index} under the checkpoint (size ${checkpoint.size})`,
      'the proof, the entry or the checkpoint was altered, or they do not belong together',
    );
  }
  return { index: p.index, checkpoint };
}
