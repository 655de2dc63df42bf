// Crash safety: a writer process is killed with SIGKILL at random moments while it appends.
// After every kill the ledger audits clean, its size never decreases, every commit the writer
// reported is still there byte for byte, and a lock the dead writer left behind does not block
// the next one. Runs the built code (dist/): `npm test` builds it first.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupCredential, OWN_INDEX } from '../../src/ledger/entry-index.js';
import { openLedgerCheckpoint } from '../../src/ledger/ledger.js';
import { TileReader } from '../../src/ledger/reader.js';
import { parseEntry } from '../../src/ledger/entry.js';
import { cleanup, radcred, tempDir } from '../helpers.js';
import { CHILD, DIST, childEntry, newLedger, seedHex, seedSigner, staleDist, type ChildCommit } from './support.js';

/** How many times a writer is killed mid-append (raise it for a longer soak). */
export const KILLS = 12;
/** Largest batch per commit: batches of 1..MAX_BATCH cross tile boundaries often. */
const MAX_BATCH = 40;

const work = tempDir('radcred-crash-');
afterAll(() => cleanup(work));

interface Killed {
  commits: ChildCommit[];
  pid: number;
  stderr: string;
}

/** Starts a writer, lets it commit at least once, then kills it after a random delay. */
function runAndKill(dir: string, opSeed: string, origin: string, label: string): Promise<Killed> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [CHILD, dir, opSeed, origin, label, '0', String(MAX_BATCH)], {
      env: { ...process.env, RADCRED_DIST: DIST },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let armed = false;
    const noProgress = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`writer ${label} made no commit within 15 s (a stale lock blocking it?): ${err}`));
    }, 15_000);
    p.stdout.on('data', (d) => {
      out += d;
      if (!armed && out.includes('\n')) {
        armed = true;
        clearTimeout(noProgress);
        setTimeout(() => p.kill('SIGKILL'), Math.random() * 80);
      }
    });
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`writer ${label} exited on its own: ${err}`));
      // only complete lines were reported; a line cut by the kill is ignored
      const lines = out.split('\n').slice(0, -1);
      resolve({ commits: lines.map((l) => JSON.parse(l) as ChildCommit), pid: p.pid!, stderr: err });
    });
  });
}

beforeAll(() => {
  expect(staleDist()).toBeUndefined();
});

describe('SIGKILL during appends', () => {
  it(`${KILLS} kills: audit clean, size never decreases, reported commits kept, stale locks broken`, async () => {
    const dir = join(work, 'ledger');
    const opSeed = seedHex(70);
    const op = newLedger(dir, 'ledger.example/crash', seedSigner(opSeed));
    const home = join(work, 'home');
    const committed = new Map<number, { label: string; seq: number }>();
    let lastSize = 0;
    let staleLocks = 0;

    for (let k = 0; k < KILLS; k++) {
      const killed = await runAndKill(dir, opSeed, op.vkey.name, `run${k}`);
      expect(killed.commits.length).toBeGreaterThan(0);
      for (const c of killed.commits)
        for (let j = 0; j < c.count; j++) committed.set(c.first + j, { label: c.label, seq: c.seq + j });

      const lock = join(dir, '.lock');
      if (existsSync(lock)) {
        staleLocks++;
        expect(readFileSync(lock, 'utf8').trim()).toBe(String(killed.pid)); // only the dead writer can have left it
      }

      const cp = openLedgerCheckpoint(dir, op.vkey);
      expect(cp.size, `kill ${k}`).toBeGreaterThanOrEqual(lastSize);
      expect(cp.size).toBeGreaterThanOrEqual(Math.max(...killed.commits.map((c) => c.size)));
      lastSize = cp.size;

      const audit = await radcred(['--home', home, '--json', 'ledger', 'audit', dir, '--vkey', op.vkey.text]);
      expect(audit.code, `kill ${k}: ${audit.stdout}${audit.stderr}`).toBe(0);
      expect(audit.json().size).toBe(cp.size);

      const reader = new TileReader(dir, cp.size);
      for (const [index, { label, seq }] of committed) {
        if (!reader.entry(index).equals(childEntry(label, seq)))
          throw new Error(`kill ${k}: entry ${index} (${label} ${seq}) changed or lost`);
      }
      // the derived index survived the kill too: the last reported commit is found
      const last = killed.commits.at(-1)!;
      const digest = parseEntry(childEntry(last.label, last.seq)).credential;
      expect(lookupCredential(dir, reader, cp, digest, OWN_INDEX)).toEqual([last.first]);
    }
    expect(committed.size).toBeGreaterThan(KILLS);
    // the next writer got past any lock left behind (it committed, or runAndKill would have failed)
    console.info(`crash test: ${KILLS} kills, ${staleLocks} stale locks broken, final size ${lastSize}`);
  });
});
