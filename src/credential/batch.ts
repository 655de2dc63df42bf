// Batch issuance from a roster: each row gets a stable key (type, subject, data, validUntil), and
// its credential is written to OUT-DIR/<key>.jwt. A rerun finds the file and issues nothing twice.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Signer } from '../identity/store.js';
import { parseCompactJws } from '../jws/compact.js';
import { exists, readTextBounded } from '../util/files.js';
import { readCredentialClaims, type CredentialView } from './claims.js';
import { issueCredential, type Issued } from './issue.js';
import type { RosterRow } from './roster.js';

/** JSON with object keys sorted, so equal data always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export const rowKey = (type: string, row: RosterRow) =>
  createHash('sha256')
    .update(canonicalJson([type, row.subject, row.data, row.validUntil ?? null]))
    .digest('hex')
    .slice(0, 40);

export interface PlannedRow {
  row: RosterRow;
  file: string;
}

/** What names a credential an earlier run wrote (for the issuer register), without its JWT. */
export type IssuedEarlier = Omit<Issued, 'jwt'>;

export interface BatchPlan {
  toIssue: PlannedRow[];
  skipped: { line: number; file: string; reason: 'already-issued' | 'duplicate-row' }[];
  /** the credentials of the already-issued rows */
  existing: IssuedEarlier[];
}

/** An earlier run's file counts only if it is a whole credential for this row's subject. */
function alreadyIssued(file: string, subject: string): CredentialView | undefined {
  if (!exists(file)) return undefined;
  try {
    const claims = readCredentialClaims(parseCompactJws(readTextBounded(file, 'issued credential')));
    return claims.ok && claims.view.subject === subject ? claims.view : undefined;
  } catch {
    return undefined; // a damaged file (a crash mid-write) is issued again
  }
}

/** The small part of a credential the register needs (a rerun of 40,000 rows keeps no JWTs). */
function earlier(v: CredentialView): IssuedEarlier | undefined {
  if (v.jti === undefined || v.iat === undefined) return undefined; // not radcred's: it sets both
  return {
    digest: v.digest,
    jti: v.jti,
    type: v.type,
    issuer: v.issuer,
    subject: v.subject,
    issuedAt: v.iat,
    ...(v.exp !== undefined ? { validUntil: v.exp } : {}),
  };
}

export function planBatch(type: string, rows: readonly RosterRow[], outDir: string): BatchPlan {
  const plan: BatchPlan = { toIssue: [], skipped: [], existing: [] };
  const seen = new Set<string>();
  for (const row of rows) {
    const file = join(outDir, `${rowKey(type, row)}.jwt`);
    const found = seen.has(file) ? undefined : alreadyIssued(file, row.subject);
    if (seen.has(file)) plan.skipped.push({ line: row.line, file, reason: 'duplicate-row' });
    else if (found !== undefined) {
      plan.skipped.push({ line: row.line, file, reason: 'already-issued' });
      const e = earlier(found);
      if (e !== undefined) plan.existing.push(e);
    } else plan.toIssue.push({ row, file });
    seen.add(file);
  }
  return plan;
}

export interface BatchIssueInput {
  signer: Signer;
  type: string;
  /** cleared slot by slot as the rows are issued */
  planned: PlannedRow[];
  now: number;
  validFrom?: number;
  onProgress?: (done: number) => void;
}

/** Issues the planned rows one by one, so the caller can write each away and keep little in memory. */
export async function* issueBatch(input: BatchIssueInput): AsyncGenerator<Issued & { line: number; file: string }> {
  let done = 0;
  // Clears each row out of the plan as it goes, so its data can be collected once issued.
  const queue = input.planned as (PlannedRow | undefined)[];
  for (let i = 0; i < queue.length; i++) {
    const { row, file } = queue[i]!;
    queue[i] = undefined;
    const issued = await issueCredential({
      signer: input.signer,
      type: input.type,
      subjectDid: row.subject,
      subject: row.data,
      now: input.now,
      ...(input.validFrom !== undefined ? { validFrom: input.validFrom } : {}),
      ...(row.validUntil !== undefined ? { validUntil: row.validUntil } : {}),
    });
    input.onProgress?.(++done);
    yield { ...issued, line: row.line, file };
  }
}
