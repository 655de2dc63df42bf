// Bounded reads and atomic writes.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RadcredError } from '../../src/errors.js';
import {
  exists,
  looksLikePath,
  readBounded,
  readIfExists,
  readTextBounded,
  writeFileAtomic,
} from '../../src/util/files.js';
import { cleanup, tempDir, errorOf } from '../helpers.js';

describe('writeFileAtomic', () => {
  const dir = tempDir();
  afterAll(() => cleanup(dir));

  it('writes a new file, creating parent directories, and leaves no temp file', () => {
    const path = join(dir, 'a', 'b', 'file.txt');
    writeFileAtomic(path, 'hello\n');
    expect(readFileSync(path, 'utf8')).toBe('hello\n');
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['file.txt']);
  });

  it('writes bytes exactly', () => {
    const path = join(dir, 'bytes.bin');
    const bytes = Buffer.from([0, 255, 10, 13, 0]);
    writeFileAtomic(path, bytes);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('replaces an existing file by default', () => {
    const path = join(dir, 'replace.txt');
    writeFileAtomic(path, 'one');
    writeFileAtomic(path, 'two');
    expect(readFileSync(path, 'utf8')).toBe('two');
  });

  it('exclusive mode refuses an existing file (FILE_EXISTS), leaves it unchanged and no temp file behind', () => {
    const sub = join(dir, 'excl');
    const path = join(sub, 'keep.txt');
    writeFileAtomic(path, 'original', { exclusive: true });
    const e = errorOf(() => writeFileAtomic(path, 'intruder', { exclusive: true }));
    expect(e.code).toBe('FILE_EXISTS');
    expect(e.kind).toBe('input');
    expect(readFileSync(path, 'utf8')).toBe('original');
    expect(readdirSync(sub)).toEqual(['keep.txt']);
  });

  it('applies the given mode to a new file', () => {
    const path = join(dir, 'secret.json');
    writeFileAtomic(path, '{}', { mode: 0o600, exclusive: true });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});

describe('readBounded', () => {
  const dir = tempDir();
  afterAll(() => cleanup(dir));

  it('reads a file up to and including the limit', () => {
    const path = join(dir, 'ten.txt');
    writeFileSync(path, '0123456789');
    expect(readBounded(path, 'test', 10).toString()).toBe('0123456789');
  });

  it('a missing file is FILE_NOT_FOUND', () => {
    const e = errorOf(() => readBounded(join(dir, 'nope'), 'test'));
    expect(e.code).toBe('FILE_NOT_FOUND');
    expect(e.kind).toBe('input');
  });

  it('a file over the limit is FILE_TOO_LARGE', () => {
    const path = join(dir, 'eleven.txt');
    writeFileSync(path, '0123456789A');
    expect(errorOf(() => readBounded(path, 'test', 10)).code).toBe('FILE_TOO_LARGE');
  });

  it('a 100 MB (sparse) file is FILE_TOO_LARGE at the default limit, by its size', () => {
    const path = join(dir, 'hundred-mb');
    writeFileSync(path, '');
    truncateSync(path, 100 * 1024 * 1024);
    const e = errorOf(() => readTextBounded(path, 'test'));
    expect(e.code).toBe('FILE_TOO_LARGE');
    expect(e.kind).toBe('input');
  });

  it.skipIf(process.platform === 'win32')(
    'a FIFO or a device is FILE_UNREADABLE, without waiting for a writer or reading forever',
    () => {
      const fifo = join(dir, 'fifo');
      execFileSync('mkfifo', [fifo]);
      expect(errorOf(() => readBounded(fifo, 'test')).code).toBe('FILE_UNREADABLE');
      expect(errorOf(() => readBounded('/dev/zero', 'test')).code).toBe('FILE_UNREADABLE');
    },
  );

  it('a directory is FILE_UNREADABLE', () => {
    mkdirSync(join(dir, 'sub'));
    expect(errorOf(() => readBounded(join(dir, 'sub'), 'test')).code).toBe('FILE_UNREADABLE');
  });

  it.skipIf(process.getuid?.() === 0)('a file without read permission is FILE_UNREADABLE', () => {
    const path = join(dir, 'locked.txt');
    writeFileSync(path, 'x');
    chmodSync(path, 0o000);
    expect(errorOf(() => readBounded(path, 'test')).code).toBe('FILE_UNREADABLE');
  });

  it('readTextBounded refuses invalid UTF-8 (FILE_NOT_UTF8) instead of replacing it', () => {
    const path = join(dir, 'latin1.txt');
    writeFileSync(path, Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    expect(errorOf(() => readTextBounded(path, 'test')).code).toBe('FILE_NOT_UTF8');
    const ok = join(dir, 'utf8.txt');
    writeFileSync(ok, 'café');
    expect(readTextBounded(ok, 'test')).toBe('café');
  });

  it('readIfExists is undefined for a missing file, the bytes otherwise', () => {
    expect(readIfExists(join(dir, 'nope'), 'test')).toBeUndefined();
    expect(readIfExists(join(dir, 'ten.txt'), 'test')?.toString()).toBe('0123456789');
    expect(exists(join(dir, 'ten.txt'))).toBe(true);
    expect(exists(join(dir, 'nope'))).toBe(false);
  });
});

describe('looksLikePath (text or a file: which was meant, when no such file exists)', () => {
  it.each(['creds/license.jwt', './license', '/abs/x', 'license.jwt', 'LICENSE.JWT', 'rule.json'])(
    '%s is a file name',
    (text) => {
      expect(looksLikePath(text, ['.jwt', '.json'])).toBe(true);
    },
  );

  it.each([
    '3f2a9c01',
    'sha256:3f2a9c01',
    'urn:uuid:6f1c2d3e-0000-4000-8000-000000000000',
    'https://example.edu/credentials/3732',
    'abr',
    '.jwt',
    'licensejwt',
  ])('%s is not', (text) => {
    expect(looksLikePath(text, ['.jwt', '.json'])).toBe(false);
  });
});
