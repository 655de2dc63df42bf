// issue TYPE --issuer NAME --batch ROSTER.csv --out-dir DIR [--valid-from] [--ledger DIR]
// Every row is checked first; the good rows are issued, committed to the ledger in one commit,
// then written out. Bad rows are reported by line and field, and make the exit status 1.
import { mkdirSync } from 'node:fs';
import { planBatch, issueBatch } from '../../credential/batch.js';
import { requireCredentialType } from '../../credential/issue.js';
import { parseRoster } from '../../credential/roster.js';
import { createEntry } from '../../ledger/entry.js';
import { readCheckpointNote } from '../../ledger/ledger.js';
import { anchorEntries, type AnchorResult } from '../../ledger/operations.js';
import { unlockIdentity } from '../../identity/store.js';
import { readTextBounded, writeFileAtomic } from '../../util/files.js';
import { parseTime } from '../../util/time.js';
import { usageError } from '../../errors.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit.js';
import { operatorIfHeld } from '../ledger-access.js';
import { progressBar } from '../progress.js';
import type { CommandResult } from '../result.js';

export async function issueRoster(ctx: CliContext, type: string, opts: Record<string, unknown>): Promise<CommandResult> {
  const def = requireCredentialType(type);
  if (opts.validUntil !== undefined) throw usageError('ISSUE_MODE', 'with --batch, give each row its validUntil column instead of --valid-until');
  const validFrom = typeof opts.validFrom === 'string' ? parseTime(opts.validFrom, '--valid-from') : undefined;
  const roster = String(opts.batch);
  const outDir = ctx.resolvePath(String(opts.outDir));
  const { rows, problems } = parseRoster(readTextBounded(ctx.resolvePath(roster), 'roster', 256 * 1024 * 1024), def, ctx.now);
  const plan = planBatch(def.type, rows, outDir);
  if (typeof opts.ledger === 'string') readCheckpointNote(ctx.resolvePath(opts.ledger)); // a bad --ledger is refused before any key is unlocked

  let anchored: AnchorResult | undefined;
  let written: { line: number; subject: string; digest: string; file: string }[] = [];
  if (plan.toIssue.length > 0) {
    const signer = unlockIdentity(ctx.home, String(opts.issuer), await ctx.passphrase(`unlock the issuer ${String(opts.issuer)}`));
    const bar = await progressBar(ctx, 'issuing', plan.toIssue.length);
    const issued = issueBatch({ signer, type: def.type, planned: plan.toIssue, now: ctx.now, ...(validFrom !== undefined ? { validFrom } : {}), onProgress: (done) => bar.update(done) });
    bar.stop();
    // The ledger first: a credential whose issuance the ledger did not take is never handed out.
    if (typeof opts.ledger === 'string') {
      const dir = ctx.resolvePath(opts.ledger);
      const entries = issued.map((i) => createEntry(signer, { kind: 'issue', credential: i.digest, time: ctx.now }));
      anchored = await anchorEntries(dir, entries, await operatorIfHeld(ctx, dir));
    }
    mkdirSync(outDir, { recursive: true });
    const writing = await progressBar(ctx, 'writing', issued.length);
    issued.forEach((i, n) => {
      writeFileAtomic(i.file, i.jwt + '\n');
      writing.update(n + 1);
    });
    writing.stop();
    written = issued.map((i) => ({ line: i.line, subject: i.subject, digest: i.digest, file: i.file }));
  }

  const data = {
    type: def.type, roster, outDir, rows: rows.length + new Set(problems.map((p) => p.line)).size,
    issued: written.length, credentials: written, skipped: plan.skipped, bad: problems, ...(anchored ? { ledger: anchored } : {}),
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
