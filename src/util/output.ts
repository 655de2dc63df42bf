// Files a command writes for the user (--out, --report, --entry-out, a trust list): checked before
// anything is signed or committed, written to a temporary file beside the target first, and put
// in place only once everything before it has succeeded. A path that cannot be written — a
// directory, a device, a missing or read-only parent, a name too long — is refused up front, so a
// ledger never logs a credential that exists nowhere, and no device or directory is replaced.
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  fsyncSync,
  linkSync,
  lstatSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { RadcredError } from '../errors.js';
import { fsyncDir } from './files.js';

export interface OutputOptions {
  /** the option that named it, for messages (`--out`) */
  flag: string;
  /** replace an existing regular file (else OUT_EXISTS) */
  force: boolean;
  /** what to tell the user to do about an existing file */
  existsHint?: string;
  /** file mode for a new file */
  mode?: number;
  /** a name for the file, suggested when the path given is a directory (`report.html`) */
  example?: string;
}

/** The longest file name most file systems take (bytes); the temporary name must fit too. */
const MAX_NAME_BYTES = 255;

const statOrUndefined = (path: string, follow: boolean) => {
  try {
    return follow ? statSync(path) : lstatSync(path);
  } catch {
    return undefined;
  }
};

/**
 * Checks that `path` can be written as a new (or, with force, replaced) regular file and returns
 * the path to write: a symlink is written through, to the file it names.
 */
export function checkOutputPath(path: string, options: OutputOptions): string {
  const { flag } = options;
  if (path.length === 0) throw new RadcredError('OUT_IS_DIRECTORY', `${flag} is empty`, `give ${flag} a file name`);
  let target = resolve(path);
  const link = statOrUndefined(target, false);
  if (link?.isSymbolicLink()) {
    try {
      target = realpathSync(target);
    } catch {
      throw new RadcredError(
        'OUT_PARENT_MISSING',
        `${flag} ${path} is a symbolic link to nothing`,
        'point it at a file in an existing directory, or give another path',
      );
    }
  }
  const st = statOrUndefined(target, true);
  if (st?.isDirectory())
    throw new RadcredError(
      'OUT_IS_DIRECTORY',
      `${flag} ${path} is a directory`,
      options.example !== undefined
        ? `give ${flag} a file name, e.g. ${join(path, options.example)}`
        : `give ${flag} the name of a file in it`,
    );
  if (st !== undefined && !st.isFile())
    throw new RadcredError(
      'OUT_NOT_REGULAR',
      `${flag} ${path} is not a regular file (a device, FIFO or socket)`,
      'radcred never writes over those: give another path',
    );
  if (st !== undefined && !options.force) {
    throw new RadcredError(
      'OUT_EXISTS',
      `${path} already exists`,
      options.existsHint ?? `choose another ${flag}, or add --force to replace it`,
    );
  }
  const parent = dirname(target);
  const dir = statOrUndefined(parent, true);
  if (dir === undefined || !dir.isDirectory()) {
    throw new RadcredError(
      'OUT_PARENT_MISSING',
      `the directory of ${flag} ${path} (${parent}) ${dir === undefined ? 'does not exist' : 'is not a directory'}`,
      'create the directory first, or give another path',
    );
  }
  try {
    accessSync(parent, constants.W_OK | constants.X_OK);
  } catch {
    throw new RadcredError(
      'OUT_NOT_WRITABLE',
      `cannot write into ${parent} (${flag} ${path})`,
      'give a path in a directory you may write to',
    );
  }
  if (Buffer.byteLength(basename(target)) > MAX_NAME_BYTES - 40) {
    throw new RadcredError(
      'OUT_NOT_WRITABLE',
      `the file name of ${flag} is longer than ${MAX_NAME_BYTES - 40} bytes`,
      'give a shorter name',
    );
  }
  return target;
}

/** An output checked up front, staged in a temporary file, and put in place by commit(). */
export class Output {
  readonly path: string;
  private temp: string | undefined;

  constructor(
    path: string,
    private readonly options: OutputOptions,
  ) {
    this.path = checkOutputPath(path, options);
  }

