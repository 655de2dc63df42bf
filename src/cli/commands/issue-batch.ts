// issue TYPE --issuer NAME --batch ROSTER.csv --out-dir DIR [--valid-from] [--ledger DIR]
// Every row is checked first; the good rows are issued, committed to the ledger in one commit,
// then written out (src/credential/batch-run.ts). Bad rows are reported by line and field, and
// make the exit status 1.
import { planBatch, type BatchPlan } from '../../credential/batch.js';
import { runBatch, type BatchRunResult } from '../../credential/batch-run.js';
import { recoverStaging } from '../../credential/batch-staging.js';
import { requireCredentialType } from '../../credential/issue.js';
import { MAX_ROSTER_BYTES, parseRoster, type RosterProblem } from '../../credential/roster.js';
import type { CredentialTypeDef } from '../../credential/types.js';
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
import type { Style } from '../style.js';

/** What the command line and the roster ask for, checked and planned before any key is unlocked. */
interface RosterRun {
  def: CredentialTypeDef;
  roster: string;
  outDir: string;
  validFrom?: number;
  /** the rows the roster has, good and bad */
  rowCount: number;
  problems: RosterProblem[];
  ledger?: { dir: string; origin: string | null };
  plan: BatchPlan;
  issuerName: string;
}

export async function issueRoster(
  ctx: CliContext,
  type: string,
  opts: Record<string, unknown>,
): Promise<CommandResult> {
  const r = planRoster(ctx, type, opts);
  const run = r.plan.toIssue.length > 0 ? await issuePlanned(ctx, r) : undefined;
  if (r.plan.existing.length > 0) await recordEarlierRows(ctx, r, run?.issuerDid);
  return rosterResult(ctx, r, run);
}

function planRoster(ctx: CliContext, type: string, opts: Record<string, unknown>): RosterRun {
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
  return {
    def,
    roster,
    outDir,
    ...(validFrom !== undefined ? { validFrom } : {}),
    rowCount,
    problems,
    ...(ledgerDir !== undefined ? { ledger: { dir: ledgerDir, origin } } : {}),
    plan,
    issuerName: String(opts.issuer),
  };
}

/** Unlocks the issuer, issues the planned rows with a progress bar, and records them. */
async function issuePlanned(ctx: CliContext, r: RosterRun): Promise<BatchRunResult & { issuerDid: string }> {
  const signer = await unlockSigner(ctx, r.issuerName, 'the issuer');
  const bar = await progressBar(ctx, 'issuing', r.plan.toIssue.length);
  const { ledger } = r;
  const run = await runBatch({
    signer,
    type: r.def.type,
    planned: r.plan.toIssue,
    outDir: r.outDir,
    now: ctx.now,
    ...(r.validFrom !== undefined ? { validFrom: r.validFrom } : {}),
    ...(ledger !== undefined ? { ledger, operator: () => (bar.stop(), operatorIfHeld(ctx, ledger.dir)) } : {}),
    onProgress: (done) => bar.update(done),
  });
  bar.stop(); // if not stopped already to ask for the operator's passphrase
  // Every new row in one append, once the files are in place; a failure is a warning (see recordIssued).
  await recordIssued(ctx, run.registered);
  return { ...run, issuerDid: signer.did };
}

/**
 * Rows an earlier run issued but did not record (killed before its append, or the files
 * recoverStaging just moved in for it) are recorded now; the scan is skipped without such rows.
 */
async function recordEarlierRows(ctx: CliContext, r: RosterRun, issuerDid: string | undefined): Promise<void> {
  await recordIssued(
    ctx,
    () =>
      unrecordedIssues(
        ctx.home,
        r.plan.existing,
        { did: issuerDid ?? readIdentity(ctx, r.issuerName).did, name: r.issuerName },
        r.ledger !== undefined ? { dir: r.ledger.dir, origin: r.ledger.origin! } : undefined,
      ),
    { onlyNew: true },
  );
}

function rosterResult(ctx: CliContext, r: RosterRun, run: BatchRunResult | undefined): CommandResult {
  const written = run?.written ?? [];
  const anchored = run?.anchored;
  const data = {
    type: r.def.type,
    roster: r.roster,
    outDir: r.outDir,
    rows: r.rowCount,
    issued: written.length,
    credentials: written,
    skipped: r.plan.skipped,
    bad: r.problems,
    ...(anchored ? { ledger: anchored } : {}),
    ...warningsField(ctx),
  };
  return {
    data,
    exitCode: r.problems.length > 0 ? EXIT.failed : EXIT.ok,
    human: (s) => renderRoster(s, r, written.length, anchored),
  };
}

function renderRoster(s: Style, r: RosterRun, issued: number, anchored: BatchRunResult['anchored']): string {
  const { skipped } = r.plan;
  const { problems } = r;
  return [
    `${s.ok('issued')} ${issued} ${r.def.type} credential(s) into ${r.outDir}`,
    ...(skipped.length
      ? [
          s.dim(
            `  ${skipped.filter((x) => x.reason === 'already-issued').length} already issued by an earlier run, ${skipped.filter((x) => x.reason === 'duplicate-row').length} duplicate row(s): not issued again`,
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
  ].join('\n');
}
