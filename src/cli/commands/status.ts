// revoke | suspend | reinstate CREDENTIAL --issuer NAME --ledger DIR [--reason TEXT]
import { RadcredError, inputError, usageError } from '../../errors.js';
import { unlockIdentity } from '../../identity/store.js';
import { createEntry, type EntryKind } from '../../ledger/entry.js';
import { anchorEntries, checkTransition, standingOf } from '../../ledger/operations.js';
import type { CliContext } from '../context.js';
import { credentialDigest, operatorIfHeld } from '../ledger-access.js';
import type { CommandResult } from '../result.js';

type StatusKind = Exclude<EntryKind, 'issue'>;

async function change(kind: StatusKind, ctx: CliContext, ref: string, opts: Record<string, unknown>): Promise<CommandResult> {
  const dir = ctx.resolvePath(String(opts.ledger));
  if (opts.reason !== undefined && kind === 'reinstate') throw usageError('REASON_NOT_ALLOWED', 'reinstate takes no --reason');
  const { digest } = credentialDigest(ctx, dir, ref);
  const { issuer, standing } = standingOf(dir, digest, Number.MAX_SAFE_INTEGER);
  if (issuer === undefined || standing === undefined) {
    throw inputError('NOT_ANCHORED', `credential ${digest} has no issue entry in this ledger`, 'if it was queued in pending/, the operator must integrate it first (`radcred ledger integrate`)');
  }
  const signer = unlockIdentity(ctx.home, String(opts.issuer), await ctx.passphrase(`unlock the issuer ${String(opts.issuer)}`));
  if (signer.did !== issuer) {
    throw new RadcredError('input', 'NOT_ISSUER', `only the credential's issuer (${issuer}) can ${kind} it; ${signer.name} is ${signer.did}`);
  }
  checkTransition(kind, standing.status);
  const entry = createEntry(signer, { kind, credential: digest, time: ctx.now, ...(typeof opts.reason === 'string' ? { reason: opts.reason } : {}) });
  const anchored = await anchorEntries(dir, [entry], await operatorIfHeld(ctx, dir));
  const past = { revoke: 'revoked', suspend: 'suspended', reinstate: 'reinstated' }[kind];
  return {
    data: { kind, credential: digest, issuer, ...anchored },
    human: (s) => anchored.mode === 'committed'
      ? `${s.ok(past)} ${digest}\n  ledger size ${anchored.checkpoint!.size}, root ${anchored.checkpoint!.root}`
      : `${s.warn('queued')} ${kind} of ${digest} in ${anchored.pending![0]}\n  ${s.dim('the ledger operator must run `radcred ledger integrate` before it takes effect')}`,
  };
}

export const revoke = (ctx: CliContext, [ref]: string[], opts: Record<string, unknown>) => change('revoke', ctx, ref!, opts);
export const suspend = (ctx: CliContext, [ref]: string[], opts: Record<string, unknown>) => change('suspend', ctx, ref!, opts);
export const reinstate = (ctx: CliContext, [ref]: string[], opts: Record<string, unknown>) => change('reinstate', ctx, ref!, opts);
