// The derived index DIR/index/<size>-<root>/: built from entries that reproduce the signed root,
// trusted by a verifier only through the records under its home (pins/<origin>.index.json),
// rebuilt when missing, damaged or altered (verify still answers right), extended after appends
// without touching published versions, and never returning entries at or beyond the checkpoint.
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Checkpoint } from '../../src/ledger/checkpoint.js';
import {
  ensureIndex,
  indexVersionDir,
  lookupCredential,
  OWN_INDEX,
  type IndexTrust,
} from '../../src/ledger/entry-index.js';
import { indexDigest, versionName } from '../../src/ledger/index-format.js';
import { openLedgerCheckpoint, type Operator } from '../../src/ledger/ledger.js';
import { commitEntries } from '../../src/ledger/commit.js';
import { indexRecordPath, readIndexRecords } from '../../src/ledger/pins.js';
import { TileReader } from '../../src/ledger/reader.js';
import { cleanup, NOW, NOW_S, radcred, tempDir } from '../helpers.js';
import { append, demoSigner, labelDigest, entry, issueJwt, newLedger, opaque, seedHex, seedSigner } from './support.js';

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
const shardName = (d: string) => hexOf(d).slice(0, 3);
const open = (dir: string): { cp: Checkpoint; reader: TileReader } => {
  const cp = openLedgerCheckpoint(dir, op.vkey);
  return { cp, reader: new TileReader(dir, cp.size) };
};
const versionDir = (dir: string, cp = open(dir).cp) => indexVersionDir(dir, cp.size, cp.root);
const shard = (dir: string, d: string, cp = open(dir).cp) => join(versionDir(dir, cp), shardName(d));
const stateOf = (dir: string, cp = open(dir).cp) =>
  JSON.parse(readFileSync(join(versionDir(dir, cp), 'state'), 'utf8'));
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
const verifier = (home = HOME): IndexTrust => ({ mode: 'verifier', home, origin: ORIGIN });
const versions = (dir: string) => readdirSync(join(dir, 'index')).filter((f) => /^\d+-[0-9a-f]{16}$/.test(f));
const statusOf = async (copy = COPY, home = HOME) => {
  const r = await radcred([
    '--home',
    home,
    '--now',
    NOW,
    '--json',
    'verify',
    credFile,
    '--any-issuer',
    '--ledger',
    copy,
  ]);
  return r.json().results[0].checks.find((c: { check: string }) => c.check === 'status').code as string;
};
const lookup = (dir: string, d: string, cp = open(dir).cp, trust: IndexTrust = OWN_INDEX) =>
  lookupCredential(dir, new TileReader(dir, cp.size), cp, d, trust);

/** Rewrites a version's shard and the state's hash of it, as someone who can write the copy could. */
function forge(dir: string, d: string, edit: (text: string) => string | null, cp = open(dir).cp): void {
  const path = shard(dir, d, cp);
  const state = stateOf(dir, cp);
  const text = edit(readFileSync(path, 'utf8'));
  rmSync(path); // a fresh inode: a hard-linked shard is shared with the version it was linked from
  if (text === null) delete state.shards[shardName(d)];
  else {
    writeFileSync(path, text);
    state.shards[shardName(d)] = sha256(text);
  }
  writeFileSync(join(versionDir(dir, cp), 'state'), JSON.stringify(state));
}

beforeAll(async () => {
  op = newLedger(L, ORIGIN, seedSigner(seedHex(50)));
  const cred = await issueJwt(issuer, demoSigner('priya').did, NOW_S - 10_000);
  digest = cred.digest;
  credFile = join(work, 'cred.jwt');
  writeFileSync(credFile, cred.jwt);
  const filler = (label: string, k: number) =>
    Array.from({ length: k }, (_, i) => entry(issuer, 'issue', labelDigest(`${label} ${i}`), NOW_S - 20_000));
  append(L, op, [
    ...filler('a', 100),
    entry(issuer, 'issue', digest, NOW_S - 10_000),
    ...filler('b', 200),
    ...opaque('o', 5),
  ]);
  revokeIndex = 306;
  append(L, op, [entry(issuer, 'revoke', digest, NOW_S - 5_000, 'revoked'), ...filler('c', 10)]);
  const r = await radcred(['--home', HOME, '--now', NOW, '--json', 'ledger', 'pull', L, COPY, '--vkey', op.vkey.text]);
  expect(r.code, r.stderr).toBe(0);
});

