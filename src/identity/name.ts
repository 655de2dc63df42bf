// What an identity may be called: the name of its keystore file, HOME/identities/NAME.json.
// A module of its own so that the CLI's start-up (reading --passphrase-file NAME=FILE) need not
// load the keystore code.
import { RadcredError } from '../errors.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Is `name` a valid identity name (1-64 letters, digits, ".", "_" or "-", starting with a letter or digit)? */
export const isIdentityName = (name: string): boolean => NAME.test(name);

export function checkIdentityName(name: string): string {
  if (!NAME.test(name)) {
    throw new RadcredError(
      'IDENTITY_NAME_INVALID',
      `${JSON.stringify(name)} is not a valid identity name`,
      'use 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
    );
  }
  return name;
}
