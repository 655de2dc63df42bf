// @internal (src/record only)
// The building blocks of the record's printable page: the `html` template, which escapes
// whatever it interpolates unless it is markup built with it (every value on the page comes from
// credentials or the command line), values written for people (times, short DIDs and digests,
// badges, lists of codes), and the page's tables.

/** Markup built with `html` (or trusted text such as the stylesheet): interpolated as is. Anything else is escaped. */
export class Html {
  constructor(readonly markup: string) {}
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeText = (text: string) => text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

function markupOf(value: unknown): string {
  if (value instanceof Html) return value.markup;
  if (Array.isArray(value)) return value.map(markupOf).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeText(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  return new Html(strings.reduce((out, s, i) => out + markupOf(values[i - 1]) + s));
}

/** A code that may break after its underscores (EXPIRES_DURING_APPOINTMENT in a narrow column). */
export const breakable = (text: string) => new Html(escapeText(text).replace(/_/g, '_<wbr>'));

// ---- values for people

export const when = (iso: string | undefined) =>
  iso?.replace(/^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(?::00)?(:\d\d)?(?:\.\d+)?Z$/, '$1 $2$3 UTC');
export const shortDid = (did: string) => (did.length > 30 ? `${did.slice(0, 16)}…${did.slice(-6)}` : did);
export const shortDigest = (digest: string) => digest.replace(/^(sha256:)?([0-9a-f]{12})[0-9a-f]+$/, '$2…');
export const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
/** The colour classes of html-style.ts; a status the stylesheet does not know is grey. */
const TONES = new Set(['pass', 'fail', 'warn', 'skip', 'verified', 'failed', 'met', 'short']);
export const badge = (word: string, tone: string = word) =>
  html`<span class="${`badge ${TONES.has(tone) ? tone : 'skip'}`}">${word}</span>`;
/** Codes after a result ("failing: A, B"), or one to a line (the verdict). */
export function codeList(codes: string[], tone: 'fail' | 'warn', layout: 'inline' | 'lines' = 'inline'): Html | '' {
  if (codes.length === 0) return '';
  const sep = layout === 'lines' ? html`<br>` : ', ';
  const lead = layout === 'lines' ? '' : tone === 'fail' ? 'failing: ' : 'warning: ';
  return html`<span class="${`codes ${tone}`}">${lead}${codes.map((c, i) => html`${i > 0 ? sep : ''}${breakable(c)}`)}</span>`;
}
export const none = (text: string) => html`<p class="none">${text}</p>`;

// ---- tables

export interface Column {
  label: string;
  /** a share of the table's width, in percent */
  width: number;
  numeric?: boolean;
}

export const colgroup = (columns: Column[]) =>
  html`<colgroup>${columns.map((c) => html`<col style="${`width:${c.width}%`}">`)}</colgroup>`;

export function table(columns: Column[], rows: unknown[][]): Html {
  const cell = (tag: 'th' | 'td', c: Column | undefined, value: unknown) =>
    html`${new Html(c?.numeric ? `<${tag} class="num">` : `<${tag}>`)}${value}${new Html(`</${tag}>`)}`;
  return html`<table>${colgroup(columns)}
<thead><tr>${columns.map((c) => cell('th', c, c.label))}</tr></thead>
<tbody>${rows.map((row) => html`<tr>${row.map((value, i) => cell('td', columns[i], value))}</tr>\n`)}</tbody></table>\n`;
}

/** A labelled value; `wide` ones take a whole row (DIDs, digests, long text), others share one. */
export type Fact = [label: string, value: unknown, wide?: 'wide'];

/** Label and value rows, two pairs to a row: the header, the request, one credential's facts. */
export function facts(rows: Fact[]): Html {
  const shown = rows.filter(([, v]) => v !== undefined && v !== '');
  const pair = ([k, v]: Fact) => html`<th scope="row">${k}</th><td>${v}</td>`;
  const lines: Html[] = [];
  let half: Fact | undefined;
  const flush = () => {
    if (half) lines.push(html`<tr>${pair(half)}<th></th><td></td></tr>`);
    half = undefined;
  };
  for (const fact of shown) {
    if (fact[2] === 'wide') {
      flush();
      lines.push(html`<tr><th scope="row">${fact[0]}</th><td colspan="3">${fact[1]}</td></tr>`);
    } else if (half) {
      lines.push(html`<tr>${pair(half)}${pair(fact)}</tr>`);
      half = undefined;
    } else half = fact;
  }
  flush();
  return html`<table class="kv"><colgroup><col style="width:16%"><col style="width:34%"><col style="width:16%"><col style="width:34%"></colgroup>
<tbody>${lines.map((l) => html`${l}\n`)}</tbody></table>\n`;
}
