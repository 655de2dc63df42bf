// Helpers for the ledger tests: signers from fixed seeds (no keystore, no scrypt), ledgers built
// with the library directly, an independent in-memory RFC 6962 tree, file hashing and tampering.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { issueCredential } from '../../src/credential/issue.js';
import { didKeyFromPublicKey } from '../../src/identity/did-key.js';
import { KEY_TYPES, type KeyType } from '../../src/identity/key-types.js';
import { keyPairFromPrivateBytes, signBytes } from '../../src/identity/keys.js';
import type { Signer } from '../../src/identity/store.js';
import { appendEntries } from '../../src/ledger/append.js';
import { formatCheckpointText } from '../../src/ledger/checkpoint.js';
import { createEntry, type EntryKind } from '../../src/ledger/entry.js';
import { initLedger, operatorOf, type Operator } from '../../src/ledger/ledger.js';
import { makeVkey, signNote } from '../../src/ledger/note.js';
import { DEMO_IDENTITIES, fixture, ROOT } from '../helpers.js';

export const DIST = join(ROOT, 'dist');

/** The subprocess tests run dist/: fail loudly when it is missing or older than src/ledger. */
export function staleDist(): string | undefined {
  const src = join(ROOT, 'src', 'ledger');
  for (const name of readdirSync(src).filter((f) => f.endsWith('.ts'))) {
    const built = join(DIST, 'ledger', name.replace(/\.ts$/, '.js'));
    if (!existsSync(built)) return `${built} is missing: run npm run build`;
    if (statSync(built).mtimeMs < statSync(join(src, name)).mtimeMs)
      return `${built} is older than src/ledger/${name}: run npm run build`;
  }
  return undefined;
}

/** A signer over a raw private key, as an unlocked identity would be (no keystore involved). */
export function seedSigner(seedHex: string, keyType: KeyType = 'ed25519', name = 'seed'): Signer {
  const pair = keyPairFromPrivateBytes(keyType, Buffer.from(seedHex, 'hex'));
  const did = didKeyFromPublicKey(keyType, pair.publicKeyBytes);
  return {
    name,
    did,
    keyType,
    alg: KEY_TYPES[keyType].alg,
    kid: `${did}#${did.slice(8)}`,
    sign: (d) => signBytes(keyType, pair.privateKey, d),
  };
}

/** The demo identities (fixtures/demo-identities.json) as signers. */
export function demoSigner(name: string): Signer {
  const id = DEMO_IDENTITIES.find((i) => i.name === name)!;
  return seedSigner(id.seed, id.keyType as KeyType, name);
}

/** A signer that claims `claimed`'s DID but signs with `actual`'s key. */
export const impostor = (claimed: Signer, actual: Signer): Signer => ({ ...claimed, sign: actual.sign });

export const seedHex = (n: number) => createHash('sha256').update(`radcred ledger test seed ${n}`).digest('hex');

export function newLedger(dir: string, origin: string, signer: Signer): Operator {
  initLedger(dir, origin, signer);
  return operatorOf(signer, origin);
}

/** a digest-shaped value for a label (not a credential's digest: see credentialDigest in test/helpers.ts) */
export const labelDigest = (label: string) => 'sha256:' + createHash('sha256').update(label).digest('hex');

export function entry(signer: Signer, kind: EntryKind, credential: string, time: number, reason?: string): Buffer {
  return createEntry(signer, { kind, credential, time, ...(reason !== undefined ? { reason } : {}) });
}

/** Opaque (non-radcred) leaves, distinct per label and index. */
export const opaque = (label: string, count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => Buffer.from(`${label} ${from + i}\n`));

export function append(dir: string, op: Operator, entries: Buffer[]) {
  return appendEntries(dir, op, entries);
}

/** A checkpoint for `origin` signed by some other key that uses the same name. */
export function foreignCheckpoint(origin: string, size: number, root: Uint8Array, other: Signer): string {
  const op = operatorOf(other, origin);
  return signNote(formatCheckpointText(origin, size, root), makeVkey(origin, op.vkey.raw), other.sign);
}

