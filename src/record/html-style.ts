// @internal (src/record only)
// The stylesheet of the printable verification record (html.ts): one inline <style>, no fonts or
// images to fetch. It is written for paper first (Letter and A4 both: the page never forces a
// size, so the printer's paper is used) and reads as a plain centred page on screen.
//
// Paper: Chromium draws @page margin boxes since version 131, so the page numbers and the running
// label are CSS, not print-dialog headers (which `--print-to-pdf` cannot set). Tables are
// `table-layout: fixed` with widths from their <colgroup> and wrap anything long (DIDs, digests,
// codes), so none is ever wider than the page; their header row repeats on each page and a row is
// never split between pages.

export const RECORD_CSS = `
:root { --ink: #1b1b1b; --muted: #5c6066; --rule: #c8ccd2; --head: #eef0f3;
  --ok: #0f6b2c; --ok-bg: #e5f4e9; --bad: #a4120c; --bad-bg: #fde7e5; --warn: #6e4a00; --warn-bg: #fdf1d3; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
body { margin: 0 auto; padding: 2rem 1.5rem 3rem; max-width: 60rem; color: var(--ink); background: #fff;
  font: 15px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", system-ui, sans-serif; }
h1 { font-size: 1.55rem; margin: 0; line-height: 1.2; }
h2 { font-size: 1.15rem; margin: 1.8rem 0 .5rem; padding-bottom: .15rem; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1rem; margin: 1.2rem 0 .35rem; }
h4 { font-size: .9rem; margin: .8rem 0 .2rem; }
h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
p { margin: .3rem 0 .6rem; }
.unsigned { margin: .4rem 0; padding: .4rem .6rem; border: 2px dashed #a33; color: #a33; font-weight: 600; }
.kicker { margin: 0; color: var(--muted); font-size: .8rem; text-transform: uppercase; letter-spacing: .08em; }
.office { margin: .15rem 0 0; font-size: 1.15rem; font-weight: 600; }
.did, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace;
  font-size: .85em; overflow-wrap: anywhere; }
.small { color: var(--muted); font-size: .85em; }
.none { color: var(--muted); font-style: italic; }

table { width: 100%; table-layout: fixed; border-collapse: collapse; margin: .35rem 0 1rem; font-size: .88em; }
th, td { text-align: left; vertical-align: top; padding: .22rem .4rem; border-bottom: 1px solid var(--rule);
  overflow-wrap: anywhere; hyphens: manual; }
th { font-weight: 600; background: var(--head); border-bottom: 1px solid #7d838b; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.kv th { background: none; border-bottom: 1px solid var(--rule); font-weight: 600; color: var(--muted); }
tr.group th { background: none; border-bottom: 1px solid #7d838b; padding-top: .55rem; font-weight: 600; }
table.kv td { padding-right: .8rem; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: .2rem 0; }

.badge { display: inline-block; padding: 0 .35em; border: 1px solid currentColor; border-radius: 3px;
  font-size: .8em; font-weight: 700; letter-spacing: .03em; line-height: 1.4; white-space: nowrap; }
.pass, .verified, .met { color: var(--ok); background: var(--ok-bg); }
.fail, .failed, .short { color: var(--bad); background: var(--bad-bg); }
.warn { color: var(--warn); background: var(--warn-bg); }
.skip, .unchecked, .unknown { color: var(--muted); background: #f1f2f4; }
.codes { display: block; font-size: .82em; margin-top: .15rem; }
.codes.fail, .codes.warn { background: none; }

.verdict { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1.3fr); gap: 1rem 1.5rem; align-items: start;
  margin: 1.2rem 0 .6rem; padding: .9rem 1.1rem; border: 3px solid currentColor; border-radius: 6px; break-inside: avoid; }
.verdict.verified { border-style: solid; }
.verdict.failed { border-style: double; border-width: 5px; }
.verdict .word { margin: 0; font-size: 2rem; font-weight: 800; letter-spacing: .04em; line-height: 1.1; }
.verdict .why { margin: .35rem 0 0; font-size: .9rem; color: var(--ink); }
.practitioner { color: var(--ink); }
.practitioner .name { margin: 0; font-size: 1.3rem; font-weight: 700; }
.practitioner p { margin: .1rem 0; }

.item { break-inside: avoid; page-break-inside: avoid; }
.item h3 { margin-bottom: .1rem; }
.item .summary { margin: 0 0 .2rem; }
.cme-tally { margin-bottom: 1.2rem; }
.appendix { break-before: page; page-break-before: always; }

@page { margin: 16mm 14mm 18mm;
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt sans-serif; color: #444; }
}
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 9pt; line-height: 1.25; }
  h2 { margin-top: 1.1rem; }
  table { font-size: 8pt; margin-bottom: .7rem; }
  th, td { padding: .08rem .3rem; }
  table.checks { font-size: 7.5pt; }
  .verdict { margin-top: .8rem; }
}
`;

/** A CSS string literal holding `text`: everything but letters, digits and spaces is a hex escape,
 *  so nothing in it can end the string, the rule or the <style> element. */
export function cssString(text: string): string {
  let out = '';
  for (const ch of text) out += /[A-Za-z0-9 ]/.test(ch) ? ch : `\\${ch.codePointAt(0)!.toString(16)} `;
  return `"${out}"`;
}

/** The running label at the foot of every printed page, so a page separated from the rest still
 *  says whose record it is. */
export function runningLabelCss(label: string): string {
  const chars = [...label];
  const short = chars.length > 90 ? `${chars.slice(0, 89).join('')}…` : label;
  return `@page { @bottom-left { content: ${cssString(short)}; font: 8pt sans-serif; color: #444; } }`;
}
