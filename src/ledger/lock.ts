// An exclusive lock on a ledger directory, so concurrent issuers never interleave appends.
// The lock is a file created atomically (link(2), never replacing one) holding the owner's pid;
// a lock whose owner is no longer running (a crash) is broken. Same-host only: the ledger is a local directory.
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RadcredError } from '../errors.js';
import { pidAlive } from '../util/files.js';

const LOCK = '.lock';

function ownerAlive(path: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(path, 'utf8').trim());
  } catch {
    return true; // vanished or unreadable: let the next round decide
  }
  return pidAlive(pid);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Creates the lock file already holding our pid: written under a unique name, then linked into
 * place (link(2) fails with EEXIST if the lock exists). Creating it empty and writing the pid
 * after would let a contender read it empty in between, take the owner for dead and break it.
 */
function createLock(path: string): void {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  writeFileSync(tmp, `${process.pid}\n`, { flag: 'wx', mode: 0o644 });
  try {
    linkSync(tmp, path);
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
  }
}

const removeQuietly = (path: string) => {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
};

/**
 * Removes a lock whose owner has died. Contenders that all found it dead must not each just
 * unlink it: a slow one would delete the lock a faster one had meanwhile broken and taken, and
 * two processes would append at once (entries lost). So breaking happens under a second lock
 * file, and the owner is checked again there: the lock found is still the dead owner's.
 */
export function breakStaleLock(path: string): void {
  const breaker = `${path}.break`;
  try {
    createLock(breaker);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // Another contender is breaking it (for microseconds), unless it died doing so.
    if (!ownerAlive(breaker)) removeQuietly(breaker);
    return;
  }
  try {
    if (!ownerAlive(path)) removeQuietly(path);
  } finally {
    removeQuietly(breaker);
  }
}

export async function withLedgerLock<T>(dir: string, fn: () => Promise<T> | T, timeoutMs = 60_000): Promise<T> {
  const path = join(dir, LOCK);
  const deadline = Date.now() + timeoutMs;
  let delay = 5;
  for (;;) {
    try {
      createLock(path);
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new RadcredError('input', 'LEDGER_NOT_FOUND', `${dir} is not a ledger directory`, 'create one with `radcred ledger init DIR`');
      if (code !== 'EEXIST') throw e;
      if (!ownerAlive(path)) {
        breakStaleLock(path);
        continue;
      }
      if (Date.now() > deadline) {
        throw new RadcredError('input', 'LEDGER_LOCKED', `the ledger ${dir} stays locked by another process`, `if no radcred process is running, remove ${path}`);
      }
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 200);
    }
  }
  try {
    return await fn();
  } finally {
    removeQuietly(path);
  }
}
