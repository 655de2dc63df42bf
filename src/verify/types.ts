// The verification report: one result per input, each a checklist of named checks with stable codes.
import { checkOf, type CheckCode, type CheckName, type CheckStatus } from '../codes.js';
import type { TrustList } from '../trust/trust-list.js';
import type { Policy } from '../policy/evaluate.js';
import type { LedgerOpening } from './ledger-context.js';
import type { Attested } from '../credential/attests.js';

/**
 * The pipeline step a check belongs to (DESIGN.md "Verification pipeline"): 1 parse, 2 the
 * presentation's shape and holder signature, 3 audience, challenge and validity, 4 each credential
 * (a bare credential: its shape too), 5 policy. Output groups by step, not by check name.
 */
export type Step = 1 | 2 | 3 | 4 | 5;

export interface Check {
  step: Step;
  check: CheckName;
  status: CheckStatus;
  code: CheckCode;
  message: string;
  /** the credential concerned (its digest), for checks on a credential inside a presentation */
  credential?: string;
  /** structured facts behind the check (the CME tally) */
  details?: unknown;
}

export interface CredentialSummary {
  digest: string;
  jti?: string;
  type: string;
  issuer: string;
  issuerName?: string;
  subject: string;
  validFrom?: string;
  validUntil?: string;
  verified: boolean;
  /** what it attests, for people (src/credential/attests.ts) */
  attested: Attested;
  /** the day its source vouched for the facts (an as-of date in the subject, else its issuance) */
  sourceAsOf?: string;
  /** its ledger status at the verification time, as the status check found it */
  status: 'active' | 'revoked' | 'suspended' | 'unknown' | 'unchecked';
  /** where its issue entry was found: ledger origin, entry index, checkpoint size */
  anchor?: { origin: string; index: number; size: number };
}

/** Who the presented credentials are about: the holder, named as the credentials name them. */
export interface Practitioner {
  did: string;
  name?: string;
  npi?: string;
}

export interface FileResult {
  file: string;
  kind: 'credential' | 'presentation' | 'unknown';
  verified: boolean;
  /** true when the file could not be parsed at all (bad input, exit 3) */
  malformed: boolean;
  holder?: string;
  practitioner?: Practitioner;
  checks: Check[];
  credentials: CredentialSummary[];
}

export interface LedgerUsed {
  dir: string;
  origin: string;
  size?: number;
  root?: string;
  pinnedSize?: number;
  confirmedAt?: string;
  pinned: boolean;
}

export interface VerifyReport {
  verified: boolean;
  now: string;
  /** the checkpoints the anchor and status checks used */
  ledgers?: LedgerUsed[];
  results: FileResult[];
}

export interface VerifyOptions {
  /** the verification clock, unix seconds */
  now: number;
  /** the trust list, or 'any' (--any-issuer), or 'missing' (no list: trust fails closed) */
  trust: TrustList | 'any' | 'missing';
  /** expected audience and challenge for presentations, or 'any' (--any-audience) */
  audience: { audience: string; challenge: string } | 'any' | undefined;
  /** 'skip' with --no-ledger; undefined when no ledger was given (anchor checks fail closed) */
  ledger: 'skip' | undefined | LedgerOpening[];
  /** --max-ledger-age in seconds */
  maxLedgerAgeSeconds?: number;
  /** step 5, from a request: required types, CME rule, appointment period */
  policy?: Policy;
  /** the request's window: a presentation made outside it does not answer it */
  request?: { issuedAt: number; expires: number };
}

export const CLOCK_SKEW_SECONDS = 60;

export type { CheckCode, CheckName, CheckStatus };

/** A check of step `step`; its name and status come with the code (src/codes.ts). */
export function outcome(
  step: Step,
  code: CheckCode,
  message: string,
  extra: { credential?: string; details?: unknown } = {},
): Check {
  return { step, ...checkOf(code), code, message, ...extra };
}
