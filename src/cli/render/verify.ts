// verify's output for a person: who verifies whom, then for each file its own checks, a one-line
// summary of each credential, the detail of the credentials that need a look (every credential's
// with --verbose), the policy, and the verdict. Lines stay within the output width.
import { isCmeTally, type CmeTally } from '../../policy/cme-tally.js';
import type {
  Check,
  CredentialSummary,
  FileResult,
  LedgerUsed,
  Practitioner,
  VerifyReport,
} from '../../verify/types.js';
import type { Style } from '../style.js';
import { printable, shortDids, wrapText } from './text.js';

export interface RenderOptions {
  width: number;
  /** every credential's checks, not only those of credentials that failed or warned */
  verbose: boolean;
  /** the office verifying, when known (the request's verifier, the --signer) */
  office?: string;
}

const MARK: Record<Check['status'], (s: Style) => string> = {
  pass: (s) => s.ok('pass'),
  fail: (s) => s.bad('FAIL'),
  warn: (s) => s.warn('warn'),
  skip: (s) => s.dim('skip'),
};

/** `indent` + mark + label, then `text` wrapped under itself; `tail` (dim) ends the last line. */
function labelled(
  indent: string,
  mark: string,
  markWidth: number,
  label: string,
  labelWidth: number,
  text: string,
  width: number,
  s: Style,
  tail = '',
): string[] {
  const head = `${indent}${mark}  ${printable(label).padEnd(labelWidth)} `;
  const headWidth = indent.length + markWidth + 2 + Math.max(label.length, labelWidth) + 1;
  const body = wrapText(shortDids(tail ? `${text} ${tail}` : text), headWidth, headWidth, width);
  // the tail ([CODE]) is dimmed where it ended up: the last line ends with it
  const last = body.length - 1;
  if (tail && body[last]!.endsWith(tail)) body[last] = body[last]!.slice(0, -tail.length) + s.dim(tail);
  return [head + body[0]!.trimStart(), ...body.slice(1)];
}

function checkLines(c: Check, s: Style, indent: string, width: number): string[] {
  const lines = labelled(indent, MARK[c.status](s), 4, c.check, 10, c.message, width, s, `[${c.code}]`);
  return c.check === 'cme' && isCmeTally(c.details) ? [...lines, ...tallyLines(c.details, s, indent, width)] : lines;
}

function tallyLines(t: CmeTally, s: Style, indent: string, width: number): string[] {
  const pad = indent + '        ';
  const labelWidth = Math.max(10, ...t.requirements.map((r) => r.label.length));
  const wrapDim = (text: string) =>
    wrapText(text, pad.length, pad.length + 4, width).map((l, i) => s.dim(i === 0 ? pad + l : l));
  const split = t.counted.some((c) => !c.toward.every((x) => x === c.credits));
  return [
    ...t.requirements.flatMap((r) =>
      wrapText(
        `${r.label.padEnd(labelWidth)} ${String(r.earned).padStart(7)} of ${r.required}`,
        pad.length,
        pad.length + 4,
        width,
      ).map((l, i) => (i === 0 ? pad + l : l) + (r.short && i === 0 ? s.bad(`  (${r.short} short)`) : '')),
    ),
    // the credits a certificate gives each requirement, when that is not simply all it earned
    ...(split
      ? wrapDim(`counted: credits toward ${t.requirements.map((r) => r.label).join(' / ')} of those earned`)
      : []),
    ...t.counted.flatMap((c) =>
      wrapDim(`counted  ${c.activityEndDate}  ${towardText(c).padStart(6)}  ${c.activityTitle}`),
    ),
    ...t.excluded.flatMap((c) => wrapDim(`not counted (${c.reason})  ${c.activityId}`)),
  ];
}

const towardText = (c: CmeTally['counted'][number]) =>
  c.toward.every((x) => x === c.credits) ? String(c.credits) : `${c.toward.join('/')} of ${c.credits}`;

/** A credential's own checks (step 4), or with `policy` also the rules that name it. */
const hasTrouble = (r: FileResult, digest: string, policy = false) =>
  r.checks.some(
    (c) => c.credential === digest && (policy || c.step === 4) && (c.status === 'fail' || c.status === 'warn'),
  );

function credentialMark(r: FileResult, c: CredentialSummary, s: Style): string {
  if (!c.verified) return s.bad('FAIL');
  return hasTrouble(r, c.digest, true) ? s.warn('warn') : `${s.ok('ok')}  `;
}

/** One line (wrapped if it must be) per credential: what it attests and who says so. */
function summaryLines(r: FileResult, s: Style, width: number): string[] {
  const labelWidth = Math.min(26, Math.max(...r.credentials.map((c) => c.attested.label.length)));
  return r.credentials.flatMap((c) => {
    const from = c.issuerName ?? (c.issuer === r.holder ? 'the practitioner' : c.issuer);
    const failing = [
      ...new Set(r.checks.filter((x) => x.credential === c.digest && x.status === 'fail').map((x) => x.code)),
    ];
    return labelled(
      '    ',
      credentialMark(r, c, s),
      4,
      c.attested.label,
      labelWidth,
      `${c.attested.summary || c.type} · ${from}`,
      width,
      s,
      failing.length ? `[${failing.join(', ')}]` : '',
    );
  });
}

