// issue TYPE --issuer NAME --batch ROSTER.csv --out-dir DIR [--valid-from] [--ledger DIR]
// Every row is checked first; the good rows are issued, committed to the ledger in one commit,
// then written out. Bad rows are reported by line and field, and make the exit status 1.
import { planBatch } from '../../credential/batch.js';
import { runBatch, type BatchRunResult } from '../../credential/batch-run.js';
import { recoverStaging } from '../../credential/batch-staging.js';
import { requireCredentialType } from '../../credential/issue.js';
import { MAX_ROSTER_BYTES, parseRoster } from '../../credential/roster.js';
import { claimedOrigin } from '../../ledger/ledger.js';
import { unrecordedIssues } from '../../issued/backfill.js';
import { readTextBounded } from '../../util/files.js';
import { parseTime } from '../../util/time.js';
import { RadcredError } from '../../errors.js';
import { checkOutputDir } from '../../util/output.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit.js';
import { readIdentity, unlockSigner, warningsField } from '../identity-access.js';
import { operatorIfHeld } from '../ledger-access.js';
import { recordIssued } from '../register-access.js';
import { progressBar } from '../progress.js';
import type { CommandResult } from '../result.js';

export async function issueRoster(
  ctx: CliContext,
  type: string,
  opts: Record<string, unknown>,
): Promise<CommandResult> {
  const def = requireCredentialType(type);
  if (opts.validUntil !== undefined)
    throw new RadcredError('ISSUE_MODE', 'with --batch, give each row its validUntil column instead of --valid-until');
  const validFrom = typeof opts.validFrom === 'string' ? parseTime(opts.validFrom, '--valid-from') : undefined;
  const roster = String(opts.batch);
  const outDir = checkOutputDir(ctx.resolvePath(String(opts.outDir)), '--out-dir');
  const { rows, problems } = parseRoster(
    readTextBounded(ctx.resolvePath(roster), 'roster', MAX_ROSTER_BYTES),
    def,
    ctx.now,
  );
  const rowCount = rows.length + new Set(problems.map((p) => p.line)).size;
  const ledgerDir = typeof opts.ledger === 'string' ? ctx.resolvePath(opts.ledger) : undefined;
  // a bad --ledger is refused before any key is unlocked; the register names it by its origin
  const origin = ledgerDir !== undefined ? claimedOrigin(ledgerDir) : null;
  recoverStaging(outDir, ledgerDir);
  const plan = planBatch(def.type, rows, outDir);
  rows.length = 0; // the plan holds what is still to issue; issuing releases each row

  let run: BatchRunResult | undefined;
  const issuerName = String(opts.issuer);
  let issuerDid: string | undefined;
  if (plan.toIssue.length > 0) {
    const signer = await unlockSigner(ctx, issuerName, 'the issuer');
    issuerDid = signer.did;
    const bar = await progressBar(ctx, 'issuing', plan.toIssue.length);
    run = await runBatch({
      signer,
      type: def.type,
      planned: plan.toIssue,
      outDir,
      now: ctx.now,
      ...(validFrom !== undefined ? { validFrom } : {}),
      ...(ledgerDir !== undefined
        ? { ledger: { dir: ledgerDir, origin }, operator: () => (bar.stop(), operatorIfHeld(ctx, ledgerDir)) }
        : {}),
      onProgress: (done) => bar.update(done),
    });
    bar.stop(); // if not stopped already to ask for the operator's passphrase
    // Every new row in one append, once the files are in place; a failure is a warning (see recordIssued).
    await recordIssued(ctx, run.registered);
  }
  const written = run?.written ?? [];
  const anchored = run?.anchored;
  if (plan.existing.length > 0) {
    // Rows an earlier run issued but did not record (killed before its append, or the files
    // recoverStaging just moved in for it) are recorded now; the scan is skipped without such rows.
    await recordIssued(
      ctx,
      () =>
        unrecordedIssues(
          ctx.home,
          plan.existing,
          { did: issuerDid ?? readIdentity(ctx, issuerName).did, name: issuerName },
          ledgerDir !== undefined ? { dir: ledgerDir, origin: origin! } : undefined,
        ),
      { onlyNew: true },
    );
  }

  const data = {
    type: def.type,
    roster,
    outDir,
    rows: rowCount,
    issued: written.length,
    credentials: written,
    skipped: plan.skipped,
    bad: problems,
    ...(anchored ? { ledger: anchored } : {}),
    ...warningsField(ctx),
  };
  return {
    data,
    exitCode: problems.length > 0 ? EXIT.failed : EXIT.ok,
    human: (s) =>
      [
        `${s.ok('issued')} ${written.length} ${def.type} credential(s) into ${outDir}`,
        ...(plan.skipped.length
          ? [
              s.dim(
                `  ${plan.skipped.filter((x) => x.reason === 'already-issued').length} already issued by an earlier run, ${plan.skipped.filter((x) => x.reason === 'duplicate-row').length} duplicate row(s): not issued again`,
              ),
            ]
          : []),
        ...(anchored
          ? [
              anchored.mode === 'committed'
                ? `  ledger: one commit, size ${anchored.checkpoint!.size}, root ${anchored.checkpoint!.root}`
                : `  ledger: ${anchored.pending!.length} entries queued in pending/ (the operator must run \`radcred ledger integrate\`)`,
            ]
          : []),
        ...(problems.length
          ? [
              s.bad(`${new Set(problems.map((p) => p.line)).size} bad row(s), not issued:`),
              ...problems.map((p) => `  line ${p.line}: ${p.field} ${p.message}`),
            ]
          : []),
      ].join('\n'),
  };
}
