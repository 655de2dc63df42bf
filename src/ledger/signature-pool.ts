// A small pool of worker threads that check entry signatures while the main thread recomputes the
// tree. Batches are copied to the workers (so what is checked is exactly what was hashed), at most
// a few in flight per worker, so memory stays bounded however long the ledger is.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { checkBatch, type SignatureBatch, type SignatureVerdict } from './signature-worker.js';

const MAX_IN_FLIGHT_PER_WORKER = 4;

export class SignaturePool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, (v: SignatureVerdict) => void>();
  private readonly inFlight = new Set<Promise<SignatureVerdict>>();
  private readonly verdicts: SignatureVerdict[] = [];
  private nextId = 0;
  private failure: Error | undefined;

  private constructor(size: number, script: string) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(script);
      w.on('message', (v: SignatureVerdict) => {
        this.pending.get(v.id)?.(v);
        this.pending.delete(v.id);
      });
      w.on('error', (e) => {
        this.failure = e;
        for (const resolve of this.pending.values()) resolve({ id: -1, bad: -1 });
        this.pending.clear();
      });
      this.workers.push(w);
    }
  }

  /** A pool, or undefined where workers cannot help (one core, or running from TypeScript sources). */
  static create(): SignaturePool | undefined {
    const script = fileURLToPath(new URL('./signature-worker.js', import.meta.url));
    const size = Math.min(availableParallelism(), 8);
    if (size < 2 || !existsSync(script)) return undefined;
    return new SignaturePool(size, script);
  }

  /** Queues a batch; waits first while the workers already have enough to do. */
  async submit(firstIndex: number, entries: Uint8Array[]): Promise<void> {
    while (this.inFlight.size >= this.workers.length * MAX_IN_FLIGHT_PER_WORKER) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure;
    const batch: SignatureBatch = { id: this.nextId++, firstIndex, entries };
    const worker = this.workers[batch.id % this.workers.length]!;
    const done: Promise<SignatureVerdict> = new Promise<SignatureVerdict>((resolve) => {
      this.pending.set(batch.id, resolve);
      worker.postMessage(batch);
    }).then((v) => {
      this.inFlight.delete(done);
      this.verdicts.push(v);
      return v;
    });
    this.inFlight.add(done);
  }

  /** The first index whose signature failed, or undefined; closes the pool. */
  async finish(): Promise<number | undefined> {
    await Promise.all(this.inFlight);
    await this.close();
    if (this.failure) throw this.failure;
    const bad = this.verdicts.map((v) => v.bad).filter((b) => b >= 0);
    return bad.length ? Math.min(...bad) : undefined;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

export { checkBatch };
