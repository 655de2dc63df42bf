// Identity names (src/identity/name.ts): what a new identity may be called, what an older keystore
// may still be called, and names that would share one $RADCRED_PASSPHRASE_NAME.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkIdentityName,
  checkNewName,
  identityNames,
  isIdentityName,
  passphraseVariableOf,
} from '../../src/identity/name.js';
import { cleanup, codeOf, tempDir } from '../helpers.js';

describe('identity names', () => {
  it('a new name is 1-64 letters, digits, "-" or "_", starting with a letter or digit (as the README says)', () => {
    for (const name of ['tmb', 'northbay-office', 'a_b', 'X1', 'a'.repeat(64)])
      expect(checkNewName(name, [])).toBe(name);
    for (const name of ['a.b', '.a', '-a', '_a', 'a b', 'a/b', '', 'a'.repeat(65), 'é'])
      expect(codeOf(() => checkNewName(name, []))).toBe('IDENTITY_NAME_INVALID');
  });

  it('a keystore of radcred 0.1.0 named with a "." still opens under its name', () => {
    expect(isIdentityName('a.b')).toBe(true);
    expect(checkIdentityName('a.b')).toBe('a.b');
    expect(codeOf(() => checkIdentityName('../a'))).toBe('IDENTITY_NAME_INVALID');
  });

  it('a new name that reads the same passphrase variable as another identity is IDENTITY_NAME_CLASH', () => {
    expect(passphraseVariableOf('a-b')).toBe(passphraseVariableOf('a_b'));
    expect(codeOf(() => checkNewName('a_b', ['a-b']))).toBe('IDENTITY_NAME_CLASH');
    expect(codeOf(() => checkNewName('TMB', ['registry', 'tmb']))).toBe('IDENTITY_NAME_CLASH');
    expect(codeOf(() => checkNewName('a_b', ['a.b']))).toBe('IDENTITY_NAME_CLASH'); // an older dotted name
    expect(checkNewName('tmb2', ['tmb'])).toBe('tmb2');
  });

  it("identityNames lists a home's keystores by name, without opening them", () => {
    const home = tempDir();
    try {
      expect(identityNames(home)).toEqual([]);
      mkdirSync(join(home, 'identities'));
      for (const f of ['tmb.json', 'priya.json', '.tmp.json', 'notes.txt', 'a.b.json'])
        writeFileSync(join(home, 'identities', f), '{}');
      expect(identityNames(home)).toEqual(['a.b', 'priya', 'tmb']);
    } finally {
      cleanup(home);
    }
  });
});
