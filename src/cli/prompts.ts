// Interactive prompts (enquirer), used only when a terminal is attached and --no-input is absent.
// Loaded on demand so scripts never pay for it.
import { RadcredError } from '../errors.js';

interface EnquirerPrompt {
  run(): Promise<unknown>;
}
type PromptCtor = new (options: Record<string, unknown>) => EnquirerPrompt;

async function enquirer(): Promise<Record<string, PromptCtor>> {
  const mod = (await import('enquirer')) as unknown as { default: Record<string, PromptCtor> };
  return mod.default;
}

function cancelled(): RadcredError {
  return new RadcredError('usage', 'PROMPT_CANCELLED', 'cancelled at the prompt');
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
