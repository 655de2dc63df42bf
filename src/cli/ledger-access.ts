// CLI plumbing shared by the commands that write to a ledger: finding and unlocking the operator
// identity when this home holds it, and resolving a CREDENTIAL argument against a ledger.
import { resolveCredential, type ResolvedCredential } from '../issued/resolve.js';
import { readCheckpointNote, readPublishedVkey, type Operator } from '../ledger/ledger.js';
import { findOperatorIdentity, unlockOperator } from '../ledger/operator.js';
import type { CliContext } from './context.js';
import { unlockWith } from './identity-access.js';

/** Refuses a --ledger that is not a ledger before any key is unlocked. */
export function requireLedger(dir: string): void {
  readCheckpointNote(dir);
  readPublishedVkey(dir);
}

/** The ledger operator, if this home holds its key (then entries are committed directly). */
export async function operatorIfHeld(ctx: CliContext, dir: string): Promise<Operator | undefined> {
  readCheckpointNote(dir); // LEDGER_NOT_FOUND for a directory that is not a ledger
  const vkey = readPublishedVkey(dir);
  const name = findOperatorIdentity(ctx.home, vkey);
  if (name === undefined) return undefined;
  // named by no option: this home holds the key of the ledger's vkey (so the entry is committed directly)
  return unlockWith(ctx, name, 'the ledger operator', (passphrase) => unlockOperator(ctx.home, name, passphrase, vkey));
}

/** A CREDENTIAL argument as a digest (src/issued/resolve.ts): a file, a digest or prefix, or a jti this home issued or holds. */
export const credentialDigest = (ctx: CliContext, dir: string, ref: string): ResolvedCredential =>
  resolveCredential(ctx.home, dir, ref, ctx.resolvePath);