describe('the index content is a pure function of the tree', () => {
  it('the pulled copy has a version for its tree, naming both entries, and the home records its digest', async () => {
    const { cp } = open(COPY);
    expect(versions(COPY)).toEqual([versionName(cp.size, cp.root)]);
    expect(lookup(COPY, digest)).toEqual([100, revokeIndex]);
    expect(readFileSync(shard(COPY, digest), 'utf8')).toContain(`${hexOf(digest)} ${revokeIndex}\n`);
    const state = stateOf(COPY);
    expect(state).toMatchObject({ version: 2, size: cp.size, root: cp.root.toString('base64') });
    expect(readIndexRecords(HOME, ORIGIN)).toEqual([
      { size: cp.size, root: cp.root.toString('base64'), digest: indexDigest(cp.size, state.root, state.shards) },
    ]);
    expect(existsSync(indexRecordPath(HOME, ORIGIN))).toBe(true);
    expect(await statusOf()).toBe('REVOKED');
  });

  it('two builds of the same tree, by either trust, have the same digest and the same files', () => {
    const a = join(work, 'pure-a');
    const b = join(work, 'pure-b');
    for (const d of [a, b]) {
      cpSync(L, d, { recursive: true });
      rmSync(join(d, 'index'), { recursive: true, force: true });
    }
    const { cp, reader } = open(a);
    const own = ensureIndex(a, reader, cp, OWN_INDEX);
    const theirs = ensureIndex(b, new TileReader(b, cp.size), cp, verifier(join(work, 'pure-home')));
    expect(own.digest).toBe(theirs.digest);
    expect(own.published && theirs.published).toBe(true);
    const files = (d: string) =>
      Object.fromEntries(
        readdirSync(versionDir(d, cp)).map((f) => [f, readFileSync(join(versionDir(d, cp), f), 'utf8')]),
      );
    expect(files(a)).toEqual(files(b));
  });
});

