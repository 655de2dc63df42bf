// @internal (src/ledger only)
// A look at a ledger where it is served, without moving this home: pulled whole into a temporary
// copy, under a scratch home holding only this home's pin for the origin (so the pull checks
// against it), then removed. `ledger audit URL` and `ledger entries URL` use it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RadcredError } from '../errors.js';
import { nowSeconds } from '../util/time.js';
import { originOfNote } from './ledger.js';
import type { Vkey } from './note.js';
import { readPin, writePin, type Pin } from './pins.js';
import { pullLedger, type PullResult } from './pull.js';
import { openSource } from './source.js';
import type { WitnessPolicy } from './witness-policy.js';

export interface ScratchCopy {
  /** the temporary copy and the scratch home it is pinned in */
  dir: string;
  home: string;
  pulled: PullResult;
  /** this home's pin for the origin, when it had one */
  pin?: Pin;
}

export async function withScratchPull<T>(
  src: string,
  home: string,
  o: { vkey?: Vkey; witnessPolicy?: WitnessPolicy; now?: number },
  fn: (c: ScratchCopy) => T | Promise<T>,
): Promise<T> {
  const temp = mkdtempSync(join(tmpdir(), 'radcred-look-'));
  try {
    const scratchHome = join(temp, 'home');
    const source = await openSource(src);
    const pin = readPin(home, originOfNote(await source.checkpoint(), src));
    if (pin) writePin(scratchHome, pin);
    const pulled = await pullLedger({
      src,
      dst: join(temp, 'copy'),
      home: scratchHome,
      now: o.now ?? nowSeconds(),
      ...(o.vkey ? { vkey: o.vkey.text } : {}),
      ...(o.witnessPolicy ? { witnessPolicy: o.witnessPolicy } : {}),
    });
    // a source behind the pin is not fetched (a pull changes nothing): there is no copy to look at
    if (pulled.outcome === 'behind') {
      throw new RadcredError(
        'LEDGER_LOCAL_MISSING',
        `${src} (size ${pulled.checkpoint.size}) is behind this home's pin (size ${pulled.previous!.size})`,
        'look at an up-to-date source',
      );
    }
    return await fn({ dir: join(temp, 'copy'), home: scratchHome, pulled, ...(pin ? { pin } : {}) });
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
