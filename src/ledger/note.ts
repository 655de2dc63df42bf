// C2SP signed notes (c2sp.org/signed-note) with Ed25519 keys: verifier keys ("vkeys"), signing,
// and opening a note against the keys a verifier trusts. Unknown signatures are ignored; a bad
// signature from a known key rejects the whole note.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { RadcredError, type ErrorCode } from '../errors.js';
import { encodeBase64url } from '../util/bytes.js';

const ED25519_TYPE = 0x01;
const MAX_SIGNATURES = 100;
export const MAX_NOTE_BYTES = 64 * 1024;

export interface Vkey {
  readonly name: string;
  readonly keyId: Buffer;
  readonly publicKey: KeyObject;
  readonly raw: Buffer;
  /** the canonical text form */
  readonly text: string;
}

const noteError = (code: ErrorCode, message: string, hint?: string) => new RadcredError(code, message, hint);

/** Key names are non-empty and contain no Unicode spaces and no "+". */
export const isKeyName = (name: string) =>
  name.length > 0 && !/[\s+\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u.test(name);

/** Standard base64 (RFC 4648 §4) with padding, canonical; undefined otherwise. */
export function decodeBase64Strict(text: string): Buffer | undefined {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}

/** key ID = SHA-256(key name || 0x0A || 0x01 || 32-byte Ed25519 public key)[:4] */
export function keyIdOf(name: string, rawPublicKey: Uint8Array): Buffer {
  return createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, ED25519_TYPE]))
    .update(rawPublicKey)
    .digest()
    .subarray(0, 4);
}

function ed25519PublicKey(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: encodeBase64url(raw) }, format: 'jwk' });
}

export function makeVkey(name: string, rawPublicKey: Uint8Array): Vkey {
  if (!isKeyName(name))
    throw new RadcredError(
      'ORIGIN_INVALID',
      `${JSON.stringify(name)} is not a valid key name`,
      'use a schema-less URL such as ledger.example.org/credentials: no spaces, no "+"',
    );
  const keyId = keyIdOf(name, rawPublicKey);
  const raw = Buffer.from(rawPublicKey);
  const text = `${name}+${keyId.toString('hex')}+${Buffer.concat([Buffer.from([ED25519_TYPE]), raw]).toString('base64')}`;
  return { name, keyId, publicKey: ed25519PublicKey(raw), raw, text };
}

/**
 * The parts of a vkey (signed-note: `<name>+<hex key ID>+<base64(type || key)>`), each checked for
 * its form; the type byte and the key ID are for the caller to check against the key.
 */
export function splitVkey(
  text: string,
  bad: (why: string) => Error,
): { name: string; idHex: string; key: Buffer; text: string } {
  const trimmed = text.trim();
  // name + key ID + base64 key; the key's base64 may itself contain "+", so split twice only.
  const first = trimmed.indexOf('+');
  const second = trimmed.indexOf('+', first + 1);
  if (first < 0 || second < 0) throw bad('expected name+keyid+key');
  const [name, idHex, keyB64] = [trimmed.slice(0, first), trimmed.slice(first + 1, second), trimmed.slice(second + 1)];
  if (!isKeyName(name)) throw bad('invalid key name');
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw bad('key ID must be 8 lowercase hex digits');
  const key = decodeBase64Strict(keyB64);
  if (key === undefined) throw bad('key is not base64');
  return { name, idHex, key, text: trimmed };
}

/** Parses `<name>+<hex key ID>+<base64(0x01 || key)>`; refuses other algorithms and wrong key IDs. */
export function parseVkey(text: string): Vkey {
  const bad = (why: string) =>
    new RadcredError(
      'VKEY_INVALID',
      `malformed verifier key: ${why}`,
      "a vkey looks like origin+1a2b3c4d+AQ... (see the ledger's vkey file)",
    );
  const { name, idHex, key, text: trimmed } = splitVkey(text, bad);
  if (key[0] !== ED25519_TYPE) throw bad('unsupported signature type (radcred ledgers use Ed25519, type 0x01)');
  if (key.length !== 33) throw bad('an Ed25519 key is 32 bytes');
  const raw = key.subarray(1);
  if (!keyIdOf(name, raw).equals(Buffer.from(idHex, 'hex'))) throw bad('key ID does not match the key');
  try {
    return {
      name,
      keyId: Buffer.from(idHex, 'hex'),
      publicKey: ed25519PublicKey(raw),
      raw: Buffer.from(raw),
      text: trimmed,
    };
  } catch {
    throw bad('not a valid Ed25519 public key');
  }
}

/** Signs note text (which must end in a newline) with the key behind `vkey`; returns the signed note. */
export function signNote(text: string, vkey: Vkey, sign: (data: Uint8Array) => Uint8Array): string {
  if (!text.endsWith('\n')) throw new RadcredError('NOTE_TEXT', 'note text must end with a newline');
  const sig = sign(Buffer.from(text, 'utf8'));
  return `${text}\n\u2014 ${vkey.name} ${Buffer.concat([vkey.keyId, sig]).toString('base64')}\n`;
}

export interface NoteSignature {
  name: string;
  keyId: Buffer;
  signature: Buffer;
}

export interface ParsedNote {
  text: string;
  signatures: NoteSignature[];
}

/** Splits a signed note into text and signature lines, strictly (no verification). */
export function parseNote(note: string): ParsedNote {
  const malformed = (why: string) => noteError('NOTE_MALFORMED', `malformed signed note: ${why}`);
  if (Buffer.byteLength(note, 'utf8') > MAX_NOTE_BYTES) throw malformed('too large');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(note)) throw malformed('contains control characters');
  if (note.includes('\ufffd')) throw malformed('not valid UTF-8');
  if (!note.endsWith('\n')) throw malformed('does not end with a newline');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw malformed('no blank line before the signatures');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw malformed('too many signatures');
  const signatures = lines.map((line) => {
    const m = /^\u2014 (\S+) (\S+)$/u.exec(line);
    if (m === null || !isKeyName(m[1]!)) throw malformed('bad signature line');
    const bytes = decodeBase64Strict(m[2]!);
    if (bytes === undefined || bytes.length < 5) throw malformed('signature is not base64 of key ID and signature');
    return { name: m[1]!, keyId: bytes.subarray(0, 4), signature: bytes.subarray(4) };
  });
  if (signatures.length === 0) throw malformed('no signatures');
  return { text, signatures };
}

/** Verifies a note against trusted keys: at least one must have signed, and none may have signed badly. */
export function openNote(note: string, trusted: readonly Vkey[]): { text: string; verifiedBy: Vkey[] } {
  const parsed = parseNote(note);
  const verifiedBy: Vkey[] = [];
  for (const sig of parsed.signatures) {
    const key = trusted.find((k) => k.name === sig.name && k.keyId.equals(sig.keyId));
    if (key === undefined) continue; // unknown signers are ignored (cosigners, rotated keys)
    if (sig.signature.length !== 64 || !verify(null, Buffer.from(parsed.text, 'utf8'), key.publicKey, sig.signature)) {
      throw noteError(
        'CHECKPOINT_SIGNATURE_INVALID',
        `the signature by ${key.name} does not verify`,
        'the ledger copy was altered, or was signed by another key under the same name',
      );
    }
    verifiedBy.push(key);
  }
  if (verifiedBy.length === 0) {
    throw noteError(
      'CHECKPOINT_UNTRUSTED_KEY',
      'the checkpoint is not signed by the trusted ledger key',
      'check --vkey, or the pinned key in pins/; a different key means a different (or forged) ledger',
    );
  }
  return { text: parsed.text, verifiedBy };
}
