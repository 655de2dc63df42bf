// One error class for every failure radcred reports: a stable `code` that callers and tests
// switch on, a `kind` that decides the exit status (in one table, src/cli/exit.ts), and an
// optional `hint` that says what to do instead.

export type ErrorKind =
  | 'usage' // the command line itself is wrong
  | 'input' // a file, identity or credential is unreadable, malformed or unknown; wrong passphrase
  | 'verify' // a verification or policy check failed
  | 'ledger' // ledger integrity failure
  | 'internal';

export class RadcredError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly hint: string | undefined;
  /** structured facts for --json output (e.g. every failing field) */
  details: unknown;

  constructor(kind: ErrorKind, code: string, message: string, hint?: string, details?: unknown) {
    super(message);
    this.name = 'RadcredError';
    this.kind = kind;
    this.code = code;
    this.hint = hint;
    this.details = details;
  }
}

export const usageError = (code: string, message: string, hint?: string) =>
  new RadcredError('usage', code, message, hint);
export const inputError = (code: string, message: string, hint?: string) =>
  new RadcredError('input', code, message, hint);
