// Storage: a ledger built by appendEntries has exactly the tiles and entry bundles tlog-tiles
// requires, each byte equal to an independent RFC 6962 computation; batching does not change
// the result; the checkpoint is a C2SP checkpoint signed by the origin's key; bytes beyond the
// checkpoint are ignored and overwritten.
import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RadcredError } from '../../src/errors.js';
import { auditRange } from '../../src/ledger/audit.js';
import { openLedgerCheckpoint, readPublishedVkey } from '../../src/ledger/ledger.js';
import { EMPTY_ROOT } from '../../src/ledger/merkle.js';
import { parseVkey } from '../../src/ledger/note.js';
import { TileReader } from '../../src/ledger/reader.js';
import { tilePath, tilesFor } from '../../src/ledger/tiles.js';
import { cleanup, radcred, tempDir } from '../helpers.js';
import {
  RefTree,
  append,
  listFiles,
  newLedger,
  opaque,
  refBundle,
  refTile,
  requiredTiles,
  seedHex,
  seedSigner,
} from './support.js';

const ORIGIN = 'ledger.example/storage';
const signer = seedSigner(seedHex(10));
const work = tempDir('radcred-append-');
afterAll(() => cleanup(work));

let n = 0;
const fresh = () => {
  const dir = join(work, `l${n++}`);
  return { dir, op: newLedger(dir, ORIGIN, signer) };
};

/** Checks every required file byte for byte against the reference tree, and the signed root. */
function expectTiles(dir: string, entries: Buffer[]): void {
  const tree = RefTree.ofEntries(entries);
  for (const t of requiredTiles(entries.length)) {
    const path = join(dir, t.path);
    expect(existsSync(path), t.path).toBe(true);
    const bytes = readFileSync(path);
    if (t.level === 'entries') {
      expect(bytes.equals(refBundle(entries.slice(t.index * 256, t.index * 256 + t.width))), t.path).toBe(true);
    } else {
      expect(bytes.length, t.path).toBe(t.width * 32);
      expect(bytes.equals(refTile(tree, t.level, t.index, t.width)), t.path).toBe(true);
    }
  }
  const cp = openLedgerCheckpoint(dir, readPublishedVkey(dir));
  expect(cp.size).toBe(entries.length);
  expect(cp.root.equals(tree.root()), 'root').toBe(true);
}

describe('a new ledger', () => {
  it('has size 0, the empty root, and publishes its vkey', () => {
    const { dir, op } = fresh();
    expect(listFiles(dir)).toEqual(['checkpoint', 'vkey']);
    const cp = openLedgerCheckpoint(dir, op.vkey);
    expect(cp.size).toBe(0);
    expect(cp.root.equals(EMPTY_ROOT)).toBe(true);
    expect(readFileSync(join(dir, 'vkey'), 'utf8')).toBe(op.vkey.text + '\n');
  });

  it('refuses to initialise a non-empty directory', () => {
    const { dir } = fresh();
    try {
      newLedger(dir, ORIGIN, signer);
      expect.unreachable();
    } catch (e) {
      expect((e as RadcredError).code).toBe('LEDGER_EXISTS');
    }
  });
});

describe('tiles after appending', () => {
  it.each([1, 2, 255, 256, 257, 511, 512, 513, 1000])(
    'size %i in one batch: exactly the required files, byte for byte',
    (size) => {
      const { dir, op } = fresh();
      const entries = opaque(`one batch ${size}`, size);
      const r = append(dir, op, entries);
      expect(r.firstIndex).toBe(0);
      expect(r.checkpoint.size).toBe(size);
      expectTiles(dir, entries);
      expect(listFiles(dir)).toEqual(['checkpoint', 'vkey', ...requiredTiles(size).map((t) => t.path)].sort());
    },
  );

  it('batches of every awkward size give the same tiles and root as one batch', () => {
    const entries = opaque('batched', 1300);
    const one = fresh();
    append(one.dir, one.op, entries);
    const many = fresh();
    let at = 0;
    for (const k of [1, 1, 253, 1, 1, 255, 256, 1, 0, 257, 211, 63]) {
      const r = append(many.dir, many.op, entries.slice(at, at + k));
      expect(r.firstIndex).toBe(at);
      at += k;
      expectTiles(many.dir, entries.slice(0, at));
    }
    expect(at).toBe(1300);
    for (const t of requiredTiles(1300))
      expect(readFileSync(join(many.dir, t.path)).equals(readFileSync(join(one.dir, t.path))), t.path).toBe(true);
    // Ed25519 is deterministic: the same tree gives the same checkpoint, byte for byte
    expect(readFileSync(join(many.dir, 'checkpoint'), 'utf8')).toBe(readFileSync(join(one.dir, 'checkpoint'), 'utf8'));
  });

  it('a tree of 70,000 (three tile levels), appended in batches across tile boundaries', async () => {
    const entries = opaque('seventy thousand', 70_000);
    const many = fresh();
    for (const [from, to] of [
      [0, 1],
      [1, 256],
      [256, 30_000],
      [30_000, 65_535],
      [65_535, 65_537],
      [65_537, 70_000],
    ] as const) {
      append(many.dir, many.op, entries.slice(from, to));
    }
    // byte for byte what the spec requires (so also what one batch writes, see above)
    expectTiles(many.dir, entries);
    expect(existsSync(join(many.dir, 'tile/2/000.p/1'))).toBe(true);
    expect(existsSync(join(many.dir, 'tile/1/001.p/17'))).toBe(true);
    expect(existsSync(join(many.dir, 'tile/0/273.p/112'))).toBe(true);
    const cp = openLedgerCheckpoint(many.dir, many.op.vkey);
    expect((await auditRange(new TileReader(many.dir, cp.size), cp, 0)).opaque).toBe(70_000);
  });

  it('entries of 0 and 65535 bytes are leaves like any other; larger ones are refused', () => {
    const { dir, op } = fresh();
    const entries = [Buffer.alloc(0), randomBytes(65_535), Buffer.from('x')];
    append(dir, op, entries);
    expectTiles(dir, entries);
    try {
      append(dir, op, [Buffer.alloc(65_536)]);
      expect.unreachable();
    } catch (e) {
      expect((e as RadcredError).code).toBe('ENTRY_TOO_LARGE');
    }
    expect(openLedgerCheckpoint(dir, op.vkey).size).toBe(3);
  });

  it('an empty batch changes nothing', () => {
    const { dir, op } = fresh();
    append(dir, op, opaque('e', 3));
    const before = readFileSync(join(dir, 'checkpoint'));
    expect(append(dir, op, []).checkpoint.size).toBe(3);
    expect(readFileSync(join(dir, 'checkpoint')).equals(before)).toBe(true);
  });
});

