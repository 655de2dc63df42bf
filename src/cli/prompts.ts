// Interactive prompts (enquirer), used only when a terminal is attached and --no-input is absent.
// Loaded on demand so scripts never pay for it.
import { createRequire } from 'node:module';
import { RadcredError } from '../errors.js';

interface EnquirerPrompt {
  run(): Promise<unknown>;
}
type PromptCtor = new (options: Record<string, unknown>) => EnquirerPrompt;

// require, not import(): enquirer is CommonJS, and a dynamic import() inside the code-cached bundle
// would need Node's experimental vm loader (see bin/radcred)
async function enquirer(): Promise<Record<string, PromptCtor>> {
  return createRequire(import.meta.url)('enquirer') as Record<string, PromptCtor>;
}

function cancelled(): RadcredError {
  return new RadcredError('PROMPT_CANCELLED', 'cancelled at the prompt');
}

export async function promptPassword(message: string): Promise<string> {
  const { Password } = await enquirer();
  try {
    return String(await new Password!({ name: 'passphrase', message, stdout: process.stderr }).run());
  } catch {
    throw cancelled();
  }
}

export interface Choice {
  name: string;
  message: string;
  hint?: string;
}

export async function promptMultiSelect(message: string, choices: Choice[]): Promise<string[]> {
  const { MultiSelect } = await enquirer();
  try {
    const picked = await new MultiSelect!({
      name: 'credentials', message, choices, stdout: process.stderr,
      hint: '(space to select, enter to confirm)',
    }).run();
    return (picked as string[]).map(String);
  } catch {
    throw cancelled();
  }
}

/** A yes/no question; `initial` is the answer Enter gives. */
export async function promptConfirm(message: string, initial = false): Promise<boolean> {
  const { Confirm } = await enquirer();
  try {
    return (await new Confirm!({ name: 'confirm', message, initial, stdout: process.stderr }).run()) === true;
  } catch {
    throw cancelled();
  }
}
