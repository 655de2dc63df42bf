// The printable page of a verification record (DESIGN.md "Verification record"): one
// self-contained HTML document an office prints or files, laid out from the record's content.
// Every value in the content comes from credentials or the command line, so every value is
// escaped: the `html` template below escapes whatever it interpolates unless it is markup this
// file built. The page loads nothing and runs nothing; its Content-Security-Policy says so too,
// so a value that got through unescaped still could not fetch or execute anything.
import type { CmeTally, ExclusionReason } from '../policy/cme-tally.js';
import type { Check } from '../verify/types.js';
import type { RecordContent, RecordItem } from './content.js';
import { RECORD_CSS, runningLabelCss } from './html-style.js';

/** Markup built here: interpolated as is. Anything else interpolated is escaped. */
class Html {
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

function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  return new Html(strings.reduce((out, s, i) => out + markupOf(values[i - 1]) + s));
}

/** A code that may break after its underscores (EXPIRES_DURING_APPOINTMENT in a narrow column). */
const breakable = (text: string) => new Html(escapeText(text).replace(/_/g, '_<wbr>'));

// ---- values for people

const when = (iso: string | undefined) =>
  iso?.replace(/^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(?::00)?(:\d\d)?(?:\.\d+)?Z$/, '$1 $2$3 UTC');
const shortDid = (did: string) => (did.length > 30 ? `${did.slice(0, 16)}…${did.slice(-6)}` : did);
const shortDigest = (digest: string) => digest.replace(/^(sha256:)?([0-9a-f]{12})[0-9a-f]+$/, '$2…');
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
/** The colour classes of html-style.ts; a status the stylesheet does not know is grey. */
const TONES = new Set(['pass', 'fail', 'warn', 'skip', 'verified', 'failed', 'met', 'short']);
const badge = (word: string, tone: string = word) =>
  html`<span class="${`badge ${TONES.has(tone) ? tone : 'skip'}`}">${word}</span>`;
/** Codes after a result ("failing: A, B"), or one to a line (the verdict). */
function codeList(codes: string[], tone: 'fail' | 'warn', layout: 'inline' | 'lines' = 'inline'): Html | '' {
  if (codes.length === 0) return '';
  const sep = layout === 'lines' ? html`<br>` : ', ';
  const lead = layout === 'lines' ? '' : tone === 'fail' ? 'failing: ' : 'warning: ';
  return html`<span class="${`codes ${tone}`}">${lead}${codes.map((c, i) => html`${i > 0 ? sep : ''}${breakable(c)}`)}</span>`;
}
const none = (text: string) => html`<p class="none">${text}</p>`;

const REASONS: Record<ExclusionReason, string> = {
  'outside-window': 'ended outside the window',
  duplicate: 'the same activity from the same provider is already counted',
  'earned-exceeds-available': 'claims more credits than the activity offered',
};

// ---- tables

interface Column {
  label: string;
  /** a share of the table's width, in percent */
  width: number;
  numeric?: boolean;
}

const colgroup = (columns: Column[]) =>
  html`<colgroup>${columns.map((c) => html`<col style="${`width:${c.width}%`}">`)}</colgroup>`;

function table(columns: Column[], rows: unknown[][]): Html {
  const cell = (tag: 'th' | 'td', c: Column | undefined, value: unknown) =>
    html`${new Html(c?.numeric ? `<${tag} class="num">` : `<${tag}>`)}${value}${new Html(`</${tag}>`)}`;
  return html`<table>${colgroup(columns)}
<thead><tr>${columns.map((c) => cell('th', c, c.label))}</tr></thead>
<tbody>${rows.map((row) => html`<tr>${row.map((value, i) => cell('td', columns[i], value))}</tr>\n`)}</tbody></table>\n`;
}

/** A labelled value; `wide` ones take a whole row (DIDs, digests, long text), others share one. */
type Fact = [label: string, value: unknown, wide?: 'wide'];

