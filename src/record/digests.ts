// The evidence of a record by digest, for the printable page's appendix: a reader can match each
// line against the record file (`radcred record show FILE --json`) without the bytes on paper.
import { createHash } from 'node:crypto';
import type { Evidence } from './evidence.js';

const sha256 = (text: string) => 'sha256:' + createHash('sha256').update(text, 'utf8').digest('hex');

export function evidenceDigests(e: Evidence, recordDigest?: string): [string, string][] {
  const rows: [string, string][] = [];
  if (recordDigest !== undefined) rows.push(['this record (its signing input)', recordDigest]);
  rows.push(['the file verified', sha256(e.file)]);
  if (e.request !== undefined) rows.push(["the office's request", sha256(e.request)]);
  if (e.trust !== undefined)
    rows.push([`trust-list entries (${e.trust.issuers.length})`, sha256(JSON.stringify(e.trust))]);
  for (const l of e.ledgers) {
    if (l.checkpoint !== undefined) rows.push([`signed checkpoint of ${l.origin}`, sha256(l.checkpoint)]);
    l.entries.forEach((x, i) =>
      rows.push([`tlog-proof ${i + 1} of ${l.origin} (${x.credential.slice(0, 19)})`, sha256(x.proof)]),
    );
  }
  return rows;
}
