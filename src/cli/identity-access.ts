// CLI plumbing shared by the commands that read or unlock a keystore: the warning for a keystore
// others can read (on stderr, and as `warnings` in --json results), and unlocking it with its
// passphrase (asked again when mistyped at the prompt).
import { RadcredError } from '../errors.js';
import { homePaths } from '../home.js';
import { showIdentity, unlockIdentity, type IdentityInfo, type Signer } from '../identity/store.js';
import type { CliContext } from './context.js';
import { describeSource, passphraseVariable } from './passphrase-sources.js';

/** Warns when an identity's keystore is readable by others than its owner. */
export function warnIfInsecure(ctx: CliContext, id: Pick<IdentityInfo, 'name' | 'insecureMode'>): void {
  if (id.insecureMode === undefined) return;
  ctx.warn(
    `keystore of ${id.name} has mode ${id.insecureMode}: others can read it; run chmod 600 ${homePaths(ctx.home).identity(id.name)}`,
  );
}

/** Reads an identity's public part (warning about a loose keystore mode before any passphrase is asked for). */
export function readIdentity(ctx: CliContext, name: string): IdentityInfo {
  const info = showIdentity(ctx.home, name);
  warnIfInsecure(ctx, info);
  return info;
}

export const UNLOCK_TRIES = 3;

/** Passphrases typed at the prompt in this run that opened their identity, by name. */
const typedPassphrases = new WeakMap<CliContext, Map<string, string>>();

/** A wrong passphrase, said with where it came from and how to give this identity its own. */
function wrongPassphrase(ctx: CliContext, name: string, purpose: string): RadcredError {
  const source = ctx.passphraseSource(name);
  const message = `wrong passphrase for identity ${name} (${purpose})`;
  if (source === undefined)
    return new RadcredError(
      'KEYSTORE_PASSPHRASE',
      `${message}, ${UNLOCK_TRIES} times`,
      'the keystore is unchanged; `radcred id passwd` changes a passphrase you know',
    );
  const from = describeSource(source);
  return new RadcredError(
    'KEYSTORE_PASSPHRASE',
    `${message}, from ${from}`,
    source.shared
      ? `${from} is for every identity: give ${name} its own with --passphrase-file ${name}=FILE or ${passphraseVariable(name)}`
      : `check ${from}; the keystore is unchanged`,
  );
}

/**
 * Opens identity `name` with its passphrase (`open` throws KEYSTORE_PASSPHRASE for a wrong one):
 * the mode warning first; a passphrase typed wrong at the prompt is asked for again, up to
 * three tries; a wrong one from a file or variable says which, and how to give `name` its own.
 */
export async function unlockWith<T>(
  ctx: CliContext,
  name: string,
  purpose: string,
  open: (passphrase: string) => T,
): Promise<T> {
  readIdentity(ctx, name);
  // one command may unlock an identity twice (an issuer that operates its own ledger): typed once
  const typed = typedPassphrases.get(ctx) ?? new Map<string, string>();
  typedPassphrases.set(ctx, typed);
  for (let attempt = 1; ; attempt++) {
    const passphrase = typed.get(name) ?? (await ctx.passphrase(name, purpose));
    try {
      const opened = open(passphrase);
      if (ctx.passphraseSource(name) === undefined) typed.set(name, passphrase);
      return opened;
    } catch (e) {
      if (!(e instanceof RadcredError) || e.code !== 'KEYSTORE_PASSPHRASE') throw e;
      if (ctx.passphraseSource(name) !== undefined || attempt >= UNLOCK_TRIES)
        throw wrongPassphrase(ctx, name, purpose);
      ctx.note(`${ctx.errStyle.warn(`wrong passphrase for ${name}`)}. Try again (${attempt + 1} of ${UNLOCK_TRIES}).`);
    }
  }
}

/** Unlocks an identity to sign (see unlockWith); `purpose` is what it signs as: "the issuer". */
export const unlockSigner = (ctx: CliContext, name: string, purpose: string): Promise<Signer> =>
  unlockWith(ctx, name, purpose, (passphrase) => unlockIdentity(ctx.home, name, passphrase));

/** `warnings` for a --json result, when there were any. */
export const warningsField = (ctx: CliContext): { warnings?: string[] } =>
  ctx.warnings.length > 0 ? { warnings: [...ctx.warnings] } : {};
