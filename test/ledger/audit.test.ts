// Attacks on a ledger copy, each through the CLI: `ledger audit`, `ledger pull` and
// `verify --ledger` must fail with exit 4 and a code that names the attack.
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync, appendFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexVersionDir } from '../../src/ledger/entry-index.js';
import { openLedgerCheckpoint, operatorOf } from '../../src/ledger/ledger.js';
import { indexRecordPath, readIndexRecords } from '../../src/ledger/pins.js';
import type { Operator } from '../../src/ledger/ledger.js';
import { cleanup, NOW, NOW_S, radcred, tempDir, type RunResult } from '../helpers.js';
import {
  append,
  demoSigner,
  labelDigest,
  entry,
  flipByte,
  foreignCheckpoint,
  hashFiles,
  impostor,
  issueJwt,
  newLedger,
  offsetInBundle,
  opaque,
  seedHex,
  seedSigner,
} from './support.js';

const ORIGIN = 'ledger.example/attacks';
const work = tempDir('radcred-attacks-');
afterAll(() => cleanup(work));

const operator = seedSigner(seedHex(20), 'ed25519', 'operator');
const B = demoSigner('tmb'); // the credential's issuer (P-256)
const A = demoSigner('lakeshore'); // another issuer (Ed25519)
const C = demoSigner('rsna'); // another issuer (secp256k1)
const holder = demoSigner('priya');

const BASE = join(work, 'base');
let op: Operator;
let vkey: string;
let credFile: string;
let credDigest: string;
let credIndex: number;
let olderCheckpoint: string;
const SIZE = 600; // level-0 tiles 000, 001 full, 002.p/88; level-1 tile 000.p/2

let n = 0;
const copyOf = (src = BASE) => {
  const dir = join(work, `copy${n++}`);
  cpSync(src, dir, { recursive: true });
  return dir;
};
const newHome = () => join(work, `home${n++}`);

const cli = (home: string, args: string[]) => radcred(['--home', home, '--now', NOW, '--json', ...args]);
const audit = (home: string, dir: string, withVkey = true) =>
  cli(home, ['ledger', 'audit', dir, ...(withVkey ? ['--vkey', vkey] : [])]);
const pull = (home: string, src: string, dst: string) => cli(home, ['ledger', 'pull', src, dst, '--vkey', vkey]);
const verify = (home: string, dir: string) => cli(home, ['verify', credFile, '--any-issuer', '--ledger', dir]);

function expectFailure(r: RunResult, code: string): RunResult {
  expect(r.code, `${code}: ${r.stderr}`).toBe(4);
  expect(r.json().error.code).toBe(code);
  return r;
}

/** A verifier home with a good copy of BASE pulled and pinned; returns [home, copy]. */
async function pinnedCopy(): Promise<[string, string]> {
  const home = newHome();
  const dst = join(work, `pinned${n++}`);
  const r = await pull(home, BASE, dst);
  expect(r.code, r.stderr).toBe(0);
  return [home, dst];
}

const statusOf = (r: RunResult) => r.json().results[0].checks.find((c: { check: string }) => c.check === 'status').code;

beforeAll(async () => {
  op = newLedger(BASE, ORIGIN, operator);
  vkey = op.vkey.text;
  const cred = await issueJwt(B, holder.did, NOW_S - 86_400);
  credDigest = cred.digest;
  credFile = join(work, 'cred.jwt');
  writeFileSync(credFile, cred.jwt + '\n');
  // A mix of issuers, with the credential's issue entry in the middle of the second tile.
  // Mostly opaque leaves (cheap to audit), every tenth a radcred issue entry by A, B or C.
  const mixed = (label: string, i: number) =>
    i % 10 === 0
      ? entry([A, B, C][(i / 10) % 3]!, 'issue', labelDigest(`${label} ${i}`), NOW_S - 90_000 + i)
      : Buffer.from(`${label} filler ${i}\n`);
  const before = Array.from({ length: 300 }, (_, i) => mixed('before', i));
  append(BASE, op, before);
  olderCheckpoint = readFileSync(join(BASE, 'checkpoint'), 'utf8');
  credIndex = 300;
  const after = [
    entry(B, 'issue', credDigest, NOW_S - 86_400),
    ...Array.from({ length: SIZE - 301 }, (_, i) => mixed('after', i)),
  ];
  append(BASE, op, after);
  expect(openLedgerCheckpoint(BASE, op.vkey).size).toBe(SIZE);
});