function detailLines(r: FileResult, s: Style, o: RenderOptions): string[] {
  const lines: string[] = [];
  const nested = r.kind === 'presentation' ? '    ' : '  ';
  const shown = r.credentials.filter((c) => o.verbose || r.kind === 'credential' || hasTrouble(r, c.digest));
  for (const c of shown) {
    const heading = wrapText(
      `${c.attested.label} ${c.digest.slice(0, 23)}${c.issuerName ? `  from ${c.issuerName}` : ''}`,
      2,
      4,
      o.width,
    );
    lines.push(
      `  ${s.bold(heading[0]!)}`,
      ...heading.slice(1).map((l) => s.dim(l)),
      ...r.checks
        .filter((x) => x.step === 4 && x.credential === c.digest)
        .flatMap((x) => checkLines(x, s, nested, o.width)),
    );
  }
  // step-4 checks about no credential in particular (a credential that could not be parsed)
  lines.push(
    ...r.checks
      .filter((x) => x.step === 4 && x.credential === undefined)
      .flatMap((x) => checkLines(x, s, '  ', o.width)),
  );
  const hidden = r.credentials.length - shown.length;
  if (hidden > 0) lines.push(s.dim(`  ${hidden} credential(s) passed all their own checks (--verbose shows each)`));
  return lines;
}

function failing(r: FileResult, s: Style): string {
  const codes = [...new Set(r.checks.filter((c) => c.status === 'fail').map((c) => c.code))];
  return s.bad(`: ${codes.join(', ')}`);
}

/** One file's checks grouped by pipeline step: the file itself (1-3), each credential (4), policy (5). */
export function renderResult(r: FileResult, s: Style, o: RenderOptions): string {
  const what = r.kind === 'presentation' ? `presentation of ${r.credentials.length} credential(s)` : r.kind;
  const lines = [
    `${s.bold(printable(r.file))}  ${s.dim(what)}${r.holder ? s.dim(`  holder ${shortDids(printable(r.holder))}`) : ''}`,
  ];
  for (const c of r.checks.filter((x) => x.step <= 3)) lines.push(...checkLines(c, s, '  ', o.width));
  if (r.credentials.length > 0 && r.kind === 'presentation')
    lines.push(`  ${s.bold('credentials')}`, ...summaryLines(r, s, o.width));
  lines.push(...detailLines(r, s, o));
  const policy = r.checks.filter((x) => x.step === 5);
  if (policy.length > 0) {
    lines.push(`  ${s.bold('policy')}`);
    for (const c of policy) lines.push(...checkLines(c, s, r.kind === 'presentation' ? '    ' : '  ', o.width));
  }
  lines.push(r.verified ? s.ok(s.bold('  VERIFIED')) : s.bad(s.bold('  NOT VERIFIED')) + failing(r, s));
  return lines.join('\n');
}

const practitionerText = (p: Practitioner) => `${p.name ?? shortDids(p.did)}${p.npi ? ` (NPI ${p.npi})` : ''}`;

function ledgerLine(l: LedgerUsed, s: Style, width: number): string[] {
  const text = l.pinned
    ? `ledger ${l.origin}: checkpoint size ${l.size}, root ${l.root?.slice(0, 12)}… (pinned size ${l.pinnedSize}, confirmed ${l.confirmedAt})`
    : `ledger ${l.origin}: not pinned`;
  return wrapText(text, 0, 4, width).map((x) => s.dim(x));
}

/** The whole report: who verifies whom, the ledgers read, each file, and the overall verdict. */
export function renderReport(report: VerifyReport, s: Style, o: RenderOptions): string {
  const first = report.results.find((r) => r.practitioner !== undefined)?.practitioner;
  const who = first && report.results.length === 1 ? practitionerText(first) : undefined;
  const header =
    o.office !== undefined || who !== undefined
      ? wrapText(
          `${o.office ?? 'Verifying'}${o.office ? ' verifies' : ''} ${who ?? 'the files below'} as of ${report.now}`,
          0,
          2,
          o.width,
        ).map((l) => s.bold(l))
      : [];
  const blocks = [
    [...header, ...(report.ledgers ?? []).flatMap((l) => ledgerLine(l, s, o.width))].join('\n'),
    ...report.results.map((r) => renderResult(r, s, o)),
    report.results.length > 1 ? (report.verified ? s.ok(s.bold('ALL VERIFIED')) : s.bad(s.bold('NOT VERIFIED'))) : '',
  ];
  return blocks.filter((b) => b).join('\n\n');
}
