// Worker thread for ledger audits: checks the issuer signatures of a batch of entries and reports
// the first index that fails. Ed25519 verification costs ~80 µs here, so on a million entries
// this is most of an audit; spread over the cores, it stops dominating.
import { parentPort } from 'node:worker_threads';
import { entrySignatureValid, isRadcredEntry, parseEntry } from './entry.js';

export interface SignatureBatch {
  id: number;
  firstIndex: number;
  entries: Uint8Array[];
}

export interface SignatureVerdict {
  id: number;
  /** the first entry index whose signature fails, or -1 */
  bad: number;
}

/** Checks a batch in this thread (also what the worker runs). */
export function checkBatch(batch: SignatureBatch): SignatureVerdict {
  for (let j = 0; j < batch.entries.length; j++) {
    const bytes = batch.entries[j]!;
    if (!isRadcredEntry(bytes)) continue;
    try {
      if (!entrySignatureValid(parseEntry(bytes))) return { id: batch.id, bad: batch.firstIndex + j };
    } catch {
      // a malformed entry is the main thread's finding (LEDGER_ENTRY_MALFORMED)
    }
  }
  return { id: batch.id, bad: -1 };
}

parentPort?.on('message', (batch: SignatureBatch) => {
  parentPort!.postMessage(checkBatch(batch));
});
