// `record show` and `record check` for a person: the record as the office filed it (who, when,
// whom, each item in a line, the policy, the office's own checks), and the checks of the record.
import type { RecordCheck, RecordCheckLine } from '../../record/check.js';
import type { ParsedRecord } from '../../record/record.js';
import type { Style } from '../style.js';
import { printable, shortDids, wrapText } from './text.js';

const MARK: Record<RecordCheckLine['status'], (s: Style) => string> = {
  pass: (s) => s.ok('pass'),
  fail: (s) => s.bad('FAIL'),
  warn: (s) => s.warn('warn'),
  skip: (s) => s.dim('skip'),
};

/** `  label      text`, the text wrapped under itself. */
function row(label: string, text: string, width: number, labelWidth = 12): string[] {
  const head = `  ${label.padEnd(labelWidth)} `;
  return wrapText(shortDids(text), head.length, head.length, width).map((l, i) => (i === 0 ? head + l : l));
}

function itemLines(record: ParsedRecord, s: Style, width: number): string[] {
  const labelWidth = Math.min(26, Math.max(0, ...record.content.items.map((i) => i.attested.label.length)));
  return record.content.items.flatMap((i) => {
    const mark = i.result === 'verified' ? (i.warnings.length ? s.warn('warn') : `${s.ok('ok')}  `) : s.bad('FAIL');
    const from = i.issuerName ?? (i.issuer === record.content.practitioner?.did ? 'the practitioner' : i.issuer);
    const text = `${i.attested.summary || i.type} · ${from} · as of ${i.sourceAsOf ?? 'unknown'} · ledger: ${i.status}${i.failing.length ? ` [${i.failing.join(', ')}]` : ''}`;
    const head = `    ${mark}  ${printable(i.attested.label).padEnd(labelWidth)} `;
    const headWidth = 4 + 4 + 2 + Math.max(labelWidth, i.attested.label.length) + 1;
    return wrapText(shortDids(text), headWidth, headWidth, width).map((l, n) => (n === 0 ? head + l : l));
  });
}

export function recordLines(record: ParsedRecord, signature: RecordCheckLine, s: Style, width: number): string[] {
  const c = record.content;
  const p = c.practitioner;
  const verdict = c.verdict.verified
    ? s.ok(s.bold('VERIFIED'))
    : s.bad(s.bold('NOT VERIFIED')) + s.bad(`: ${c.verdict.failing.join(', ')}`);
  return [
    s.bold(`Verification record: ${c.office.name}`),
    ...row('office', c.office.did, width),
    ...(c.office.reviewer ? row('reviewer', c.office.reviewer, width) : []),
    ...row('verified at', `${c.verifiedAt} with ${c.tool.name} ${c.tool.version}`, width),
    ...(p ? row('practitioner', `${p.name ?? 'unnamed'}${p.npi ? `, NPI ${p.npi}` : ''}, ${p.did}`, width) : []),
    ...(c.request
      ? row('request', `${c.request.verifierName}, ${c.request.jti}, made ${c.request.issuedAt}`, width)
      : []),
    ...row('file', `${c.subject.file} (${c.subject.kind})`, width),
    ...c.ledgers.flatMap((l) =>
      row('ledger', l.pinned ? `${l.origin}, checkpoint size ${l.size}` : `${l.origin}, not pinned`, width),
    ),
    ...row('signature', `${signature.status === 'pass' ? 'valid' : 'INVALID'}: ${signature.message}`, width),
    '',
    `  ${verdict}`,
    '',
    `  ${s.bold('items')}`,
    ...itemLines(record, s, width),
    ...(c.policy.length
      ? [
          '',
          `  ${s.bold('policy')}`,
          ...c.policy.flatMap((k) =>
            row(`${k.status === 'fail' ? 'FAIL' : k.status} ${k.check}`, `${k.message} [${k.code}]`, width, 16),
          ),
        ]
      : []),
    ...(c.attachments.length
      ? ['', `  ${s.bold("the office's own checks")}`, ...c.attachments.flatMap((a) => row(a.kind, a.text, width))]
      : []),
  ];
}

export function recordCheckLines(file: string, result: RecordCheck, s: Style, width: number): string[] {
  const c = result.record.content;
  const who = c.practitioner?.name ?? c.practitioner?.did ?? c.subject.file;
  // until the checks pass, the names inside are only what the record says of itself
  const head = result.valid
    ? `${file}: ${c.office.name}'s record of ${who}, ${c.verifiedAt}`
    : `${file}: a record that says it is ${c.office.name}'s, of ${who}, ${c.verifiedAt}`;
  const lines = wrapText(head, 0, 2, width).map((l) => s.bold(l));
  for (const k of result.checks) {
    const head = `  ${MARK[k.status](s)}  ${k.check.padEnd(9)} `;
    // the head is 18 columns wide, whatever colour codes it holds
    lines.push(
      ...wrapText(shortDids(`${k.message} [${k.code}]`), 18, 18, width).map((l, i) => (i === 0 ? head + l : l)),
    );
  }
  lines.push(
    result.valid
      ? s.ok(s.bold(`  RECORD VALID: ${c.verdict.verified ? 'VERIFIED' : 'NOT VERIFIED'}, as recorded`))
      : s.bad(s.bold('  RECORD NOT VALID')),
  );
  return lines;
}
