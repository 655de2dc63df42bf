// Every code radcred can emit, declared once: what kind of failure it is (and so the exit status,
// src/cli/exit.ts), or, for the verification pipeline, which check it belongs to and whether it
// passes, warns, skips or fails that check. RadcredError takes only the error codes below and a
// Check only the check codes, so a code cannot drift between kinds or checks. The README's code
// table is generated from this one (`npm run codes`); a test fails when the two differ.

import { CHECK_CODES } from './codes/checks.js';
import { ERROR_CODES } from './codes/errors.js';

export type ErrorKind =
  | 'usage' // the command line itself is wrong (exit 2)
  | 'input' // a file, identity or credential is unreadable, malformed or unknown; wrong passphrase (exit 3)
  | 'verify' // a verification or policy check failed (exit 1)
  | 'ledger' // ledger integrity failure (exit 4)
  | 'internal'; // a bug in radcred (exit 70)

export type { CheckName } from './codes/check-name.js';
import type { CheckName } from './codes/check-name.js';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

interface ErrorSpec {
  readonly kind: ErrorKind;
  readonly meaning: string;
  /** what to do instead, when the place that throws has nothing more specific to say */
  readonly hint: string;
  /** for the file's own read and parse errors: verify reports them as this check failing */
  readonly check?: CheckName;
}
interface OutcomeSpec {
  /**
   * how the check ends: pass, warn or skip, or a failure ('verify': exit 1; such a code is also
   * thrown where a command refuses for that reason)
   */
  readonly kind: 'verify' | 'pass' | 'warn' | 'skip';
  readonly check: CheckName;
  readonly meaning: string;
}

export const CODES = { ...ERROR_CODES, ...CHECK_CODES } as const satisfies Record<string, ErrorSpec | OutcomeSpec>;

export type Code = keyof typeof CODES;
type SpecOf<C extends Code> = (typeof CODES)[C];

/** Codes a command can fail with (thrown as a RadcredError). */
export type ErrorCode = { [C in Code]: SpecOf<C>['kind'] extends ErrorKind ? C : never }[Code];
/** Codes of pipeline checks; the check and status come with the code. */
export type CheckCode = { [C in Code]: SpecOf<C> extends { check: CheckName } ? C : never }[Code];

export const isCode = (value: string): value is Code => Object.hasOwn(CODES, value);

export function kindOf(code: ErrorCode): ErrorKind {
  return CODES[code].kind as ErrorKind;
}

/** The hint for a code when its thrower gives none. */
export function hintOf(code: ErrorCode): string {
  const spec = CODES[code] as { hint?: string };
  return spec.hint ?? '`radcred verify FILE` shows every check, and why it failed';
}

export function checkOf(code: CheckCode): { check: CheckName; status: CheckStatus } {
  const spec = CODES[code] as { kind: string; check: CheckName };
  return {
    check: spec.check,
    status: spec.kind === 'verify' || spec.kind === 'input' ? 'fail' : (spec.kind as CheckStatus),
  };
}
