// Several processes appending to one ledger at once: the lock serialises them, every entry lands
// exactly once, and the ledger audits clean. A lock left by a dead process does not block.
// Runs the built code (dist/, bin/radcred): `npm test` builds it first.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RadcredError } from '../../src/errors.js';
import { createEntry } from '../../src/ledger/entry.js';
import { openLedgerCheckpoint, type Operator } from '../../src/ledger/ledger.js';
import { withLedgerLock } from '../../src/ledger/lock.js';
import { commitEntries } from '../../src/ledger/commit.js';
import { TileReader } from '../../src/ledger/reader.js';
import { cleanup, fixture, importDemoIdentities, NOW, radcred, radcredProcess, tempDir } from '../helpers.js';
import { childEntry, demoSigner, newLedger, runChild, seedHex, seedSigner, staleDist } from './support.js';

const work = tempDir('radcred-lock-');
afterAll(() => cleanup(work));

const deadPid = () =>
  new Promise<number>((resolve) => {
    const p = spawn(process.execPath, ['-e', '0']);
    p.on('close', () => resolve(p.pid!));
  });

beforeAll(() => {
  expect(staleDist()).toBeUndefined();
});

describe('concurrent appends', () => {
  it('4 processes x 15 commits: every entry exactly once, size = number of appends, audit clean', async () => {
    const dir = join(work, 'concurrent');
    const opSeed = seedHex(60);
    const op = newLedger(dir, 'ledger.example/concurrent', seedSigner(opSeed));
    const labels = ['p0', 'p1', 'p2', 'p3'];
    const runs = await Promise.all(labels.map((label) => runChild([dir, opSeed, op.vkey.name, label, '15', '4'])));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const commits = runs.flatMap((r) => r.commits);
    expect(commits.length).toBe(60);
    const total = commits.reduce((s, c) => s + c.count, 0);
    const cp = openLedgerCheckpoint(dir, op.vkey);
    expect(cp.size).toBe(total);
    // commits tile the index range exactly, without overlap
    const ranges = commits.map((c) => [c.first, c.first + c.count]).sort((a, b) => a[0]! - b[0]!);
    ranges.forEach(([from], i) => expect(from).toBe(i === 0 ? 0 : ranges[i - 1]![1]));
    // every entry is where its commit said, and appears exactly once
    const reader = new TileReader(dir, cp.size);
    const seen = new Map<string, number>();
    for (let i = 0; i < cp.size; i++) {
      const h = createHash('sha256').update(reader.entry(i)).digest('hex');
      seen.set(h, (seen.get(h) ?? 0) + 1);
    }
    for (const c of commits) {
      for (let k = 0; k < c.count; k++) {
        const bytes = childEntry(c.label, c.seq + k);
        expect(reader.entry(c.first + k).equals(bytes)).toBe(true);
        expect(seen.get(createHash('sha256').update(bytes).digest('hex'))).toBe(1);
      }
    }
    const audit = await radcred(['--home', join(work, 'h1'), '--json', 'ledger', 'audit', dir, '--vkey', op.vkey.text]);
    expect(audit.code, audit.stderr).toBe(0);
    expect(audit.json().counts.issue).toBe(total);
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  });

  it('bin/radcred: 3 processes x 2 `issue --ledger` at once', async () => {
    const home = join(work, 'cli-home');
    const dir = join(work, 'cli-ledger');
    await importDemoIdentities(home, ['lakeshore', 'tmb']);
    expect(
      (
        await radcred([
          '--home',
          home,
          'ledger',
          'init',
          dir,
          '--origin',
          'ledger.example/cli',
          '--operator',
          'lakeshore',
        ])
      ).code,
    ).toBe(0);
    const holder = demoSigner('priya').did;
    const issueTwo = async (p: number) => {
      const digests: string[] = [];
      for (let k = 0; k < 2; k++) {
        const r = await radcredProcess([
          '--home',
          home,
          '--now',
          NOW,
          '--json',
          'issue',
          'MedicalLicenseCredential',
          '--issuer',
          'tmb',
          '--subject',
          holder,
          '--data',
          fixture('subjects', 'MedicalLicenseCredential.json'),
          '--out',
          join(work, `cli-${p}-${k}.jwt`),
          '--ledger',
          dir,
        ]);
        expect(r.code, r.stderr).toBe(0);
        expect(r.json().ledger.mode).toBe('committed');
        digests.push(r.json().digest);
      }
      return digests;
    };
    const digests = (await Promise.all([0, 1, 2].map(issueTwo))).flat();
    expect(new Set(digests).size).toBe(6);
    const status = (await radcred(['--home', home, '--json', 'ledger', 'status', dir])).json();
    expect(status.size).toBe(6);
    const vkey = status.vkey as string;
    const cp = openLedgerCheckpoint(dir, (await import('../../src/ledger/note.js')).parseVkey(vkey));
    const reader = new TileReader(dir, cp.size);
    const logged = Array.from(
      { length: cp.size },
      (_, i) => /credential (sha256:[0-9a-f]{64})/.exec(reader.entry(i).toString('utf8'))![1],
    );
    expect(logged.sort()).toEqual([...digests].sort());
    const audit = await radcred(['--home', home, '--json', 'ledger', 'audit', dir, '--vkey', vkey]);
    expect(audit.code, audit.stderr).toBe(0);
  });
});

describe('the lock', () => {
  let dir: string;
  let op: Operator;
  const issuer = seedSigner(seedHex(61));
  let seq = 0;
  const one = () =>
    createEntry(issuer, {
      kind: 'issue',
      credential: 'sha256:' + createHash('sha256').update(`lock ${seq++}`).digest('hex'),
      time: 1_800_000_000,
    });
  beforeAll(() => {
    dir = join(work, 'lock');
    op = newLedger(dir, 'ledger.example/lock', seedSigner(seedHex(62)));
  });

  it('a lock left by a dead process is broken', async () => {
    writeFileSync(join(dir, '.lock'), `${await deadPid()}\n`);
    const r = await commitEntries(op, dir, [one()]);
    expect(r.appended).toBe(1);
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  });

  it('an empty or garbled lock (its owner died before writing its pid) is broken', async () => {
    for (const text of ['', 'garbage\n', '-1\n']) {
      writeFileSync(join(dir, '.lock'), text);
      expect((await commitEntries(op, dir, [one()])).appended).toBe(1);
    }
  });

  it('a lock held by a live process is waited for, then reported as LEDGER_LOCKED', async () => {
    writeFileSync(join(dir, '.lock'), `${process.pid}\n`);
    const size = openLedgerCheckpoint(dir, op.vkey).size;
    try {
      await withLedgerLock(dir, () => expect.unreachable(), 300);
      expect.unreachable();
    } catch (e) {
      expect((e as RadcredError).code).toBe('LEDGER_LOCKED');
    }
    expect(readFileSync(join(dir, '.lock'), 'utf8')).toBe(`${process.pid}\n`);
    expect(openLedgerCheckpoint(dir, op.vkey).size).toBe(size);
    cleanup(join(dir, '.lock'));
  });

  it('a directory that is not a ledger', async () => {
    try {
      await withLedgerLock(join(work, 'nowhere'), () => 1);
      expect.unreachable();
    } catch (e) {
      expect((e as RadcredError).code).toBe('LEDGER_NOT_FOUND');
    }
  });

  it('the lock is released when the work fails', async () => {
    await expect(
      withLedgerLock(dir, () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  });
});
