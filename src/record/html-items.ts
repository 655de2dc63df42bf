// @internal (src/record only)
// The credentials on the record's page: their reading order and numbers, the reference a check
// or a CME row makes to one ("3. Medical license 06fc78…"), the summary table of them all and
// each one's details.
import type { RecordItem } from './content.js';
import { badge, codeList, facts, html, type Html, none, shortDid, shortDigest, table, when } from './html-markup.js';

/** Numbered items: licenses and board first, CME certificates (usually the most) last. */
export interface Numbered {
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

export function numbered(items: RecordItem[]): Numbered[] {
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
export function itemRef(digest: string | undefined, byDigest: Map<string, Numbered>): unknown {
  if (digest === undefined) return '';
  const found = byDigest.get(digest);
  return found
    ? html`${found.n}. ${found.item.attested.label} <span class="mono small">${shortDigest(digest)}</span>`
    : html`<span class="mono">${shortDigest(digest)}</span>`;
}

function resultCell(item: RecordItem): Html {
  return html`${badge(item.result)}${codeList(item.failing, 'fail')}${codeList(item.warnings, 'warn')}`;
}

/** The table of every credential in reading order: what it attests, its issuer, its result. */
export function summary(items: Numbered[], practitioner: string | undefined): Html {
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

/** One credential's section: every attested value, then how it was checked. */
export function itemDetails({ n, item }: Numbered): Html {
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
