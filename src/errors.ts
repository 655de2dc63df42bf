// One error class for every failure radcred reports: a stable `code` from the one table of codes
// (src/codes.ts), which also gives its `kind` and so the exit status (src/cli/exit.ts), and a
// `hint` that says what to do instead (the thrower's own, else the code's).
import { hintOf, kindOf, type ErrorCode, type ErrorKind } from './codes.js';

export type { ErrorCode, ErrorKind } from './codes.js';

export class RadcredError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly hint: string;
  /** structured facts for --json output (e.g. every failing field) */
  details: unknown;

  constructor(code: ErrorCode, message: string, hint?: string, details?: unknown) {
    super(message);
    this.name = 'RadcredError';
    this.code = code;
    this.kind = kindOf(code);
    this.hint = hint ?? hintOf(code);
    this.details = details;
  }
}

/** The code of `e` when it is a RadcredError, for `catch` blocks that handle one code. */
export const errorCode = (e: unknown): ErrorCode | undefined => (e instanceof RadcredError ? e.code : undefined);
