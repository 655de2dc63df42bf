// An exclusive lock on a ledger directory, so concurrent issuers never interleave appends.
// The lock is a file created atomically (link(2), never replacing one) holding the owner's pid;
// a lock whose owner is no longer running (a crash) is broken. Same-host only: the ledger is a local directory.
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RadcredError } from '../errors.js';

const LOCK = '.lock';

function ownerAlive(path: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(path, 'utf8').trim());
  } catch {
    return true; // vanished or unreadable: let the next round decide
  }
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
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
        try {
          unlinkSync(path);
        } catch {
          /* someone else broke it first */
        }
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
    try {
      unlinkSync(path);
    } catch {
      /* already gone */
    }
  }
}
