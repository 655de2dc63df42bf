// One line of the issuer register (HOME/issued.jsonl): what names a credential this home issued —
// never its subject data — and the strict reading of such a line back from the file.
import type { Issued } from '../credential/issue.js';
import { isPlainObject } from '../util/json.js';
import { isoTime } from '../util/time.js';

export interface IssuedRecord {
  jti: string;
  /** `sha256:<hex>` of the JWS signing input, as in the ledger and the wallet */
  digest: string;
  type: string;
  /** the issuer's DID */
  issuer: string;
  /** the name of the identity that signed it in this home */
  issuerName: string;
  /** the holder's DID */
  subject: string;
  /** when it was issued (its `iat`), ISO 8601 */
  time: string;
  /** its `exp`, ISO 8601, when it has one */
  validUntil?: string;
  /** the origin of the ledger its issue entry went to (committed or queued), or null without --ledger */
  ledger: string | null;
}

/** The record of a credential just issued. */
export function issuedRecord(issued: Omit<Issued, 'jwt'>, issuerName: string, ledger: string | null): IssuedRecord {
  return {
    jti: issued.jti,
    digest: issued.digest,
    type: issued.type,
    issuer: issued.issuer,
    issuerName,
    subject: issued.subject,
    time: isoTime(issued.issuedAt),
    ...(issued.validUntil !== undefined ? { validUntil: isoTime(issued.validUntil) } : {}),
    ledger,
  };
}

/** The line written for a record: fixed key order, JSON (so no raw newline), the newline added by the writer. */
export function formatRecord(r: IssuedRecord): string {
  return JSON.stringify({
    jti: r.jti,
    digest: r.digest,
    type: r.type,
    issuer: r.issuer,
    issuerName: r.issuerName,
    subject: r.subject,
    time: r.time,
    ...(r.validUntil !== undefined ? { validUntil: r.validUntil } : {}),
    ledger: r.ledger,
  });
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const REQUIRED = ['jti', 'type', 'issuer', 'issuerName', 'subject', 'time'] as const;

/** Parses one line; the reason it is not a record otherwise (fields the register does not know are kept out, not refused). */
export function parseRecord(line: string): IssuedRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  if (!isPlainObject(value)) return 'not a JSON object';
  for (const key of REQUIRED) {
    if (typeof value[key] !== 'string' || (value[key] as string).length === 0) return `no ${key}`;
  }
  if (typeof value.digest !== 'string' || !DIGEST.test(value.digest)) return 'no sha256 digest';
  if (value.validUntil !== undefined && typeof value.validUntil !== 'string') return 'validUntil is not a string';
  if (value.ledger !== null && (typeof value.ledger !== 'string' || value.ledger.length === 0))
    return 'ledger is neither an origin nor null';
  const v = value as Record<string, string>;
  return {
    jti: v.jti!,
    digest: v.digest!,
    type: v.type!,
    issuer: v.issuer!,
    issuerName: v.issuerName!,
    subject: v.subject!,
    time: v.time!,
    ...(v.validUntil !== undefined ? { validUntil: v.validUntil } : {}),
    ledger: value.ledger as string | null,
  };
}
