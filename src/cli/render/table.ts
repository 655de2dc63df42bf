// A table for a terminal: a header row, then one row per item, columns two spaces apart, within a
// width (100 columns at most). When the columns do not fit, they give up room in a set order, each
// down to its minimum, and cut what no longer fits with `…` (at the end, or in the middle where
// both ends of a value say something, as in a ledger origin); the last column may wrap instead.
// A column that must never be cut (a DID or jti a person copies) leaves the row when the table
// cannot fit with it, and is shown whole on a line of its own under the row.
import type { Style } from '../style.js';
import { printable } from './text.js';

export interface Column {
  header: string;
  /** never narrower than this (default: the header's width); a wrapping column goes this narrow only after every other column reached its own */
  min?: number;
  /** on a terminal too narrow for every column's minimum: never narrower than this (default: min) */
  floor?: number;
  /** never wider than this */
  max?: number;
  /** which columns give up room first when the table is too wide: lower first (default 0) */
  shrinkOrder?: number;
  /** where a value too long for the column is cut (default 'end'); 'clip' keeps a prefix, no `…` (an ID's prefix is an ID) */
  cut?: 'end' | 'middle' | 'clip';
  /** the last column only: wrap a long value onto further lines instead of cutting it */
  wrap?: boolean;
  /** never cut: when the table cannot fit with it, its value goes on a line of its own under the row */
  whole?: boolean;
}

/** A cell: its text, and a style to put on it once it is laid out (colour does not count as width). */
export type Cell = string | { text: string; style: (s: Style) => (text: string) => string };

const textOf = (c: Cell) => printable(typeof c === 'string' ? c : c.text);

/** How far a line under its row is indented: a value that left the row (a `whole` column). */
const UNDER_ROW = 2;

export function cutText(text: string, width: number, where: 'end' | 'middle' | 'clip' = 'end'): string {
  if (text.length <= width) return text;
  if (width <= 1 || where === 'clip') return text.slice(0, width);
  if (where === 'end') return `${text.slice(0, width - 1).trimEnd()}…`;
  const head = Math.ceil((width - 1) / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (width - 1 - head))}`;
}

/**
 * A cell's value wrapped to `width`: between the items of a list (`a, b (2), c`), else at spaces. An item
 * wider than the column is cut with `…` (its comma kept), never broken across lines: half a type name on
 * each line reads as two names.
 */
export function wrapCell(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of wordsOf(text)) {
    const comma = word.endsWith(',') && word.length > width ? ',' : '';
    const w = comma ? `${cutText(word.slice(0, -1), width - 1)},` : cutText(word, width);
    if (line.length > 0 && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line.length > 0 ? `${line} ${w}` : w;
  }
  lines.push(line);
  return lines;
}

/** What a wrap keeps together: the items of a comma-separated list, else the words. */
const wordsOf = (text: string): string[] => text.split(text.includes(', ') ? /(?<=,) / : ' ');

const longestWord = (text: string) => Math.max(0, ...wordsOf(text).map((w) => w.length));
const tableWidth = (widths: readonly number[]) => widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);

/**
 * The widths of the columns: each as wide as its widest value, then narrowed in shrinkOrder until the
 * table fits: first down to what keeps every value readable (a column's minimum; a wrapping column's
 * longest item, so a wrap cuts nothing), then a wrapping column down to its own minimum, then
 * each column down to its floor.
 */
function layout(columns: readonly Column[], rows: readonly string[][], width: number): number[] {
  const widths = columns.map((c, i) =>
    Math.min(c.max ?? Infinity, Math.max(c.header.length, ...rows.map((r) => r[i]!.length))),
  );
  // a wrapping column keeps 10 columns at least; a whole one keeps all it needs
  const mins = columns.map((c, i) =>
    c.whole === true ? widths[i]! : Math.min(widths[i]!, Math.max(c.min ?? c.header.length, c.wrap === true ? 10 : 0)),
  );
  const keep = columns.map((c, i) =>
    c.wrap === true ? Math.min(widths[i]!, Math.max(mins[i]!, ...rows.map((r) => longestWord(r[i]!)))) : mins[i]!,
  );
  const floors = columns.map((c, i) => Math.min(mins[i]!, c.floor ?? mins[i]!));
  let excess = tableWidth(widths) - width;
  const order = columns.map((c, i) => ({ i, at: c.shrinkOrder ?? 0 })).sort((a, b) => a.at - b.at || b.i - a.i);
  for (const floor of [keep, mins, floors]) {
    for (const { i } of order) {
      if (excess <= 0) break;
      const give = Math.min(excess, widths[i]! - floor[i]!);
      widths[i] = widths[i]! - give;
      excess -= give;
    }
  }
  return widths;
}

/** Which columns stay in the row: all, unless the table is too wide with its `whole` columns in it. */
function rowColumns(columns: readonly Column[], rows: readonly string[][], width: number): number[] {
  const all = columns.map((_, i) => i);
  if (!columns.some((c) => c.whole === true) || tableWidth(layout(columns, rows, width)) <= width) return all;
  return all.filter((i) => columns[i]!.whole !== true);
}

export function renderTable(columns: readonly Column[], rows: readonly Cell[][], s: Style, width = 100): string {
  const texts = rows.map((r) => r.map(textOf));
  const inRow = rowColumns(columns, texts, width);
  const under = columns.map((_, i) => i).filter((i) => !inRow.includes(i));
  const shown = inRow.map((i) => columns[i]!);
  const widths = layout(
    shown,
    texts.map((t) => inRow.map((i) => t[i]!)),
    width,
  );
  const last = shown.length - 1;
  const indent = widths.slice(0, last).reduce((a, b) => a + b + 2, 0);
  const line = (cells: readonly Cell[], texts: readonly string[], header = false): string[] => {
    let tail: string[] = [];
    const parts = inRow.map((c, i) => {
      const column = shown[i]!;
      const t = texts[c]!;
      let text: string;
      if (i === last && column.wrap === true && t.length > widths[i]!) {
        [text = '', ...tail] = wrapCell(t, widths[i]!);
        tail = tail.map((l) => ' '.repeat(indent) + l); // the further lines come indented to the column
      } else text = cutText(t, widths[i]!, column.cut);
      const padded = i === last ? text : text.padEnd(widths[i]!);
      const cell = cells[c]!;
      return header ? s.bold(padded) : typeof cell === 'string' ? padded : cell.style(s)(padded);
    });
    const own = under.map((c) => {
      const cell = cells[c]!;
      const text = header ? s.bold(texts[c]!) : typeof cell === 'string' ? texts[c]! : cell.style(s)(texts[c]!);
      return ' '.repeat(UNDER_ROW) + text;
    });
    return [parts.join('  ').trimEnd(), ...tail, ...own];
  };
  const headers = columns.map((c) => c.header);
  return [...line(headers, headers, true), ...rows.flatMap((r, n) => line(r, texts[n]!))].join('\n');
}
