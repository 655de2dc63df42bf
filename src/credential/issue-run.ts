// One credential's issuing, after its input is checked (issue.ts): signed, staged beside its output
// file, its issue entry anchored in the ledger, and only then put in place, so a credential the
// ledger refused is never handed over, and the ledger never logs one that could not be written.
// It returns the credential, where it went, and its issuer-register line; recording that, and
// telling the user, is the caller's. (A roster's issuing is batch-run.ts.)
import { issuedRecord, type IssuedRecord } from '../issued/record.js';
import { anchorEntries, type AnchorResult } from '../ledger/commit.js';
import { createEntry } from '../ledger/entry.js';
import type { Operator } from '../ledger/ledger.js';
import type { Output } from '../util/output.js';
import { issueCredential, type Issued, type IssueInput } from './issue.js';

export interface IssueRunInput extends IssueInput {
  /** the file to write the credential to, checked already; without it the caller hands out the JWT */
  output?: Output;
  /** the ledger to log the issuance in, and its origin for the issuer register */
  ledger?: { dir: string; origin: string | null };
  /**
   * the ledger's operator if this home holds it (then the entry is committed, else queued), asked
   * for only once the credential is signed and staged, so its passphrase prompt comes last
   */
  operator?: () => Promise<Operator | undefined>;
}

export interface IssueRunResult {
  issued: Issued;
  anchored?: AnchorResult;
  /** the output file's path, once the credential is in place */
  out?: string;
  /** the credential's line for the issuer register */
  registered: IssuedRecord;
}

export async function runIssue(input: IssueRunInput): Promise<IssueRunResult> {
  const { output, ledger, operator, ...issue } = input;
  const issued = await issueCredential(issue);
  output?.stage(issued.jwt + '\n');
  let anchored: AnchorResult | undefined;
  try {
    if (ledger) {
      const entry = createEntry(issue.signer, { kind: 'issue', credential: issued.digest, time: issue.now });
      anchored = await anchorEntries(ledger.dir, [entry], await operator?.(), true);
    }
  } catch (e) {
    output?.discard();
    throw e;
  }
  const out = output?.commit();
  return {
    issued,
    registered: issuedRecord(issued, issue.signer.name, ledger?.origin ?? null),
    ...(anchored ? { anchored } : {}),
    ...(out !== undefined ? { out } : {}),
  };
}
