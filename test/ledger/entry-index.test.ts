// The derived index DIR/index/: rebuilt when missing or damaged (verify still answers right),
// updated incrementally after appends, and never returns entries at or beyond the checkpoint.
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Checkpoint } from '../../src/ledger/checkpoint.js';
import { lookupCredential, updateIndex } from '../../src/ledger/entry-index.js';
import { openLedgerCheckpoint, type Operator } from '../../src/ledger/ledger.js';
import { commitEntries } from '../../src/ledger/operations.js';
import { TileReader } from '../../src/ledger/reader.js';
import { cleanup, NOW, NOW_S, radcred, tempDir } from '../helpers.js';
import { append, demoSigner, digestOf, entry, issueJwt, newLedger, opaque, seedHex, seedSigner } from './support.js';

const work = tempDir('radcred-index-');
afterAll(() => cleanup(work));
const ORIGIN = 'ledger.example/index';
const issuer = demoSigner('tmb');
const L = join(work, 'ledger');
const HOME = join(work, 'verifier');
const COPY = join(work, 'copy');
let op: Operator;
let credFile: string;
let digest: string;
let revokeIndex: number;

const hexOf = (d: string) => d.slice('sha256:'.length);
const shard = (dir: string, d: string) => join(dir, 'index', hexOf(d).slice(0, 3));
const statusOf = async () => {
  const r = await radcred(['--home', HOME, '--now', NOW, '--json', 'verify', credFile, '--any-issuer', '--ledger', COPY]);
  return r.json().results[0].checks.find((c: { check: string }) => c.check === 'status').code as string;
};
const open = (dir: string): { cp: Checkpoint; reader: TileReader } => {
  const cp = openLedgerCheckpoint(dir, op.vkey);
  return { cp, reader: new TileReader(dir, cp.size) };
};
const lookup = (dir: string, d: string, cp = open(dir).cp) => lookupCredential(dir, new TileReader(dir, cp.size), cp, d);

beforeAll(async () => {
  op = newLedger(L, ORIGIN, seedSigner(seedHex(50)));
  const cred = issueJwt(issuer, demoSigner('priya').did, NOW_S - 10_000);
  digest = cred.digest;
  credFile = join(work, 'cred.jwt');
  writeFileSync(credFile, cred.jwt);
  const filler = (label: string, k: number) => Array.from({ length: k }, (_, i) => entry(issuer, 'issue', digestOf(`${label} ${i}`), NOW_S - 20_000));
  append(L, op, [...filler('a', 100), entry(issuer, 'issue', digest, NOW_S - 10_000), ...filler('b', 200), ...opaque('o', 5)]);
  revokeIndex = 306;
  append(L, op, [entry(issuer, 'revoke', digest, NOW_S - 5_000, 'revoked'), ...filler('c', 10)]);
  const r = await radcred(['--home', HOME, '--now', NOW, '--json', 'ledger', 'pull', L, COPY, '--vkey', op.vkey.text]);
  expect(r.code, r.stderr).toBe(0);
});

describe('a damaged index is rebuilt', () => {
  it('the pulled copy has an index naming both entries', async () => {
    expect(lookup(COPY, digest)).toEqual([100, revokeIndex]);
    expect(readFileSync(shard(COPY, digest), 'utf8')).toContain(`${hexOf(digest)} ${revokeIndex}\n`);
    expect(await statusOf()).toBe('REVOKED');
  });

  it('deleted: verify still finds the revocation, and the index is back', async () => {
    rmSync(join(COPY, 'index'), { recursive: true });
    expect(await statusOf()).toBe('REVOKED');
    expect(JSON.parse(readFileSync(join(COPY, 'index', 'state'), 'utf8'))).toMatchObject({ size: open(COPY).cp.size });
  });

  it.each([
    ['garbage state', () => writeFileSync(join(COPY, 'index', 'state'), '{not json')],
    ['a state for another root', () => writeFileSync(join(COPY, 'index', 'state'), JSON.stringify({ size: open(COPY).cp.size, root: Buffer.alloc(32).toString('base64') }))],
    ['a state for a larger size', () => writeFileSync(join(COPY, 'index', 'state'), JSON.stringify({ size: 10_000, root: open(COPY).cp.root.toString('base64') }))],
    ['an empty state', () => writeFileSync(join(COPY, 'index', 'state'), '')],
    ['the shard emptied', () => writeFileSync(shard(COPY, digest), '')],
    ['the revocation line removed from its shard', () => writeFileSync(shard(COPY, digest), readFileSync(shard(COPY, digest), 'utf8').replace(`${hexOf(digest)} ${revokeIndex}\n`, ''))],
    ['the shard deleted', () => rmSync(shard(COPY, digest))],
    ['the revocation line pointing elsewhere', () => writeFileSync(shard(COPY, digest), readFileSync(shard(COPY, digest), 'utf8').replace(`${hexOf(digest)} ${revokeIndex}\n`, `${hexOf(digest)} 7\n`))],
  ])('%s: verify still answers REVOKED', async (_what, damage) => {
    rmSync(join(COPY, 'index'), { recursive: true, force: true });
    expect(await statusOf()).toBe('REVOKED'); // a fresh index in place
    damage();
    expect(await statusOf()).toBe('REVOKED');
    expect(lookup(COPY, digest)).toEqual([100, revokeIndex]);
  });
});

