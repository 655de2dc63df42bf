// ledger init | status | integrate | add-cosignatures: the ledger operator's commands, on the ledger
// it runs (a verifier's copy and its checks are ledger-verifier.ts; a witness's, ledger-witness.ts).
import { checkOrigin, initLedger, readPublishedVkey } from '../../ledger/ledger.js';
import { ledgerStatus } from '../../ledger/inspect.js';
import { integratePending } from '../../ledger/integrate.js';
import { unlockOperator } from '../../ledger/operator.js';
import { addCosignatures } from '../../ledger/cosign.js';
import { readTextBounded } from '../../util/files.js';
import { checkOutputDir } from '../../util/output.js';
import type { CliContext } from '../context.js';
import { unlockSigner, unlockWith, warningsField } from '../identity-access.js';
import type { CommandResult } from '../result.js';

export async function init(ctx: CliContext, [dirArg]: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const dir = ctx.resolvePath(dirArg!);
  const operator = String(opts.operator);
  // refused before the key is unlocked: a file, a non-empty directory, an invalid origin
  checkOutputDir(dir, 'ledger init', {
    empty: true,
    emptyHint: 'a ledger is never re-initialised; choose a new or empty directory',
  });
  checkOrigin(String(opts.origin));
  const signer = await unlockSigner(ctx, operator, 'the ledger operator');
  const { vkey } = initLedger(dir, String(opts.origin), signer);
  return {
    data: { dir, origin: vkey.name, size: 0, vkey: vkey.text, operator: signer.did, ...warningsField(ctx) },
    human: (s) =>
      `${s.ok('created')} ledger ${vkey.name} in ${dir}\n  vkey  ${vkey.text}\n  ${s.dim('give verifiers this vkey out of band; they pin it with `radcred ledger pull SRC DST --vkey VKEY`')}`,
  };
}

export async function status(ctx: CliContext, [dirArg]: string[]): Promise<CommandResult> {
  const data = ledgerStatus(ctx.resolvePath(dirArg!));
  return {
    data,
    human: (s) =>
      [
        `${s.bold('ledger')} ${data.origin}`,
        `  size     ${data.size}`,
        `  root     ${data.root}`,
        `  vkey     ${data.vkey}`,
        `  newest   ${data.newestEntryTime ?? 'no entries'}`,
        `  pending  ${data.pending}${data.pending ? s.dim('  (run `radcred ledger integrate`)') : ''}`,
        s.dim("  (as the ledger's own files say; `ledger audit` checks them)"),
      ].join('\n'),
  };
}

export async function integrate(
  ctx: CliContext,
  [dirArg]: string[],
  opts: Record<string, unknown>,
): Promise<CommandResult> {
  const dir = ctx.resolvePath(dirArg!);
  const name = String(opts.operator);
  const vkey = readPublishedVkey(dir);
  const op = await unlockWith(ctx, name, 'the ledger operator', (passphrase) =>
    unlockOperator(ctx.home, name, passphrase, vkey),
  );
  const r = await integratePending(dir, op);
  return {
    data: { ...r, ...warningsField(ctx) },
    exitCode: r.rejected.length > 0 ? 1 : 0,
    human: (s) =>
      [
        `${s.ok('integrated')} ${r.integrated} pending entr${r.integrated === 1 ? 'y' : 'ies'} in one commit: size ${r.checkpoint.size}, root ${r.checkpoint.root}`,
        ...(r.duplicates ? [s.dim(`  ${r.duplicates} already in the ledger, removed from pending/`)] : []),
        ...r.rejected.map(
          (x) => `${s.bad('rejected')} ${x.file}: ${x.message} [${x.code}] ${s.dim('(moved to pending/rejected/)')}`,
        ),
      ].join('\n'),
  };
}

export async function addCosignaturesCommand(ctx: CliContext, [dirArg, ...files]: string[]): Promise<CommandResult> {
  const dir = ctx.resolvePath(dirArg!);
  const notes = files.map((f) => readTextBounded(ctx.resolvePath(f), 'cosigned checkpoint', 64 * 1024));
  const r = await addCosignatures(dir, notes);
  return {
    data: { added: r.added },
    human: (s) => `${s.ok('added')} ${r.added} cosignature${r.added === 1 ? '' : 's'} to the checkpoint of ${dir}`,
  };
}
