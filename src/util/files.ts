// File I/O that survives real life: bounded reads of untrusted files, and atomic writes
// (temp file in the same directory, fsync, rename, fsync of the directory) so a crash leaves
// either the old file or the new one, never half of either.
import {
  constants,
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  fstatSync,
  readSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { RadcredError } from '../errors.js';

export const MAX_INPUT_BYTES = 8 * 1024 * 1024;

/** Reads a file of at most `maxBytes`; coded errors for missing, unreadable or oversized files. */
export function readBounded(path: string, what: string, maxBytes = MAX_INPUT_BYTES): Buffer {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO opens at once (and is refused below as not a regular file) instead of
    // waiting for a writer; it changes nothing for regular files.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new RadcredError('FILE_NOT_FOUND', `${what} ${path} does not exist`);
    throw new RadcredError('FILE_UNREADABLE', `cannot read ${what} ${path} (${code ?? 'error'})`);
  }
  try {
    const stat = fstatSync(fd);
    const size = stat.size;
    if (!stat.isFile()) throw new RadcredError('FILE_UNREADABLE', `${what} ${path} is not a regular file`);
    if (size > maxBytes) {
      throw new RadcredError('FILE_TOO_LARGE', `${what} ${path} is ${size} bytes, more than the limit of ${maxBytes}`);
    }
    const buf = Buffer.alloc(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

// one decoder for every file: decode() without { stream } starts afresh each call
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Reads a bounded file as UTF-8; invalid UTF-8 is bad input, not silently replaced. */
export function readTextBounded(path: string, what: string, maxBytes = MAX_INPUT_BYTES): string {
  const bytes = readBounded(path, what, maxBytes);
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    throw new RadcredError('FILE_NOT_UTF8', `${what} ${path} is not UTF-8 text`);
  }
}

export function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Whether an argument that may be text or a file (a CREDENTIAL, a CME rule) was meant as a file,
 * when no file of that name exists: it holds a `/`, or ends in one of `extensions`. A URI (a jti
 * such as `urn:uuid:...` or `https://...`) is never a path. The caller then says the file does not
 * exist, rather than that the text names nothing.
 */
export function looksLikePath(text: string, extensions: readonly string[] = []): boolean {
  if (/^[A-Za-z][A-Za-z0-9+.-]+:/.test(text)) return false;
  const lower = text.toLowerCase();
  return text.includes('/') || extensions.some((ext) => lower.endsWith(ext) && lower.length > ext.length);
}

/** Makes a directory's entries (renames, new files) durable. */
export function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some filesystems refuse fsync on directories; the rename is still atomic there.
  }
}

export interface WriteOptions {
  /** file mode for a new file (e.g. 0o600 for keystores) */
  mode?: number;
  /** fail with FILE_EXISTS instead of replacing an existing file */
  exclusive?: boolean;
  /**
   * false skips the fsyncs, for bulk output whose reader checks what it finds (batch credentials:
   * a file lost to a power cut is detected and issued again). The rename stays atomic.
   */
  durable?: boolean;
}

/** Writes a whole file atomically; with `exclusive`, never replaces an existing file. */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: WriteOptions = {}): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  // The pid in the name lets removeAbandonedTemps tell a killed writer's leftover from a live one's;
  // the name is short and fixed, so a long target name cannot make it too long for the file system.
  const tmp = join(dir, `.radcred.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', options.mode ?? 0o644);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    if (options.durable !== false) fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw e;
  }
  closeSync(fd);
  try {
    if (options.exclusive) {
      // link(2) fails if the target exists, so two writers can never both win.
      try {
        linkSync(tmp, path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST')
          throw new RadcredError(
            'FILE_EXISTS',
            `${path} already exists`,
            'choose another name, or remove the file first',
          );
        throw e;
      }
      unlinkSync(tmp);
    } else {
      renameSync(tmp, path);
    }
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw e;
  }
  if (options.durable !== false) fsyncDir(dir);
}

/** Is a process with this pid running (on this host)? */
export function pidAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const TEMP_FILE = /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/;

/**
 * Removes the temp files writeFileAtomic left in `dir` when its process was killed mid-write.
 * No reader looks at them, but every crash would leave one more. A temp file goes only once the
 * process named in it has died: a live one is still writing it.
 */
export function removeAbandonedTemps(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // no directory, no leftovers
  }
  for (const name of names) {
    const pid = TEMP_FILE.exec(name)?.[1];
    if (pid === undefined || pidAlive(Number(pid))) continue;
    try {
      unlinkSync(join(dir, name));
    } catch {
      /* removed by another process meanwhile */
    }
  }
}

/** Reads a small file that may be missing; undefined if it does not exist. */
export function readIfExists(path: string, what: string): Buffer | undefined {
  try {
    return readBounded(path, what);
  } catch (e) {
    if (e instanceof Error && (e as { code?: string }).code === 'FILE_NOT_FOUND') return undefined;
    throw e;
  }
}
