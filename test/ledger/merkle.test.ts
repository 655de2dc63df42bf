// RFC 6962 proofs against the transparency-dev/merkle known answers, and proofs built by
// merkle.ts over an independent reference tree checked for every index of sizes 1..300 and
// around 65536.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_ROOT,
  consistencyProof,
  inclusionProof,
  leafHash,
  nodeHash,
  rangeHash,
  verifyConsistency,
  verifyInclusion,
} from '../../src/ledger/merkle.js';
import { SHARED } from '../helpers.js';
import { RefTree, refLeafHash, refNodeHash } from './support.js';

const VECTORS = join(SHARED, 'vectors', 'merkle');
const b64 = (s: string) => Buffer.from(s, 'base64');

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return jsonFiles(p);
      return name.endsWith('.json') ? [p] : [];
    });
}

interface InclusionVector {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}
interface ConsistencyVector {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

const inclusionFiles = jsonFiles(join(VECTORS, 'inclusion'));
const consistencyFiles = jsonFiles(join(VECTORS, 'consistency'));
const read = <T>(p: string): T => JSON.parse(readFileSync(p, 'utf8')) as T;

// The tree of the classic Certificate Transparency test inputs (transparency-dev/merkle testdata).
const CT_INPUTS = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((h) => Buffer.from(h, 'hex'));
const ctTree = RefTree.ofEntries(CT_INPUTS);

describe('known-answer vectors', () => {
  it('finds every vector file', () => {
    // transparency-dev/merkle @ 417fb0c testdata: 98 inclusion and 98 consistency cases
    expect(inclusionFiles.length).toBe(98);
    expect(consistencyFiles.length).toBe(98);
  });

  it.each(inclusionFiles.map((f) => [relative(VECTORS, f), f]))('inclusion %s', (_name, file) => {
    const v = read<InclusionVector>(file);
    const ok = verifyInclusion(v.leafIdx, v.treeSize, b64(v.leafHash), (v.proof ?? []).map(b64), b64(v.root));
    expect(ok).toBe(!v.wantErr);
  });

  it.each(consistencyFiles.map((f) => [relative(VECTORS, f), f]))('consistency %s', (_name, file) => {
    const v = read<ConsistencyVector>(file);
    const ok = verifyConsistency(v.size1, v.size2, (v.proof ?? []).map(b64), b64(v.root1), b64(v.root2));
    expect(ok).toBe(!v.wantErr);
  });

  it("the reference tree is the vectors' tree: root(8) = 5dc9da79...604328", () => {
    expect(ctTree.root(8).toString('hex')).toBe('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328');
    expect(rangeHash(ctTree.perfect, 0, 8).equals(ctTree.root(8))).toBe(true);
    expect(leafHash(Buffer.alloc(0)).equals(refLeafHash(Buffer.alloc(0)))).toBe(true);
    expect(nodeHash(CT_INPUTS[1]!, CT_INPUTS[2]!).equals(refNodeHash(CT_INPUTS[1]!, CT_INPUTS[2]!))).toBe(true);
    expect(EMPTY_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  const happyInclusion = inclusionFiles
    .map((f) => [relative(VECTORS, f), read<InclusionVector>(f)] as const)
    .filter(([n]) => n.endsWith('/happy-path.json'));
  const happyConsistency = consistencyFiles
    .map((f) => [relative(VECTORS, f), read<ConsistencyVector>(f)] as const)
    .filter(([n]) => n.endsWith('/happy-path.json'));

  it('has happy paths to rebuild', () => {
    expect(happyInclusion.length).toBe(5);
    expect(happyConsistency.length).toBe(5);
  });

  it.each(happyInclusion)('inclusionProof rebuilds %s', (_name, v) => {
    expect(v.wantErr).toBe(false);
    expect(ctTree.root(v.treeSize).equals(b64(v.root))).toBe(true);
    expect(ctTree.leaves[v.leafIdx]!.equals(b64(v.leafHash))).toBe(true);
    const built = inclusionProof(ctTree.perfect, v.leafIdx, 0, v.treeSize).map((h) => h.toString('base64'));
    expect(built).toEqual(v.proof ?? []);
  });

  it.each(happyConsistency)('consistencyProof rebuilds %s', (_name, v) => {
    expect(v.wantErr).toBe(false);
    expect(ctTree.root(v.size1).equals(b64(v.root1))).toBe(true);
    expect(ctTree.root(v.size2).equals(b64(v.root2))).toBe(true);
    const built = consistencyProof(ctTree.perfect, v.size1, v.size2).map((h) => h.toString('base64'));
    expect(built).toEqual(v.proof ?? []);
  });
});

describe('built proofs verify', () => {
  const leaves = Array.from({ length: 300 }, (_, i) => refLeafHash(Buffer.from(`leaf ${i}`)));
  const tree = new RefTree(leaves);
  const roots = Array.from({ length: 301 }, (_, n) => tree.root(n));

  it('roots of sizes 0..300 match the reference', () => {
    expect(roots[0]!.equals(EMPTY_ROOT)).toBe(true);
    for (let n = 1; n <= 300; n++) expect(rangeHash(tree.perfect, 0, n).equals(roots[n]!)).toBe(true);
  });

  it('every inclusion proof of every leaf of sizes 1..300', () => {
    let checked = 0;
    for (let n = 1; n <= 300; n++) {
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(tree.perfect, m, 0, n);
        if (!verifyInclusion(m, n, leaves[m]!, proof, roots[n]!))
          throw new Error(`inclusion ${m} in ${n} does not verify`);
        checked++;
      }
    }
    expect(checked).toBe((300 * 301) / 2);
  });

  it('every consistency proof between sizes 1..300', () => {
    let checked = 0;
    for (let n = 1; n <= 300; n++) {
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(tree.perfect, m, n);
        if (!verifyConsistency(m, n, proof, roots[m]!, roots[n]!))
          throw new Error(`consistency ${m} -> ${n} does not verify`);
        checked++;
      }
    }
    expect(checked).toBe((300 * 301) / 2);
  });

  it('built proofs fail for a wrong leaf, index, size or root', () => {
    const n = 37;
    const m = 21;
    const proof = inclusionProof(tree.perfect, m, 0, n);
    expect(verifyInclusion(m, n, leaves[m]!, proof, roots[n]!)).toBe(true);
    expect(verifyInclusion(m, n, leaves[m + 1]!, proof, roots[n]!)).toBe(false);
    expect(verifyInclusion(m + 1, n, leaves[m]!, proof, roots[n]!)).toBe(false);
    expect(verifyInclusion(m, n + 1, leaves[m]!, proof, roots[n + 1]!)).toBe(false);
    expect(verifyInclusion(m, n, leaves[m]!, proof, roots[n - 1]!)).toBe(false);
    expect(verifyInclusion(m, n, leaves[m]!, proof.slice(1), roots[n]!)).toBe(false);
    expect(verifyInclusion(m, n, leaves[m]!, [...proof, proof[0]!], roots[n]!)).toBe(false);
    expect(verifyInclusion(-1, n, leaves[m]!, proof, roots[n]!)).toBe(false);
    expect(verifyInclusion(n, n, leaves[m]!, proof, roots[n]!)).toBe(false);
    expect(verifyInclusion(m, Number.MAX_SAFE_INTEGER + 2, leaves[m]!, proof, roots[n]!)).toBe(false);
    const c = consistencyProof(tree.perfect, 13, n);
    expect(verifyConsistency(13, n, c, roots[13]!, roots[n]!)).toBe(true);
    expect(verifyConsistency(13, n, c, roots[12]!, roots[n]!)).toBe(false);
    expect(verifyConsistency(13, n, c, roots[13]!, roots[n - 1]!)).toBe(false);
    expect(verifyConsistency(14, n, c, roots[14]!, roots[n]!)).toBe(false);
    expect(verifyConsistency(13, n, c.slice(0, -1), roots[13]!, roots[n]!)).toBe(false);
    expect(verifyConsistency(0, n, [], EMPTY_ROOT, roots[n]!)).toBe(false);
  });

  it('around 65536 leaves', () => {
    const big = new RefTree(Array.from({ length: 65537 + 3 }, (_, i) => refLeafHash(Buffer.from(`big ${i}`))));
    for (const n of [65535, 65536, 65537, 65538]) {
      const root = big.root(n);
      expect(rangeHash(big.perfect, 0, n).equals(root)).toBe(true);
      for (const m of [0, 1, 255, 256, 257, 32767, 32768, 65279, 65280, 65534, n - 1]) {
        expect(
          verifyInclusion(m, n, big.leaves[m]!, inclusionProof(big.perfect, m, 0, n), root),
          `inclusion ${m} in ${n}`,
        ).toBe(true);
      }
      for (const m of [1, 2, 255, 256, 257, 4096, 32768, 65535, 65536, n]) {
        if (m > n) continue;
        expect(
          verifyConsistency(m, n, consistencyProof(big.perfect, m, n), big.root(m), root),
          `consistency ${m} -> ${n}`,
        ).toBe(true);
      }
    }
  });
});
