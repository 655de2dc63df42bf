// issue TYPE --issuer NAME --batch ROSTER.csv --out-dir DIR [--valid-from] [--ledger DIR]
// Every row is checked first; the good rows are issued, committed to the ledger in one commit,
// then written out. Bad rows are reported by line and field, and make the exit status 1.
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { planBatch, issueBatch } from '../../credential/batch.js';
import { requireCredentialType } from '../../credential/issue.js';
import { MAX_ROSTER_BYTES, parseRoster } from '../../credential/roster.js';
import { createEntry } from '../../ledger/entry.js';
import { claimedOrigin } from '../../ledger/ledger.js';
import { unrecordedIssues } from '../../issued/backfill.js';
import { issuedRecord } from '../../issued/record.js';
import { IssuedLines } from '../../issued/register.js';
import { anchorEntries, type AnchorResult } from '../../ledger/commit.js';
import { anchoredIssues } from '../../ledger/own-ledger.js';
import { exists, fsyncDir, pidAlive, readTextBounded } from '../../util/files.js';
import { digestOfSigningInput, parseCompactJws } from '../../jws/compact.js';
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
    const signer = await unlockSigner(ctx, issuerName, 'the issuer');
    issuerDid = signer.did;
    const registered = new IssuedLines(plan.toIssue.length); // each row's line for the issuer register
    // Each credential is written to a staging directory as it is signed (memory stays flat), the
    // ledger takes every issue entry in one commit, and only then do the files move into place:
    // a credential whose issuance the ledger did not take is never handed out. A crash leaves
    // at most a staging directory (named with our pid), which the next run finishes or clears
    // (recoverStaging).
    mkdirSync(outDir, { recursive: true });
    const staging = mkdtempSync(join(outDir, `.staging-${process.pid}-`));
    try {
      const entries: Buffer[] = [];
      const bar = await progressBar(ctx, 'issuing', plan.toIssue.length);
      for await (const i of issueBatch({ signer, type: def.type, planned: plan.toIssue, now: ctx.now, ...(validFrom !== undefined ? { validFrom } : {}), onProgress: (done) => bar.update(done) })) {
        // The staging directory is the atomic unit (files move out only after the ledger commit),
        // so each file is one plain write, without fsync: a rerun re-checks every file it finds
        // and reissues a damaged one.
        writeFileSync(join(staging, basename(i.file)), i.jwt + '\n', { flag: 'wx' });
        if (typeof opts.ledger === 'string') entries.push(createEntry(signer, { kind: 'issue', credential: i.digest, time: ctx.now }));
        written.push({ line: i.line, subject: i.subject, digest: i.digest, file: i.file });
        registered.add(issuedRecord(i, signer.name, origin));
      }
      bar.stop();
      if (ledgerDir !== undefined) anchored = await anchorEntries(ledgerDir, entries, await operatorIfHeld(ctx, ledgerDir), true);
      for (const w of written) renameSync(join(staging, basename(w.file)), w.file);
      fsyncDir(outDir);
    } finally {
      rmSync(staging, { recursive: true, force: true });
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

/**
 * Finishes what a killed run left in its staging directory. Credentials whose issue entry the
 * ledger took (committed, or queued in pending/) move into place, as that run would have done
 * after its commit: issuing their rows again would log a second credential for them. The others
 * were never anchored, so never handed out, and are dropped (their rows are issued again). A
 * staging directory is touched only once the process named in it has died; without --ledger
 * (nothing to tell the anchored from the rest) or without a pid, only once it is an hour old.
 * The credentials moved in are then already-issued rows, which the run records in the issuer
 * register if the dead run had not (unrecordedIssues).
 */
function recoverStaging(outDir: string, ledger: string | undefined): void {
  if (!exists(outDir)) return;
  let moved = false;
  for (const name of readdirSync(outDir).filter((f) => f.startsWith('.staging-'))) {
    const dir = join(outDir, name);
    const pid = /^\.staging-(\d+)-/.exec(name)?.[1];
    const old = () => Date.now() - statSync(dir).mtimeMs > 3600_000;
    if (ledger === undefined || pid === undefined ? !old() : pidAlive(Number(pid))) continue;
    if (ledger !== undefined) {
      const staged = new Map<string, string>(); // digest -> file name
      for (const f of readdirSync(dir).filter((f) => f.endsWith('.jwt'))) {
        try {
          const jws = parseCompactJws(readTextBounded(join(dir, f), 'staged credential'));
          staged.set(digestOfSigningInput(jws.signingInput), f); // a torn file fails here, or names no anchored digest
        } catch {
          /* never anchored as it is: dropped */
        }
      }
      for (const digest of anchoredIssues(ledger, [...staged.keys()])) {
        const f = staged.get(digest)!;
        if (exists(join(outDir, f))) continue;
        try {
          renameSync(join(dir, f), join(outDir, f));
          moved = true;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; // another run recovered it first
        }
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
  if (moved) fsyncDir(outDir);
}
