// issue TYPE --issuer NAME --batch ROSTER.csv --out-dir DIR [--valid-from] [--ledger DIR]
// Every row is checked first; the good rows are issued, committed to the ledger in one commit,
// then written out. Bad rows are reported by line and field, and make the exit status 1.
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { planBatch, issueBatch } from '../../credential/batch.js';
import { requireCredentialType } from '../../credential/issue.js';
import { parseRoster } from '../../credential/roster.js';
import { createEntry } from '../../ledger/entry.js';
import { readCheckpointNote } from '../../ledger/ledger.js';
import { anchorEntries, type AnchorResult } from '../../ledger/operations.js';
import { unlockIdentity } from '../../identity/store.js';
import { fsyncDir, readTextBounded } from '../../util/files.js';
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
  const rowCount = rows.length + new Set(problems.map((p) => p.line)).size;
  const plan = planBatch(def.type, rows, outDir);
  rows.length = 0; // the plan holds what is still to issue; issuing releases each row
  if (typeof opts.ledger === 'string') readCheckpointNote(ctx.resolvePath(opts.ledger)); // a bad --ledger is refused before any key is unlocked

  let anchored: AnchorResult | undefined;
  const written: { line: number; subject: string; digest: string; file: string }[] = [];
  if (plan.toIssue.length > 0) {
    const signer = unlockIdentity(ctx.home, String(opts.issuer), await ctx.passphrase(`unlock the issuer ${String(opts.issuer)}`));
    // Each credential is written to a staging directory as it is signed (memory stays flat), the
    // ledger takes every issue entry in one commit, and only then do the files move into place:
    // a credential whose issuance the ledger did not take is never handed out. A crash leaves
    // at most a staging directory, which a later run clears once it is an hour old (a younger one
    // may belong to a run still going).
    mkdirSync(outDir, { recursive: true });
    for (const old of readdirSync(outDir).filter((f) => f.startsWith('.staging-'))) {
      if (Date.now() - statSync(join(outDir, old)).mtimeMs > 3600_000) rmSync(join(outDir, old), { recursive: true, force: true });
    }
    const staging = mkdtempSync(join(outDir, '.staging-'));
    try {
      const entries: Buffer[] = [];
      const bar = await progressBar(ctx, 'issuing', plan.toIssue.length);
      for (const i of issueBatch({ signer, type: def.type, planned: plan.toIssue, now: ctx.now, ...(validFrom !== undefined ? { validFrom } : {}), onProgress: (done) => bar.update(done) })) {
        // The staging directory is the atomic unit (files move out only after the ledger commit),
        // so each file is one plain write, without fsync: a rerun re-checks every file it finds
        // and reissues a damaged one.
        writeFileSync(join(staging, basename(i.file)), i.jwt + '\n', { flag: 'wx' });
        if (typeof opts.ledger === 'string') entries.push(createEntry(signer, { kind: 'issue', credential: i.digest, time: ctx.now }));
        written.push({ line: i.line, subject: i.subject, digest: i.digest, file: i.file });
      }
      bar.stop();
      if (typeof opts.ledger === 'string') {
        const dir = ctx.resolvePath(opts.ledger);
        anchored = await anchorEntries(dir, entries, await operatorIfHeld(ctx, dir), true);
      }
      for (const w of written) renameSync(join(staging, basename(w.file)), w.file);
      fsyncDir(outDir);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }

  const data = {
    type: def.type, roster, outDir, rows: rowCount,
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
