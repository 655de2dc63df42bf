// ledger pull: pinning, updating, lagging mirrors, forks, and that a refused pull leaves the
// local copy and the pin exactly as they were.
import { cpSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Operator } from '../../src/ledger/ledger.js';
import { openCheckpoint } from '../../src/ledger/checkpoint.js';
import { verifyConsistency } from '../../src/ledger/merkle.js';
import { parseVkey } from '../../src/ledger/note.js';
import { cleanup, NOW, NOW_S, radcred, tempDir, type RunResult } from '../helpers.js';
import {
  append,
  demoSigner,
  labelDigest,
  entry,
  flipByte,
  hashFiles,
  newLedger,
  offsetInBundle,
  opaque,
  seedHex,
  seedSigner,
} from './support.js';

const ORIGIN = 'ledger.example/pull';
const work = tempDir('radcred-pull-');
afterAll(() => cleanup(work));

const operator = seedSigner(seedHex(30));
const issuer = demoSigner('lakeshore');
const SRC = join(work, 'src');
let op: Operator;
let vkey: string;
let mirror100: string; // a lagging mirror: SRC as it was at size 100
let mirror300: string;

let n = 0;
const fresh = (prefix: string) => join(work, `${prefix}${n++}`);
const pull = (home: string, src: string, dst: string, extra: string[] = [], now = NOW) =>
  radcred(['--home', home, '--now', now, '--json', 'ledger', 'pull', src, dst, ...extra]);

const issues = (label: string, count: number) =>
  Array.from({ length: count }, (_, i) => entry(issuer, 'issue', labelDigest(`${label} ${i}`), NOW_S - 1000 + i));

beforeAll(() => {
  op = newLedger(SRC, ORIGIN, operator);
  vkey = op.vkey.text;
  append(SRC, op, issues('first', 100));
  mirror100 = join(work, 'mirror100');
  cpSync(SRC, mirror100, { recursive: true });
  append(SRC, op, issues('second', 200));
  mirror300 = join(work, 'mirror300');
  cpSync(SRC, mirror300, { recursive: true });
});

function pinOf(home: string) {
  return JSON.parse(readFileSync(join(home, 'pins', `${encodeURIComponent(ORIGIN)}.json`), 'utf8'));
}

/** A verifier with `src` pulled and pinned. */
async function pinned(src: string): Promise<{ home: string; dst: string }> {
  const home = fresh('home');
  const dst = fresh('dst');
  const r = await pull(home, src, dst, ['--vkey', vkey]);
  expect(r.code, r.stderr).toBe(0);
  return { home, dst };
}

function expectUnchanged(
  home: string,
  dst: string,
  before: { dst: Record<string, string>; pins: Record<string, string> },
) {
  expect(hashFiles(dst)).toEqual(before.dst);
  expect(hashFiles(join(home, 'pins'))).toEqual(before.pins);
  expect(readdirSync(dst).filter((f) => f.startsWith('.'))).toEqual([]);
}
const snapshot = (home: string, dst: string) => ({ dst: hashFiles(dst), pins: hashFiles(join(home, 'pins')) });

function expectFork(r: RunResult) {
  expect(r.code, r.stderr).toBe(4);
  expect(r.json().error.code).toBe('LEDGER_FORK');
}

