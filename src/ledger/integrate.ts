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
export function checkTransition(
  kind: Exclude<EntryKind, 'issue'>,
  standing: Pick<LedgerStanding, 'status' | 'latestTime'>,
  time: number,
  code: 'STATUS_OUT_OF_ORDER' | 'ENTRY_OUT_OF_ORDER' = 'STATUS_OUT_OF_ORDER',
): void {
  const { status } = standing;
  const allowed =
    kind === 'revoke' ? status !== 'revoked' : kind === 'suspend' ? status === 'active' : status === 'suspended';
  if (!allowed) {
    throw new RadcredError(
      'STATUS_TRANSITION',
      `cannot ${kind} a credential that is ${status}`,
      status === 'revoked'
        ? 'revocation is final'
        : kind === 'reinstate'
          ? 'only a suspended credential can be reinstated'
          : 'it is already in that state',
    );
  }
  if (standing.latestTime !== undefined && time < standing.latestTime) {
    throw new RadcredError(
      code,
      `a ${kind} dated ${isoTime(time)} would come before the credential's latest change (${isoTime(standing.latestTime)})`,
      'status changes are applied in time order: date it now (without an earlier --now)',
    );
  }
}

export interface IntegrateResult {
  checkpoint: { size: number; root: string };
  integrated: number;
  duplicates: number;
  rejected: { file: string; code: string; message: string }[];
}

type OwnLedger = ReturnType<typeof openOwnLedger>;

/**
 * Decides each pending entry against the ledger and the entries accepted before it in this
 * integration: the standing of each credential (keyed by digest and issuer: see issuersOf) is
 * read from the ledger once, then kept up to date as entries are accepted.
 */
class PendingReview {
  private readonly state = new Map<string, { status: LedgerStanding['status']; latestTime?: number }>();
  /** digests with any issue entry, committed or accepted now */
  private readonly issued = new Set<string>();
  private readonly acceptedStatements = new Set<string>();

  constructor(private readonly l: OwnLedger) {}

  /** 'duplicate' for a statement already logged or accepted; throws a RadcredError to reject it. */
  review(bytes: Buffer): 'accepted' | 'duplicate' {
    const e = parseEntry(bytes);
    if (!entrySignatureValid(e)) throw new RadcredError('ENTRY_SIGNATURE', 'not signed by its issuer');
    // the same statement is a duplicate whatever its signature bytes (an ECDSA signature has
    // two valid encodings, so a replay need not be byte-identical)
    const statement = e.signed.toString('latin1');
    if (
      entriesOf(this.l, e.credential).some((x) => x.entry.signed.equals(e.signed)) ||
      this.acceptedStatements.has(statement)
    )
      return 'duplicate';
    const s = this.stateOf(e.credential, e.issuer);
    if (e.kind === 'issue') {
      if (s === undefined) this.state.set(`${e.credential} ${e.issuer}`, { status: 'active' });
      this.issued.add(e.credential);
    } else {
      if (s === undefined && this.everIssued(e.credential))
        throw new RadcredError('ENTRY_NOT_ISSUER', "not signed by the credential's issuer");
      if (s === undefined) throw new RadcredError('ENTRY_UNANCHORED', 'the credential was never issued in this ledger');
      checkTransition(e.kind, s, e.timeSeconds, 'ENTRY_OUT_OF_ORDER');
      s.status = e.kind === 'revoke' ? 'revoked' : e.kind === 'suspend' ? 'suspended' : 'active';
      s.latestTime = e.timeSeconds;
    }
    this.acceptedStatements.add(statement);
    return 'accepted';
  }

  private stateOf(digest: string, issuer: string) {
    const key = `${digest} ${issuer}`;
    if (!this.state.has(key)) {
      const standing = standingOf(this.l, digest, issuer, Number.MAX_SAFE_INTEGER);
      if (standing)
        this.state.set(key, {
          status: standing.status,
          ...(standing.latestTime !== undefined ? { latestTime: standing.latestTime } : {}),
        });
    }
    return this.state.get(key);
  }

  private everIssued(digest: string): boolean {
    if (!this.issued.has(digest) && issuersOf(this.l, digest).length > 0) this.issued.add(digest);
    return this.issued.has(digest);
  }
}

/** Sequences every pending entry that checks out, in one commit; rejected ones move to pending/rejected/. */
export async function integratePending(dir: string, op: Operator): Promise<IntegrateResult> {
  return withLedgerLock(dir, () => {
    const pendingDir = join(dir, PENDING_DIR);
    const files = exists(pendingDir)
      ? readdirSync(pendingDir)
          .filter((f) => f.endsWith('.entry'))
          .sort()
      : [];
    const l = openOwnLedger(dir);
    ensureIndex(dir, l.reader, l.checkpoint, OWN_INDEX);
    const review = new PendingReview(l);
    const accepted: Buffer[] = [];
    const done: string[] = [];
    const rejected: IntegrateResult['rejected'] = [];
    let duplicates = 0;
    for (const file of files) {
      const path = join(pendingDir, file);
      try {
        const bytes = readBounded(path, 'pending entry', 65535);
        if (review.review(bytes) === 'duplicate') duplicates++;
        else accepted.push(bytes);
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
    return {
      checkpoint: { size: checkpoint.size, root: checkpoint.root.toString('base64') },
      integrated: accepted.length,
      duplicates,
      rejected,
    };
  });
}
