// --witness-policy FILE, read for pull, audit and verify (a c2sp.org/tlog-policy file).
import { parseWitnessPolicy, type WitnessPolicy } from '../ledger/witness-policy.js';
import { readTextBounded } from '../util/files.js';
import type { CliContext } from './context.js';

export function witnessPolicyFrom(ctx: CliContext, opts: Record<string, unknown>): WitnessPolicy | undefined {
  return typeof opts.witnessPolicy === 'string'
    ? parseWitnessPolicy(readTextBounded(ctx.resolvePath(opts.witnessPolicy), 'witness policy', 256 * 1024))
    : undefined;
}
