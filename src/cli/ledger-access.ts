// CLI plumbing shared by the commands that write to a ledger: finding and unlocking the operator
// identity when this home holds it, and resolving a CREDENTIAL argument against a ledger.
import { readCredentialClaims } from '../credential/claims.js';
import { RadcredError } from '../errors.js';
import { parseCompactJws } from '../jws/compact.js';
import { readCheckpointNote, readPublishedVkey, type Operator } from '../ledger/ledger.js';
import { digestsWithPrefix, findOperatorIdentity, unlockOperator } from '../ledger/operations.js';
import { exists, readTextBounded } from '../util/files.js';
import { listWallet } from '../wallet/wallet.js';
import type { CliContext } from './context.js';
import { readIdentity } from './identity-access.js';

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
  readIdentity(ctx, name);
  return unlockOperator(ctx.home, name, await ctx.passphrase(`unlock the ledger operator ${name}`), vkey);
}

/** A CREDENTIAL argument as a digest: a credential file, sha256:<hex>, a hex prefix (8+), or a jti in this home's wallet. */
export function credentialDigest(ctx: CliContext, dir: string, ref: string): { digest: string; issuer?: string } {
  const path = ctx.resolvePath(ref);
  if (!/^(sha256:)?[0-9a-f]{8,64}$/.test(ref) && exists(path)) {
    const claims = readCredentialClaims(parseCompactJws(readTextBounded(path, 'credential file')));
    if (!claims.ok) throw new RadcredError('CREDENTIAL_INVALID', `${ref} is not a VC-JWT: ${claims.message}`);
    return { digest: claims.view.digest, issuer: claims.view.issuer };
  }
  if (/^sha256:[0-9a-f]{64}$/.test(ref)) return { digest: ref };
  const hex = /^(?:sha256:)?([0-9a-f]{8,64})$/.exec(ref)?.[1];
  if (hex !== undefined) {
    const found = digestsWithPrefix(dir, hex);
    if (found.length === 1) return { digest: found[0]! };
    if (found.length > 1) throw new RadcredError('CREDENTIAL_AMBIGUOUS', `${ref} matches ${found.length} credentials in the ledger`, 'give more characters of the digest');
    throw new RadcredError('CREDENTIAL_NOT_FOUND', `no credential with digest ${ref}... in the ledger`, 'pending entries count only once integrated');
  }
  const inWallet = listWallet(ctx.home).find((e) => e.view.jti === ref);
  if (inWallet) return { digest: inWallet.view.digest, issuer: inWallet.view.issuer };
  throw new RadcredError('CREDENTIAL_NOT_FOUND', `no credential matches ${JSON.stringify(ref)}`, 'use the credential file or its digest (radcred prints it when issuing)');
}
