// issue TYPE --issuer NAME --batch ROSTER.csv --out-dir DIR [--valid-from] [--ledger DIR]
// Every row is checked first; the good rows are issued, committed to the ledger in one commit,
// then written out. Bad rows are reported by line and field, and make the exit status 1.
import { planBatch, issueBatch } from '../../credential/batch.js';
import { openStaging, recoverStaging } from '../../credential/batch-staging.js';
import { requireCredentialType } from '../../credential/issue.js';
import { MAX_ROSTER_BYTES, parseRoster } from '../../credential/roster.js';
import { createEntry } from '../../ledger/entry.js';
import { claimedOrigin } from '../../ledger/ledger.js';
import { unrecordedIssues } from '../../issued/backfill.js';
import { issuedRecord } from '../../issued/record.js';
import { IssuedLines } from '../../issued/register.js';
import { anchorEntries, type AnchorResult } from '../../ledger/commit.js';
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

export async function issueRoster(ctx: CliContext, type: string, opts: Record<string, unknown>): Promise<CommandResult> {
  const def = requireCredentialType(type);
  if (opts.validUntil !== undefined) throw new RadcredError('ISSUE_MODE', 'with --batch, give each row its validUntil column instead of --valid-until');
  const validFrom = typeof opts.validFrom === 'string' ? parseTime(opts.validFrom, '--valid-from') : undefined;
  const roster = String(opts.batch);
  const outDir = checkOutputDir(ctx.resolvePath(String(opts.outDir)), '--out-dir');
  const { rows, problems } = parseRoster(readTextBounded(ctx.resolvePath(roster), 'roster', MAX_ROSTER_BYTES), def, ctx.now);
  const rowCount = rows.length + new Set(problems.map((p) => p.line)).size;
  const ledgerDir = typeof opts.ledger === 'string' ? ctx.resolvePath(opts.ledger) : undefined;
  // a bad --ledger is refused before any key is unlocked; the register names it by its origin
  const origin = ledgerDir !== undefined ? claimedOrigin(ledgerDir) : null;
  recoverStaging(outDir, ledgerDir);
  const plan = planBatch(def.type, rows, outDir);
  rows.length = 0; // the plan holds what is still to issue; issuing releases each row

  let anchored: AnchorResult | undefined;
  const written: { line: number; subject: string; digest: string; file: string }[] = [];
  const issuerName = String(opts.issuer);
  let issuerDid: string | undefined;
  if (plan.toIssue.length > 0) {
    const signer = await unlockSigner(ctx, issuerName, `unlock the issuer ${issuerName}`);
    issuerDid = signer.did;
    const registered = new IssuedLines(plan.toIssue.length); // each row's line for the issuer register
    // written to a staging directory, moved into place only after the ledger commit (batch-staging.ts)
    const staging = openStaging(outDir);
    try {
      const entries: Buffer[] = [];
      const bar = await progressBar(ctx, 'issuing', plan.toIssue.length);
      for await (const i of issueBatch({ signer, type: def.type, planned: plan.toIssue, now: ctx.now, ...(validFrom !== undefined ? { validFrom } : {}), onProgress: (done) => bar.update(done) })) {
        staging.write(i.file, i.jwt);
        if (typeof opts.ledger === 'string') entries.push(createEntry(signer, { kind: 'issue', credential: i.digest, time: ctx.now }));
        written.push({ line: i.line, subject: i.subject, digest: i.digest, file: i.file });
        registered.add(issuedRecord(i, signer.name, origin));
      }
      bar.stop();
      if (ledgerDir !== undefined) anchored = await anchorEntries(ledgerDir, entries, await operatorIfHeld(ctx, ledgerDir), true);
      staging.publish();
    } finally {
      staging.close();
    }
    // Every new row in one append, once the files are in place; a failure is a warning (see recordIssued).
    await recordIssued(ctx, registered);
  }
  if (plan.existing.length > 0) {
    // Rows an earlier run issued but did not record (killed before its append, or the files
    // recoverStaging just moved in for it) are recorded now; the scan is skipped without such rows.
    await recordIssued(ctx, () => unrecordedIssues(ctx.home, plan.existing,
      { did: issuerDid ?? readIdentity(ctx, issuerName).did, name: issuerName }, ledgerDir !== undefined ? { dir: ledgerDir, origin: origin! } : undefined), { onlyNew: true });
  }

  const data = {
    type: def.type, roster, outDir, rows: rowCount,
    issued: written.length, credentials: written, skipped: plan.skipped, bad: problems, ...(anchored ? { ledger: anchored } : {}), ...warningsField(ctx),
  };
  return {
    data,
    exitCode: problems.length > 0 ? EXIT.failed : EXIT.ok,
    human: (s) => [
      `${s.ok('issued')} ${written.length} ${def.type} credential(s) into ${outDir}`,
      ...(plan.skipped.length ? [s.dim(`  ${plan.skipped.filter((x) => x.reason === 'already-issued').length} already issued by an earlier run, ${plan.skipped.filter((x) => x.reason === 'duplicate-row').length} duplicate row(s): not issued again`)] : []),
      ...(anchored ? [anchored.mode === 'committed' ? `  ledger: one commit, size ${anchored.checkpoint!.size}, root ${anchored.checkpoint!.root}` : `  ledger: ${anchored.pending!.length} entries queued in pending/ (the operator must run \`radcred ledger integrate\`)`] : []),
      ...(problems.length ? [s.bad(`${new Set(problems.map((p) => p.line)).size} bad row(s), not issued:`), ...problems.map((p) => `  line ${p.line}: ${p.field} ${p.message}`)] : []),
    ].join('\n'),
  };
}
