// The passphrase for a new keystore (id create, id import, id passwd): from a file or the
// environment it must meet the strength rule (src/identity/passphrase-strength.ts) unless
// --allow-weak-passphrase is given; on a terminal it is typed twice, and a weak or mismatched
// one is asked for again, three tries in all.
import { RadcredError } from '../errors.js';
import { MIN_PASSPHRASE_LENGTH, passphraseWeakness } from '../identity/passphrase-strength.js';
import type { CliContext } from './context.js';

export const NEW_PASSPHRASE_TRIES = 3;

export interface NewPassphraseRequest {
  /** the identity the passphrase protects */
  name: string;
  /** --allow-weak-passphrase: the strength rule is not applied */
  allowWeak: boolean;
  /** where an unattended run finds it (a file or a variable), read by the caller */
  unattended?: { passphrase: string; from: string };
  /** the error when there is neither that nor a terminal */
  required: () => RadcredError;
}

const weakHint = `choose ${MIN_PASSPHRASE_LENGTH} or more characters, e.g. several unrelated words; for tests and demos only, --allow-weak-passphrase accepts it`;

function weakError(from: string, why: string): RadcredError {
  return new RadcredError('PASSPHRASE_WEAK', `the passphrase from ${from} is too weak for a new key: ${why}`, weakHint);
}

/** The new passphrase: checked from its unattended source, else asked for twice on the terminal. */
export async function newPassphrase(ctx: CliContext, request: NewPassphraseRequest): Promise<string> {
  const { unattended } = request;
  if (unattended !== undefined) {
    if (unattended.passphrase.length === 0)
      throw new RadcredError('PASSPHRASE_EMPTY', `the passphrase from ${unattended.from} is empty`);
    const weak = passphraseWeakness(unattended.passphrase);
    if (weak !== undefined && !request.allowWeak) throw weakError(unattended.from, weak.why);
    return unattended.passphrase;
  }
  if (!ctx.canPrompt) throw request.required();
  return askTwice(ctx, request);
}

async function askTwice(ctx: CliContext, request: NewPassphraseRequest): Promise<string> {
  const { promptPassword } = await import('./prompts.js');
  const { name } = request;
  if (!request.allowWeak)
    ctx.note(
      ctx.errStyle.dim(
        `A new passphrase for ${name}: ${MIN_PASSPHRASE_LENGTH} or more characters, not a common word or pattern.`,
      ),
    );
  let failure: RadcredError | undefined;
  for (let attempt = 1; attempt <= NEW_PASSPHRASE_TRIES; attempt++) {
    if (failure !== undefined)
      ctx.note(`${ctx.errStyle.warn(failure.message)}. Try again (${attempt} of ${NEW_PASSPHRASE_TRIES}).`);
    const pass = await promptPassword(ctx, `New passphrase for ${name}`);
    const weak = pass.length === 0 ? undefined : passphraseWeakness(pass);
    if (pass.length === 0) {
      failure = new RadcredError('PASSPHRASE_EMPTY', 'the passphrase is empty', 'a keystore needs a passphrase');
    } else if (weak !== undefined && !request.allowWeak) {
      failure = new RadcredError('PASSPHRASE_WEAK', `that passphrase is too weak: ${weak.why}`, weakHint);
    } else if ((await promptPassword(ctx, `Repeat the new passphrase for ${name}`)) !== pass) {
      failure = new RadcredError('PASSPHRASE_MISMATCH', 'the two passphrases differ', 'type the same passphrase twice');
    } else {
      return pass;
    }
  }
  throw new RadcredError(
    failure!.code,
    `${failure!.message} (${NEW_PASSPHRASE_TRIES} tries); nothing was changed`,
    failure!.hint,
  );
}
