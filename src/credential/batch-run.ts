// One batch run's issuing, after the roster is parsed and planned (batch.ts): every planned row is
// signed into a staging directory, the ledger takes every issue entry in one commit, and only then
// do the files move into place (batch-staging.ts), so a credential whose issuance the ledger did
// not take is never handed out. It returns what was written and each row's issuer-register line;
// recording those, and telling the user, is the caller's.
import { IssuedLines } from '../issued/register.js';
import { issuedRecord } from '../issued/record.js';
import { anchorEntries, type AnchorResult } from '../ledger/commit.js';
import { createEntry } from '../ledger/entry.js';
import type { Operator } from '../ledger/ledger.js';
import type { Signer } from '../identity/store.js';
import { issueBatch, type PlannedRow } from './batch.js';
import { openStaging } from './batch-staging.js';

export interface BatchRunInput {
  signer: Signer;
  type: string;
  /** cleared slot by slot as the rows are issued (see issueBatch) */
  planned: PlannedRow[];
  outDir: string;
  now: number;
  validFrom?: number;
  /** the ledger to log the issuances in, and its origin for the issuer register */
  ledger?: { dir: string; origin: string | null };
  /**
   * the ledger's operator if this home holds it (then the entries are committed, else queued),
   * asked for only once every credential is signed, so its passphrase prompt comes last
   */
  operator?: () => Promise<Operator | undefined>;
  onProgress?: (done: number) => void;
}

export interface WrittenCredential {
  line: number;
  subject: string;
  digest: string;
  file: string;
}

export interface BatchRunResult {
  written: WrittenCredential[];
  anchored?: AnchorResult;
  /** each written row's line for the issuer register */
  registered: IssuedLines;
}

export async function runBatch(input: BatchRunInput): Promise<BatchRunResult> {
  const { signer, outDir, ledger } = input;
  const written: WrittenCredential[] = [];
  const registered = new IssuedLines(input.planned.length);
  const staging = openStaging(outDir);
  let anchored: AnchorResult | undefined;
  try {
    const entries: Buffer[] = [];
    const rows = issueBatch({
      signer,
      type: input.type,
      planned: input.planned,
      now: input.now,
      ...(input.validFrom !== undefined ? { validFrom: input.validFrom } : {}),
      ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    });
    for await (const i of rows) {
      staging.write(i.file, i.jwt);
      if (ledger) entries.push(createEntry(signer, { kind: 'issue', credential: i.digest, time: input.now }));
      written.push({ line: i.line, subject: i.subject, digest: i.digest, file: i.file });
      registered.add(issuedRecord(i, signer.name, ledger?.origin ?? null));
    }
    if (ledger) anchored = await anchorEntries(ledger.dir, entries, await input.operator?.(), true);
    staging.publish();
  } finally {
    staging.close();
  }
  return { written, registered, ...(anchored ? { anchored } : {}) };
}
