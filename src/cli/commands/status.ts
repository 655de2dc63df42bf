// revoke | suspend | reinstate CREDENTIAL --issuer NAME --ledger DIR [--reason TEXT] (revoke: [--yes])
import { RadcredError } from '../../errors.js';
import { checkStatusChange, logStatusChange, type StatusKind } from '../../issued/status-change.js';
import type { CliContext } from '../context.js';
import { attestedBy } from '../../credential/attests.js';
import { findIssued } from '../../issued/register.js';
import type { ResolvedCredential } from '../../issued/resolve.js';
import type { CredentialStatus } from '../../ledger/status.js';
import { listWallet } from '../../wallet/wallet.js';
import { readIdentity, unlockSigner, warningsField } from '../identity-access.js';
import { describeForConfirmation, issuerNamer } from '../render/credential-line.js';
import { outputWidth, printable, shortDids } from '../render/text.js';
import { credentialDigest, operatorIfHeld } from '../ledger-access.js';
import type { CommandResult } from '../result.js';

async function change(
  kind: StatusKind,
  ctx: CliContext,
  ref: string,
  opts: Record<string, unknown>,
): Promise<CommandResult> {
  const dir = ctx.resolvePath(String(opts.ledger));
  if (opts.reason !== undefined && kind === 'reinstate')
    throw new RadcredError('REASON_NOT_ALLOWED', 'reinstate takes no --reason');
  const resolved = credentialDigest(ctx, dir, ref);
  const { digest } = resolved;
  const issuerName = String(opts.issuer);
  // Checked with the identity's public part, before the passphrase is asked for and the question put.
  const issuer = readIdentity(ctx, issuerName).did;
  const standing = checkStatusChange(dir, resolved, { name: issuerName, did: issuer }, kind, ctx.now);
  if (kind === 'revoke') await confirmRevocation(ctx, resolved, standing.status, opts);
  const signer = await unlockSigner(ctx, issuerName, 'the issuer');
  const anchored = await logStatusChange({
    dir,
    signer,
    kind,
    digest,
    now: ctx.now,
    operator: await operatorIfHeld(ctx, dir),
    ...(typeof opts.reason === 'string' ? { reason: opts.reason } : {}),
  });
  const past = { revoke: 'revoked', suspend: 'suspended', reinstate: 'reinstated' }[kind];
  return {
    data: { kind, credential: digest, issuer, ...anchored, ...warningsField(ctx) },
    human: (s) =>
      anchored.mode === 'committed'
        ? `${s.ok(past)} ${digest}\n  ledger size ${anchored.checkpoint!.size}, root ${anchored.checkpoint!.root}`
        : `${s.warn('queued')} ${kind} of ${digest} in ${anchored.pending![0]}\n  ${s.dim('the ledger operator must run `radcred ledger integrate` before it takes effect')}`,
  };
}

/**
 * On a terminal, without --yes: shows what is about to be revoked and asks (default no). Without a
 * terminal, or with --no-input, it does not ask: scripts revoke as they always did.
 */
async function confirmRevocation(
  ctx: CliContext,
  resolved: ResolvedCredential,
  status: CredentialStatus,
  opts: Record<string, unknown>,
): Promise<void> {
  if (opts.yes === true || !ctx.canPrompt) return;
  const { digest } = resolved;
  const view = resolved.view ?? listWallet(ctx.home).find((e) => e.view.digest === digest)?.view;
  const width = outputWidth(ctx.io.stderr.columns);
  const record = view === undefined ? findIssued(ctx.home, digest)[0] : undefined;
  const lines =
    view !== undefined
      ? describeForConfirmation(view, issuerNamer(ctx.home), ctx.now, width)
      : [
          ...(record
            ? [
                printable(
                  `  ${attestedBy(record.type, {}).label}, issued ${record.time.slice(0, 10)} to ${shortDids(record.subject)}`,
                ),
              ]
            : []),
          `  digest   ${digest}`,
        ];
  ctx.note(
    [
      ctx.errStyle.bold('About to revoke:'),
      ...lines,
      `  ledger   ${status} in ${ctx.resolvePath(String(opts.ledger))}`,
    ].join('\n'),
  );
  const { promptConfirm } = await import('../prompts.js');
  if (!(await promptConfirm(ctx, 'Revoke it? Revocation is final: it cannot be reinstated', false))) {
    throw new RadcredError('PROMPT_CANCELLED', 'revocation cancelled; nothing was logged');
  }
}

export const revoke = (ctx: CliContext, [ref]: string[], opts: Record<string, unknown>) =>
  change('revoke', ctx, ref!, opts);
export const suspend = (ctx: CliContext, [ref]: string[], opts: Record<string, unknown>) =>
  change('suspend', ctx, ref!, opts);
export const reinstate = (ctx: CliContext, [ref]: string[], opts: Record<string, unknown>) =>
  change('reinstate', ctx, ref!, opts);
