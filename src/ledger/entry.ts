// @domain (not for src/cli: a building block of the domain operations)
// radcred ledger entries (DESIGN.md "Ledger"): small signed text records, no personal data.
// The signature covers every byte before the `signature ` line; each line ends with "\n".
import { RadcredError } from '../errors.js';
import { resolveDidKey } from '../identity/did-key.js';
import { verifyBytes } from '../identity/keys.js';
import type { Signer } from '../identity/store.js';
import { decodeBase64urlStrict, encodeBase64url } from '../util/bytes.js';
import { isoTime, parseTime } from '../util/time.js';

export const ENTRY_MAGIC = 'radcred-ledger-entry/v1';
export const ENTRY_KINDS = ['issue', 'revoke', 'suspend', 'reinstate'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
/** entry bundles length-prefix each entry with a uint16 */
export const MAX_ENTRY_BYTES = 65535;
const MAX_REASON = 500;

export interface LedgerEntry {
  kind: EntryKind;
  credential: string;
  issuer: string;
  /** ISO 8601, as written */
  time: string;
  /** unix seconds */
  timeSeconds: number;
  reason?: string;
  /** the bytes the signature covers */
  signed: Buffer;
  signature: Buffer;
  bytes: Buffer;
}

const bad = (why: string) => new RadcredError('ENTRY_MALFORMED', `malformed ledger entry: ${why}`);

export function checkReason(reason: string): string {
  // eslint-disable-next-line no-control-regex
  if (reason.length === 0 || reason.length > MAX_REASON || /[\u0000-\u001f\u007f\u2028\u2029]/.test(reason)) {
    throw new RadcredError('REASON_INVALID', `--reason must be one line of 1-${MAX_REASON} characters`);
  }
  return reason;
}

export interface EntryInput {
  kind: EntryKind;
  credential: string;
  time: number;
  reason?: string;
}

export function createEntry(signer: Signer, input: EntryInput): Buffer {
  if (!/^sha256:[0-9a-f]{64}$/.test(input.credential)) throw bad('credential must be sha256:<hex>');
  const lines = [
    ENTRY_MAGIC,
    `kind ${input.kind}`,
    `credential ${input.credential}`,
    `issuer ${signer.did}`,
    `time ${isoTime(input.time)}`,
  ];
  if (input.reason !== undefined) {
    if (input.kind !== 'revoke' && input.kind !== 'suspend')
      throw bad('only revoke and suspend entries carry a reason');
    lines.push(`reason ${checkReason(input.reason)}`);
  }
  const text = lines.join('\n') + '\n';
  const signature = `signature ${encodeBase64url(signer.sign(Buffer.from(text, 'utf8')))}\n`;
  // An unpooled buffer of exactly the entry's size: a batch keeps 40,000 of these, and a small
  // pooled slice would keep its whole 8 KiB slab alive.
  const out = Buffer.alloc(Buffer.byteLength(text) + Buffer.byteLength(signature));
  out.write(text + signature, 'utf8');
  return out;
}

/** True when the bytes claim to be a radcred entry (anything else is an opaque leaf). */
export const isRadcredEntry = (bytes: Uint8Array) =>
  Buffer.from(bytes.subarray(0, ENTRY_MAGIC.length + 1)).toString('latin1') === ENTRY_MAGIC + '\n';

/** Parses a radcred entry strictly: exact line order, one line each, canonical encodings. */
export function parseEntry(bytes: Uint8Array): LedgerEntry {
  const buf = Buffer.from(bytes);
  if (buf.length > MAX_ENTRY_BYTES) throw bad('too large');
  let text: string;
  try {
    // ignoreBOM keeps a leading U+FEFF, so the magic line refuses it: the signed bytes are
    // counted from the first byte, and isRadcredEntry calls such bytes opaque.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf);
  } catch {
    throw bad('not UTF-8');
  }
  if (!text.endsWith('\n')) throw bad('must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  const take = (i: number, key: string): string => {
    const line = lines[i];
    if (line === undefined || !line.startsWith(key + ' ')) throw bad(`line ${i + 1} must be "${key} ..."`);
    return line.slice(key.length + 1);
  };
  if (lines[0] !== ENTRY_MAGIC) throw bad('not a radcred entry');
  const kind = take(1, 'kind');
  if (!(ENTRY_KINDS as readonly string[]).includes(kind))
    throw bad(`unknown kind ${JSON.stringify(kind.slice(0, 20))}`);
  const credential = take(2, 'credential');
  if (!/^sha256:[0-9a-f]{64}$/.test(credential)) throw bad('credential must be sha256:<64 hex>');
  const issuer = take(3, 'issuer');
  const time = take(4, 'time');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(time)) throw bad('time must be YYYY-MM-DDTHH:MM:SSZ');
  let timeSeconds: number;
  try {
    timeSeconds = parseTime(time);
  } catch {
    throw bad('time is not a real time');
  }
  let next = 5;
  let reason: string | undefined;
  if (lines[next]?.startsWith('reason ')) {
    if (kind !== 'revoke' && kind !== 'suspend') throw bad('only revoke and suspend entries carry a reason');
    reason = take(next, 'reason');
    next++;
  }
  const sigText = take(next, 'signature');
  if (lines.length !== next + 1) throw bad('unexpected lines after the signature');
  const signature = decodeBase64urlStrict(sigText);
  if (signature === undefined) throw bad('signature is not canonical base64url');
  const signed = buf.subarray(0, Buffer.byteLength(lines.slice(0, next).join('\n') + '\n', 'utf8'));
  return {
    kind: kind as EntryKind,
    credential,
    issuer,
    time,
    timeSeconds,
    ...(reason !== undefined ? { reason } : {}),
    signed,
    signature,
    bytes: buf,
  };
}

/** Does the entry's signature verify against the key of its `issuer` DID? */
export function entrySignatureValid(entry: LedgerEntry): boolean {
  let did;
  try {
    did = resolveDidKey(entry.issuer);
  } catch {
    return false;
  }
  return verifyBytes(did.keyType, did.publicKey, entry.signed, entry.signature);
}
