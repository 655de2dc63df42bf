// TileReader refuses a tile or entry bundle of the wrong size (LEDGER_TILE_SIZE, a ledger
// integrity failure) by its size alone: a 100 MB file is refused from its stat, never read.
import { appendFileSync, cpSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HASH_SIZE } from '../../src/ledger/merkle.js';
import { TileReader } from '../../src/ledger/reader.js';
import { TILE_WIDTH } from '../../src/ledger/tiles.js';
import { cleanup, errorOf, tempDir } from '../helpers.js';
import { append, newLedger, opaque, seedHex, seedSigner } from './support.js';

const work = tempDir('radcred-reader-');
const BASE = join(work, 'base');
const SIZE = 300; // tile/0/000 (full), tile/0/001.p/44, tile/entries/000, tile/entries/001.p/44
const HUNDRED_MB = 100 * 1024 * 1024;
let n = 0;
const copy = () => {
  const dir = join(work, `copy${n++}`);
  cpSync(BASE, dir, { recursive: true });
  return dir;
};

beforeAll(() => {
  const op = newLedger(BASE, 'ledger.example/reader', seedSigner(seedHex(30), 'ed25519', 'operator'));
  append(BASE, op, opaque('leaf', SIZE));
});
afterAll(() => cleanup(work));

describe('TileReader: tile sizes', () => {
  it('reads tiles of exactly the width the tree size implies (control)', () => {
    const r = new TileReader(BASE, SIZE);
    expect(r.tile(0, 0).length).toBe(TILE_WIDTH * HASH_SIZE);
    expect(r.tile(0, 1).length).toBe((SIZE - TILE_WIDTH) * HASH_SIZE);
    expect(r.bundle(1)).toHaveLength(SIZE - TILE_WIDTH);
  });

  it.each([
    ['a full tile one byte short', 'tile/0/000', (p: string) => truncateSync(p, TILE_WIDTH * HASH_SIZE - 1)],
    ['a partial tile one hash short', 'tile/0/001.p/44', (p: string) => truncateSync(p, 43 * HASH_SIZE)],
    ['a partial tile padded by one byte', 'tile/0/001.p/44', (p: string) => appendFileSync(p, Buffer.alloc(1))],
    ['a full tile grown (sparse) to 100 MB', 'tile/0/000', (p: string) => truncateSync(p, HUNDRED_MB)],
    ['an empty tile', 'tile/0/000', (p: string) => truncateSync(p, 0)],
  ])('%s is LEDGER_TILE_SIZE (a ledger failure)', (_why, rel, damage) => {
    const dir = copy();
    damage(join(dir, rel));
    const index = rel.startsWith('tile/0/000') ? 0 : 1;
    const e = errorOf(() => new TileReader(dir, SIZE).tile(0, index));
    expect(e.code).toBe('LEDGER_TILE_SIZE');
    expect(e.kind).toBe('ledger');
  });

  it('an entry bundle grown (sparse) to 100 MB is LEDGER_TILE_SIZE, refused by its size', () => {
    const dir = copy();
    truncateSync(join(dir, 'tile/entries/000'), HUNDRED_MB);
    const e = errorOf(() => new TileReader(dir, SIZE).entry(0));
    expect(e.code).toBe('LEDGER_TILE_SIZE');
    expect(e.kind).toBe('ledger');
  });

  it('an entry bundle cut short is LEDGER_BUNDLE_MALFORMED', () => {
    const dir = copy();
    truncateSync(join(dir, 'tile/entries/001.p/44'), 10);
    expect(errorOf(() => new TileReader(dir, SIZE).entry(TILE_WIDTH)).code).toBe('LEDGER_BUNDLE_MALFORMED');
  });
});