describe('a missing, damaged or altered index is rebuilt', () => {
  it('deleted: verify still finds the revocation, and the index is back', async () => {
    rmSync(join(COPY, 'index'), { recursive: true });
    expect(await statusOf()).toBe('REVOKED');
    expect(stateOf(COPY)).toMatchObject({ size: open(COPY).cp.size });
  });

  it.each([
    ['garbage state', () => writeFileSync(join(versionDir(COPY), 'state'), '{not json')],
    [
      'a state for another root',
      () =>
        writeFileSync(
          join(versionDir(COPY), 'state'),
          JSON.stringify({ ...stateOf(COPY), root: Buffer.alloc(32).toString('base64') }),
        ),
    ],
    [
      'a state for a larger size',
      () => writeFileSync(join(versionDir(COPY), 'state'), JSON.stringify({ ...stateOf(COPY), size: 10_000 })),
    ],
    ['an empty state', () => writeFileSync(join(versionDir(COPY), 'state'), '')],
    ['the shard emptied', () => writeFileSync(shard(COPY, digest), '')],
    [
      'the revocation line removed from its shard',
      () =>
        writeFileSync(
          shard(COPY, digest),
          readFileSync(shard(COPY, digest), 'utf8').replace(`${hexOf(digest)} ${revokeIndex}\n`, ''),
        ),
    ],
    ['the shard deleted', () => rmSync(shard(COPY, digest))],
    [
      'the revocation line pointing elsewhere',
      () =>
        writeFileSync(
          shard(COPY, digest),
          readFileSync(shard(COPY, digest), 'utf8').replace(
            `${hexOf(digest)} ${revokeIndex}\n`,
            `${hexOf(digest)} 7\n`,
          ),
        ),
    ],
    // W4: whoever can write the copy recomputes the hashes too
    [
      'the revocation line removed, its hash recomputed in the state',
      () => forge(COPY, digest, (t) => t.replace(`${hexOf(digest)} ${revokeIndex}\n`, '')),
    ],
    ['the shard deleted and dropped from the state', () => forge(COPY, digest, () => null)],
    [
      'the revocation line pointing elsewhere, its hash recomputed',
      () => forge(COPY, digest, (t) => t.replace(`${hexOf(digest)} ${revokeIndex}\n`, `${hexOf(digest)} 7\n`)),
    ],
  ])('%s: verify still answers REVOKED', async (_what, damage) => {
    rmSync(join(COPY, 'index'), { recursive: true, force: true });
    expect(await statusOf()).toBe('REVOKED'); // a fresh index in place
    damage();
    expect(await statusOf()).toBe('REVOKED');
    // and the copy's version is whole again: what the entries give
    expect(lookup(COPY, digest)).toEqual([100, revokeIndex]);
    expect(readFileSync(shard(COPY, digest), 'utf8')).toContain(`${hexOf(digest)} ${revokeIndex}\n`);
  });

  it('a version the home has no record of is checked (rebuilt and compared) before it counts', async () => {
    const home = join(work, 'verifier-unrecorded');
    mkdirSync(join(home, 'pins'), { recursive: true });
    cpSync(join(HOME, 'pins'), join(home, 'pins'), { recursive: true });
    rmSync(indexRecordPath(home, ORIGIN));
    // an altered version, in a copy this home never indexed
    forge(COPY, digest, (t) => t.replace(`${hexOf(digest)} ${revokeIndex}\n`, ''));
    expect(lookup(COPY, digest, open(COPY).cp, verifier(home))).toEqual([100, revokeIndex]);
    expect(readIndexRecords(home, ORIGIN).map((r) => r.digest)).toEqual([
      readIndexRecords(HOME, ORIGIN).at(-1)!.digest,
    ]);
    // the altered version was replaced by the right one
    expect(readFileSync(shard(COPY, digest), 'utf8')).toContain(`${hexOf(digest)} ${revokeIndex}\n`);
  });

  it('an index on a copy whose index/ cannot be made is built in memory', () => {
    const copy = join(work, 'blocked-copy');
    cpSync(COPY, copy, { recursive: true });
    rmSync(join(copy, 'index'), { recursive: true });
    writeFileSync(join(copy, 'index'), 'not a directory');
    const info = ensureIndex(copy, open(copy).reader, open(copy).cp, verifier(join(work, 'blocked-home')));
    expect(info.published).toBe(false);
    expect(lookup(copy, digest, open(copy).cp, verifier(join(work, 'blocked-home')))).toEqual([100, revokeIndex]);
    expect(readFileSync(join(copy, 'index'), 'utf8')).toBe('not a directory');
  });

  it('a symlinked index/ is read through but never written into or pruned', () => {
    const copy = join(work, 'symlinked-copy');
    cpSync(COPY, copy, { recursive: true });
    const elsewhere = join(work, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'state'), 'not ours');
    writeFileSync(join(elsewhere, 'abc'), 'not ours either');
    rmSync(join(copy, 'index'), { recursive: true });
    symlinkSync(elsewhere, join(copy, 'index'));
    expect(lookup(copy, digest, open(copy).cp, verifier(join(work, 'symlink-home')))).toEqual([100, revokeIndex]);
    expect(readdirSync(elsewhere).sort()).toEqual(['abc', 'state']);
  });

  it.skipIf(process.getuid?.() === 0)(
    'an index on a copy that cannot be written is built in memory (and a home that cannot be written records nothing)',
    async () => {
      const copy = join(work, 'readonly-copy');
      cpSync(COPY, copy, { recursive: true });
      forge(copy, digest, (t) => t.replace(`${hexOf(digest)} ${revokeIndex}\n`, ''));
      const home = join(work, 'readonly-home');
      mkdirSync(join(home, 'pins'), { recursive: true });
      cpSync(join(HOME, 'pins'), join(home, 'pins'), { recursive: true });
      rmSync(indexRecordPath(home, ORIGIN));
      const { chmodSync } = await import('node:fs');
      const lock = (mode: number) => {
        for (const d of [join(copy, 'index'), versionDir(copy), join(home, 'pins')]) chmodSync(d, mode);
      };
      lock(0o555);
      try {
        expect(lookup(copy, digest, open(copy).cp, verifier(home))).toEqual([100, revokeIndex]);
        expect(readIndexRecords(home, ORIGIN)).toEqual([]);
      } finally {
        lock(0o755);
      }
    },
  );
});