describe('the index is built only from entries that match the tree', () => {
  it('a revocation altered in the bundle is not silently dropped when the index is rebuilt', async () => {
    const home = join(work, 'verifier2');
    const copy = join(work, 'copy2');
    expect((await radcred(['--home', home, '--now', NOW, '--json', 'ledger', 'pull', L, copy, '--vkey', op.vkey.text])).code).toBe(0);
    // the revocation (entry 306 = bundle 001, entry 50) now names another credential
    const bundle = join(copy, 'tile/entries/001.p/61');
    const b = readFileSync(bundle);
    const at = b.indexOf(`credential ${digest}`);
    expect(at).toBeGreaterThan(0);
    b[at + 'credential sha256:'.length]! ^= 0x01;
    writeFileSync(bundle, b);
    const verify = () => radcred(['--home', home, '--now', NOW, '--json', 'verify', credFile, '--any-issuer', '--ledger', copy]);
    // with the index intact, the altered entry fails its inclusion proof
    let r = await verify();
    expect(r.code).toBe(4);
    expect(r.json().error.code).toBe('LEDGER_INCLUSION_FAILED');
    // rebuilt from the altered bundle, the index must not lose the revocation
    rmSync(join(copy, 'index'), { recursive: true });
    r = await verify();
    expect(r.code).toBe(4);
    expect(r.json().error.code).toBe('LEDGER_ENTRY_MISMATCH');
  });
});

describe('incremental updates', () => {
  it('adds only the new entries to the shards after each commit', async () => {
    const dir = join(work, 'incremental');
    cpSync(L, dir, { recursive: true });
    rmSync(join(dir, 'index'), { recursive: true, force: true });
    const { cp, reader } = open(dir);
    updateIndex(dir, reader, cp);
    const lines = () => readdirSync(join(dir, 'index')).filter((f) => f !== 'state' && !f.startsWith('.')).flatMap((f) => readFileSync(join(dir, 'index', f), 'utf8').split('\n').filter(Boolean));
    expect(lines().length).toBe(cp.size - 5); // every radcred entry once, opaque ones not at all
    const oldShard = shard(dir, digest);
    const before = { ino: statSync(oldShard).ino, text: readFileSync(oldShard, 'utf8') };

    const fresh = digestOf('incremental new');
    const r = await commitEntries(op, dir, [entry(issuer, 'issue', fresh, NOW_S), entry(issuer, 'suspend', digest, NOW_S, 'x')]);
    expect(r.appended).toBe(2);
    const state = JSON.parse(readFileSync(join(dir, 'index', 'state'), 'utf8'));
    expect(state).toMatchObject({ size: cp.size + 2, root: r.checkpoint.root.toString('base64') });
    expect(lines().length).toBe(cp.size - 5 + 2);
    // the old shard was extended, not rebuilt
    expect(statSync(oldShard).ino).toBe(before.ino);
    expect(readFileSync(oldShard, 'utf8')).toBe(before.text + `${hexOf(digest)} ${cp.size + 1}\n`);
    expect(lookup(dir, fresh)).toEqual([cp.size]);
    expect(lookup(dir, digest)).toEqual([100, revokeIndex, cp.size + 1]);
  });
});

describe('lookups stop at the checkpoint', () => {
  it('entries beyond the checkpoint size are never returned, whatever the index says', () => {
    const dir = join(work, 'bounded');
    cpSync(L, dir, { recursive: true });
    const all = open(dir).cp;
    expect(lookup(dir, digest, all)).toEqual([100, revokeIndex]);
    // an older checkpoint (size 306) does not see the revocation at 306
    const older = { ...all, size: revokeIndex, root: new TileReader(dir, all.size).rootAt(revokeIndex) };
    expect(lookup(dir, digest, older)).toEqual([100]);
    // lines for indices at or beyond the size, even in a shard the state vouches for, are ignored
    const path = shard(dir, digest);
    appendFileSync(path, `${hexOf(digest)} ${revokeIndex}\n${hexOf(digest)} ${revokeIndex + 1}\n${hexOf(digest)} ${all.size}\n${hexOf(digest)} 99999\n`);
    const state = JSON.parse(readFileSync(join(dir, 'index', 'state'), 'utf8'));
    expect(state.size).toBe(revokeIndex);
    state.shards[hexOf(digest).slice(0, 3)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    writeFileSync(join(dir, 'index', 'state'), JSON.stringify(state));
    expect(lookup(dir, digest, older)).toEqual([100]);
    expect(readFileSync(path, 'utf8')).toContain(' 99999\n'); // the index was used as it was, not rebuilt
    const found = lookup(dir, digest, all);
    expect(found).toContain(revokeIndex);
    expect(Math.max(...found)).toBeLessThan(all.size);
  });

  it('an entry appended beyond the checkpoint (an interrupted commit) is not found', async () => {
    const dir = join(work, 'interrupted');
    cpSync(L, dir, { recursive: true });
    const cp = readFileSync(join(dir, 'checkpoint'));
    append(dir, op, [entry(issuer, 'reinstate', digest, NOW_S)]);
    writeFileSync(join(dir, 'checkpoint'), cp); // the commit never happened
    expect(lookup(dir, digest)).toEqual([100, revokeIndex]);
    updateIndex(dir, open(dir).reader, open(dir).cp);
    expect(lookup(dir, digest)).toEqual([100, revokeIndex]);
  });
});
