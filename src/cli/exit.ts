// The one table from error kind to exit status (DESIGN.md "Exit codes").
import type { ErrorKind } from '../errors.js';

export const EXIT = { ok: 0, failed: 1, usage: 2, input: 3, ledger: 4, internal: 70 } as const;

export const EXIT_FOR_KIND: Readonly<Record<ErrorKind, number>> = {
  verify: EXIT.failed,
  usage: EXIT.usage,
  input: EXIT.input,
  ledger: EXIT.ledger,
  internal: EXIT.internal,
};
