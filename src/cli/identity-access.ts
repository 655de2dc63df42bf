// CLI plumbing shared by the commands that read or unlock a keystore: the warning for a keystore
// others can read (on stderr, and as `warnings` in --json results), and unlocking with it.
import { homePaths } from '../home.js';
import { showIdentity, unlockIdentity, type IdentityInfo, type Signer } from '../identity/store.js';
import type { CliContext } from './context.js';

/** Warns when an identity's keystore is readable by others than its owner. */
export function warnIfInsecure(ctx: CliContext, id: Pick<IdentityInfo, 'name' | 'insecureMode'>): void {
  if (id.insecureMode === undefined) return;
  ctx.warn(`keystore of ${id.name} has mode ${id.insecureMode}: others can read it; run chmod 600 ${homePaths(ctx.home).identity(id.name)}`);
}

/** Reads an identity's public part (warning about a loose keystore mode before any passphrase is asked for). */
export function readIdentity(ctx: CliContext, name: string): IdentityInfo {
  const info = showIdentity(ctx.home, name);
  warnIfInsecure(ctx, info);
  return info;
}

/** Unlocks an identity to sign: the mode warning first, then the passphrase. */
export async function unlockSigner(ctx: CliContext, name: string, purpose: string): Promise<Signer> {
  readIdentity(ctx, name);
  return unlockIdentity(ctx.home, name, await ctx.passphrase(purpose));
}

/** `warnings` for a --json result, when there were any. */
export const warningsField = (ctx: CliContext): { warnings?: string[] } => (ctx.warnings.length > 0 ? { warnings: [...ctx.warnings] } : {});
