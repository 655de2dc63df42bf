// @internal (src/ledger only)
// A small pool of worker threads for signature checks (see signature-worker.ts). Requests are
// copied to the workers, so what is checked is exactly what the caller holds; at most a few are
// in flight per worker, so memory stays bounded however much there is to check.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse } from './signature-worker.js';

const MAX_IN_FLIGHT_PER_WORKER = 4;

type Body<K extends WorkerRequest['kind']> = Omit<Extract<WorkerRequest, { kind: K }>, 'id' | 'kind'>;

export class SignaturePool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { resolve: (r: WorkerResponse) => void; reject: (e: Error) => void }>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private nextId = 0;

  private constructor(size: number, script: string) {
    // loaded here, not imported: the thread machinery is not worth loading for every command that
    // merely reads a ledger (it was a tenth of a one-credential verify's start-up)
    const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
    for (let i = 0; i < size; i++) {
      const w = new Worker(script);
      w.on('message', (r: WorkerResponse) => {
        this.pending.get(r.id)?.resolve(r);
        this.pending.delete(r.id);
      });
      w.on('error', (e) => {
        for (const p of this.pending.values()) p.reject(e);
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

  /**
   * Sends a request as soon as the workers have room (waiting here if they have none) and hands
   * back its pending response, wrapped so the caller can keep working meanwhile.
   */
  async send<K extends WorkerRequest['kind']>(kind: K, body: Body<K>): Promise<{ response: Promise<WorkerResponse> }> {
    while (this.inFlight.size >= this.workers.length * MAX_IN_FLIGHT_PER_WORKER)
      await Promise.race(this.inFlight).catch(() => undefined);
    const id = this.nextId++;
    const worker = this.workers[id % this.workers.length]!;
    const response = new Promise<WorkerResponse>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ kind, id, ...body });
    });
    const tracked: Promise<unknown> = response.then(
      () => this.inFlight.delete(tracked),
      () => this.inFlight.delete(tracked),
    );
    this.inFlight.add(tracked);
    return { response };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