/** Issues a VC-JWT in-process (no keystore) for `subjectDid`. */
export async function issueJwt(issuer: Signer, subjectDid: string, now: number, validFrom?: number) {
  const subject = JSON.parse(readFileSync(fixture('subjects', 'MedicalLicenseCredential.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  return await issueCredential({
    signer: issuer,
    type: 'MedicalLicenseCredential',
    subjectDid,
    subject,
    now,
    ...(validFrom !== undefined ? { validFrom } : {}),
  });
}

// ---- an independent RFC 6962 tree ------------------------------------------------------------

const sha256 = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
export const refLeafHash = (e: Uint8Array) => sha256(Buffer.from([0]), e);
export const refNodeHash = (l: Uint8Array, r: Uint8Array) => sha256(Buffer.from([1]), l, r);

/**
 * The Merkle tree of RFC 6962 §2.1 over leaf hashes, written from the RFC without using the code
 * under test: `levels[h][i]` is the hash of the complete subtree of 2^h leaves starting at i * 2^h.
 */
export class RefTree {
  readonly levels: Buffer[][];
  constructor(readonly leaves: Buffer[]) {
    this.levels = [leaves];
    for (let h = 0; this.levels[h]!.length > 1; h++) {
      const below = this.levels[h]!;
      const next: Buffer[] = [];
      for (let i = 0; i + 1 < below.length; i += 2) next.push(refNodeHash(below[i]!, below[i + 1]!));
      this.levels.push(next);
    }
  }

  static ofEntries(entries: Uint8Array[]): RefTree {
    return new RefTree(entries.map(refLeafHash));
  }

  /** for merkle.ts's proof builders: the hash of the aligned complete subtree [start, start + n) */
  readonly perfect = (start: number, n: number): Buffer => {
    const h = Math.log2(n);
    if (!Number.isInteger(h) || start % n !== 0) throw new Error(`not an aligned complete subtree: ${start}+${n}`);
    const v = this.levels[h]?.[start / n];
    if (v === undefined) throw new Error(`subtree ${start}+${n} beyond the tree`);
    return v;
  };

  /** MTH(D[start:end]) by the RFC's recursion. */
  mth(start: number, end: number): Buffer {
    const n = end - start;
    if (n === 0) return sha256();
    if (n === 1) return this.leaves[start]!;
    let k = 1;
    while (k * 2 < n) k *= 2;
    if (k * 2 === n && start % n === 0) return this.perfect(start, n);
    return refNodeHash(this.mth(start, start + k), this.mth(start + k, end));
  }

  root(size = this.leaves.length): Buffer {
    return this.mth(0, size);
  }
}

// ---- tile paths, computed from the tlog-tiles text -------------------------------------------

export function refTileIndex(n: number): string {
  const parts: string[] = [];
  do {
    parts.unshift(String(n % 1000).padStart(3, '0'));
    n = Math.floor(n / 1000);
  } while (n > 0);
  return parts.map((p, i) => (i < parts.length - 1 ? `x${p}` : p)).join('/');
}

/** Every tile and bundle path a tree of `size` requires, with its width. */
export function requiredTiles(
  size: number,
): { path: string; level: number | 'entries'; index: number; width: number }[] {
  const out: { path: string; level: number | 'entries'; index: number; width: number }[] = [];
  for (let level = 0; Math.floor(size / 256 ** level) > 0; level++) {
    const count = Math.floor(size / 256 ** level);
    const tiles = Math.ceil(count / 256);
    for (let n = 0; n < tiles; n++) {
      const width = n < Math.floor(count / 256) ? 256 : count % 256;
      const suffix = width === 256 ? '' : `.p/${width}`;
      out.push({ path: `tile/${level}/${refTileIndex(n)}${suffix}`, level, index: n, width });
      if (level === 0)
        out.push({ path: `tile/entries/${refTileIndex(n)}${suffix}`, level: 'entries', index: n, width });
    }
  }
  return out;
}

/** The tile at (level, index) of width `width`, from the reference tree. */
export function refTile(tree: RefTree, level: number, index: number, width: number): Buffer {
  const span = 256 ** level;
  const hashes: Buffer[] = [];
  for (let i = 0; i < width; i++) hashes.push(tree.perfect((index * 256 + i) * span, span));
  return Buffer.concat(hashes);
}

export function refBundle(entries: Uint8Array[]): Buffer {
  return Buffer.concat(
    entries.flatMap((e) => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(e.length);
      return [len, Buffer.from(e)];
    }),
  );
}

// ---- files ------------------------------------------------------------------------------------

/** Every regular file under `dir` (relative path -> SHA-256 hex), for "nothing changed" checks. */
export function hashFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

export function listFiles(dir: string): string[] {
  return Object.keys(hashFiles(dir)).sort();
}

export function flipByte(path: string, offset: number, mask = 0x01): void {
  const b = readFileSync(path);
  if (offset < 0) offset += b.length;
  b[offset]! ^= mask;
  writeFileSync(path, b);
}

/** Byte offset of `needle` inside the `nth` (0-based) entry of a bundle file. */
export function offsetInBundle(path: string, nth: number, needle: string): number {
  const b = readFileSync(path);
  let off = 0;
  for (let i = 0; i < nth; i++) off += 2 + b.readUInt16BE(off);
  const len = b.readUInt16BE(off);
  const at = b.subarray(off + 2, off + 2 + len).indexOf(needle);
  if (at < 0) throw new Error(`${needle} not in entry ${nth}`);
  return off + 2 + at;
}

// ---- the append child (children/append-child.mjs) ---------------------------------------------

export const CHILD = join(import.meta.dirname, 'children', 'append-child.mjs');

/** One commit as the child reports it: entries (label, seq .. seq+count-1) at first.. */
export interface ChildCommit {
  first: number;
  count: number;
  size: number;
  label: string;
  seq: number;
}

/** Runs the append child to completion; resolves with its commits. */
export function runChild(args: string[]): Promise<{ code: number | null; commits: ChildCommit[]; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CHILD, ...args], {
      env: { ...process.env, RADCRED_DIST: DIST },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) =>
      resolve({
        code,
        commits: out
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as ChildCommit),
        stderr: err,
      }),
    );
  });
}

const childIssuers = new Map<string, Signer>();
const childEntries = new Map<string, Buffer>();

/** The bytes the child writes for (label, seq): Ed25519 is deterministic, so they can be recomputed. */
export function childEntry(label: string, seq: number): Buffer {
  const key = `${label} ${seq}`;
  let bytes = childEntries.get(key);
  if (bytes === undefined) {
    let issuer = childIssuers.get(label);
    if (issuer === undefined)
      childIssuers.set(label, (issuer = seedSigner(createHash('sha256').update(`issuer ${label}`).digest('hex'))));
    bytes = createEntry(issuer, {
      kind: 'issue',
      credential: 'sha256:' + createHash('sha256').update(key).digest('hex'),
      time: 1_800_000_000 + seq,
    });
    childEntries.set(key, bytes);
  }
  return bytes;
}
