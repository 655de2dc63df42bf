// What an identity may be called: the name of its keystore file, HOME/identities/NAME.json, and the
// names a home has. A module of its own so that the CLI's start-up (reading --passphrase-file
// NAME=FILE) need not load the keystore code.
import { readdirSync } from 'node:fs';
import { RadcredError } from '../errors.js';
import { homePaths } from '../home.js';

/** A new identity's name: 1-64 letters, digits, "-" or "_", starting with a letter or digit. */
const NEW_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
// Keystores made before "." was refused (radcred 0.1.0 took it) still open under their name.
const EXISTING_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Is `name` the name of an identity a home may hold (a new one's, or an older keystore's with a ".")? */
export const isIdentityName = (name: string): boolean => EXISTING_NAME.test(name);

const invalid = (name: string) =>
  new RadcredError(
    'IDENTITY_NAME_INVALID',
    `${JSON.stringify(name)} is not a valid identity name`,
    'use 1-64 letters, digits, "-" or "_", starting with a letter or digit',
  );

/** Refuses a name no keystore can have (to look one up). */
export function checkIdentityName(name: string): string {
  if (!EXISTING_NAME.test(name)) throw invalid(name);
  return name;
}

/**
 * Refuses a name a new identity may not take: outside the rule, or another identity's under
 * `$RADCRED_PASSPHRASE_NAME` (`a-b` and `a_b`, `tmb` and `TMB` read one variable, so one
 * identity's passphrase would unlock the other's commands).
 */
export function checkNewName(name: string, existing: readonly string[]): string {
  if (!NEW_NAME.test(name)) throw invalid(name);
  const clash = existing.find((other) => other !== name && passphraseKey(other) === passphraseKey(name));
  if (clash !== undefined)
    throw new RadcredError(
      'IDENTITY_NAME_CLASH',
      `identity ${name} would share ${passphraseVariableOf(name)} with identity ${clash}`,
      `choose a name that differs from ${clash} in more than case, "-" or "_"`,
    );
  return name;
}

/** What `$RADCRED_PASSPHRASE_NAME` makes of a name: upper-cased, every character but A-Z and 0-9 as `_`. */
const passphraseKey = (name: string) => name.toUpperCase().replace(/[^A-Z0-9]/g, '_');

/** `RADCRED_PASSPHRASE_<NAME>`: the variable that holds identity NAME's passphrase. */
export const passphraseVariableOf = (name: string): string => `RADCRED_PASSPHRASE_${passphraseKey(name)}`;

/** The names of the identities in `home`, sorted (their keystores unread). */
export function identityNames(home: string): string[] {
  let files: string[];
  try {
    files = readdirSync(homePaths(home).identities);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return []; // no identity created yet
    throw e;
  }
  return files
    .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
    .map((f) => f.slice(0, -'.json'.length))
    .filter(isIdentityName)
    .sort();
}
