// Colour for humans on a terminal; plain text everywhere else (NO_COLOR, pipes, --json).

export interface Style {
  ok(s: string): string;
  bad(s: string): string;
  warn(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

export const plainStyle: Style = { ok: (s) => s, bad: (s) => s, warn: (s) => s, dim: (s) => s, bold: (s) => s };
export const colourStyle: Style = {
  ok: wrap(32, 39),
  bad: wrap(31, 39),
  warn: wrap(33, 39),
  dim: wrap(2, 22),
  bold: wrap(1, 22),
};

/** Colour on this stream: a terminal, without NO_COLOR, not a dumb one. */
export const colourFor = (isTTY: boolean | undefined, env: Record<string, string | undefined>): boolean =>
  isTTY === true && env.NO_COLOR === undefined && env.TERM !== 'dumb';

export function styleFor(isTTY: boolean | undefined, env: Record<string, string | undefined>): Style {
  return colourFor(isTTY, env) ? colourStyle : plainStyle;
}
