// The printable page of a verification record (DESIGN.md "Verification record"): one
// self-contained HTML document an office prints or files, laid out from the record's content.
// Every value in the content comes from credentials or the command line, so every value is
// escaped (the `html` template of html-markup.ts). The page loads nothing and runs nothing; its
// Content-Security-Policy says so too, so a value that got through unescaped still could not
// fetch or execute anything. This file assembles the page from its sections: html-header.ts,
// html-items.ts, html-checks.ts and html-cme.ts; html-style.ts is its stylesheet.
import type { RecordContent } from './content.js';
import { appendix, attachments, policy, warnings } from './html-checks.js';
import { cme } from './html-cme.js';
import { header, verdict } from './html-header.js';
import { itemDetails, numbered, summary } from './html-items.js';
import { Html, html, when } from './html-markup.js';
import { RECORD_CSS, runningLabelCss } from './html-style.js';

function runningLabel(c: RecordContent, signed: boolean): string {
  const who = c.practitioner?.name ?? c.practitioner?.did ?? c.subject.holder ?? c.subject.file;
  return `${signed ? 'Verification record' : 'Unsigned verification report'} of ${who} · ${c.verdict.verified ? 'VERIFIED' : 'NOT VERIFIED'} · ${when(c.verifiedAt)}`;
}

/** The record's content as one self-contained, printable HTML5 page; `evidence` lists the
 *  evidence files' digests (label, "sha256:hex") for the appendix. */
export function renderRecordHtml(
  content: RecordContent,
  evidence: [string, string][] = [],
  { signed = true }: { signed?: boolean } = {},
): string {
  const items = numbered(content.items);
  const byDigest = new Map(items.map((x) => [x.item.digest, x]));
  const practitioner = content.practitioner?.did ?? content.subject.holder;
  const title = `${signed ? 'Verification record' : 'Unsigned verification report'}: ${content.practitioner?.name ?? content.subject.file}, ${content.verifiedAt.slice(0, 10)}`;
  const page = html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>${new Html(RECORD_CSS)}${new Html(runningLabelCss(runningLabel(content, signed)))}</style></head>
<body>
${header(content, signed)}${verdict(content)}${summary(items, practitioner)}${policy(content, byDigest)}
${cme(content, byDigest)}${warnings(content, byDigest)}${attachments(content)}<h2>Credential details</h2>${items.map(itemDetails)}${appendix(content, byDigest, evidence)}</body></html>
`;
  return page.markup;
}
