// revoke | suspend | reinstate CREDENTIAL --issuer NAME --ledger DIR [--reason TEXT]
import { RadcredError } from '../../errors.js';
import { registerNote } from '../../issued/resolve.js';
import { createEntry, type EntryKind } from '../../ledger/entry.js';
import { anchorEntries } from '../../ledger/commit.js';
import { checkTransition } from '../../ledger/integrate.js';
import { issuersOf, openOwnLedger, standingOf } from '../../ledger/own-ledger.js';
import type { CliContext } from '../context.js';
import { unlockSigner, warningsField } from '../identity-access.js';
import { credentialDigest, operatorIfHeld } from '../ledger-access.js';
import type { CommandResult } from '../result.js';

type StatusKind = Exclude<EntryKind, 'issue'>;

async function change(kind: StatusKind, ctx: CliContext, ref: string, opts: Record<string, unknown>): Promise<CommandResult> {
  const dir = ctx.resolvePath(String(opts.ledger));
  if (opts.reason !== undefined && kind === 'reinstate') throw new RadcredError('REASON_NOT_ALLOWED', 'reinstate takes no --reason');
  const resolved = credentialDigest(ctx, dir, ref);
  const { digest } = resolved;
  const ledger = openOwnLedger(dir);
  const issuers = issuersOf(ledger, digest);
  if (issuers.length === 0) {
    throw new RadcredError('CREDENTIAL_NOT_LOGGED', `credential ${digest} has no issue entry in this ledger`,
      `${registerNote(resolved, ledger.checkpoint.origin)}if it was queued in pending/, the operator must integrate it first (\`radcred ledger integrate\`)`);
  }
  const signer = await unlockSigner(ctx, String(opts.issuer), `unlock the issuer ${String(opts.issuer)}`);
  // the standing is this issuer's: an issue entry someone else logged for the digest does not count
  const standing = issuers.includes(signer.did) ? standingOf(ledger, digest, signer.did, Number.MAX_SAFE_INTEGER) : undefined;
  if (standing === undefined) {
    throw new RadcredError('NOT_ISSUER', `only the credential's issuer (${issuers.join(' or ')}) can ${kind} it; ${signer.name} is ${signer.did}`);
  }
  const issuer = signer.did;
  checkTransition(kind, standing, ctx.now);
  const entry = createEntry(signer, { kind, credential: digest, time: ctx.now, ...(typeof opts.reason === 'string' ? { reason: opts.reason } : {}) });
  // Checked again under the ledger lock: two status changes at once must not both pass (two revocations).
  const anchored = await anchorEntries(dir, [entry], await operatorIfHeld(ctx, dir), false, () => checkTransition(kind, standingOf(openOwnLedger(dir), digest, issuer, Number.MAX_SAFE_INTEGER)!, ctx.now));
  const past = { revoke: 'revoked', suspend: 'suspended', reinstate: 'reinstated' }[kind];
  return {
    data: { kind, credential: digest, issuer, ...anchored, ...warningsField(ctx) },
    human: (s) => anchored.mode === 'committed'
      ? `${s.ok(past)} ${digest}\n  ledger size ${anchored.checkpoint!.size}, root ${anchored.checkpoint!.root}`
      : `${s.warn('queued')} ${kind} of ${digest} in ${anchored.pending![0]}\n  ${s.dim('the ledger operator must run `radcred ledger integrate` before it takes effect')}`,
  };
}

export const revoke = (ctx: CliContext, [ref]: string[], opts: Record<string, unknown>) => change('revoke', ctx, ref!, opts);
export const suspend = (ctx: CliContext, [ref]: string[], opts: Record<string, unknown>) => change('suspend', ctx, ref!, opts);
export const reinstate = (ctx: CliContext, [ref]: string[], opts: Record<string, unknown>) => change('reinstate', ctx, ref!, opts);
