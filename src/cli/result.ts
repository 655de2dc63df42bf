// What a command hands back to main: data for --json, a human rendering, and an exit status.
import type { Style } from './style.js';

export interface CommandResult {
  /** the --json document (versioned by its shape; printed as one JSON value) */
  data: unknown;
  /** the text a person reads on stdout */
  human: (style: Style) => string;
  /** exit status when not 0 (e.g. verify: 1 not verified, 3 malformed input) */
  exitCode?: number;
  /** raw output that must go to stdout as-is (e.g. a JWT when --out is not given) */
  raw?: string;
}
