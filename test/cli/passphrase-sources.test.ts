// Where an identity's passphrase comes from without a prompt: --passphrase-file NAME=FILE, then
// --passphrase-file FILE, then $RADCRED_PASSPHRASE_NAME, then $RADCRED_PASSPHRASE; and what
// --passphrase-file values are refused.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  describeSource,
  parsePassphraseFiles,
  passphraseSource,
  passphraseVariable,
  readSource,
} from '../../src/cli/passphrase-sources.js';
import { cleanup, codeOf, errorOf, tempDir } from '../helpers.js';

describe('parsePassphraseFiles', () => {
  it('NAME=FILE is for that identity, anything else for every identity', () => {
    const files = parsePassphraseFiles(['tmb=tmb.pass', 'all.pass', 'registry=/abs/reg.pass', 'a.b-c_d=x=y']);
    expect(files.every).toBe('all.pass');
    expect([...files.byName]).toEqual([
      ['tmb', 'tmb.pass'],
      ['registry', '/abs/reg.pass'],
      ['a.b-c_d', 'x=y'],
    ]);
  });

  it('a value whose part before "=" is no identity name is a file: ./a=b, a path, a name too long', () => {
    for (const value of ['./a=b', '/tmp/x=y', 'dir/n=1', `${'n'.repeat(65)}=f`, '=f']) {
      expect(parsePassphraseFiles([value])).toEqual({ every: value, byName: new Map() });
    }
  });

  it('one value (as commander gives a single string) and none', () => {
    expect(parsePassphraseFiles('p.txt')).toEqual({ every: 'p.txt', byName: new Map() });
    expect(parsePassphraseFiles(undefined)).toEqual({ byName: new Map() });
  });

  it('two files for one identity, or two for every identity, are OPTION_REPEATED (exit 2); NAME= is OPTION_VALUE_MISSING', () => {
    const twice = errorOf(() => parsePassphraseFiles(['tmb=a', 'registry=b', 'tmb=c']));
    expect([twice.code, twice.kind]).toEqual(['OPTION_REPEATED', 'usage']);
    expect(twice.message).toContain('tmb');
    expect(codeOf(() => parsePassphraseFiles(['a', 'b']))).toBe('OPTION_REPEATED');
    expect(codeOf(() => parsePassphraseFiles(['tmb=']))).toBe('OPTION_VALUE_MISSING');
  });
});

describe('passphraseVariable', () => {
  it.each([
    ['tmb', 'RADCRED_PASSPHRASE_TMB'],
    ['northbay-office', 'RADCRED_PASSPHRASE_NORTHBAY_OFFICE'],
    ['a.b_c-9', 'RADCRED_PASSPHRASE_A_B_C_9'],
  ])('%s -> %s', (name, variable) => {
    expect(passphraseVariable(name)).toBe(variable);
  });
});

describe('passphraseSource: the specific before the general, the command line before the environment', () => {
  const files = parsePassphraseFiles(['tmb=tmb.pass', 'all.pass']);
  const env = {
    RADCRED_PASSPHRASE_TMB: 'tmb env',
    RADCRED_PASSPHRASE_REGISTRY: 'registry env',
    RADCRED_PASSPHRASE: 'every env',
  };

  it('NAME=FILE, then FILE, then $RADCRED_PASSPHRASE_NAME, then $RADCRED_PASSPHRASE', () => {
    expect(passphraseSource('tmb', files, env)).toEqual({
      kind: 'file',
      path: 'tmb.pass',
      shown: '--passphrase-file tmb=tmb.pass',
      shared: false,
    });
    expect(passphraseSource('registry', files, env)).toEqual({
      kind: 'file',
      path: 'all.pass',
      shown: '--passphrase-file all.pass',
      shared: true,
    });
    const onlyNamed = parsePassphraseFiles(['tmb=tmb.pass']);
    expect(passphraseSource('registry', onlyNamed, env)).toEqual({
      kind: 'env',
      variable: 'RADCRED_PASSPHRASE_REGISTRY',
      shared: false,
    });
    expect(passphraseSource('priya', onlyNamed, env)).toEqual({
      kind: 'env',
      variable: 'RADCRED_PASSPHRASE',
      shared: true,
    });
    expect(passphraseSource('priya', onlyNamed, {})).toBeUndefined();
  });

  it('an empty variable counts as unset', () => {
    expect(
      passphraseSource('tmb', parsePassphraseFiles([]), { RADCRED_PASSPHRASE_TMB: '', RADCRED_PASSPHRASE: 'x' }),
    ).toEqual({ kind: 'env', variable: 'RADCRED_PASSPHRASE', shared: true });
    expect(passphraseSource('tmb', parsePassphraseFiles([]), { RADCRED_PASSPHRASE: '' })).toBeUndefined();
  });

  it('describeSource names the flag or the variable, never the passphrase', () => {
    expect(describeSource(passphraseSource('tmb', files, env)!)).toBe('--passphrase-file tmb=tmb.pass');
    expect(describeSource(passphraseSource('tmb', parsePassphraseFiles([]), env)!)).toBe('$RADCRED_PASSPHRASE_TMB');
  });
});

describe('readSource', () => {
  const dir = tempDir();
  afterAll(() => cleanup(dir));

  it('a file loses one line ending, no more; relative paths through the resolver; an empty file is PASSPHRASE_EMPTY', () => {
    writeFileSync(join(dir, 'p'), ' spaced passphrase \r\n');
    writeFileSync(join(dir, 'two'), 'two lines\n\n');
    writeFileSync(join(dir, 'empty'), '\n');
    const at = (p: string) => join(dir, p);
    const read = (value: string) => readSource(passphraseSource('tmb', parsePassphraseFiles([value]), {})!, {}, at);
    expect(read('tmb=p')).toBe(' spaced passphrase ');
    expect(read('two')).toBe('two lines\n');
    expect(codeOf(() => read('empty'))).toBe('PASSPHRASE_EMPTY');
    expect(codeOf(() => read('missing'))).toBe('FILE_NOT_FOUND');
    expect(readSource({ kind: 'env', variable: 'V', shared: false }, { V: 'from env' }, at)).toBe('from env');
  });
});
