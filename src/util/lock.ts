// An exclusive lock between processes on one machine: a file created atomically (link(2), never
// replacing one) holding the owner's pid. A lock whose owner is no longer running (a crash) is
// broken. Used for the ledger (ledger/lock.ts) and for files rewritten in place, such as the
// holder's disclosure log.
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { pidAlive } from './files.js';

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

export interface LockFailures {
  /** the error when the lock file's directory does not exist */
  missing: () => Error;
  /** the error when another live process holds the lock past the timeout */
  held: () => Error;
}

/** Runs `fn` holding the lock file at `path`; waits (with backoff) while a live process holds it. */
export async function withLock<T>(
  path: string,
  failures: LockFailures,
  fn: () => Promise<T> | T,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let delay = 5;
  for (;;) {
    try {
      createLock(path);
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw failures.missing();
      if (code !== 'EEXIST') throw e;
      if (!ownerAlive(path)) {
        breakStaleLock(path);
        continue;
      }
      if (Date.now() > deadline) throw failures.held();
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
