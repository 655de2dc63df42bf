// tlog-tiles path encoding and tile arithmetic, against the examples in the spec's own text.
import { describe, expect, it } from 'vitest';
import { encodeTileIndex, hashesAtLevel, tilePath, tilesFor, tileWidth } from '../../src/ledger/tiles.js';
import { requiredTiles } from './support.js';

describe('tile paths', () => {
  it.each([
    [0, '000'],
    [1, '001'],
    [999, '999'],
    [1000, 'x001/000'],
    [1234, 'x001/234'],
    [1234067, 'x001/x234/067'],
    [1000000, 'x001/x000/000'],
    [999999999, 'x999/x999/999'],
  ])('encodes tile index %i as %s', (n, path) => {
    expect(encodeTileIndex(n)).toBe(path);
  });

  it('names full and partial tiles and bundles', () => {
    expect(tilePath(0, 1234067, 256)).toBe('tile/0/x001/x234/067');
    expect(tilePath(2, 5, 17)).toBe('tile/2/005.p/17');
    expect(tilePath('entries', 1234067, 1)).toBe('tile/entries/x001/x234/067.p/1');
    expect(tilePath('entries', 0, 256)).toBe('tile/entries/000');
    expect(tilePath(1, 0, 255)).toBe('tile/1/000.p/255');
  });
});

describe('tiles of a tree size', () => {
  it("the spec's example: a tree of size 70,000", () => {
    const tiles = tilesFor(70_000);
    const level = (l: number) => tiles.filter((t) => t.level === l);
    expect(level(0).filter((t) => t.width === 256).length).toBe(273);
    expect(level(0).filter((t) => t.width < 256)).toEqual([{ level: 0, index: 273, width: 112 }]);
    expect(level(1)).toEqual([
      { level: 1, index: 0, width: 256 },
      { level: 1, index: 1, width: 17 },
    ]);
    expect(level(2)).toEqual([{ level: 2, index: 0, width: 1 }]);
    expect(tiles.filter((t) => typeof t.level === 'number' && t.level > 2)).toEqual([]);
    const bundles = tiles.filter((t) => t.level === 'entries');
    expect(bundles.length).toBe(274);
    expect(bundles.at(-1)).toEqual({ level: 'entries', index: 273, width: 112 });
    expect(tiles.map((t) => tilePath(t.level, t.index, t.width))).toContain('tile/2/000.p/1');
    expect(tiles.map((t) => tilePath(t.level, t.index, t.width))).toContain('tile/0/273.p/112');
  });

  it('a tree of size 256 is one full level-0 tile and a level-1 tile of width 1', () => {
    expect(
      tilesFor(256)
        .map((t) => tilePath(t.level, t.index, t.width))
        .sort(),
    ).toEqual(['tile/0/000', 'tile/1/000.p/1', 'tile/entries/000']);
  });

  it('the empty tree needs no tiles', () => {
    expect(tilesFor(0)).toEqual([]);
  });

  it.each([1, 2, 255, 256, 257, 511, 512, 513, 65535, 65536, 65537, 70_000, 16_777_217])(
    'agrees with the spec text for size %i',
    (size) => {
      const got = tilesFor(size)
        .map((t) => tilePath(t.level, t.index, t.width))
        .sort();
      expect(got).toEqual(
        requiredTiles(size)
          .map((t) => t.path)
          .sort(),
      );
    },
  );

  it('lists only the tiles that changed since a smaller size', () => {
    const paths = (size: number, from = 0) =>
      new Set(tilesFor(size, from).map((t) => tilePath(t.level, t.index, t.width)));
    for (const [from, size] of [
      [0, 300],
      [5, 8],
      [255, 256],
      [256, 257],
      [300, 70_000],
      [65_536, 65_537],
      [70_000, 70_000],
    ] as const) {
      const all = paths(size);
      const before = paths(from);
      const need = [...all].filter((p) => !before.has(p));
      const listed = paths(size, from);
      // everything new is listed; what is listed is needed at `size`
      for (const p of need) expect(listed.has(p), `${p} for ${from} -> ${size}`).toBe(true);
      for (const p of listed) expect(all.has(p)).toBe(true);
    }
  });

  it('widths and level counts', () => {
    expect(hashesAtLevel(70_000, 0)).toBe(70_000);
    expect(hashesAtLevel(70_000, 1)).toBe(273);
    expect(hashesAtLevel(70_000, 2)).toBe(1);
    expect(hashesAtLevel(70_000, 3)).toBe(0);
    expect(tileWidth(70_000, 0, 272)).toBe(256);
    expect(tileWidth(70_000, 0, 273)).toBe(112);
    expect(tileWidth(70_000, 0, 274)).toBe(0);
    expect(tileWidth(512, 0, 2)).toBe(0);
    expect(tileWidth(512, 1, 0)).toBe(2);
  });
});
