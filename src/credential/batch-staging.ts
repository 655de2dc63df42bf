// The staging directory of a batch run: each credential is written there as it is signed (memory
// stays flat), the ledger takes every issue entry in one commit, and only then do the files move
// into place, so a credential whose issuance the ledger did not take is never handed out. A crash
// leaves at most a staging directory (named with the run's pid), which the next run finishes or
// clears (recoverStaging).
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { digestOfSigningInput, parseCompactJws } from '../jws/compact.js';
import { anchoredIssues } from '../ledger/own-ledger.js';
import { exists, fsyncDir, pidAlive, readTextBounded } from '../util/files.js';

export interface Staging {
  /** writes one signed credential, to move to `file` (in the output directory) on publish */
  write(file: string, jwt: string): void;
  /** moves every staged file into place (after the ledger commit) */
  publish(): void;
  /** removes the staging directory and whatever is left in it */
  close(): void;
}

/** A new staging directory in `outDir` (created if need be), named with this process's pid. */
export function openStaging(outDir: string): Staging {
  mkdirSync(outDir, { recursive: true });
  const dir = mkdtempSync(join(outDir, `.staging-${process.pid}-`));
  const files: string[] = [];
  return {
    write(file, jwt) {
      // The staging directory is the atomic unit (files move out only after the ledger commit),
      // so each file is one plain write, without fsync: a rerun re-checks every file it finds
      // and reissues a damaged one.
      writeFileSync(join(dir, basename(file)), jwt + '\n', { flag: 'wx' });
      files.push(file);
    },
    publish() {
      for (const file of files) renameSync(join(dir, basename(file)), file);
      fsyncDir(outDir);
    },
    close() {
      rmSync(dir, { recursive: true, force: true });
    },
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
export function recoverStaging(outDir: string, ledger: string | undefined): void {
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
