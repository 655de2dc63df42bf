// The verification record's content (DESIGN.md "Verification record"): what an office files for
// one verification, built from verify's result. The same content is signed as a
// VerificationRecordCredential (record.ts), printed by `record show`, and laid out as a printable
// page (html.ts). Every field is derived from the verification and the office's own inputs, so
// `record check` can rebuild it from the evidence and compare.
import type { Attested } from '../credential/attests.js';
import { isCmeTally, type CmeTally } from '../policy/cme-tally.js';
import { isoTime } from '../util/time.js';
import { policyRules } from '../policy/describe.js';
import type { CredentialRequest } from '../request/request.js';
import type { Check, CheckCode, CredentialSummary, FileResult, LedgerUsed, Practitioner } from '../verify/types.js';

export const RECORD_VERSION = 1;

/** One row per credential: what the office verified, how, and what it found. */
export interface RecordItem {
  digest: string;
  jti?: string;
  type: string;
  attested: Attested;
  issuer: string;
  /** the issuer's name on the office's trust list */
  issuerName?: string;
  /** the day the source vouched for these facts */
  sourceAsOf?: string;
  validFrom?: string;
  validUntil?: string;
  /** how it was verified, in words */
  method: string;
  status: CredentialSummary['status'];
  result: 'verified' | 'failed';
  /** the codes of its failing and warning checks */
  failing: CheckCode[];
  warnings: CheckCode[];
}

/** An office's own check, never a holder credential: an NPDB query, an exclusion list search. */
export interface Attachment {
  kind: string;
  text: string;
}

export interface RecordContent {
  recordVersion: typeof RECORD_VERSION;
  /** the verification time: the record is checked again as of this time */
  verifiedAt: string;
  tool: { name: 'radcred'; version: string };
  office: { did: string; name: string; reviewer?: string };
  request?: {
    jti: string;
    verifier: string;
    verifierName: string;
    issuedAt: string;
    expires: string;
    rules: [string, string][];
  };
  practitioner?: Practitioner;
  /** the file verified: a presentation or a bare credential */
  subject: { file: string; kind: FileResult['kind']; holder?: string };
  verdict: { verified: boolean; failing: CheckCode[]; warnings: CheckCode[] };
  ledgers: LedgerUsed[];
  items: RecordItem[];
  /** step 5, the request's rules */
  policy: Check[];
  /** the CME tallies behind the CME checks */
  cme: CmeTally[];
  /** every check, in pipeline order: the appendix */
  checks: Check[];
  attachments: Attachment[];
}

export interface ContentInput {
  result: FileResult;
  ledgers: LedgerUsed[];
  verifiedAt: string;
  version: string;
  office: { did: string; name: string };
  reviewer?: string;
  request?: CredentialRequest;
  attachments: Attachment[];
}

const codes = (checks: Check[], status: Check['status']) => [
  ...new Set(checks.filter((c) => c.status === status).map((c) => c.code)),
];

function method(s: CredentialSummary): string {
  const signature = "issuer's signature (did:key)";
  if (s.anchor === undefined)
    return s.status === 'unchecked' ? `${signature}; ledger not checked` : `${signature}; not found in a ledger`;
  return `${signature} + issue entry ${s.anchor.index} included under checkpoint ${s.anchor.size} of ${s.anchor.origin}; status read there`;
}

function itemOf(s: CredentialSummary, checks: Check[]): RecordItem {
  const own = checks.filter((c) => c.credential === s.digest);
  return {
    digest: s.digest,
    ...(s.jti !== undefined ? { jti: s.jti } : {}),
    type: s.type,
    attested: s.attested,
    issuer: s.issuer,
    ...(s.issuerName !== undefined ? { issuerName: s.issuerName } : {}),
    ...(s.sourceAsOf !== undefined ? { sourceAsOf: s.sourceAsOf } : {}),
    ...(s.validFrom !== undefined ? { validFrom: s.validFrom } : {}),
    ...(s.validUntil !== undefined ? { validUntil: s.validUntil } : {}),
    method: method(s),
    status: s.status,
    result: s.verified ? 'verified' : 'failed',
    failing: codes(own, 'fail'),
    warnings: codes(own, 'warn'),
  };
}

export function recordContent(input: ContentInput): RecordContent {
  const { result: r, request } = input;
  const checks = r.checks.map((c) => ({ ...c }));
  return {
    recordVersion: RECORD_VERSION,
    verifiedAt: input.verifiedAt,
    tool: { name: 'radcred', version: input.version },
    office: { ...input.office, ...(input.reviewer !== undefined ? { reviewer: input.reviewer } : {}) },
    ...(request !== undefined
      ? {
          request: {
            jti: request.jti,
            verifier: request.verifier,
            verifierName: request.verifierName,
            issuedAt: isoTime(request.issuedAt),
            expires: isoTime(request.expires),
            rules: policyRules(request.policy),
          },
        }
      : {}),
    ...(r.practitioner !== undefined ? { practitioner: r.practitioner } : {}),
    subject: { file: r.file, kind: r.kind, ...(r.holder !== undefined ? { holder: r.holder } : {}) },
    verdict: { verified: r.verified, failing: codes(checks, 'fail'), warnings: codes(checks, 'warn') },
    ledgers: input.ledgers,
    items: r.credentials.map((s) => itemOf(s, checks)),
    policy: checks.filter((c) => c.step === 5),
    cme: checks.filter((c) => c.check === 'cme' && isCmeTally(c.details)).map((c) => c.details as CmeTally),
    checks,
    attachments: input.attachments,
  };
}