describe('the index is built only from entries that match the tree', () => {
  it('a revocation altered in the bundle is not silently dropped when the index is rebuilt', async () => {
    const home = join(work, 'verifier2');
    const copy = join(work, 'copy2');
    expect(
      (await radcred(['--home', home, '--now', NOW, '--json', 'ledger', 'pull', L, copy, '--vkey', op.vkey.text])).code,
    ).toBe(0);
    // the revocation (entry 306 = bundle 001, entry 50) now names another credential
    const bundle = join(copy, 'tile/entries/001.p/61');
    const b = readFileSync(bundle);
    const at = b.indexOf(`credential ${digest}`);
    expect(at).toBeGreaterThan(0);
    b[at + 'credential sha256:'.length]! ^= 0x01;
    writeFileSync(bundle, b);
    const verify = () =>
      radcred(['--home', home, '--now', NOW, '--json', 'verify', credFile, '--any-issuer', '--ledger', copy]);
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

  it('a planted older version is never extended by a verifier: only recorded ones are', async () => {
    const home = join(work, 'verifier3');
    const copy = join(work, 'copy3');
    cpSync(L, copy, { recursive: true }); // with the partial tiles of the older tree
    ensureIndex(copy, open(copy).reader, open(copy).cp, verifier(home));
    expect(readIndexRecords(home, ORIGIN)).toHaveLength(1);
    // A version for the older tree (size 306: before the revocation) made by hand, altered to
    // hide the issue entry, and the current version removed: a verifier must not build on it.
    const older = {
      ...open(copy).cp,
      size: revokeIndex,
      root: new TileReader(copy, open(copy).cp.size).rootAt(revokeIndex),
    };
    ensureIndex(copy, new TileReader(copy, older.size), older, OWN_INDEX);
    forge(copy, digest, (t) => t.replace(`${hexOf(digest)} 100\n`, ''), older);
    rmSync(versionDir(copy), { recursive: true });
    expect(lookup(copy, digest, open(copy).cp, verifier(home))).toEqual([100, revokeIndex]);
  });
});

describe('versions', () => {
  it('each commit publishes a new version extending the last: unchanged shards hard-linked, published ones never rewritten', async () => {
    const dir = join(work, 'incremental');
    cpSync(L, dir, { recursive: true });
    rmSync(join(dir, 'index'), { recursive: true, force: true });
    const { cp, reader } = open(dir);
    ensureIndex(dir, reader, cp, OWN_INDEX);
    const lines = (c: Checkpoint) =>
      readdirSync(versionDir(dir, c))
        .filter((f) => f !== 'state')
        .flatMap((f) =>
          readFileSync(join(versionDir(dir, c), f), 'utf8')
            .split('\n')
            .filter(Boolean),
        );
    expect(lines(cp).length).toBe(cp.size - 5); // every radcred entry once, opaque ones not at all
    const oldShard = shard(dir, digest, cp);
    const before = {
      ino: statSync(oldShard).ino,
      text: readFileSync(oldShard, 'utf8'),
      state: readFileSync(join(versionDir(dir, cp), 'state'), 'utf8'),
    };

    const fresh = labelDigest('incremental new');
    const r = await commitEntries(op, dir, [
      entry(issuer, 'issue', fresh, NOW_S),
      entry(issuer, 'suspend', digest, NOW_S, 'x'),
    ]);
    expect(r.appended).toBe(2);
    const next = r.checkpoint;
    expect(stateOf(dir, next)).toMatchObject({ size: cp.size + 2, root: next.root.toString('base64') });
    expect(lines(next).length).toBe(cp.size - 5 + 2);
    // the old version is untouched
    expect(readFileSync(oldShard, 'utf8')).toBe(before.text);
    expect(statSync(oldShard).ino).toBe(before.ino);
    expect(readFileSync(join(versionDir(dir, cp), 'state'), 'utf8')).toBe(before.state);
    // the new one extends it: the changed shard has the new line, an unchanged one is the same file
    expect(readFileSync(shard(dir, digest, next), 'utf8')).toBe(before.text + `${hexOf(digest)} ${cp.size + 1}\n`);
    const unchanged = readdirSync(versionDir(dir, cp)).find(
      (f) => f !== 'state' && f !== shardName(digest) && f !== shardName(fresh),
    )!;
    expect(statSync(join(versionDir(dir, next), unchanged)).ino).toBe(
      statSync(join(versionDir(dir, cp), unchanged)).ino,
    );
    expect(lookup(dir, fresh)).toEqual([cp.size]);
    expect(lookup(dir, digest)).toEqual([100, revokeIndex, cp.size + 1]);
  });

  it('older versions are removed (the newest two kept), as are dead builds and the old layout', async () => {
    const dir = join(work, 'pruned');
    cpSync(L, dir, { recursive: true });
    rmSync(join(dir, 'index'), { recursive: true, force: true });
    ensureIndex(dir, open(dir).reader, open(dir).cp, OWN_INDEX);
    mkdirSync(join(dir, 'index', '.build-999999999-0123456789ab')); // a build whose process died
    writeFileSync(join(dir, 'index', 'state'), '{}'); // the old single-directory layout
    writeFileSync(join(dir, 'index', '0ab'), 'x 1\n');
    const made = [open(dir).cp];
    for (let k = 0; k < 3; k++)
      made.push((await commitEntries(op, dir, [entry(issuer, 'issue', labelDigest(`pruned ${k}`), NOW_S)])).checkpoint);
    expect(versions(dir).sort()).toEqual(
      made
        .slice(-2)
        .map((c) => versionName(c.size, c.root))
        .sort(),
    );
    expect(readdirSync(join(dir, 'index')).filter((f) => !versions(dir).includes(f))).toEqual([]);
  });

  it('a version that vanishes under a reader is resolved again', () => {
    const dir = join(work, 'vanishing');
    cpSync(COPY, dir, { recursive: true });
    const { cp } = open(dir);
    expect(lookup(dir, digest, cp)).toEqual([100, revokeIndex]);
    // another process replaced it (renamed away): this process's handle no longer finds the shard
    renameSync(versionDir(dir, cp), join(dir, 'index', 'elsewhere'));
    expect(lookup(dir, digest, cp)).toEqual([100, revokeIndex]);
    expect(existsSync(shard(dir, digest, cp))).toBe(true);
  });

  it('an identical version published by another process first is kept, not replaced', () => {
    const dir = join(work, 'race');
    cpSync(COPY, dir, { recursive: true });
    const { cp } = open(dir);
    const other = join(work, 'race-other');
    cpSync(COPY, other, { recursive: true });
    rmSync(join(dir, 'index'), { recursive: true });
    rmSync(join(other, 'index'), { recursive: true });
    ensureIndex(other, new TileReader(other, cp.size), cp, OWN_INDEX);
    // "another process" published it in dir meanwhile: its files, hard-linked so a replacement would show
    mkdirSync(join(dir, 'index'));
    mkdirSync(versionDir(dir, cp));
    for (const f of readdirSync(versionDir(other, cp)))
      linkSync(join(versionDir(other, cp), f), join(versionDir(dir, cp), f));
    const ino = statSync(join(versionDir(dir, cp), 'state')).ino;
    const home = join(work, 'race-home');
    expect(lookup(dir, digest, cp, verifier(home))).toEqual([100, revokeIndex]);
    expect(statSync(join(versionDir(dir, cp), 'state')).ino).toBe(ino);
    expect(readIndexRecords(home, ORIGIN)).toHaveLength(1);
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
    const path = shard(dir, digest, older);
    appendFileSync(
      path,
      `${hexOf(digest)} ${revokeIndex}\n${hexOf(digest)} ${revokeIndex + 1}\n${hexOf(digest)} ${all.size}\n${hexOf(digest)} 99999\n`,
    );
    const state = stateOf(dir, older);
    expect(state.size).toBe(revokeIndex);
    state.shards[shardName(digest)] = sha256(readFileSync(path));
    writeFileSync(join(versionDir(dir, older), 'state'), JSON.stringify(state));
    expect(lookup(dir, digest, older)).toEqual([100]);
    expect(readFileSync(path, 'utf8')).toContain(' 99999\n'); // the operator's own index was used as it was, not rebuilt
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
    ensureIndex(dir, open(dir).reader, open(dir).cp, OWN_INDEX);
    expect(lookup(dir, digest)).toEqual([100, revokeIndex]);
  });
});
