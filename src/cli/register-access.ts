// CLI plumbing for the issuer register (src/issued/register.ts): recording what was just issued,
// where a failure is a warning and never the command's failure.
import { homePaths } from '../home.js';
import type { IssuedRecord } from '../issued/record.js';
import { appendIssued, IssuedLines, type AppendOptions } from '../issued/register.js';
import type { CliContext } from './context.js';

/**
 * Records issued credentials in HOME/issued.jsonl. This runs only once the credentials exist —
 * written out (or on their way to stdout) and, with --ledger, committed or queued there — so a
 * failure here (a full disk, a damaged register, a lock never released) must not fail the
 * command: it would report as failed an issuance that happened, and a script that issued again
 * would sign and log a second credential for the same facts. It is a warning instead; the credentials can still be named by file or
 * digest, and a rerun of a roster records what is missing. `records` may be a function (what reading
 * the register computes), so that its failures are covered too.
 */
export async function recordIssued(
  ctx: CliContext,
  records: readonly IssuedRecord[] | IssuedLines | (() => readonly IssuedRecord[]),
  options: AppendOptions = {},
): Promise<void> {
  const countOf = (r: readonly IssuedRecord[] | IssuedLines) => (r instanceof IssuedLines ? r.count : r.length);
  let count = typeof records === 'function' ? undefined : countOf(records);
  try {
    const list = typeof records === 'function' ? records() : records;
    count = countOf(list);
    await appendIssued(ctx.home, list, options);
  } catch (e) {
    const [what, them] =
      count === undefined
        ? ['the credentials an earlier run issued are', 'them']
        : count === 1
          ? ['the credential is', 'it']
          : [`the ${count} credentials are`, 'them'];
    ctx.warn(
      `${what} issued, but recording ${them} in the issuer register ${homePaths(ctx.home).issued} failed: ${e instanceof Error ? e.message : String(e)}; ` +
        `revoke, suspend, reinstate or prove ${them} by file or digest`,
    );
  }
}