describe('the checkpoint and vkey files', () => {
  it('the checkpoint is a C2SP checkpoint note signed by the key named after the origin', () => {
    const { dir, op } = fresh();
    const entries = opaque('cp', 42);
    append(dir, op, entries);
    const note = readFileSync(join(dir, 'checkpoint'), 'utf8');
    const m = /^([^\n]+)\n(0|[1-9][0-9]*)\n([A-Za-z0-9+/]{43}=)\n\n\u2014 (\S+) ([A-Za-z0-9+/]+=*)\n$/u.exec(note);
    expect(m).not.toBeNull();
    const [, origin, size, root, keyName, sig] = m!;
    expect(origin).toBe(ORIGIN);
    expect(keyName).toBe(ORIGIN);
    expect(Number(size)).toBe(42);
    expect(Buffer.from(root!, 'base64').equals(RefTree.ofEntries(entries).root())).toBe(true);
    // key ID || Ed25519 signature over the note text (up to and including the root line's newline)
    const sigBytes = Buffer.from(sig!, 'base64');
    expect(sigBytes.length).toBe(68);
    const vkeyText = readFileSync(join(dir, 'vkey'), 'utf8').trim();
    const [vName, vId, vKey] = [
      vkeyText.slice(0, vkeyText.indexOf('+')),
      vkeyText.split('+')[1]!,
      Buffer.from(vkeyText.split('+').slice(2).join('+'), 'base64'),
    ];
    expect(vName).toBe(ORIGIN);
    expect(sigBytes.subarray(0, 4).toString('hex')).toBe(vId);
    expect(vKey[0]).toBe(0x01);
    const pub = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: vKey.subarray(1).toString('base64url') },
      format: 'jwk',
    });
    const text = `${origin}\n${size}\n${root}\n`;
    expect(verify(null, Buffer.from(text), pub, sigBytes.subarray(4))).toBe(true);
  });

  it('the vkey file parses, and is the operator key', () => {
    const { dir, op } = fresh();
    const v = parseVkey(readFileSync(join(dir, 'vkey'), 'utf8'));
    expect(v.text).toBe(op.vkey.text);
    expect(v.name).toBe(ORIGIN);
  });
});

describe('bytes beyond the checkpoint', () => {
  it('garbage tiles and bundles for a larger size are ignored, then overwritten by the next append', async () => {
    const { dir, op } = fresh();
    const entries = opaque('beyond', 900);
    append(dir, op, entries.slice(0, 300));
    // Someone (a crashed append) left files for size 600 and 900: random bytes of the right sizes.
    for (const size of [600, 900]) {
      for (const t of tilesFor(size, 300)) {
        const path = join(dir, tilePath(t.level, t.index, t.width));
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, t.level === 'entries' ? randomBytes(t.width * 20) : randomBytes(t.width * 32));
      }
    }
    const vkey = op.vkey.text;
    const home = join(dir, '..', `home${n}`);
    const clean = async () => {
      const r = await radcred(['--home', home, '--json', 'ledger', 'audit', dir, '--vkey', vkey]);
      expect(r.code, r.stderr).toBe(0);
      return r.json();
    };
    expect((await clean()).size).toBe(300);
    append(dir, op, entries.slice(300, 600));
    expect((await clean()).size).toBe(600);
    append(dir, op, entries.slice(600, 900));
    expect((await clean()).size).toBe(900);
    expectTiles(dir, entries);
  });

  it('an append over damaged tiles is refused rather than extending them', () => {
    const { dir, op } = fresh();
    append(dir, op, opaque('damaged', 10));
    const tile = join(dir, 'tile/0/000.p/10');
    const b = readFileSync(tile);
    b[5]! ^= 1;
    writeFileSync(tile, b);
    try {
      append(dir, op, opaque('more', 1));
      expect.unreachable();
    } catch (e) {
      expect((e as RadcredError).code).toBe('LEDGER_ROOT_MISMATCH');
    }
    expect(openLedgerCheckpoint(dir, op.vkey).size).toBe(10);
  });
});
