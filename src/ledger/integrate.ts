// What the operator does with the queue: integrate every pending entry that checks out in one
// commit, and the rule every status change must follow, checked before it is made.
import { mkdirSync, readdirSync, renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { RadcredError } from '../errors.js';
import { exists, readBounded } from '../util/files.js';
import { isoTime } from '../util/time.js';
import { appendEntries } from './append.js';
import { entrySignatureValid, parseEntry, type EntryKind } from './entry.js';
import { ensureIndex, OWN_INDEX } from './entry-index.js';
import type { Operator } from './ledger.js';
import { withLedgerLock } from './lock.js';
import { entriesOf, issuersOf, openOwnLedger, PENDING_DIR, standingOf } from './own-ledger.js';
import { TileReader } from './reader.js';
import type { LedgerStanding } from './status.js';

/**
 * Which status changes are allowed from a standing: revocation is final, only a suspension can be
 * lifted, and a change is never dated before the credential's latest one (`time`, unix seconds):
 * verifiers apply changes in time order, so a change dated earlier would rewrite the past.
 */
export function checkTransition(kind: Exclude<EntryKind, 'issue'>, standing: Pick<LedgerStanding, 'status' | 'latestTime'>, time: number, code: 'STATUS_OUT_OF_ORDER' | 'ENTRY_OUT_OF_ORDER' = 'STATUS_OUT_OF_ORDER'): void {
  const { status } = standing;
  const allowed = kind === 'revoke' ? status !== 'revoked' : kind === 'suspend' ? status === 'active' : status === 'suspended';
  if (!allowed) {
    throw new RadcredError('STATUS_TRANSITION', `cannot ${kind} a credential that is ${status}`,
      status === 'revoked' ? 'revocation is final' : kind === 'reinstate' ? 'only a suspended credential can be reinstated' : 'it is already in that state');
  }
  if (standing.latestTime !== undefined && time < standing.latestTime) {
    throw new RadcredError(code, `a ${kind} dated ${isoTime(time)} would come before the credential's latest change (${isoTime(standing.latestTime)})`,
      'status changes are applied in time order: date it now (without an earlier --now)');
  }
}

export interface IntegrateResult {
  checkpoint: { size: number; root: string };
  integrated: number;
  duplicates: number;
  rejected: { file: string; code: string; message: string }[];
}

/** Sequences every pending entry that checks out, in one commit; rejected ones move to pending/rejected/. */
export async function integratePending(dir: string, op: Operator): Promise<IntegrateResult> {
  return withLedgerLock(dir, () => {
    const pendingDir = join(dir, PENDING_DIR);
    const files = exists(pendingDir) ? readdirSync(pendingDir).filter((f) => f.endsWith('.entry')).sort() : [];
    const l = openOwnLedger(dir);
    ensureIndex(dir, l.reader, l.checkpoint, OWN_INDEX);
    // keyed by digest and issuer: see issuersOf
    const state = new Map<string, { status: LedgerStanding['status']; latestTime?: number }>();
    const issued = new Set<string>(); // digests with any issue entry, committed or accepted now
    const stateOf = (digest: string, issuer: string) => {
      const key = `${digest} ${issuer}`;
      if (!state.has(key)) {
        const standing = standingOf(l, digest, issuer, Number.MAX_SAFE_INTEGER);
        if (standing) state.set(key, { status: standing.status, ...(standing.latestTime !== undefined ? { latestTime: standing.latestTime } : {}) });
      }
      return state.get(key);
    };
    const everIssued = (digest: string) => {
      if (!issued.has(digest) && issuersOf(l, digest).length > 0) issued.add(digest);
      return issued.has(digest);
    };
    const accepted: Buffer[] = [];
    const acceptedStatements = new Set<string>();
    const done: string[] = [];
    const rejected: IntegrateResult['rejected'] = [];
    let duplicates = 0;
    for (const file of files) {
      const path = join(pendingDir, file);
      try {
        const bytes = readBounded(path, 'pending entry', 65535);
        const e = parseEntry(bytes);
        if (!entrySignatureValid(e)) throw new RadcredError('ENTRY_SIGNATURE', 'not signed by its issuer');
        // the same statement is a duplicate whatever its signature bytes (an ECDSA signature has
        // two valid encodings, so a replay need not be byte-identical)
        if (entriesOf(l, e.credential).some((x) => x.entry.signed.equals(e.signed)) || acceptedStatements.has(e.signed.toString('latin1'))) {
          duplicates++;
          done.push(path);
          continue;
        }
        const s = stateOf(e.credential, e.issuer);
        if (e.kind === 'issue') {
          if (s === undefined) state.set(`${e.credential} ${e.issuer}`, { status: 'active' });
          issued.add(e.credential);
        } else {
          if (s === undefined && everIssued(e.credential)) throw new RadcredError('ENTRY_NOT_ISSUER', "not signed by the credential's issuer");
          if (s === undefined) throw new RadcredError('ENTRY_UNANCHORED', 'the credential was never issued in this ledger');
          checkTransition(e.kind, s, e.timeSeconds, 'ENTRY_OUT_OF_ORDER');
          s.status = e.kind === 'revoke' ? 'revoked' : e.kind === 'suspend' ? 'suspended' : 'active';
          s.latestTime = e.timeSeconds;
        }
        accepted.push(bytes);
        acceptedStatements.add(e.signed.toString('latin1'));
        done.push(path);
      } catch (err) {
        if (!(err instanceof RadcredError)) throw err;
        mkdirSync(join(pendingDir, 'rejected'), { recursive: true });
        renameSync(path, join(pendingDir, 'rejected', file));
        rejected.push({ file, code: err.code, message: err.message });
      }
    }
    const { checkpoint } = appendEntries(dir, op, accepted);
    ensureIndex(dir, new TileReader(dir, checkpoint.size), checkpoint, OWN_INDEX);
    // Only after the commit: a crash before this point leaves the queue to be integrated again,
    // and the duplicate check above makes that harmless.
    for (const path of done) unlinkSync(path);
    return { checkpoint: { size: checkpoint.size, root: checkpoint.root.toString('base64') }, integrated: accepted.length, duplicates, rejected };
  });
}
