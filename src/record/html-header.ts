// @internal (src/record only)
// The top of the record's page: who verified what (the office, the file verified, the request and
// its rules) and the verdict beside the practitioner it speaks of.
import type { RecordContent } from './content.js';
import { codeList, facts, html, type Html, none, plural, table, when } from './html-markup.js';

export function header(c: RecordContent, signed: boolean): Html {
  const r = c.request;
  const did = (d: string) => html`<span class="did">${d}</span>`;
  // an unsigned page says so at its top: it must not pass for the office's signed record
  const kicker = signed
    ? html`<p class="kicker">Verification record</p>`
    : html`<p class="kicker">Verification report — unsigned</p><p class="unsigned">Not a verification record: no office signed this page. The record to file is the one <span class="mono">radcred verify --record</span> signs, checked with <span class="mono">radcred record check</span>.</p>`;
  return html`<header>${kicker}<h1>${c.office.name}</h1>
<p class="did small">${c.office.did}</p>
${facts([
  ['Reviewer', c.office.reviewer, 'wide'],
  ['Verified at', when(c.verifiedAt)],
  ['Tool', `${c.tool.name} ${c.tool.version}`],
  ['File verified', `${c.subject.file} (${c.subject.kind})`, 'wide'],
  ['Holder', c.subject.holder && did(c.subject.holder), 'wide'],
])}
${
  r === undefined
    ? none('Verified without a credentialing request: no rules applied.')
    : html`<h2>The request</h2>
${facts([
  ['Verifier', html`${r.verifierName}<br>${did(r.verifier)}`, 'wide'],
  ['Request ID', html`<span class="mono">${r.jti}</span>`, 'wide'],
  ['Issued', when(r.issuedAt)],
  ['Expires', when(r.expires)],
])}
${table(
  [
    { label: 'Rule', width: 16 },
    { label: 'What it asks', width: 84 },
  ],
  r.rules,
)}`
}</header>\n`;
}

export function verdict(c: RecordContent): Html {
  const v = c.verdict;
  const why = v.verified
    ? `Every required check passed${v.warnings.length ? `; ${plural(v.warnings.length, 'warning')} to review:` : '.'}`
    : `${plural(v.failing.length, 'failing check code')}:`;
  const p = c.practitioner;
  return html`<section class="${`verdict ${v.verified ? 'verified pass' : 'failed fail'}`}" aria-label="Verdict">
<div><p class="word">${v.verified ? 'VERIFIED' : 'NOT VERIFIED'}</p><p class="why">${why}</p>
${codeList(v.verified ? v.warnings : v.failing, v.verified ? 'warn' : 'fail', 'lines')}</div>
<div class="practitioner">${
    p === undefined
      ? none('The credentials name no practitioner.')
      : html`<p class="small">Practitioner</p>
<p class="name">${p.name ?? 'name not given'}</p><p>NPI ${p.npi ?? 'not given'}</p><p class="did small">${p.did}</p>`
  }</div></section>\n`;
}
