// The file system's own refusals (a full disk, a read-only mount, a permission, a name too long)
// are not bugs in radcred: they become IO_FAILED (exit 3) naming the path and the cause, with a
// hint, instead of an internal error. Commands check what they can beforehand (output paths, the
// home, directories); this is the net under those checks for what only the write itself finds out.
import { RadcredError } from '../errors.js';

const CAUSES: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many levels of symbolic links',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'is a directory',
  EEXIST: 'already exists',
  ENOENT: 'no such file or directory',
  ENOTEMPTY: 'directory not empty',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EIO: 'input/output error',
  EXDEV: 'not on the same file system',
  EBUSY: 'resource busy',
};

interface SystemError extends Error {
  code: string;
  syscall?: string;
  path?: string;
  dest?: string;
}

const isSystemError = (e: unknown): e is SystemError =>
  e instanceof Error && typeof (e as SystemError).code === 'string' && typeof (e as SystemError).syscall === 'string';

/** A RadcredError for an error the file system raised, or undefined for anything else. */
export function fromSystemError(e: unknown): RadcredError | undefined {
  if (!isSystemError(e) || !(e.code in CAUSES)) return undefined;
  const where = e.path !== undefined ? ` ${e.path}` : '';
  return new RadcredError(
    'IO_FAILED',
    `cannot ${e.syscall}${where}: ${CAUSES[e.code]} (${e.code})`,
    'check that the path exists, is of the right kind (file or directory), and that you may write there; nothing radcred stores was left half-written',
  );
}
