// @internal (src/ledger only)
// The checks an audit makes of each radcred entry (audit.ts): it parses, is signed by its issuer,
// and changes only the status of a credential its signer issued; and how a failure is reported.
import { RadcredError, type ErrorCode } from '../errors.js';
import { entrySignatureValid, isRadcredEntry, parseEntry, type EntryKind } from './entry.js';
import type { ShardHasher } from './index-format.js';

export interface AuditCounts {
  entries: number;
  issue: number;
  revoke: number;
  suspend: number;
  reinstate: number;
  opaque: number;
}

/**
 * The DIDs that signed issue entries for a credential before the audited range (for incremental
 * audits). Status is kept per (credential, issuer): anyone can log an issue entry for a digest,
 * and doing so first must not make them "the issuer".
 */
export type IssuerLookup = (digest: string) => readonly string[];

/** A failure at one entry index: this copy cannot be trusted. */
export function failAt(
  code: ErrorCode,
  index: number,
  message: string,
  extra: Record<string, unknown> = {},
): RadcredError {
  return new RadcredError(
    code,
    `${message} (first bad index ${index})`,
    'this ledger copy cannot be trusted: pull it again from its operator, and report the damage',
    { index, ...extra },
  );
}

export const signatureFailure = (i: number, issuer: string) =>
  failAt('LEDGER_ENTRY_SIGNATURE', i, `entry ${i} is not signed by its issuer ${issuer}`);

/**
 * Credential hex -> its issuers: one string almost always (an array only when several signed issue
 * entries for it), so a million-entry audit keeps one interned DID per credential.
 */
class IssuerTable {
  private readonly issuers = new Map<string, string | string[]>();
  private readonly interned = new Map<string, string>();

  has(hex: string): boolean {
    return this.issuers.has(hex);
  }

  issuedBy(hex: string, did: string): boolean {
    const known = this.issuers.get(hex);
    return known === did || (Array.isArray(known) && known.includes(did));
  }

  add(hex: string, did: string): void {
    const issuer = this.interned.get(did) ?? (this.interned.set(did, did), did);
    const known = this.issuers.get(hex);
    if (known === undefined) this.issuers.set(hex, issuer);
    else if (!this.issuedBy(hex, issuer)) this.issuers.set(hex, [...(Array.isArray(known) ? known : [known]), issuer]);
  }
}

/**
 * The per-entry checks of an audit: each radcred entry parses, is signed by its issuer (unless
 * `checkSignatures` is off: workers check them), and changes only the status of a credential its
 * signer issued. Counts by kind; the first failure is kept (later entries are then skipped).
 */
export function entryChecker(
  counts: AuditCounts,
  issuerBefore: IssuerLookup,
  index: ShardHasher | undefined,
  checkSignatures: boolean,
): { onEntry: (i: number, bytes: Buffer) => void; badEntry: () => RadcredError | undefined } {
  const issuers = new IssuerTable();
  let badEntry: RadcredError | undefined;
  const onEntry = (i: number, bytes: Buffer) => {
    if (badEntry) return;
    if (!isRadcredEntry(bytes)) {
      counts.opaque++;
      return;
    }
    let entry;
    try {
      entry = parseEntry(bytes);
    } catch (e) {
      badEntry = failAt(
        'LEDGER_ENTRY_MALFORMED',
        i,
        `entry ${i} is a malformed radcred entry: ${(e as Error).message}`,
      );
      return;
    }
    const hex = entry.credential.slice(7);
    index?.add(hex, i);
    // With workers, signatures are checked there (the same bytes, copied); the first failure by
    // index wins below, so the order of findings stays that of the ledger.
    if (checkSignatures && !entrySignatureValid(entry)) {
      badEntry = signatureFailure(i, entry.issuer);
      return;
    }
    if (entry.kind === 'issue') issuers.add(hex, entry.issuer);
    else if (!issuers.issuedBy(hex, entry.issuer)) {
      const before = issuerBefore(entry.credential);
      if (!before.includes(entry.issuer)) {
        if (before.length === 0 && !issuers.has(hex)) {
          badEntry = failAt(
            'LEDGER_ENTRY_UNANCHORED',
            i,
            `entry ${i} changes the status of a credential that was never issued in this ledger`,
          );
        } else {
          badEntry = failAt(
            'LEDGER_ENTRY_NOT_ISSUER',
            i,
            `entry ${i} (${entry.kind}) is signed by ${entry.issuer}, who never issued that credential in this ledger`,
          );
        }
        return;
      }
    }
    counts[entry.kind as EntryKind]++;
  };
  return { onEntry, badEntry: () => badEntry };
}