describe('the untouched ledger', () => {
  it('audits clean, pulls and verifies', async () => {
    const home = newHome();
    const a = await audit(home, BASE);
    expect(a.code, a.stderr).toBe(0);
    expect(a.json()).toMatchObject({
      ok: true,
      origin: ORIGIN,
      size: SIZE,
      vkeySource: 'argument',
      counts: { entries: SIZE, issue: 61, opaque: SIZE - 61 },
    });
    const [vhome, dst] = await pinnedCopy();
    const v = await verify(vhome, dst);
    expect(v.code, v.stdout).toBe(0);
    expect(statusOf(v)).toBe('STATUS_ACTIVE');
    expect((await audit(vhome, dst, false)).json().vkeySource).toBe('pin');
  });
});

describe('attacks', () => {
  const seen = new Set<string>();
  afterAll(() => {
    // every attack is told apart by its own code
    expect([...seen].sort()).toEqual([
      'CHECKPOINT_UNTRUSTED_KEY',
      'LEDGER_ENTRY_MISMATCH',
      'LEDGER_ENTRY_NOT_ISSUER',
      'LEDGER_ENTRY_SIGNATURE',
      'LEDGER_FORK',
      'LEDGER_ROLLBACK',
      'LEDGER_TILE_MISMATCH',
      'LEDGER_TILE_SIZE',
    ]);
  });
  const saw = (r: RunResult) => seen.add(r.json().error.code);

  it('a flipped byte in an entry bundle: LEDGER_ENTRY_MISMATCH naming the first bad index', async () => {
    const dir = copyOf();
    // entries 257 and 300 (both in bundle 001), and 590 (bundle 002.p/88)
    flipByte(join(dir, 'tile/entries/001'), offsetInBundle(join(dir, 'tile/entries/001'), 44, 'time 20'));
    flipByte(join(dir, 'tile/entries/001'), offsetInBundle(join(dir, 'tile/entries/001'), 1, 'filler'));
    flipByte(join(dir, 'tile/entries/002.p/88'), offsetInBundle(join(dir, 'tile/entries/002.p/88'), 78, 'filler'));
    const a = expectFailure(await audit(newHome(), dir), 'LEDGER_ENTRY_MISMATCH');
    expect(a.json().error.details.index).toBe(257);
    saw(a);
    const home = newHome();
    const p = expectFailure(await pull(home, dir, join(work, `dst${n++}`)), 'LEDGER_ENTRY_MISMATCH');
    expect(p.json().error.details.index).toBe(257);
    // in a verifier's pinned copy: the credential's own entry no longer proves
    const [vhome, dst] = await pinnedCopy();
    flipByte(join(dst, 'tile/entries/001'), offsetInBundle(join(dst, 'tile/entries/001'), credIndex - 256, 'time 20'));
    expectFailure(await verify(vhome, dst), 'LEDGER_INCLUSION_FAILED');
    expectFailure(await audit(vhome, dst, false), 'LEDGER_ENTRY_MISMATCH');
  });

  it("a damaged entry elsewhere in the bundle of the credential's entry: verify fails LEDGER_ENTRY_MISMATCH (exit 4)", async () => {
    // Decision (src/ledger/status.ts): a verification vouches for every entry of each bundle it
    // reads. The credential's own entry (300) still proves; entry 257, in the same bundle, does not.
    const [vhome, dst] = await pinnedCopy();
    flipByte(join(dst, 'tile/entries/001'), offsetInBundle(join(dst, 'tile/entries/001'), 1, 'filler'));
    const v = expectFailure(await verify(vhome, dst), 'LEDGER_ENTRY_MISMATCH');
    expect(v.json().error.details).toMatchObject({ index: 257, tile: '0/1' });
    // with the index rebuilt from the damaged copy too
    rmSync(join(dst, 'index'), { recursive: true });
    expectFailure(await verify(vhome, dst), 'LEDGER_ENTRY_MISMATCH');
  });

  it('a damaged entry in a bundle the verification does not read is left to audit', async () => {
    const [vhome, dst] = await pinnedCopy();
    flipByte(join(dst, 'tile/entries/002.p/88'), offsetInBundle(join(dst, 'tile/entries/002.p/88'), 3, 'filler'));
    const v = await verify(vhome, dst);
    expect(v.code, v.stdout).toBe(0);
    expect(expectFailure(await audit(vhome, dst, false), 'LEDGER_ENTRY_MISMATCH').json().error.details.index).toBe(515);
  });

  it('only the first bad index is named, in the first bundle too', async () => {
    const dir = copyOf();
    flipByte(join(dir, 'tile/entries/000'), offsetInBundle(join(dir, 'tile/entries/000'), 0, 'kind'));
    flipByte(join(dir, 'tile/entries/002.p/88'), offsetInBundle(join(dir, 'tile/entries/002.p/88'), 3, 'filler'));
    expect(expectFailure(await audit(newHome(), dir), 'LEDGER_ENTRY_MISMATCH').json().error.details.index).toBe(0);
  });

  it('a flipped byte in a tile: LEDGER_TILE_MISMATCH', async () => {
    for (const [tile, at, index] of [
      ['tile/0/001', 32 * 5 + 7, 261],
      ['tile/0/002.p/88', 32 * 87, 599],
      ['tile/1/000.p/2', 32 + 1, 256],
    ] as const) {
      const dir = copyOf();
      flipByte(join(dir, tile), at);
      const a = expectFailure(await audit(newHome(), dir), 'LEDGER_TILE_MISMATCH');
      expect(a.json().error.details.index, tile).toBe(index);
      saw(a);
      expectFailure(await pull(newHome(), dir, join(work, `dst${n++}`)), 'LEDGER_TILE_MISMATCH');
    }
    const [vhome, dst] = await pinnedCopy();
    flipByte(join(dst, 'tile/0/001'), 32 * (credIndex - 256 + 1)); // the credential's sibling leaf
    expectFailure(await verify(vhome, dst), 'LEDGER_INCLUSION_FAILED');
    expectFailure(await audit(vhome, dst, false), 'LEDGER_TILE_MISMATCH');
  });

  it('a truncated or padded tile: LEDGER_TILE_SIZE', async () => {
    for (const [tile, damage] of [
      ['tile/0/001', (p: string) => truncateSync(p, 8191)],
      ['tile/0/002.p/88', (p: string) => truncateSync(p, 32 * 87)],
      ['tile/1/000.p/2', (p: string) => appendFileSync(p, Buffer.alloc(1))],
    ] as const) {
      const dir = copyOf();
      damage(join(dir, tile));
      saw(expectFailure(await audit(newHome(), dir), 'LEDGER_TILE_SIZE'));
      expectFailure(await pull(newHome(), dir, join(work, `dst${n++}`)), 'LEDGER_TILE_SIZE');
    }
    const [vhome, dst] = await pinnedCopy();
    truncateSync(join(dst, 'tile/0/001'), 100);
    expectFailure(await verify(vhome, dst), 'LEDGER_TILE_SIZE');
    expectFailure(await audit(vhome, dst, false), 'LEDGER_TILE_SIZE');
  });

  it('a checkpoint signed by another key: CHECKPOINT_UNTRUSTED_KEY', async () => {
    const real = openLedgerCheckpoint(BASE, op.vkey);
    const forged = foreignCheckpoint(ORIGIN, real.size, real.root, seedSigner(seedHex(21)));
    const dir = copyOf();
    writeFileSync(join(dir, 'checkpoint'), forged);
    saw(expectFailure(await audit(newHome(), dir), 'CHECKPOINT_UNTRUSTED_KEY'));
    expectFailure(await pull(newHome(), dir, join(work, `dst${n++}`)), 'CHECKPOINT_UNTRUSTED_KEY');
    const [vhome, dst] = await pinnedCopy();
    writeFileSync(join(dst, 'checkpoint'), forged);
    expectFailure(await verify(vhome, dst), 'CHECKPOINT_UNTRUSTED_KEY');
    expectFailure(await audit(vhome, dst, false), 'CHECKPOINT_UNTRUSTED_KEY');
    // a pull without --vkey uses the pin, not the forged copy's own vkey file
    writeFileSync(join(dir, 'vkey'), operatorOf(seedSigner(seedHex(21)), ORIGIN).vkey.text + '\n');
    expectFailure(await cli(vhome, ['ledger', 'pull', dir, dst]), 'CHECKPOINT_UNTRUSTED_KEY');
  });

  it("an older checkpoint put back in a verifier's pinned copy: LEDGER_ROLLBACK", async () => {
    const [vhome, dst] = await pinnedCopy();
    const pin = hashFiles(join(vhome, 'pins'));
    writeFileSync(join(dst, 'checkpoint'), olderCheckpoint);
    saw(expectFailure(await verify(vhome, dst), 'LEDGER_ROLLBACK'));
    expectFailure(await audit(vhome, dst, false), 'LEDGER_ROLLBACK');
    expect(hashFiles(join(vhome, 'pins'))).toEqual(pin);
  });

  it('a fork (same key and origin, other entries) in place of the pinned copy: LEDGER_FORK', async () => {
    const fork = join(work, 'fork-copy');
    const fop = newLedger(fork, ORIGIN, operator);
    append(fork, fop, opaque('fork', SIZE + 5));
    const [vhome, dst] = await pinnedCopy();
    cleanup(dst);
    cpSync(fork, dst, { recursive: true });
    saw(expectFailure(await verify(vhome, dst), 'LEDGER_FORK'));
    expectFailure(await audit(vhome, dst, false), 'LEDGER_FORK');
  });

  it("an entry signed with A's key claiming issuer B: LEDGER_ENTRY_SIGNATURE, and verify ignores it", async () => {
    const dir = copyOf();
    const [vhome] = await pinnedCopy();
    append(dir, op, [entry(impostor(B, A), 'revoke', credDigest, NOW_S - 3600, 'forged'), ...opaque('pad', 3)]);
    const a = expectFailure(await audit(newHome(), dir), 'LEDGER_ENTRY_SIGNATURE');
    expect(a.json().error.details.index).toBe(SIZE);
    saw(a);
    expectFailure(await pull(newHome(), dir, join(work, `dst${n++}`)), 'LEDGER_ENTRY_SIGNATURE');
    // verify reads the operator's copy directly: the forged revocation does not count
    const v = await verify(vhome, dir);
    expect(v.code, v.stdout).toBe(0);
    expect(statusOf(v)).toBe('STATUS_ACTIVE');
  });

  it("a revoke validly signed by C for B's credential: LEDGER_ENTRY_NOT_ISSUER, and verify ignores it", async () => {
    const dir = copyOf();
    const [vhome] = await pinnedCopy();
    append(dir, op, [...opaque('pad', 2), entry(C, 'revoke', credDigest, NOW_S - 3600, 'not yours')]);
    const a = expectFailure(await audit(newHome(), dir), 'LEDGER_ENTRY_NOT_ISSUER');
    expect(a.json().error.details.index).toBe(SIZE + 2);
    saw(a);
    expectFailure(await pull(newHome(), dir, join(work, `dst${n++}`)), 'LEDGER_ENTRY_NOT_ISSUER');
    // and incrementally, over a pinned copy that already holds the issue entry
    const [home2, dst2] = await pinnedCopy();
    expectFailure(await pull(home2, dir, dst2), 'LEDGER_ENTRY_NOT_ISSUER');
    const v = await verify(vhome, dir);
    expect(v.code, v.stdout).toBe(0);
    expect(statusOf(v)).toBe('STATUS_ACTIVE');
    // while the issuer's own revocation counts
    append(dir, op, [entry(B, 'revoke', credDigest, NOW_S - 60, 'real')]);
    const r = await verify(vhome, dir);
    expect(r.code).toBe(1);
    expect(statusOf(r)).toBe('REVOKED');
  });

  it("C logs its own issue entry for B's credential first: C's status entries audit clean, B's still count, C's never reach B's credential", async () => {
    // status is kept per (credential, issuer); logging a digest first does not make C its issuer
    const dir = copyOf();
    const d = labelDigest('front-run');
    append(dir, op, [
      entry(C, 'issue', d, NOW_S - 7200),
      entry(B, 'issue', d, NOW_S - 3600),
      entry(C, 'revoke', d, NOW_S - 1800, 'mine'),
      entry(B, 'suspend', d, NOW_S - 900, 'real'),
    ]);
    expect((await audit(newHome(), dir)).code).toBe(0);
    const [home2, dst2] = await pinnedCopy();
    expect((await pull(home2, dir, dst2)).code).toBe(0);
    // a third key that never issued it is still refused, incrementally too
    append(dir, op, [entry(A, 'revoke', d, NOW_S - 60, 'not yours')]);
    expectFailure(await audit(newHome(), dir), 'LEDGER_ENTRY_NOT_ISSUER');
    expectFailure(await pull(home2, dir, dst2), 'LEDGER_ENTRY_NOT_ISSUER');
  });

  it('a status entry for a credential never issued here: LEDGER_ENTRY_UNANCHORED', async () => {
    const dir = copyOf();
    append(dir, op, [entry(B, 'suspend', labelDigest('never issued'), NOW_S, 'x')]);
    expect(expectFailure(await audit(newHome(), dir), 'LEDGER_ENTRY_UNANCHORED').json().error.details.index).toBe(SIZE);
  });

  it('a malformed radcred entry: LEDGER_ENTRY_MALFORMED', async () => {
    const dir = copyOf();
    const good = entry(B, 'issue', labelDigest('malformed'), NOW_S);
    append(dir, op, [Buffer.from(good.toString('utf8').replace('time ', 'time  '))]);
    expect(expectFailure(await audit(newHome(), dir), 'LEDGER_ENTRY_MALFORMED').json().error.details.index).toBe(SIZE);
  });
});

