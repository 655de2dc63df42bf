// Batch verification on every core: this thread and worker threads (verify-worker.ts) take chunks
// of files from one shared counter, each running the whole pipeline (read, parse, signature, every
// check) on its chunks. The report is the one verifyFiles would give: results in file order, and
// when a check throws (a damaged ledger), the error of the first such file in order.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { RadcredError, type ErrorCode, type ErrorKind } from '../errors.js';
import type { FileResult, VerifyOptions, VerifyReport } from './types.js';
import { reportOf, verifyFiles } from './verify.js';

/** Below this many files, starting a thread costs more than it saves. */
const PARALLEL_MIN_FILES = 256;
/** Files per chunk: small enough to balance two threads, large enough that taking one is free. */
export const CHUNK_FILES = 64;

/**
 * What a worker needs to rebuild the verify options: plain data only. Ledgers are named by
 * directory and reopened (and re-checked against their pins) in the worker.
 */
export interface VerifySetup {
  options: Omit<VerifyOptions, 'ledger'>;
  ledger: 'skip' | undefined | { home: string; dirs: string[] };
}

export interface WorkerInput {
  files: string[];
  setup: VerifySetup;
  counter: SharedArrayBuffer;
}

export interface SerializedError {
  kind: ErrorKind | 'other';
  code: ErrorCode;
  message: string;
  hint?: string;
  details?: unknown;
}

export type WorkerMessage =
  { chunk: number; results: FileResult[] } | { chunk: number; error: SerializedError } | { done: true };

export const serializeError = (e: unknown): SerializedError =>
  e instanceof RadcredError
    ? {
        kind: e.kind,
        code: e.code,
        message: e.message,
        ...(e.hint !== undefined ? { hint: e.hint } : {}),
        ...(e.details !== undefined ? { details: e.details } : {}),
      }
    : { kind: 'other', code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };

const revive = (e: SerializedError): Error =>
  e.kind === 'other' ? new Error(e.message) : new RadcredError(e.code, e.message, e.hint, e.details);

export const chunkOf = (files: string[], chunk: number) => files.slice(chunk * CHUNK_FILES, (chunk + 1) * CHUNK_FILES);

/** Takes the next chunk number from the shared counter (the same for every thread). */
export const takeChunk = (counter: Int32Array) => Atomics.add(counter, 0, 1);

type Outcome = { results: FileResult[] } | { error: Error };

/** verifyFiles, on this thread and `threads - 1` workers when there are enough files to share. */
export async function verifyFilesInParallel(
  files: string[],
  options: VerifyOptions,
  setup: VerifySetup,
  threads = Math.min(availableParallelism(), 4),
): Promise<VerifyReport> {
  const script = fileURLToPath(new URL('./verify-worker.js', import.meta.url));
  // from TypeScript sources (tests) there is no worker script: one thread, the same report
  if (files.length < PARALLEL_MIN_FILES || threads < 2 || !existsSync(script)) return await verifyFiles(files, options);

  // Each ledger's index is made ready here, once, so the workers find it built and recorded
  // rather than all building it at once (which is safe, only wasted work). A damaged ledger is
  // left for the first file that reads it to report, in file order.
  if (Array.isArray(options.ledger)) {
    for (const l of options.ledger) {
      if (!l.ok) continue;
      try {
        l.ledger.prepare?.();
      } catch {
        /* reported by the verification that needs it */
      }
    }
  }
  // loaded here: most commands never start a thread (see signature-pool.ts)
  const { Worker: WorkerThread } = createRequire(import.meta.url)(
    'node:worker_threads',
  ) as typeof import('node:worker_threads');
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const chunks = Math.ceil(files.length / CHUNK_FILES);
  const outcomes: Outcome[] = new Array(chunks);
  const input: WorkerInput = { files, setup, counter: counter.buffer as SharedArrayBuffer };
  const workers: Worker[] = [];
  const finished = Array.from(
    { length: threads - 1 },
    () =>
      new Promise<void>((resolve, reject) => {
        const w = new WorkerThread(script, { workerData: input });
        workers.push(w);
        w.on('message', (m: WorkerMessage) => {
          if ('done' in m) resolve();
          else outcomes[m.chunk] = 'error' in m ? { error: revive(m.error) } : { results: m.results };
        });
        w.on('error', reject);
        w.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`a verify worker exited with ${code}`))));
      }),
  );

  try {
    for (let c = takeChunk(counter); c < chunks; c = takeChunk(counter)) {
      try {
        outcomes[c] = { results: (await verifyFiles(chunkOf(files, c), options)).results };
      } catch (e) {
        outcomes[c] = { error: e as Error };
        break; // the workers take the rest; only the first error in file order matters
      }
    }
    await Promise.all(finished);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }

  const results: FileResult[] = [];
  for (let c = 0; c < chunks; c++) {
    const outcome = outcomes[c];
    if (outcome === undefined) throw new Error(`chunk ${c} of the files was never verified`);
    if ('error' in outcome) throw outcome.error;
    results.push(...outcome.results);
  }
  return reportOf(results, options);
}
