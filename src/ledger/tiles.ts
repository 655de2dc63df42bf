// @internal (src/ledger only)
// tlog-tiles paths and tile arithmetic (c2sp.org/tlog-tiles).
export const TILE_WIDTH = 256;
export const TILE_HEIGHT = 8;

/** Tile index as zero-padded 3-digit path elements, all but the last prefixed "x": 1234067 -> x001/x234/067. */
export function encodeTileIndex(n: number): string {
  const groups: string[] = [];
  let rest = n;
  do {
    groups.unshift(String(rest % 1000).padStart(3, '0'));
    rest = Math.floor(rest / 1000);
  } while (rest > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? 'x' + g : g)).join('/');
}

/** `tile/<L>/<N>[.p/<W>]` (or `tile/entries/...` for level 'entries'); width 256 means full. */
export function tilePath(level: number | 'entries', index: number, width: number): string {
  return `tile/${level}/${encodeTileIndex(index)}${width < TILE_WIDTH ? `.p/${width}` : ''}`;
}

/** Number of hashes at tile level L for a tree of `size` leaves: floor(size / 256^L). */
export const hashesAtLevel = (size: number, level: number) => Math.floor(size / TILE_WIDTH ** level);

/** Width of tile `index` at `level` in a tree of `size` (0 if it does not exist). */
export function tileWidth(size: number, level: number, index: number): number {
  const count = hashesAtLevel(size, level);
  const full = Math.floor(count / TILE_WIDTH);
  if (index < full) return TILE_WIDTH;
  if (index === full) return count % TILE_WIDTH;
  return 0;
}

/** Every tile path (levels and entry bundles) a tree of `size` needs, from `fromSize` on. */
export function tilesFor(size: number, fromSize = 0): { level: number | 'entries'; index: number; width: number }[] {
  const out: { level: number | 'entries'; index: number; width: number }[] = [];
  for (let level = 0; hashesAtLevel(size, level) > 0; level++) {
    const first = Math.floor(hashesAtLevel(fromSize, level) / TILE_WIDTH);
    const last = Math.ceil(hashesAtLevel(size, level) / TILE_WIDTH) - 1;
    for (let index = first; index <= last; index++) {
      const width = tileWidth(size, level, index);
      if (width > 0) {
        out.push({ level, index, width });
        if (level === 0) out.push({ level: 'entries', index, width });
      }
    }
  }
  return out;
}
