// @internal (src/record only)
// The checks on the record's page: the policy results, the warnings, the office's own checks and
// the appendix of every check in the order they ran, with the evidence digests and ledgers used.
import type { Check } from '../verify/types.js';
import type { RecordContent } from './content.js';
import { type Numbered, itemRef } from './html-items.js';
import { badge, breakable, colgroup, type Column, html, type Html, none, table, when } from './html-markup.js';

const CHECK_COLUMNS: Column[] = [
  { label: 'Check', width: 10 },
  { label: 'Status', width: 7 },
  { label: 'Code', width: 22 },
  { label: 'Message', width: 61 },
];

const STEPS: Record<number, string> = {
  1: 'parsing',
  2: 'the presentation and its signature',
  3: 'audience, challenge and validity',
  4: 'the credential',
  5: "the request's rules",
};

/** The group row of a check in the appendix: its step, and in step 4 the credential it concerns. */
function stepGroup(k: Check, byDigest: Map<string, Numbered>): Html {
  return k.step === 4 && k.credential !== undefined
    ? html`Step 4: credential ${itemRef(k.credential, byDigest)}`
    : html`Step ${k.step}: ${STEPS[k.step] ?? ''}`;
}

/** One row per check, the credential it concerns (when no group row names it) under its message. */
function checksTable(checks: Check[], byDigest: Map<string, Numbered>, grouped = false): Html {
  const rows: Html[] = [];
  let last: string | undefined;
  for (const k of checks) {
    const group = grouped ? stepGroup(k, byDigest) : undefined;
    if (group !== undefined && group.markup !== last)
      rows.push(html`<tr class="group"><th colspan="${CHECK_COLUMNS.length}">${group}</th></tr>`);
    last = group?.markup;
    const ref =
      k.credential !== undefined && !(grouped && k.step === 4)
        ? html`<br><span class="small">${itemRef(k.credential, byDigest)}</span>`
        : '';
    rows.push(
      html`<tr><td>${k.check}</td><td>${badge(k.status)}</td><td>${breakable(k.code)}</td><td>${k.message}${ref}</td></tr>`,
    );
  }
  return html`<table class="checks">${colgroup(CHECK_COLUMNS)}
<thead><tr>${CHECK_COLUMNS.map((c) => html`<th>${c.label}</th>`)}</tr></thead><tbody>${rows.map((r) => html`${r}\n`)}</tbody></table>\n`;
}

export function policy(c: RecordContent, byDigest: Map<string, Numbered>): Html {
  const body = c.policy.length
    ? checksTable(c.policy, byDigest)
    : none(c.request === undefined ? 'No request, so no policy.' : 'The request set no rules to check.');
  return html`<h2>Policy results</h2>${body}`;
}

export function warnings(c: RecordContent, byDigest: Map<string, Numbered>): Html {
  const warned = c.checks.filter((k) => k.status === 'warn');
  return html`<h2>Warnings</h2>${warned.length ? checksTable(warned, byDigest) : none('No warnings.')}`;
}

export function attachments(c: RecordContent): Html {
  const body = c.attachments.length
    ? table(
        [
          { label: 'Kind', width: 16 },
          { label: 'What the office found', width: 84 },
        ],
        c.attachments.map((a) => [a.kind, a.text]),
      )
    : none('None attached.');
  return html`<h2>The office's own checks</h2>${body}`;
}

function evidenceAndLedgers(c: RecordContent, evidence: [string, string][]): Html {
  const digests = table(
    [
      { label: 'Evidence', width: 32 },
      { label: 'SHA-256 digest', width: 68 },
    ],
    evidence.map(([label, digest]) => [label, html`<span class="mono">${digest}</span>`]),
  );
  const ledgers = table(
    [
      { label: 'Origin', width: 20 },
      { label: 'Checkpoint', width: 11, numeric: true },
      { label: 'Root hash', width: 35 },
      { label: 'Pinned', width: 17 },
      { label: 'Copy', width: 17 },
    ],
    c.ledgers.map((l) => [
      l.origin,
      l.size ?? '—',
      html`<span class="mono">${l.root ?? '—'}</span>`,
      l.pinned
        ? `yes${l.pinnedSize !== undefined ? `, size ${l.pinnedSize}` : ''}${l.confirmedAt ? `, confirmed ${when(l.confirmedAt)}` : ''}`
        : 'no',
      l.dir,
    ]),
  );
  return html`<h3>Evidence</h3>${evidence.length ? digests : none('No evidence digests given.')}
<h3>Ledgers used</h3>${c.ledgers.length ? ledgers : none('No ledger was used.')}`;
}

export function appendix(c: RecordContent, byDigest: Map<string, Numbered>, evidence: [string, string][]): Html {
  return html`<section class="appendix"><h2>Appendix: every check, in the order they ran</h2>
${checksTable(c.checks, byDigest, true)}${evidenceAndLedgers(c, evidence)}</section>\n`;
}
