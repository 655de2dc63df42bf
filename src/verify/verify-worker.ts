// @internal (src/verify only)
// A worker thread for batch verification (parallel.ts): takes chunks of files from the shared
// counter and verifies each with the whole pipeline, the same code as the main thread, until none
// are left. The options are rebuilt from plain data; ledgers are reopened from their directories.
import { parentPort, workerData } from 'node:worker_threads';
import { openVerifierLedger } from './ledger-context.js';
import { chunkOf, CHUNK_FILES, serializeError, takeChunk, type WorkerInput, type WorkerMessage } from './parallel.js';
import type { VerifyOptions } from './types.js';
import { verifyFiles } from './verify.js';

const { files, setup, counter: shared } = workerData as WorkerInput;
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
const counter = new Int32Array(shared);
const chunks = Math.ceil(files.length / CHUNK_FILES);

let options: VerifyOptions | undefined;
for (let c = takeChunk(counter); c < chunks; c = takeChunk(counter)) {
  try {
    const ledger = setup.ledger;
    options ??= {
      ...setup.options,
      ledger: typeof ledger === 'object' ? ledger.dirs.map((d) => openVerifierLedger(ledger.home, d)) : ledger,
    };
    post({ chunk: c, results: (await verifyFiles(chunkOf(files, c), options)).results });
  } catch (e) {
    post({ chunk: c, error: serializeError(e) });
    break;
  }
}
post({ done: true });
