// @internal (src/ledger only)
// C2SP tlog-cosignature (cosignature/v1, Ed25519): a witness's statement that, as of its
// timestamp, the checkpoint is the largest consistent tree head it has seen for the log. A
// cosignature is a note signature line over "cosignature/v1\ntime T\n" and the checkpoint body,
// keyed by SHA-256(name || "\n" || 0x04 || key)[:4], carrying the 8-byte big-endian timestamp
// before the 64-byte signature. Witness keys are vkeys of signature type 0x04.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { RadcredError } from '../errors.js';
import { encodeBase64url } from '../util/bytes.js';
import { isKeyName, parseNote, splitVkey } from './note.js';

export const COSIGNATURE_TYPE = 0x04;

export interface WitnessKey {
  readonly name: string;
  readonly keyId: Buffer;
  readonly raw: Buffer;
  readonly publicKey: KeyObject;
  /** the canonical vkey text, `name+keyid+base64(0x04 || key)` */
  readonly text: string;
}

export const cosignatureKeyId = (name: string, raw: Uint8Array): Buffer =>
  createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, COSIGNATURE_TYPE]))
    .update(raw)
    .digest()
    .subarray(0, 4);

const keyOf = (raw: Uint8Array) =>
  createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: encodeBase64url(raw) }, format: 'jwk' });

export function witnessKey(name: string, raw: Uint8Array): WitnessKey {
  if (!isKeyName(name))
    throw new RadcredError(
      'ORIGIN_INVALID',
      `${JSON.stringify(name)} is not a valid witness name`,
      'use a schema-less URL such as witness.northbay.example: no spaces, no "+"',
    );
  const keyId = cosignatureKeyId(name, raw);
  return {
    name,
    keyId,
    raw: Buffer.from(raw),
    publicKey: keyOf(raw),
    text: `${name}+${keyId.toString('hex')}+${Buffer.concat([Buffer.from([COSIGNATURE_TYPE]), raw]).toString('base64')}`,
  };
}

/** Parses a witness vkey (signature type 0x04); WITNESS_KEY_INVALID otherwise. */
export function parseWitnessKey(text: string): WitnessKey {
  const bad = (why: string) =>
    new RadcredError(
      'WITNESS_KEY_INVALID',
      `malformed witness key: ${why}`,
      'a witness key looks like witness.example+1a2b3c4d+BA... (`radcred ledger witness-key NAME` prints one)',
    );
  const { name, idHex, key } = splitVkey(text, bad);
  if (key.length !== 33 || key[0] !== COSIGNATURE_TYPE)
    throw bad('not an Ed25519 cosignature key (type 0x04, 32 bytes)');
  const w = (() => {
    try {
      return witnessKey(name, key.subarray(1));
    } catch {
      throw bad('not a valid Ed25519 public key');
    }
  })();
  if (!w.keyId.equals(Buffer.from(idHex, 'hex'))) throw bad('key ID does not match the key');
  return w;
}

/** The message a cosigner signs: the header, the time, then the checkpoint body. */
export const cosignedMessage = (body: string, time: number) =>
  Buffer.from(`cosignature/v1\ntime ${time}\n${body}`, 'utf8');

/** A cosignature line over `body` (a checkpoint's text, ending in a newline) at `time`. */
export function cosignatureLine(
  w: WitnessKey,
  sign: (data: Uint8Array) => Uint8Array,
  body: string,
  time: number,
): string {
  const stamp = Buffer.alloc(8);
  stamp.writeBigUInt64BE(BigInt(time));
  const sig = Buffer.from(sign(cosignedMessage(body, time)));
  return `\u2014 ${w.name} ${Buffer.concat([w.keyId, stamp, sig]).toString('base64')}`;
}

export interface Cosigned {
  witness: string;
  time: number;
}

/**
 * The witnesses among `known` whose cosignature on `note` verifies, with no timestamp later than
 * `now` (+60 s of clock skew). Lines of witnesses not known are ignored, as the spec says; a known
 * witness's line that does not verify counts for nothing.
 */
export function verifiedCosignatures(note: string, known: readonly WitnessKey[], now: number): Cosigned[] {
  const { text, signatures } = parseNote(note);
  const out: Cosigned[] = [];
  for (const s of signatures) {
    const w = known.find((k) => k.name === s.name && k.keyId.equals(s.keyId));
    if (w === undefined || s.signature.length !== 8 + 64) continue;
    const time = s.signature.readBigUInt64BE(0);
    if (time > BigInt(now + 60) || time >= 2n ** 63n) continue;
    if (verify(null, cosignedMessage(text, Number(time)), w.publicKey, s.signature.subarray(8)))
      out.push({ witness: w.name, time: Number(time) });
  }
  return out;
}
