// A table for a terminal: a header row, then one row per item, columns two spaces apart, within a
// width (100 columns at most). When the columns do not fit, they give up room in a set order, each
// down to its minimum, and cut what no longer fits with `…` (at the end, or in the middle where
// both ends of a value say something, as in a ledger origin); the last column may wrap instead.
import type { Style } from '../style.js';
import { printable, wrapText } from './text.js';

export interface Column {
  header: string;
  /** never narrower than this (default: the header's width) */
  min?: number;
  /** never wider than this */
  max?: number;
  /** which columns give up room first when the table is too wide: lower first (default 0) */
  shrinkOrder?: number;
  /** where a value too long for the column is cut (default 'end') */
  cut?: 'end' | 'middle';
  /** the last column only: wrap a long value onto further lines instead of cutting it */
  wrap?: boolean;
}

/** A cell: its text, and a style to put on it once it is laid out (colour does not count as width). */
export type Cell = string | { text: string; style: (s: Style) => (text: string) => string };

const textOf = (c: Cell) => printable(typeof c === 'string' ? c : c.text);

export function cutText(text: string, width: number, where: 'end' | 'middle' = 'end'): string {
  if (text.length <= width) return text;
  if (width <= 1) return text.slice(0, width);
  if (where === 'end') return `${text.slice(0, width - 1)}…`;
  const head = Math.ceil((width - 1) / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (width - 1 - head))}`;
}

/** The widths of the columns: each as wide as its widest value, then narrowed in shrinkOrder until the table fits. */
function layout(columns: readonly Column[], rows: readonly string[][], width: number): number[] {
  const widths = columns.map((c, i) =>
    Math.min(c.max ?? Infinity, Math.max(c.header.length, ...rows.map((r) => r[i]!.length))),
  );
  // a wrapping column keeps 10 columns at least: wrapText never makes lines narrower
  const mins = columns.map((c, i) =>
    Math.min(widths[i]!, Math.max(c.min ?? c.header.length, c.wrap === true ? 10 : 0)),
  );
  let excess = widths.reduce((a, b) => a + b, 0) + 2 * (columns.length - 1) - width;
  const order = columns.map((c, i) => ({ i, at: c.shrinkOrder ?? 0 })).sort((a, b) => a.at - b.at || b.i - a.i);
  for (const { i } of order) {
    if (excess <= 0) break;
    const give = Math.min(excess, widths[i]! - mins[i]!);
    widths[i] = widths[i]! - give;
    excess -= give;
  }
  return widths;
}

export function renderTable(columns: readonly Column[], rows: readonly Cell[][], s: Style, width = 100): string {
  const texts = rows.map((r) => r.map(textOf));
  const widths = layout(columns, texts, width);
  const last = columns.length - 1;
  const indent = widths.slice(0, last).reduce((a, b) => a + b + 2, 0);
  const line = (cells: readonly Cell[], texts: readonly string[], header = false): string[] => {
    let tail: string[] = [];
    const shown = texts.map((t, i) => {
      const column = columns[i]!;
      let text: string;
      if (i === last && column.wrap === true && t.length > widths[i]!) {
        [text = '', ...tail] = wrapText(t, indent, indent, indent + widths[i]!); // the further lines come indented
      } else text = cutText(t, widths[i]!, column.cut);
      const padded = i === last ? text : text.padEnd(widths[i]!);
      const cell = cells[i]!;
      return header ? s.bold(padded) : typeof cell === 'string' ? padded : cell.style(s)(padded);
    });
    return [shown.join('  ').trimEnd(), ...tail];
  };
  return [
    ...line(
      columns.map((c) => c.header),
      columns.map((c) => c.header),
      true,
    ),
    ...rows.flatMap((r, n) => line(r, texts[n]!)),
  ].join('\n');
}
