// The error codes: every way a radcred command can fail, with its kind (and so the exit status)
// and the hint a user gets when the place that throws it has nothing more specific to say.
// Part of the one table of codes (src/codes.ts).
import { INPUT_ERRORS } from './errors-input.js';
import { OTHER_ERRORS } from './errors-other.js';
import { USAGE_ERRORS } from './errors-usage.js';

// in this order in the README's table: the command line, the inputs, then refusals, the ledger, bugs
export const ERROR_CODES = { ...USAGE_ERRORS, ...INPUT_ERRORS, ...OTHER_ERRORS } as const;
