// The disclosure log is rewritten atomically on every record; a lock keeps concurrent writers from
// losing each other's records (each would otherwise rewrite the log it read before the other's).
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listDisclosures } from '../../src/presentation/disclosures.js';
import { cleanup, tempDir } from '../helpers.js';
import { DIST, staleDist } from '../ledger/support.js';

const work = tempDir('radcred-disclosures-');
afterAll(() => cleanup(work));
const CHILD = join(import.meta.dirname, 'children', 'disclose-child.mjs');

const child = (label: string, count: number) =>
  new Promise<number | null>((resolve) => {
    const p = spawn(process.execPath, [CHILD, work, label, String(count)], {
      env: { ...process.env, RADCRED_DIST: DIST },
      stdio: 'inherit',
    });
    p.on('close', resolve);
  });

describe('disclosure log', () => {
  it('4 processes recording 40 disclosures each at once: all 160 are in the log, once each', async () => {
    expect(staleDist()).toBeUndefined();
    const codes = await Promise.all(['a', 'b', 'c', 'd'].map((l) => child(l, 40)));
    expect(codes).toEqual([0, 0, 0, 0]);
    const challenges = listDisclosures(work).map((d) => d.challenge);
    expect(challenges).toHaveLength(160);
    expect(new Set(challenges).size).toBe(160);
    expect(readdirSync(work).filter((f) => f.includes('.lock') || f.startsWith('.'))).toEqual([]);
  });
});