describe('pinning and updating', () => {
  it('the first pull with --vkey pins the key and the checkpoint', async () => {
    const home = fresh('home');
    const dst = fresh('dst');
    const r = await pull(home, mirror100, dst, ['--vkey', vkey]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({
      outcome: 'pinned',
      origin: ORIGIN,
      vkey,
      trustOnFirstUse: false,
      newEntries: 100,
      checkpoint: { size: 100 },
      audited: { issue: 100 },
    });
    const pin = pinOf(home);
    expect(pin).toMatchObject({ version: 1, origin: ORIGIN, vkey, size: 100, pinnedAt: NOW, confirmedAt: NOW });
    expect(pin.checkpoint).toBe(readFileSync(join(mirror100, 'checkpoint'), 'utf8'));
    expect(readFileSync(join(dst, 'checkpoint'), 'utf8')).toBe(pin.checkpoint);
    expect(readFileSync(join(dst, 'vkey'), 'utf8').trim()).toBe(vkey);
    // the copy audits clean on its own, with the pin
    const a = await radcred(['--home', home, '--json', 'ledger', 'audit', dst]);
    expect(a.code, a.stderr).toBe(0);
    expect(a.json().vkeySource).toBe('pin');
  });

  it('--vkey may be a file', async () => {
    const r = await pull(fresh('home'), mirror100, fresh('dst'), ['--vkey', join(SRC, 'vkey')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().trustOnFirstUse).toBe(false);
  });

  it('without --vkey or a pin it trusts the source on first use, and says so', async () => {
    const r = await pull(fresh('home'), mirror100, fresh('dst'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ outcome: 'pinned', trustOnFirstUse: true, vkey });
  });

  it('a newer source is audited and appended; the same one again is unchanged but confirmed', async () => {
    const { home, dst } = await pinned(mirror100);
    const later = '2026-12-01T00:00:00Z';
    const r = await pull(home, mirror300, dst, [], later);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({
      outcome: 'updated',
      previous: { size: 100 },
      checkpoint: { size: 300 },
      newEntries: 200,
      audited: { entries: 200, issue: 200 },
    });
    expect(pinOf(home)).toMatchObject({ size: 300, pinnedAt: NOW, confirmedAt: later });
    const again = await pull(home, mirror300, dst, [], '2026-12-02T00:00:00Z');
    expect(again.code).toBe(0);
    expect(again.json()).toMatchObject({ outcome: 'unchanged', newEntries: 0 });
    expect(pinOf(home)).toMatchObject({ size: 300, confirmedAt: '2026-12-02T00:00:00Z' });
    const a = await radcred(['--home', home, '--json', 'ledger', 'audit', dst]);
    expect(a.code, a.stderr).toBe(0);
    expect(a.json().size).toBe(300);
  });

  it('a source behind the pin but consistent with it: exit 0, outcome behind, nothing changed', async () => {
    const { home, dst } = await pinned(mirror300);
    const before = snapshot(home, dst);
    const r = await pull(home, mirror100, dst, [], '2026-12-05T00:00:00Z');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({
      outcome: 'behind',
      previous: { size: 300 },
      checkpoint: { size: 100 },
      newEntries: 0,
    });
    expectUnchanged(home, dst, before);
  });

  it('--vkey that differs from the pin is refused', async () => {
    const { home, dst } = await pinned(mirror100);
    const before = snapshot(home, dst);
    const other = newLedger(fresh('other'), ORIGIN, seedSigner(seedHex(31))).vkey.text;
    const r = await pull(home, mirror300, dst, ['--vkey', other]);
    expect(r.code).toBe(4);
    expect(r.json().error.code).toBe('PIN_KEY_MISMATCH');
    expectUnchanged(home, dst, before);
  });

  it('--vkey for another origin is refused', async () => {
    const other = newLedger(fresh('other'), 'ledger.example/elsewhere', operator).vkey.text;
    const r = await pull(fresh('home'), mirror100, fresh('dst'), ['--vkey', other]);
    expect(r.code).toBe(4);
    expect(r.json().error.code).toBe('CHECKPOINT_ORIGIN_MISMATCH');
  });
});

describe('forks', () => {
  // Ledgers with the same operator key and origin as SRC but other entries.
  let forkLarger: string; // shares the first 100 entries, then differs; larger than the pin
  let forkSame: string; // same size as the pin, last entry differs
  let forkSmaller: string; // smaller than the pin and not a prefix of it
  beforeAll(() => {
    forkLarger = fresh('fork');
    const a = newLedger(forkLarger, ORIGIN, operator);
    append(forkLarger, a, issues('first', 100));
    append(forkLarger, a, issues('forked', 250));
    forkSame = fresh('fork');
    const b = newLedger(forkSame, ORIGIN, operator);
    append(forkSame, b, [
      ...issues('first', 100),
      ...issues('second', 199),
      entry(issuer, 'issue', labelDigest('other last'), NOW_S),
    ]);
    forkSmaller = fresh('fork');
    const c = newLedger(forkSmaller, ORIGIN, operator);
    append(forkSmaller, c, [...issues('first', 99), ...opaque('x', 51)]);
  });

  it.each([
    ['larger', () => forkLarger],
    ['the same size', () => forkSame],
    ['smaller', () => forkSmaller],
  ])('a fork %s than the pin: LEDGER_FORK, DST and pin byte-for-byte unchanged', async (_what, fork) => {
    const { home, dst } = await pinned(mirror300);
    const before = snapshot(home, dst);
    expect(Object.keys(before.dst).length).toBeGreaterThan(5);
    const refused = await pull(home, fork(), dst);
    expectFork(refused);
    expectUnchanged(home, dst, before);
    // the evidence, named in the error: both signed checkpoints, each checking with the key
    const named = /the evidence .* is in (\S+\.json)/.exec(refused.json().error.message)?.[1];
    expect(named, refused.json().error.message).toBeDefined();
    const evidence = JSON.parse(readFileSync(named!, 'utf8'));
    expect(evidence).toMatchObject({ type: 'radcred-fork-evidence', version: 1, origin: ORIGIN, vkey });
    const [a, b] = evidence.checkpoints.map((n: string) => openCheckpoint(n, parseVkey(vkey)));
    expect(a.size === b.size ? !a.root.equals(b.root) : evidence.consistencyProof.hashes.length > 0).toBe(true);
    if (a.size !== b.size) {
      const [small, large] = a.size < b.size ? [a, b] : [b, a];
      expect(
        verifyConsistency(
          small.size,
          large.size,
          evidence.consistencyProof.hashes.map((h: string) => Buffer.from(h, 'base64')),
          small.root,
          large.root,
        ),
      ).toBe(false);
    }
    // naming the right key explicitly changes nothing
    expectFork(await pull(home, fork(), dst, ['--vkey', vkey]));
    expectUnchanged(home, dst, before);
  });

  it('a fork is refused even when the local copy is missing or damaged', async () => {
    const { home, dst } = await pinned(mirror300);
    cleanup(dst);
    const pins = hashFiles(join(home, 'pins'));
    expectFork(await pull(home, forkLarger, dst));
    expect(hashFiles(join(home, 'pins'))).toEqual(pins);
    expect(existsSync(join(dst, 'checkpoint'))).toBe(false);
  });

  it('the genuine source is still accepted after a refused fork', async () => {
    const { home, dst } = await pinned(mirror100);
    expectFork(await pull(home, forkSmaller, dst));
    const r = await pull(home, mirror300, dst);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().outcome).toBe('updated');
  });
});

describe('incremental pulls check every byte they copy', () => {
  it('a tampered entry in the carried part of a partial bundle is refused', async () => {
    // the verifier holds size 100 (bundle 000.p/100); the source's new bundle 000.p/300 repeats
    // entries 0..99, and one of those was altered
    const { home, dst } = await pinned(mirror100);
    const src = fresh('src');
    cpSync(mirror300, src, { recursive: true });
    const full = join(src, 'tile/entries/000');
    flipByte(full, offsetInBundle(full, 42, 'time 20'));
    const before = snapshot(home, dst);
    const r = await pull(home, src, dst);
    expect(r.code, r.stderr).toBe(4);
    expect(r.json().error.code).toBe('LEDGER_ENTRY_MISMATCH');
    expect(r.json().error.details.index).toBe(42);
    expectUnchanged(home, dst, before);
  });

  it('a tampered new entry is refused with its index', async () => {
    const { home, dst } = await pinned(mirror100);
    const src = fresh('src');
    cpSync(mirror300, src, { recursive: true });
    const bundle = join(src, 'tile/entries/001.p/44');
    flipByte(bundle, offsetInBundle(bundle, 10, 'time 20'));
    const r = await pull(home, src, dst);
    expect(r.code).toBe(4);
    expect(r.json().error).toMatchObject({ code: 'LEDGER_ENTRY_MISMATCH', details: { index: 266 } });
  });
});