describe('logs of other tools', () => {
  it('a tlog-tiles log of non-radcred entries audits clean, counted as opaque', async () => {
    const dir = join(work, 'opaque');
    const oop = newLedger(dir, 'other.example/log', operator);
    append(dir, oop, [
      Buffer.alloc(0),
      Buffer.from([0, 1, 2, 255]),
      Buffer.from('radcred-ledger-entry/v2\nkind issue\n'),
      ...opaque('other tool', 300),
    ]);
    append(dir, oop, [entry(B, 'issue', labelDigest('mixed'), NOW_S), ...opaque('more', 2)]);
    const r = await audit(newHome(), dir, false);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({
      ok: true,
      size: 306,
      vkeySource: 'published',
      counts: { entries: 306, opaque: 305, issue: 1 },
    });
    // and it still detects damage in opaque entries
    flipByte(join(dir, 'tile/entries/001.p/50'), 10);
    expectFailure(await audit(newHome(), dir, false), 'LEDGER_ENTRY_MISMATCH');
  });
});

describe("the copy's derived index/", () => {
  const versionOf = (dir: string) => {
    const cp = openLedgerCheckpoint(dir, op.vkey);
    return indexVersionDir(dir, cp.size, cp.root);
  };
  const shardOf = (dir: string) => join(versionOf(dir), credDigest.slice(7, 10));
  const stateFile = (dir: string) => join(versionOf(dir), 'state');
  const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
  const indexMismatch = (r: RunResult, shard: string) => {
    expectFailure(r, 'LEDGER_INDEX_MISMATCH');
    expect(r.json().error.details.shard).toBe(shard);
    expect(r.json().error.hint).toMatch(/remove .*index.* rebuilds it.*who altered/);
  };

  it('a pulled copy audits clean with its index checked against the entries', async () => {
    const [vhome, dst] = await pinnedCopy();
    const a = await audit(vhome, dst, false);
    expect(a.code, a.stderr).toBe(0);
    expect(a.json().index).toMatchObject({
      status: 'match',
      version: basename(versionOf(dst)),
      others: [],
      legacy: false,
    });
  });

  it('a shard edited with its hash recomputed in the state (W4): LEDGER_INDEX_MISMATCH naming the shard', async () => {
    const [vhome, dst] = await pinnedCopy();
    const line = `${credDigest.slice(7)} ${credIndex}\n`;
    const text = readFileSync(shardOf(dst), 'utf8');
    expect(text).toContain(line);
    writeFileSync(shardOf(dst), text.replace(line, ''));
    const state = JSON.parse(readFileSync(stateFile(dst), 'utf8'));
    state.shards[credDigest.slice(7, 10)] = sha256(text.replace(line, ''));
    writeFileSync(stateFile(dst), JSON.stringify(state));
    indexMismatch(await audit(vhome, dst, false), credDigest.slice(7, 10));
    // the same from a home that never saw the copy, and with --vkey
    indexMismatch(await audit(newHome(), dst), credDigest.slice(7, 10));
  });

  it('a shard file altered, its state untouched: LEDGER_INDEX_MISMATCH', async () => {
    const [vhome, dst] = await pinnedCopy();
    appendFileSync(shardOf(dst), `${credDigest.slice(7)} 7\n`);
    indexMismatch(await audit(vhome, dst, false), credDigest.slice(7, 10));
  });

  it('lines for a shard no entry belongs in, and a state that leaves a shard out: LEDGER_INDEX_MISMATCH', async () => {
    let [vhome, dst] = await pinnedCopy();
    const listed = JSON.parse(readFileSync(stateFile(dst), 'utf8')).shards;
    const empty = Array.from({ length: 4096 }, (_, i) => i.toString(16).padStart(3, '0')).find((s) => !(s in listed))!;
    writeFileSync(join(versionOf(dst), empty), `${empty}${'0'.repeat(61)} 3\n`);
    indexMismatch(await audit(vhome, dst, false), empty);
    [vhome, dst] = await pinnedCopy();
    const state = JSON.parse(readFileSync(stateFile(dst), 'utf8'));
    const first = Object.keys(state.shards).sort()[0]!;
    delete state.shards[first];
    writeFileSync(stateFile(dst), JSON.stringify(state));
    indexMismatch(await audit(vhome, dst, false), first);
    writeFileSync(stateFile(dst), '{"version": 2');
    indexMismatch(await audit(vhome, dst, false), 'state');
  });

  it('a deleted index, or only an older one, is no error (a note); verify then rebuilds it and audit agrees', async () => {
    const [vhome, dst] = await pinnedCopy();
    rmSync(join(dst, 'index'), { recursive: true });
    const a = await audit(vhome, dst, false);
    expect(a.code, a.stderr).toBe(0);
    expect(a.json().index).toMatchObject({ status: 'missing', others: [] });
    expect((await verify(vhome, dst)).code).toBe(0);
    expect((await audit(vhome, dst, false)).json().index.status).toBe('match');
    // a stale version (an older tree) beside none for this one
    const older = join(dirname(versionOf(dst)), '300-0123456789abcdef');
    renameSync(versionOf(dst), older);
    const b = await audit(vhome, dst, false);
    expect(b.code, b.stderr).toBe(0);
    expect(b.json().index).toMatchObject({
      status: 'missing',
      others: [{ version: '300-0123456789abcdef', size: 300 }],
    });
  });

  it("after an audit that checked it, the home trusts the copy's index (records its digest)", async () => {
    const [vhome, dst] = await pinnedCopy();
    rmSync(indexRecordPath(vhome, ORIGIN));
    const a = await audit(vhome, dst, false);
    expect(a.code).toBe(0);
    expect(readIndexRecords(vhome, ORIGIN).map((r) => r.digest)).toEqual([a.json().index.digest]);
  });
});
