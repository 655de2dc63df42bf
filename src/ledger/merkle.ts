// @domain (not for src/cli: a building block of the domain operations)
// RFC 6962 / RFC 9162 Merkle trees: leaf and node hashing, proof verification, and proof
// construction over any source of subtree hashes. Tree sizes and indices come from files and
// proofs, i.e. from attackers: they are checked before use, and all arithmetic stays within
// safe integers (no 32-bit bit operators).
import { createHash } from 'node:crypto';

export const HASH_SIZE = 32;

/** RFC 6962 §2.1: MTH({d}) = SHA-256(0x00 || d) */
export function leafHash(entry: Uint8Array): Buffer {
  return createHash('sha256')
    .update(Buffer.from([0]))
    .update(entry)
    .digest();
}

/** RFC 6962 §2.1: SHA-256(0x01 || left || right) */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256')
    .update(Buffer.from([1]))
    .update(left)
    .update(right)
    .digest();
}

/** The hash of the empty tree, SHA-256(""). */
export const EMPTY_ROOT = createHash('sha256').digest();

const isSize = (n: number) => Number.isSafeInteger(n) && n >= 0;
const odd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);

export function isPowerOfTwo(n: number): boolean {
  let p = 1;
  while (p < n) p *= 2;
  return p === n;
}

/** Largest power of two strictly less than n (n >= 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** RFC 9162 §2.1.3.2: does `proof` show `leaf` at `index` in the tree of `size` with `root`? */
export function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isSize(index) || !isSize(size) || index >= size) return false;
  if (leaf.length !== HASH_SIZE || root.length !== HASH_SIZE || proof.some((p) => p.length !== HASH_SIZE)) return false;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 §2.1.4.2: is the tree (size2, root2) an append-only extension of (size1, root1)? */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  if (!isSize(size1) || !isSize(size2) || size1 === 0 || size1 > size2) return false;
  if (size1 === size2) return proof.length === 0 && Buffer.from(root1).equals(root2);
  if (root1.length !== HASH_SIZE || root2.length !== HASH_SIZE || proof.some((p) => p.length !== HASH_SIZE))
    return false;
  // A size1 that is a power of two is a complete subtree whose hash is root1 itself.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  if (path.length === 0) return false;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Buffer = Buffer.from(path[0]!);
  let sr: Buffer = Buffer.from(path[0]!);
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return fr.equals(root1) && sr.equals(root2) && sn === 0;
}

/** MTH(D[start:end]) for any range; the caller supplies hashes of complete aligned subtrees. */
export type PerfectHash = (start: number, size: number) => Buffer;

/** RFC 6962 §2.1: MTH over [start, end), splitting at the largest power of two below the size. */
export function rangeHash(perfect: PerfectHash, start: number, end: number): Buffer {
  const n = end - start;
  if (n === 0) return EMPTY_ROOT;
  if (isPowerOfTwo(n)) return perfect(start, n);
  const k = splitPoint(n);
  return nodeHash(perfect(start, k), rangeHash(perfect, start + k, end));
}

/** RFC 6962 §2.1.1 PATH(m, D[start:end]): the inclusion proof of leaf m. */
export function inclusionProof(perfect: PerfectHash, m: number, start: number, end: number): Buffer[] {
  const n = end - start;
  if (n <= 1) return [];
  const k = splitPoint(n);
  if (m < k) return [...inclusionProof(perfect, m, start, start + k), rangeHash(perfect, start + k, end)];
  return [...inclusionProof(perfect, m - k, start + k, end), perfect(start, k)];
}

/** RFC 6962 §2.1.2 PROOF(m, D[n]): the consistency proof from size m to size n. */
export function consistencyProof(perfect: PerfectHash, m: number, n: number): Buffer[] {
  const sub = (m: number, start: number, end: number, whole: boolean): Buffer[] => {
    const size = end - start;
    if (m === size) return whole ? [] : [rangeHash(perfect, start, end)];
    const k = splitPoint(size);
    if (m <= k) return [...sub(m, start, start + k, whole), rangeHash(perfect, start + k, end)];
    return [...sub(m - k, start + k, end, false), perfect(start, k)];
  };
  return sub(m, 0, n, true);
}
