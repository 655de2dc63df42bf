// @internal (src/ledger only)
// Worker thread for ledger audits: checks the issuer signatures of a batch of entries and reports
// the first index that fails. Ed25519 verification costs ~80 µs here, so on a million entries this
// is most of an audit; spread over the cores, it stops dominating. The main thread keeps every
// other check.
import { parentPort } from 'node:worker_threads';
import { entrySignatureValid, isRadcredEntry, parseEntry } from './entry.js';

export interface EntryBatch {
  kind: 'entries';
  id: number;
  firstIndex: number;
  entries: Uint8Array[];
}

export type WorkerRequest = EntryBatch;
export type WorkerResponse = { id: number; bad: number };

/** The first entry index whose signature fails, or -1. */
export function firstBadEntry(batch: EntryBatch): number {
  for (let j = 0; j < batch.entries.length; j++) {
    const bytes = batch.entries[j]!;
    if (!isRadcredEntry(bytes)) continue;
    try {
      if (!entrySignatureValid(parseEntry(bytes))) return batch.firstIndex + j;
    } catch {
      // a malformed entry is the main thread's finding (LEDGER_ENTRY_MALFORMED)
    }
  }
  return -1;
}

parentPort?.on('message', (req: WorkerRequest) => {
  parentPort!.postMessage({ id: req.id, bad: firstBadEntry(req) });
});
