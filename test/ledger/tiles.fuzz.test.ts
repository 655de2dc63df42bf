// Properties of the tlog-tiles layer: tile paths match the spec's arithmetic for any index and
// size; an entry bundle parses only as exactly what it encodes; a TileReader at any tree size
// reads the right hashes or throws a RadcredError; and a ledger directory with any one required
// file (tile, entry bundle, checkpoint) mutated, truncated or missing never passes an audit.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditRange } from '../../src/ledger/audit.js';
import { openLedgerCheckpoint } from '../../src/ledger/ledger.js';
import { TileReader, encodeBundle, parseBundle } from '../../src/ledger/reader.js';
import { encodeTileIndex, tilePath, tilesFor } from '../../src/ledger/tiles.js';
import { cleanup, NOW_S, tempDir } from '../helpers.js';
import { fc, fuzzParams } from '../fuzz.js';
import { mutatedBytes, outcome, outcomeAsync } from '../fuzz-mutations.js';
import {
  RefTree,
  append,
  demoSigner,
  labelDigest,
  entry,
  newLedger,
  opaque,
  refTileIndex,
  requiredTiles,
  seedHex,
  seedSigner,
} from './support.js';

const work = tempDir('radcred-tiles-fuzz-');
afterAll(() => cleanup(work));

// 100 entries, then 200 more: size 300 (tiles 0/000, 0/001.p/44, 1/000.p/1), with the stale
// partial tiles of size 100 left behind as a real ledger leaves them.
const DIR = join(work, 'ledger');
const op = newLedger(DIR, 'ledger.example/tiles-fuzz', seedSigner(seedHex(50)));
const issuer = demoSigner('lakeshore');
const ENTRIES = Array.from({ length: 300 }, (_, i) =>
  i % 6 === 0 ? entry(issuer, 'issue', labelDigest(`tiles fuzz ${i}`), NOW_S) : opaque('tiles fuzz', 1, i)[0]!,
);
append(DIR, op, ENTRIES.slice(0, 100));
append(DIR, op, ENTRIES.slice(100));
const SIZE = ENTRIES.length;
const tree = RefTree.ofEntries(ENTRIES);
const REQUIRED = [...requiredTiles(SIZE).map((t) => t.path), 'checkpoint'];
const ORIGINALS = new Map(REQUIRED.map((p) => [p, readFileSync(join(DIR, p))]));

describe('tile arithmetic (fuzz)', () => {
  it('tile indexes are x-prefixed 3-digit groups for any safe integer', () => {
    fc.assert(
      fc.property(fc.oneof(fc.nat({ max: 10_000 }), fc.maxSafeNat()), (n) => {
        expect(encodeTileIndex(n)).toBe(refTileIndex(n));
      }),
      fuzzParams(60),
    );
  });

  it('tilesFor(size) names exactly the tiles the spec requires, and tilesFor(size, from) every tile that changed', () => {
    const paths = (tiles: { level: number | 'entries'; index: number; width: number }[]) =>
      new Set(tiles.map((t) => tilePath(t.level, t.index, t.width)));
    fc.assert(
      fc.property(fc.nat({ max: 140_000 }), fc.nat({ max: 140_000 }), (a, b) => {
        const [from, size] = a <= b ? [a, b] : [b, a];
        const all = paths(tilesFor(size));
        const required = new Set(requiredTiles(size).map((t) => t.path));
        expect(all.size === required.size && [...all].every((p) => required.has(p))).toBe(true);
        const before = new Set(requiredTiles(from).map((t) => t.path));
        const changed = paths(tilesFor(size, from));
        expect([...changed].every((p) => all.has(p))).toBe(true);
        expect([...all].every((p) => before.has(p) || changed.has(p))).toBe(true);
      }),
      fuzzParams(25),
    );
  });
});

describe('entry bundles (fuzz)', () => {
  const BUNDLE = ORIGINALS.get('tile/entries/001.p/44')!;
  it('random and mutated bundles: exactly the entries they encode, or LEDGER_BUNDLE_MALFORMED', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          mutatedBytes(BUNDLE),
          fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
        ),
        fc.integer({ min: 0, max: 256 }),
        (bytes, count) => {
          const r = outcome(() => parseBundle(bytes, count, 'tile/entries/fuzz'), ['ledger']);
          if (!r.ok) {
            expect(r.error.code).toBe('LEDGER_BUNDLE_MALFORMED');
            return;
          }
          expect(r.value.length).toBe(count);
          expect(encodeBundle(r.value).equals(bytes)).toBe(true);
        },
      ),
      fuzzParams(100),
    );
  });
});

describe('TileReader at any tree size (fuzz)', () => {
  it('reads the hashes of that prefix of the tree, or throws a RadcredError (a tile that size needs is missing)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: SIZE + 300 }), fc.maxSafeNat()), fc.nat(), (size, k) => {
        const reader = new TileReader(DIR, size);
        const root = outcome(() => reader.root(), ['ledger', 'input']);
        if (root.ok) expect(root.value.equals(tree.root(size))).toBe(true);
        if (size > 0) {
          const i = k % Math.min(size, 2 ** 40);
          const e = outcome(() => reader.entry(i), ['ledger', 'input']);
          if (e.ok) expect(e.value.equals(ENTRIES[i]!)).toBe(true);
          outcome(() => reader.inclusionProof(i), ['ledger', 'input']);
          outcome(() => reader.consistencyProof(1 + (k % size)), ['ledger', 'input']);
        }
      }),
      fuzzParams(80),
    );
  });
});

describe('audit of a ledger with one file damaged (fuzz)', () => {
  it('the undamaged ledger audits', async () => {
    const checkpoint = openLedgerCheckpoint(DIR, op.vkey);
    expect((await auditRange(new TileReader(DIR, checkpoint.size), checkpoint, 0)).entries).toBe(SIZE);
  });

  it('any required file mutated, truncated or removed: the audit fails with a RadcredError', async () => {
    const damage = fc
      .constantFrom(...REQUIRED)
      .chain((path) => fc.tuple(fc.constant(path), fc.option(mutatedBytes(ORIGINALS.get(path)!), { freq: 12 })));
    await fc.assert(
      fc.asyncProperty(damage, async ([path, bytes]) => {
        const file = join(DIR, path);
        fc.pre(bytes === null || !bytes.equals(ORIGINALS.get(path)!));
        try {
          if (bytes === null) rmSync(file);
          else writeFileSync(file, bytes);
          const r = await outcomeAsync(async () => {
            const checkpoint = openLedgerCheckpoint(DIR, op.vkey);
            return auditRange(new TileReader(DIR, checkpoint.size), checkpoint, 0);
          }, ['ledger', 'input']);
          expect(r.ok ? `audit passed with ${path} damaged` : 'refused').toBe('refused');
        } finally {
          writeFileSync(file, ORIGINALS.get(path)!);
        }
      }),
      fuzzParams(30),
    );
  });
});
