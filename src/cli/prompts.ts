// Interactive prompts (enquirer), used only when a terminal is attached and --no-input is absent.
// Loaded on demand so scripts never pay for it. Every prompt is drawn on stderr, in colour only
// where radcred's own diagnostics are (a terminal, no NO_COLOR), and reads as well without it:
// a choice shows `[x]`/`[ ]` and a `>` at the cursor, not only a colour.
import { createRequire } from 'node:module';
import { RadcredError } from '../errors.js';
import type { CliContext } from './context.js';
import { colourFor } from './style.js';

interface EnquirerPrompt {
  run(): Promise<unknown>;
  cancel(): Promise<void>;
}
type PromptCtor = new (options: Record<string, unknown>) => EnquirerPrompt;

// require, not import(): enquirer is CommonJS, and a dynamic import() inside the code-cached bundle
// would need Node's experimental vm loader (see bin/radcred)
function enquirer(ctx: CliContext): Record<string, PromptCtor> {
  // enquirer colours everything through its ansi-colors, which ignores NO_COLOR and whether
  // stderr is a terminal: switched on or off here, on the very instance enquirer loads
  const enquirerPath = createRequire(import.meta.url).resolve('enquirer');
  const colours = createRequire(enquirerPath)('ansi-colors') as { enabled: boolean };
  colours.enabled = colourFor(ctx.io.stderr.isTTY && !ctx.json, ctx.io.env);
  // written as one expression, so the package test finds enquirer among the bundle's requires
  return createRequire(import.meta.url)('enquirer') as Record<string, PromptCtor>;
}

function cancelled(): RadcredError {
  return new RadcredError('PROMPT_CANCELLED', 'cancelled at the prompt');
}

/**
 * Runs a prompt; Ctrl-C, Escape and the end of input all cancel it. Ctrl-D needs care: readline
 * closes its interface on it and pauses stdin, enquirer never hears of it, and with nothing left
 * to wait for the process would end with status 0 and not a word (a script's `revoke ... && echo
 * revoked` would then say revoked). A pause that is not enquirer's own submit (whose promise has
 * settled by the next turn of the loop) cancels the prompt, which also restores the terminal.
 */
async function ask(prompt: EnquirerPrompt): Promise<unknown> {
  let settled = false;
  const onPause = () =>
    setImmediate(() => {
      if (!settled) void prompt.cancel();
    });
  process.stdin.on('pause', onPause);
  try {
    return await prompt.run();
  } catch {
    throw cancelled(); // Ctrl-C, Escape, or the end of input
  } finally {
    settled = true;
    process.stdin.off('pause', onPause);
  }
}

/** A passphrase, typed without echo (each character shown as `*`). */
export async function promptPassword(ctx: CliContext, message: string): Promise<string> {
  const { Password } = enquirer(ctx);
  return String(await ask(new Password!({ name: 'passphrase', message, stdout: process.stderr })));
}

export interface Choice {
  /** what enquirer answers with, and echoes once submitted: short and unique */
  name: string;
  /** the line shown */
  message: string;
  /** shown, marked `[-]`, but cannot be taken (the message says why) */
  disabled?: boolean;
}

/** Some of `choices` (at least one), by their names. */
export async function promptMultiSelect(ctx: CliContext, message: string, choices: Choice[]): Promise<string[]> {
  const { MultiSelect } = enquirer(ctx);
  const picked = await ask(
    new MultiSelect!({
      name: 'choices',
      message,
      stdout: process.stderr,
      // an empty hint, not enquirer's "(disabled)", which would run past the line
      choices: choices.map((c) => (c.disabled === true ? { ...c, hint: '' } : c)),
      hint: '(space selects, enter confirms)',
      // a list longer than the terminal scrolls, below the question line
      limit: Math.max(3, (process.stderr.rows ?? 24) - 2),
      indicator: (_state: unknown, choice: { enabled?: boolean; disabled?: boolean }) =>
        choice.disabled === true ? '[-]' : choice.enabled === true ? '[x]' : '[ ]',
      pointer: '> ',
      validate: (value: unknown) =>
        (Array.isArray(value) && value.length > 0) || 'select at least one with space, then press enter',
    }),
  );
  return (picked as unknown[]).map(String);
}

/** y/yes or n/no (any case), or the default for an empty line; undefined for anything else. */
export function parseAnswer(text: string, initial: boolean): boolean | undefined {
  const answer = text.trim().toLowerCase();
  if (answer === '') return initial;
  if (answer === 'y' || answer === 'yes') return true;
  if (answer === 'n' || answer === 'no') return false;
  return undefined;
}

/**
 * A yes/no question answered with a line: `y` or `yes` then Enter (Enter alone gives `initial`).
 * Line-based on purpose: enquirer's Confirm submits on the `y` key, and the Enter typed after it
 * by habit then landed in the next prompt as an empty answer (an empty passphrase).
 */
export async function promptConfirm(ctx: CliContext, message: string, initial = false): Promise<boolean> {
  const { Input } = enquirer(ctx);
  const answer = await ask(
    new Input!({
      name: 'confirm',
      message: `${message} ${initial ? '[Y/n]' : '[y/N]'}`,
      stdout: process.stderr,
      validate: (value: unknown) =>
        parseAnswer(String(value ?? ''), initial) !== undefined ||
        `type y or n, then enter (enter alone: ${initial ? 'yes' : 'no'})`,
    }),
  );
  return parseAnswer(String(answer ?? ''), initial)!;
}
