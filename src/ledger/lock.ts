// @internal (src/ledger only)
// An exclusive lock on a ledger directory (`DIR/.lock`, see util/lock.ts), so concurrent issuers
// never interleave appends. Same-host only: the ledger is a local directory.
import { join } from 'node:path';
import { RadcredError } from '../errors.js';
import { withLock } from '../util/lock.js';

export { breakStaleLock } from '../util/lock.js';

const LOCK = '.lock';

export async function withLedgerLock<T>(dir: string, fn: () => Promise<T> | T, timeoutMs = 60_000): Promise<T> {
  const path = join(dir, LOCK);
  return withLock(
    path,
    {
      missing: () =>
        new RadcredError(
          'LEDGER_NOT_FOUND',
          `${dir} is not a ledger directory`,
          'create one with `radcred ledger init DIR`',
        ),
      held: () =>
        new RadcredError(
          'LEDGER_LOCKED',
          `the ledger ${dir} stays locked by another process`,
          `if no radcred process is running, remove ${path}`,
        ),
    },
    fn,
    timeoutMs,
  );
}
