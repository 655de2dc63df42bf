// Text for a terminal: lines within a width (100 columns at most, the terminal's when narrower),
// long DIDs shortened for reading (the --json output keeps them whole).

/** The width human output wraps to. */
export const outputWidth = (columns: number | undefined): number =>
  Math.max(40, Math.min(columns && columns > 0 ? columns : 100, 100));

// a did:key's multibase value is 46-60 base58 characters; a DID URL repeats it after '#' (shortened apart)
const LONG_DID = /did:key:(z[1-9A-HJ-NP-Za-km-z]{9})[1-9A-HJ-NP-Za-km-z]{20,}([1-9A-HJ-NP-Za-km-z]{5})/g;

/** `did:key:z6MkfYTuCR…T21ba`: enough to tell DIDs apart by eye, short enough for a line. */
export const shortDids = (text: string): string =>
  text
    .replace(LONG_DID, (_, head: string, tail: string) => `did:key:${head}…${tail}`)
    .replace(LONG_FRAGMENT, (_, head: string, tail: string) => `#${head}…${tail}`);

/** `z6MkfY…T21ba` for a did:key, for a table's column: `did:key:` goes; the key type's prefix and the end stay (what people compare). */
export function shortDid(did: string): string {
  const id = did.startsWith('did:key:') ? did.slice('did:key:'.length) : did;
  return id.length <= 12 ? id : `${id.slice(0, 6)}…${id.slice(-5)}`;
}

// a verification method's fragment on its own: `#z6Mk...` after the DID it belongs to
const LONG_FRAGMENT = /#(z[1-9A-HJ-NP-Za-km-z]{9})[1-9A-HJ-NP-Za-km-z]{20,}([1-9A-HJ-NP-Za-km-z]{5})/g;

// Control characters, bidirectional overrides and line separators in data (a name in a credential,
// a record's reviewer) would let the data draw its own lines or recolour the terminal: shown escaped.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/** `text` with every character that could move the cursor or change the terminal written as `\uXXXX`. */
export const printable = (text: string): string =>
  text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * Wraps `text` (plain, no colour codes; made printable first) to `width` columns: the first line after `first`
 * (already `firstWidth` columns wide), the rest indented by `indent` spaces. Words longer than
 * a line are cut.
 */
export function wrapText(text: string, firstWidth: number, indent: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let room = Math.max(10, width - firstWidth);
  const flush = () => {
    lines.push(line.trimEnd()); // the blank a break fell on is not kept at the line's end
    line = '';
    room = Math.max(10, width - indent);
  };
  for (const word of printable(text).split(' ')) {
    let w = word;
    if (line.length > 0 && line.length + 1 + w.length > room) flush();
    // a word longer than a whole line is cut, wherever it falls
    while (w.length > room) {
      line = w.slice(0, room);
      w = w.slice(room);
      flush();
    }
    line = line.length > 0 ? `${line} ${w}` : w;
  }
  if (line.length > 0 || lines.length === 0) lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : ' '.repeat(indent) + l));
}

// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;
/** The columns a line takes on a terminal: its colour codes take none. */
const visibleLength = (text: string) => text.replace(SGR, '').length;

/** `  label     value`: a line whose value starts after a run of blanks (`  file      vp.jwt`). */
const LABELLED = /^(\s*\S+(?: \S+)*? {2,})\S/;

/**
 * The last word on human output's width: each line of `text` wider than `width` wrapped at its
 * blanks, so no line of a message, a note or a summary runs past the terminal (or 100 columns when
 * piped). Further lines go under a labelled line's value (`  file      ` …) when that leaves room,
 * else two columns in from the line's own indent. A word wider than a line (a JWT, a DID URL, a
 * path) is never cut: it gets a line of its own. Lines that fit, tables and checks that were laid
 * out already, are left as they are. Colour codes count for nothing.
 */
export function fitLines(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => fitLine(line, width))
    .join('\n');
}

/**
 * The words of a line, a `code span` with blanks in it kept as one (a command to copy stays on one
 * line) unless it is longer than `longest`.
 */
function wordsKeepingCode(line: string, longest: number): string[] {
  const words: string[] = [];
  for (const word of line.split(' ')) {
    const last = words.at(-1);
    const open = last !== undefined && (last.match(/`/g)?.length ?? 0) % 2 === 1;
    if (open) words[words.length - 1] = `${last} ${word}`;
    else words.push(word);
  }
  return words.flatMap((w) => (w.includes(' ') && visibleLength(w) > longest ? w.split(' ') : [w]));
}

function fitLine(line: string, width: number): string[] {
  if (visibleLength(line) <= width) return [line];
  const plain = line.replace(SGR, '');
  const hanging = plain.length - plain.trimStart().length + 2;
  const label = LABELLED.exec(plain)?.[1]!.length;
  const aligned = label !== undefined && label <= width - 40 ? label : hanging;
  const lines: string[] = [];
  const [first = '', ...words] = wordsKeepingCode(line, width - hanging);
  let current = first;
  for (const word of words) {
    const started = current.replace(SGR, '').trim().length > 0;
    if (started && word.length > 0 && visibleLength(current) + 1 + visibleLength(word) > width) {
      lines.push(current.trimEnd());
      current = ' '.repeat(aligned + visibleLength(word) <= width ? aligned : hanging) + word;
    } else current = `${current} ${word}`;
  }
  lines.push(current.trimEnd());
  return lines;
}

/**
 * A shell command (its words already quoted) as lines within `width`, broken between words with
 * ` \` as a person would type it, so it still pastes as one command; further lines are indented
 * four more than the first.
 */
export function shellCommandLines(words: readonly string[], indent: number, width: number): string[] {
  const lines: string[] = [];
  let current = ' '.repeat(indent) + (words[0] ?? '');
  for (const word of words.slice(1)) {
    if (current.trim().length > 0 && current.length + 1 + word.length + 2 > width) {
      lines.push(`${current} \\`);
      current = ' '.repeat(indent + 4) + word;
    } else current = `${current} ${word}`;
  }
  lines.push(current);
  return lines;
}
