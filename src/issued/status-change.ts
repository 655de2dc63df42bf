// An issuer's status change (revoke, suspend, reinstate) of a credential it issued in its own
// ledger: checked first with the issuer's public DID (before any passphrase is asked for or any
// question put), then signed and logged, checked again under the ledger lock, so two changes at
// once cannot both pass (two revocations).
import { RadcredError } from '../errors.js';
import type { Signer } from '../identity/store.js';
import { anchorEntries, type AnchorResult } from '../ledger/commit.js';
import { createEntry, type EntryKind } from '../ledger/entry.js';
import { checkTransition } from '../ledger/integrate.js';
import type { Operator } from '../ledger/ledger.js';
import { issuersOf, openOwnLedger, standingOf } from '../ledger/own-ledger.js';
import type { LedgerStanding } from '../ledger/status.js';
import { registerNote, type ResolvedCredential } from './resolve.js';

export type StatusKind = Exclude<EntryKind, 'issue'>;

/** The issuer's standing for the credential, if `kind` may be applied to it now; else throws. */
export function checkStatusChange(
  dir: string,
  resolved: ResolvedCredential,
  issuer: { name: string; did: string },
  kind: StatusKind,
  now: number,
): LedgerStanding {
  const { digest } = resolved;
  const ledger = openOwnLedger(dir);
  const issuers = issuersOf(ledger, digest);
  if (issuers.length === 0) {
    throw new RadcredError(
      'CREDENTIAL_NOT_LOGGED',
      `credential ${digest} has no issue entry in this ledger`,
      `${registerNote(resolved, ledger.checkpoint.origin)}if it was queued in pending/, the operator must integrate it first (\`radcred ledger integrate\`)`,
    );
  }
  // the standing is this issuer's: an issue entry someone else logged for the digest does not count
  const standing = issuers.includes(issuer.did)
    ? standingOf(ledger, digest, issuer.did, Number.MAX_SAFE_INTEGER)
    : undefined;
  if (standing === undefined) {
    throw new RadcredError(
      'NOT_ISSUER',
      `only the credential's issuer (${issuers.join(' or ')}) can ${kind} it; ${issuer.name} is ${issuer.did}`,
    );
  }
  checkTransition(kind, standing, now);
  return standing;
}

export interface StatusChangeInput {
  dir: string;
  signer: Signer;
  kind: StatusKind;
  digest: string;
  reason?: string;
  now: number;
  /** the ledger's operator if this home holds it (committed), else the entry is queued in pending/ */
  operator: Operator | undefined;
}

/** Signs the status entry and commits (or queues) it, checking the change again under the lock. */
export async function logStatusChange(input: StatusChangeInput): Promise<AnchorResult> {
  const { dir, signer, kind, digest, now } = input;
  const entry = createEntry(signer, {
    kind,
    credential: digest,
    time: now,
    ...(input.reason !== undefined ? { reason: input.reason } : {}),
  });
  return anchorEntries(dir, [entry], input.operator, false, () =>
    checkTransition(kind, standingOf(openOwnLedger(dir), digest, signer.did, Number.MAX_SAFE_INTEGER)!, now),
  );
}
