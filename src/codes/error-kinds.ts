// @internal (src/codes only)
// How an error code is declared: its kind (and so its exit status), what it means, and the hint
// a user gets when the place that throws it has nothing more specific to say.
import type { CheckName } from './check-name.js';

export const usage = (meaning: string, hint: string) => ({ kind: 'usage', meaning, hint }) as const;
export const input = (meaning: string, hint: string) => ({ kind: 'input', meaning, hint }) as const;
export const ledger = (meaning: string, hint: string) => ({ kind: 'ledger', meaning, hint }) as const;
export const internal = (meaning: string, hint: string) => ({ kind: 'internal', meaning, hint }) as const;
export const refused = (meaning: string, hint: string) => ({ kind: 'verify', meaning, hint }) as const;
/** the file itself is unreadable or malformed: thrown by commands, and verify's parse check (exit 3) */
export const unreadable = (meaning: string, hint: string) =>
  ({ kind: 'input', check: 'parse' as CheckName, meaning, hint }) as const;
