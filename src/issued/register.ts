// The issuer register, HOME/issued.jsonl: one JSON line per credential this home issued (its jti,
// digest, type, issuer, subject DID, time and ledger origin; never subject data), so an issuer can
// find, revoke, suspend, reinstate and prove a credential by its jti without keeping the file.
//
// Unlike the disclosure log it is never rewritten: a roster adds 40,000 lines, so an append is one
// O_APPEND write of every new line, and an fsync, under an exclusive lock (`issued.jsonl.lock`).
// Readers take no lock. A final line without its newline is one still being written, or torn by a
// killed writer: readers ignore it, and the next append cuts it off before it writes (a complete
// line without the newline, say from an editor, is kept and ended instead). A damaged line that
// does end in a newline is an error naming it (ISSUED_DAMAGED), never skipped.
import { closeSync, constants, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { RadcredError } from '../errors.js';
import { namesJti } from '../credential/reference.js';
import { homePaths } from '../home.js';
import { fsyncDir } from '../util/files.js';
import { withLock } from '../util/lock.js';
import { formatRecord, parseRecord, type IssuedRecord } from './record.js';

export type { IssuedRecord } from './record.js';

const CHUNK = 1 << 20;
/** Records are a few hundred bytes; a longer "line" is damage, not a record to buffer without end. */
const MAX_LINE = 64 * 1024;
const NL = 0x0a;
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

const ioFailed = (path: string, e: unknown) =>
  new RadcredError(
    'IO_FAILED',
    `cannot use the issuer register ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    'check the permissions and free space of the radcred home',
  );

const damaged = (path: string, line: number, why: string) =>
  new RadcredError(
    'ISSUED_DAMAGED',
    `issuer register ${path} line ${line} is damaged (${why})`,
    `repair or delete line ${line} (one JSON object a line); the credentials themselves and the ledger are not affected, and a credential can still be named by its file or digest`,
    { line },
  );

/** A line as a record: undefined for an empty line, a string saying why it is not a record otherwise. */
function decodeLine(bytes: Buffer): IssuedRecord | string | undefined {
  if (bytes.length === 0) return undefined;
  if (bytes.length > MAX_LINE) return `longer than ${MAX_LINE} bytes`;
  let text: string;
  try {
    text = STRICT_UTF8.decode(bytes);
  } catch {
    return 'not UTF-8';
  }
  return parseRecord(text);
}

/** A final line without its newline counts only when it is a whole record (else it is torn, or still being written). */
const tailRecord = (bytes: Buffer): IssuedRecord | undefined => {
  const r = decodeLine(bytes);
  return typeof r === 'object' ? r : undefined;
};

function openForReading(path: string): number | undefined {
  try {
    return openSync(path, constants.O_RDONLY);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // nothing issued yet
    throw ioFailed(path, e);
  }
}

/** Every record in the register, in the order recorded, read a chunk at a time (a register can outgrow one string). */
export function* readIssued(home: string): Generator<IssuedRecord> {
  const path = homePaths(home).issued;
  const fd = openForReading(path);
  if (fd === undefined) return;
  try {
    const buf = Buffer.alloc(CHUNK);
    let carry = Buffer.alloc(0); // the start of a line whose newline is in a later chunk
    let line = 0;
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, CHUNK, null);
      } catch (e) {
        throw ioFailed(path, e);
      }
      if (n === 0) break;
      const data = carry.length > 0 ? Buffer.concat([carry, buf.subarray(0, n)]) : buf.subarray(0, n);
      let start = 0;
      for (let nl = data.indexOf(NL); nl !== -1; nl = data.indexOf(NL, start)) {
        line++;
        const r = decodeLine(data.subarray(start, nl));
        if (typeof r === 'string') throw damaged(path, line, r);
        if (r !== undefined) yield r;
        start = nl + 1;
      }
      carry = Buffer.from(data.subarray(start)); // a copy: buf is read into again
      if (carry.length > MAX_LINE) throw damaged(path, line + 1, `longer than ${MAX_LINE} bytes`);
    }
    const last = tailRecord(carry);
    if (last !== undefined) yield last;
  } finally {
    closeSync(fd);
  }
}

export interface IssuedFilter {
  /** only credentials issued to this DID */
  subject?: string | undefined;
  /** only credentials of this type (any name: an unknown one matches nothing) */
  type?: string | undefined;
}

export function listIssued(home: string, filter: IssuedFilter = {}): IssuedRecord[] {
  const out: IssuedRecord[] = [];
  for (const r of readIssued(home)) {
    if (
      (filter.subject === undefined || r.subject === filter.subject) &&
      (filter.type === undefined || r.type === filter.type)
    )
      out.push(r);
  }
  return out;
}

/**
 * The records naming a credential: `sha256:<64 hex>` by digest, `[sha256:]<8+ hex>` by digest
 * prefix, anything else by jti. One record per digest (a credential recorded twice is one credential).
 */
export function findIssued(home: string, ref: string): IssuedRecord[] {
  const hex = /^(?:sha256:)?([0-9a-f]{8,64})$/.exec(ref)?.[1];
  const matches = (r: IssuedRecord) =>
    hex !== undefined ? r.digest.startsWith(`sha256:${hex}`) : namesJti(ref, r.jti);
  const found = new Map<string, IssuedRecord>();
  for (const r of readIssued(home)) if (matches(r) && !found.has(r.digest)) found.set(r.digest, r);
  return [...found.values()];
}

export interface AppendOptions {
  /**
   * Leave out records whose digest the register already holds (checked under the lock). For a
   * rerun recording what a killed run issued but did not record; new credentials skip the scan
   * (and IssuedLines, encoded already, are always written as they are).
   */
  onlyNew?: boolean;
}

/**
 * Lines for one append, encoded into one buffer as the records come: a roster's 40,000 records are
 * never held as objects, nor made and joined into one string at the end (either raised the batch's
 * peak memory by 30-50 MB; the buffer, some 17 MB for 40,000, is what one write needs anyway).
 */
export class IssuedLines {
  private buf: Buffer;
  private off = 0;
  count = 0;

  /** `expected` records of about 500 bytes: the buffer is reserved once, its pages used as written. */
  constructor(expected = 1) {
    this.buf = Buffer.allocUnsafe(Math.max(4096, expected * 512));
  }

  add(r: IssuedRecord): void {
    const line = formatRecord(r) + '\n';
    const need = Buffer.byteLength(line, 'utf8');
    if (this.off + need > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.off + need));
      this.buf.copy(bigger, 0, 0, this.off);
      this.buf = bigger;
    }
    this.off += this.buf.write(line, this.off, 'utf8');
    this.count++;
  }

  get bytes(): Buffer {
    return this.buf.subarray(0, this.off);
  }
}

/**
 * Ends the file at a line boundary before an append: a torn final line (a writer killed mid-write)
 * is cut off, a whole record that only lacks its newline is ended. Returns the bytes to write first.
 */
function settleTail(fd: number): string {
  const size = fstatSync(fd).size;
  if (size === 0) return '';
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  if (last[0] === NL) return '';
  // Where the final line starts: after the last newline, searched for backwards a chunk at a time.
  const chunk = Buffer.alloc(MAX_LINE);
  let start = 0;
  for (let end = size; end > 0;) {
    const from = Math.max(0, end - chunk.length);
    readSync(fd, chunk, 0, end - from, from);
    const nl = chunk.subarray(0, end - from).lastIndexOf(NL);
    if (nl !== -1) {
      start = from + nl + 1;
      break;
    }
    end = from;
  }
  if (size - start <= MAX_LINE) {
    const tail = Buffer.alloc(size - start);
    readSync(fd, tail, 0, tail.length, start);
    if (tailRecord(tail) !== undefined) return '\n';
  }
  ftruncateSync(fd, start);
  return '';
}

/** `records` less those whose digest the register holds, and less repeats. */
function unknownOnly(home: string, records: readonly IssuedRecord[]): IssuedRecord[] {
  const all = [...records];
  const wanted = new Set(all.map((r) => r.digest));
  const known = new Set<string>();
  for (const r of readIssued(home)) if (wanted.has(r.digest)) known.add(r.digest);
  return all.filter((r) => {
    if (known.has(r.digest)) return false;
    known.add(r.digest); // the same credential twice in `records` is recorded once
    return true;
  });
}

function openForAppend(path: string): { fd: number; created: boolean } {
  try {
    try {
      return { fd: openSync(path, constants.O_RDWR | constants.O_APPEND), created: false };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      return { fd: openSync(path, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT, 0o600), created: true };
    }
  } catch (e) {
    throw ioFailed(path, e);
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  // One write(2) for a whole roster on Linux; the loop only guards a short write.
  for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off, bytes.length - off);
}

/** Appends records (or lines encoded already) in one write; returns how many were written. */
export async function appendIssued(
  home: string,
  records: readonly IssuedRecord[] | IssuedLines,
  options: AppendOptions = {},
): Promise<number> {
  const path = homePaths(home).issued;
  return withLock(
    `${path}.lock`,
    {
      missing: () =>
        new RadcredError(
          'HOME_NOT_FOUND',
          `radcred home ${home} does not exist`,
          'pass --home DIR, or create an identity first',
        ),
      held: () =>
        new RadcredError(
          'ISSUED_LOCKED',
          `the issuer register ${path} stays locked by another process`,
          `if no radcred process is running, remove ${path}.lock`,
        ),
    },
    () => {
      let lines: IssuedLines;
      if (records instanceof IssuedLines) lines = records;
      else {
        const fresh = options.onlyNew === true ? unknownOnly(home, records) : records;
        lines = new IssuedLines(fresh.length);
        for (const r of fresh) lines.add(r);
      }
      if (lines.count === 0) return 0;
      const { fd, created } = openForAppend(path);
      try {
        const prefix = settleTail(fd);
        if (prefix.length > 0) writeAll(fd, Buffer.from(prefix)); // rare: a whole last record without its newline
        writeAll(fd, lines.bytes);
        fsyncSync(fd);
      } catch (e) {
        throw e instanceof RadcredError ? e : ioFailed(path, e);
      } finally {
        closeSync(fd);
      }
      if (created) fsyncDir(home);
      return lines.count;
    },
  );
}
