// @domain (not for src/cli: a building block of the domain operations)
// Strict compact JWS (RFC 7515 §7.1): three canonical base64url parts, header and payload JSON
// objects. Anything else is bad input. (JWTs are made with did-jwt: src/jwt/did-jwt-signer.ts.)
import { createHash } from 'node:crypto';
import { RadcredError } from '../errors.js';
import { decodeBase64urlStrict } from '../util/bytes.js';
import { isPlainObject, MAX_JSON_DEPTH, nestingExceeds } from '../util/json.js';

export const MAX_JWS_BYTES = 4 * 1024 * 1024;

export interface ParsedJws {
  readonly compact: string;
  readonly header: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
  /** `header.payload` as ASCII: what the signature and the credential digest cover */
  readonly signingInput: string;
  readonly signature: Buffer;
}

// ignoreBOM keeps a leading U+FEFF in the text, so JSON.parse refuses it as other JWT tools do.
// One decoder for every part: decode() without { stream } starts afresh each call.
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function jsonPart(part: string, which: string): Record<string, unknown> {
  const bytes = decodeBase64urlStrict(part);
  if (bytes === undefined) throw new RadcredError('JWS_MALFORMED', `the JWS ${which} is not canonical base64url`);
  let text: string;
  try {
    text = STRICT_UTF8.decode(bytes);
  } catch {
    throw new RadcredError('JWS_MALFORMED', `the JWS ${which} is not UTF-8`);
  }
  // the one nesting bound of every JSON radcred reads, checked before JSON.parse
  if (nestingExceeds(text, MAX_JSON_DEPTH))
    throw new RadcredError('JWS_MALFORMED', `the JWS ${which} nests deeper than ${MAX_JSON_DEPTH} levels`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RadcredError('JWS_MALFORMED', `the JWS ${which} is not UTF-8 JSON`);
  }
  if (!isPlainObject(value)) throw new RadcredError('JWS_MALFORMED', `the JWS ${which} is not a JSON object`);
  return value;
}

/** Parses a compact JWS; surrounding whitespace (a trailing newline in a file) is allowed. */
export function parseCompactJws(text: string): ParsedJws {
  const compact = text.trim();
  if (compact.length > MAX_JWS_BYTES)
    throw new RadcredError('JWS_TOO_LARGE', `the JWS is larger than ${MAX_JWS_BYTES} bytes`);
  const parts = compact.split('.');
  if (parts.length !== 3) {
    throw new RadcredError(
      'JWS_MALFORMED',
      `not a compact JWS (${parts.length} part${parts.length === 1 ? '' : 's'}, expected 3)`,
      'a credential file holds one VC-JWT: header.payload.signature',
    );
  }
  const [h, p, s] = parts as [string, string, string];
  const header = jsonPart(h, 'header');
  const payload = jsonPart(p, 'payload');
  const signature = decodeBase64urlStrict(s);
  if (signature === undefined) throw new RadcredError('JWS_MALFORMED', 'the JWS signature is not canonical base64url');
  return { compact, header, payload, signingInput: `${h}.${p}`, signature };
}

/** sha256:<hex> of the signing input: the credential's identity in the wallet and ledger. */
export const digestOfSigningInput = (signingInput: string): string =>
  'sha256:' + createHash('sha256').update(signingInput, 'ascii').digest('hex');
