// @internal (src/record only)
// The verification a record describes, run again from its evidence at the record's own time, and
// the content it gives compared with the content recorded. Everything is compared but what the
// office added of its own (the reviewer, its --attach checks) and the tool line: an edit to any
// attested value, name, rule or message shows. A record another radcred version made is compared
// on its codes and statuses only (a later version may word a message better), with a warning.
import { isDeepStrictEqual } from 'node:util';
import type { CredentialRequest } from '../request/request.js';
import { parseTime } from '../util/time.js';
import { VERSION } from '../version.js';
import type { LedgerOpening } from '../verify/ledger-context.js';
import type { FileResult, VerifyOptions } from '../verify/types.js';
import { reportOf, verifyWhole } from '../verify/verify.js';
import { recordContent, type RecordContent } from './content.js';
import type { Evidence } from './evidence.js';
import { line, type RecordCheckLine } from './lines.js';
import type { ParsedRecord } from './record.js';

function optionsOf(
  evidence: Evidence,
  request: CredentialRequest | undefined,
  ledgers: LedgerOpening[],
  now: number,
): VerifyOptions {
  const o = evidence.options;
  return {
    now,
    trust: o.anyIssuer ? 'any' : o.noTrustList || evidence.trust === undefined ? 'missing' : evidence.trust,
    audience: request
      ? { audience: request.verifier, challenge: request.challenge }
      : o.anyAudience
        ? 'any'
        : o.audience,
    ...(request ? { request: { issuedAt: request.issuedAt, expires: request.expires }, policy: request.policy } : {}),
    ledger: o.noLedger ? 'skip' : evidence.ledgers.length > 0 ? ledgers : undefined,
    ...(o.maxLedgerAgeSeconds !== undefined ? { maxLedgerAgeSeconds: o.maxLedgerAgeSeconds } : {}),
  };
}

/** The content without what the office adds of its own, and without the tool line. */
function comparable(c: RecordContent): unknown {
  const { attachments: _a, tool: _t, office, ...rest } = c;
  return { ...rest, office: { did: office.did, name: office.name } };
}

/** What a verdict is across versions: codes and statuses, not the words. */
const codesOf = (c: RecordContent) => ({
  verified: c.verdict.verified,
  checks: c.checks.map((k) => [k.step, k.check, k.status, k.code, k.credential ?? null]),
  items: c.items.map((i) => [i.digest, i.type, i.issuer, i.status, i.result, i.failing, i.warnings]),
});

/** The first path at which two JSON values differ, for the message. */
function firstDifference(a: unknown, b: unknown, path = 'content'): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (
    typeof a === 'object' &&
    a !== null &&
    typeof b === 'object' &&
    b !== null &&
    Array.isArray(a) === Array.isArray(b)
  ) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) {
      const d = firstDifference(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`,
      );
      if (d !== undefined) return d;
    }
  }
  const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v).slice(0, 80));
  return `${path}: recorded ${show(a)}, the evidence gives ${show(b)}`;
}

const verdictWord = (c: RecordContent) => (c.verdict.verified ? 'VERIFIED' : 'NOT VERIFIED');
const warningsOf = (c: RecordContent) =>
  c.verdict.warnings.length ? ` with ${c.verdict.warnings.length} warning(s) (${c.verdict.warnings.join(', ')})` : '';

export async function replay(
  record: ParsedRecord,
  request: CredentialRequest | undefined,
  ledgers: LedgerOpening[],
): Promise<{ check: RecordCheckLine; result: FileResult }> {
  const { content, evidence } = record;
  const options = optionsOf(evidence, request, ledgers, parseTime(content.verifiedAt));
  const result = await verifyWhole(content.subject.file, evidence.file, options);
  const rebuilt = recordContent({
    result,
    ledgers: reportOf([result], options).ledgers ?? [],
    verifiedAt: content.verifiedAt,
    version: content.tool.version,
    office: { did: content.office.did, name: content.office.name },
    ...(request ? { request } : {}),
    attachments: content.attachments,
  });
  const at = `verified again as of ${content.verifiedAt}`;
  if (content.tool.version !== VERSION) {
    const same = isDeepStrictEqual(codesOf(content), codesOf(rebuilt));
    return {
      result,
      check: same
        ? line(
            'VERDICT_REPLAYED_CODES',
            `${at}: ${verdictWord(content)}${warningsOf(content)}, codes as recorded (made by radcred ${content.tool.version}, so its words were not compared)`,
          )
        : line(
            'RECORD_VERDICT_MISMATCH',
            `${at}, the evidence does not give the recorded verdict: ${firstDifference(codesOf(content), codesOf(rebuilt))}`,
          ),
    };
  }
  const difference = firstDifference(comparable(content), comparable(rebuilt));
  return {
    result,
    check:
      difference === undefined
        ? line(
            'VERDICT_REPLAYED',
            `${at}: ${verdictWord(content)}${warningsOf(content)}; every item, value and check as recorded`,
          )
        : line('RECORD_VERDICT_MISMATCH', `${at}, the evidence does not give what the record says: ${difference}`),
  };
}