/** Label and value rows, two pairs to a row: the header, the request, one credential's facts. */
function facts(rows: Fact[]): Html {
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

// ---- the items, in the order an office reads them

/** Numbered items: licenses and board first, CME certificates (usually the most) last. */
interface Numbered {
  n: number;
  item: RecordItem;
}

const READING_ORDER = [
  'MedicalLicenseCredential',
  'BoardCertificationCredential',
  'ProfessionalLiabilityCoverageCredential',
  'ClaimsHistoryCredential',
  'ClinicalPrivilegesCredential',
  'ControlledSubstanceRegistrationCredential',
  'MedicalDegreeCredential',
  'GraduateMedicalEducationCredential',
  'ECFMGCertificationCredential',
  'MammographyInterpretationVolumeCredential',
  'PractitionerAttestationCredential',
  'CMECertificateCredential',
];

function numbered(items: RecordItem[]): Numbered[] {
  // other tools' types go after the built-in ones and before the CME certificates
  const rank = (type: string) =>
    READING_ORDER.includes(type) ? READING_ORDER.indexOf(type) : READING_ORDER.length - 1.5;
  // Array.prototype.sort is stable: same-type items keep the record's order
  return [...items].sort((a, b) => rank(a.type) - rank(b.type)).map((item, i) => ({ n: i + 1, item }));
}

/** The issuer's trust-list name; a self-issued credential (the attestation) is the practitioner's own. */
const issuerOf = (item: RecordItem, practitioner: string | undefined) =>
  item.issuerName ?? (item.issuer === practitioner ? 'the practitioner' : shortDid(item.issuer));

/** "3. Medical license 06fc78…" for a check or a CME row that concerns a credential. */
function itemRef(digest: string | undefined, byDigest: Map<string, Numbered>): unknown {
  if (digest === undefined) return '';
  const found = byDigest.get(digest);
  return found
    ? html`${found.n}. ${found.item.attested.label} <span class="mono small">${shortDigest(digest)}</span>`
    : html`<span class="mono">${shortDigest(digest)}</span>`;
}

// ---- sections

function header(c: RecordContent, signed: boolean): Html {
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

function verdict(c: RecordContent): Html {
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

function resultCell(item: RecordItem): Html {
  return html`${badge(item.result)}${codeList(item.failing, 'fail')}${codeList(item.warnings, 'warn')}`;
}

function summary(items: Numbered[], practitioner: string | undefined): Html {
  const columns = [
    { label: '#', width: 4 },
    { label: 'Type', width: 13 },
    { label: 'Attests', width: 29 },
    { label: 'Issuer', width: 16 },
    { label: 'Source as of', width: 11 },
    { label: 'Status', width: 9 },
    { label: 'Result', width: 18 },
  ];
  const rows = items.map(({ n, item }) => [
    n,
    item.attested.label,
    item.attested.summary,
    issuerOf(item, practitioner),
    item.sourceAsOf ?? '—',
    item.status,
    resultCell(item),
  ]);
  return html`<h2>Credentials verified</h2>${items.length ? table(columns, rows) : none('No credentials.')}`;
}

const CHECK_COLUMNS: Column[] = [
  { label: 'Check', width: 10 },
  { label: 'Status', width: 7 },
  { label: 'Code', width: 22 },
  { label: 'Message', width: 61 },
];

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

function policy(c: RecordContent, byDigest: Map<string, Numbered>): Html {
  const body = c.policy.length
    ? checksTable(c.policy, byDigest)
    : none(c.request === undefined ? 'No request, so no policy.' : 'The request set no rules to check.');
  return html`<h2>Policy results</h2>${body}`;
}

function towardText(t: CmeTally, toward: number[]): string {
  const given = t.requirements.flatMap((r, i) => ((toward[i] ?? 0) > 0 ? [`${r.label} ${toward[i]}`] : []));
  return given.length ? given.join(' · ') : 'nothing';
}

function cmeTally(t: CmeTally, byDigest: Map<string, Numbered>): Html {
  const requirements = table(
    [
      { label: 'Requirement', width: 52 },
      { label: 'Required', width: 12, numeric: true },
      { label: 'Earned', width: 12, numeric: true },
      { label: 'Short', width: 12, numeric: true },
      { label: '', width: 12 },
    ],
    t.requirements.map((r) => [r.label, r.required, r.earned, r.short, badge(r.short > 0 ? 'short' : 'met')]),
  );
  const counted = table(
    [
      { label: 'Ended', width: 12 },
      { label: 'Credits', width: 9, numeric: true },
      { label: 'Counts toward', width: 36 },
      { label: 'Activity', width: 43 },
    ],
    t.counted.map((k) => [
      k.activityEndDate,
      k.credits,
      towardText(t, k.toward),
      html`${k.activityTitle}<br><span class="small">${k.activityId} · ${itemRef(k.digest, byDigest)}</span>`,
    ]),
  );
  const excluded = table(
    [
      { label: 'Activity ID', width: 22 },
      { label: 'Credential', width: 33 },
      { label: 'Why not counted', width: 45 },
    ],
    t.excluded.map((x) => [x.activityId, itemRef(x.digest, byDigest), REASONS[x.reason] ?? x.reason]),
  );
  return html`<section class="cme-tally"><h3>${t.rule}: ${t.description} ${badge(t.met ? 'met' : 'not met', t.met ? 'met' : 'short')}</h3>
<p>${t.summary}</p><p class="small">Counts certificates ending after ${t.windowFrom} and on or before ${t.windowTo}.${t.citation ? html` ${t.citation}` : ''}</p>
${requirements}<h4>Counted (${t.counted.length})</h4>${t.counted.length ? counted : none('No certificate counted.')}
${t.excluded.length ? html`<h4>Not counted (${t.excluded.length})</h4>${excluded}` : ''}</section>\n`;
}

function cme(c: RecordContent, byDigest: Map<string, Numbered>): Html {
  return c.cme.length ? html`<h2>CME</h2>${c.cme.map((t) => cmeTally(t, byDigest))}` : html``;
}

function warnings(c: RecordContent, byDigest: Map<string, Numbered>): Html {
  const warned = c.checks.filter((k) => k.status === 'warn');
  return html`<h2>Warnings</h2>${warned.length ? checksTable(warned, byDigest) : none('No warnings.')}`;
}

function attachments(c: RecordContent): Html {
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

function itemDetails({ n, item }: Numbered): Html {
  const validity = [
    item.validFrom && `from ${when(item.validFrom)}`,
    item.validUntil && `until ${when(item.validUntil)}`,
  ]
    .filter(Boolean)
    .join(' ');
  return html`<section class="item"><h3>${n}. ${item.attested.label} <span class="small">${item.type}</span></h3>
<p class="summary">${item.attested.summary}</p>
${facts([
  ...item.attested.facts,
  [
    'Issuer',
    html`${item.issuerName ?? 'not named on the trust list'} <span class="did small">${item.issuer}</span>`,
    'wide',
  ],
  ['Digest', html`<span class="mono">${item.digest}</span>`, 'wide'],
  ['Credential ID', item.jti && html`<span class="mono">${item.jti}</span>`, 'wide'],
  ['Method', item.method, 'wide'],
  ['Valid', validity || 'no validity period'],
  ['Source as of', item.sourceAsOf],
  ['Ledger status', item.status],
  ['Result', resultCell(item)],
])}</section>\n`;
}

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

function appendix(c: RecordContent, byDigest: Map<string, Numbered>, evidence: [string, string][]): Html {
  return html`<section class="appendix"><h2>Appendix: every check, in the order they ran</h2>
${checksTable(c.checks, byDigest, true)}${evidenceAndLedgers(c, evidence)}</section>\n`;
}

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