  /** Writes the content to a temporary file beside the target (fsynced); nothing is replaced yet. */
  stage(data: string | Uint8Array): void {
    this.discard();
    const temp = join(dirname(this.path), `.radcred.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    const fd = openSync(temp, 'wx', this.options.mode ?? 0o644);
    this.temp = temp;
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } catch (e) {
      closeSync(fd);
      this.discard();
      throw e;
    }
    closeSync(fd);
  }

  /** Puts the staged file in place: atomically, and without --force never over a file that appeared meanwhile. */
  commit(): string {
    const temp = this.temp;
    if (temp === undefined) throw new Error('Output.commit before stage');
    if (this.options.force) renameSync(temp, this.path);
    else {
      try {
        linkSync(temp, this.path); // fails if the target exists: two writers never both win
      } catch (e) {
        this.discard();
        if ((e as NodeJS.ErrnoException).code === 'EEXIST')
          throw new RadcredError(
            'OUT_EXISTS',
            `${this.path} already exists`,
            this.options.existsHint ?? `choose another ${this.options.flag}, or add --force to replace it`,
          );
        throw e;
      }
      unlinkSync(temp);
    }
    this.temp = undefined;
    fsyncDir(dirname(this.path));
    return this.path;
  }

  /** Removes the staged file, if any (a later step failed). */
  discard(): void {
    if (this.temp === undefined) return;
    try {
      unlinkSync(this.temp);
    } catch {
      /* already gone */
    }
    this.temp = undefined;
  }

  /** Stages and commits in one go, for outputs nothing else depends on. */
  write(data: string | Uint8Array): string {
    this.stage(data);
    return this.commit();
  }
}

/**
 * Refuses an output that is, or lies inside, one of `kept` (inputs, a ledger copy, the home's own
 * files): --force replaces a file the user meant to replace, never one radcred reads.
 */
export function refuseOverKept(out: { flag: string; path: string }, kept: { what: string; path: string }[]): void {
  for (const k of kept) {
    const p = realOrResolved(k.path);
    if (out.path === p || out.path.startsWith(p + sep)) {
      throw new RadcredError(
        'OUT_SAME_FILE',
        `${out.flag} ${out.path} would replace ${k.what} (${k.path})`,
        `write ${out.flag} somewhere else`,
      );
    }
  }
}

/** The real path of `p` (symlinks resolved), or `p` resolved when it does not exist. */
export function realOrResolved(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/** Refuses two outputs (or an output and an input) that name the same file. */
export function refuseSameFile(a: { flag: string; path: string }, b: { flag: string; path: string }): void {
  if (realOrResolved(a.path) === realOrResolved(b.path))
    throw new RadcredError(
      'OUT_SAME_FILE',
      `${a.flag} and ${b.flag} name the same file ${a.path}`,
      'give each its own file',
    );
}

/**
 * Checks a directory a command creates or writes into (--out-dir, ledger init DIR, demo --dir,
 * the pull destination): it is a directory, or it can be created (its nearest existing ancestor
 * is a directory one may write to). With `empty`, an existing directory must hold nothing.
 */
export function checkOutputDir(
  path: string,
  flag: string,
  options: { empty?: boolean; emptyHint?: string } = {},
): string {
  const target = resolve(path);
  const st = statOrUndefined(target, true);
  if (st !== undefined) {
    if (!st.isDirectory())
      throw new RadcredError(
        'OUT_NOT_DIRECTORY',
        `${flag} ${path} is not a directory`,
        'give a directory, or a path where one can be created',
      );
    if (options.empty === true && readdirSync(target).length > 0) {
      throw new RadcredError(
        'OUT_NOT_DIRECTORY',
        `${flag} ${path} is not empty`,
        options.emptyHint ?? 'give a new or empty directory',
      );
    }
    return target;
  }
  let ancestor = dirname(target);
  while (statOrUndefined(ancestor, true) === undefined && dirname(ancestor) !== ancestor) ancestor = dirname(ancestor);
  const up = statOrUndefined(ancestor, true);
  if (up === undefined || !up.isDirectory()) {
    throw new RadcredError(
      'OUT_PARENT_MISSING',
      `${flag} ${path} cannot be created: ${ancestor} is not a directory`,
      'give a path under an existing directory',
    );
  }
  try {
    accessSync(ancestor, constants.W_OK | constants.X_OK);
  } catch {
    throw new RadcredError(
      'OUT_NOT_WRITABLE',
      `${flag} ${path} cannot be created in ${ancestor}`,
      'give a path in a directory you may write to',
    );
  }
  return target;
}
