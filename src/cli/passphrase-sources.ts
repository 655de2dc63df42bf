// Where an identity's passphrase comes from when radcred does not ask for it. For identity NAME,
// first the command line, then the environment, the specific before the general:
//   --passphrase-file NAME=FILE   --passphrase-file FILE   $RADCRED_PASSPHRASE_NAME   $RADCRED_PASSPHRASE
// so one command that unlocks two keys (an issuer and the ledger operator) can run unattended.
import { RadcredError } from '../errors.js';
import { isIdentityName, passphraseVariableOf } from '../identity/name.js';
import { readTextBounded } from '../util/files.js';

/** The --passphrase-file values: one file for every identity, and files for named identities. */
export interface PassphraseFiles {
  every?: string;
  byName: ReadonlyMap<string, string>;
}

export type PassphraseSource =
  | {
      kind: 'file';
      path: string;
      /** how the user gave it: `--passphrase-file tmb=tmb.pass` */ shown: string;
      shared: boolean;
    }
  | { kind: 'env'; variable: string; shared: boolean };

const PER_IDENTITY = /^([^=]+)=(.*)$/s;

/**
 * Reads the values of the repeatable --passphrase-file. `NAME=FILE` (NAME an identity name) is
 * for that identity; anything else is a file for every identity (`./a=b` names a file "a=b").
 * Two files for the same identity, or two for every identity, are refused.
 */
export function parsePassphraseFiles(values: readonly string[] | string | undefined): PassphraseFiles {
  const byName = new Map<string, string>();
  let every: string | undefined;
  for (const value of values === undefined ? [] : typeof values === 'string' ? [values] : values) {
    const [, name, file] = PER_IDENTITY.exec(value) ?? [];
    if (name !== undefined && isIdentityName(name)) {
      if (file!.length === 0) {
        throw new RadcredError(
          'OPTION_VALUE_MISSING',
          `--passphrase-file ${name}= names no file`,
          `give the file after the "=": --passphrase-file ${name}=FILE`,
        );
      }
      if (byName.has(name)) {
        throw new RadcredError(
          'OPTION_REPEATED',
          `--passphrase-file was given twice for ${name}`,
          `give one file for ${name}; a second would replace the first without a word`,
        );
      }
      byName.set(name, file!);
    } else {
      if (every !== undefined) {
        throw new RadcredError(
          'OPTION_REPEATED',
          '--passphrase-file FILE (for every identity) was given twice',
          'give one such file, and NAME=FILE for identities whose passphrase differs',
        );
      }
      every = value;
    }
  }
  return { ...(every !== undefined ? { every } : {}), byName };
}

/** `RADCRED_PASSPHRASE_<NAME>`: the name upper-cased, every character but A-Z and 0-9 as `_`. */
export const passphraseVariable = passphraseVariableOf;

/** Where NAME's passphrase comes from without a prompt, or undefined when nothing gives it. */
export function passphraseSource(
  name: string,
  files: PassphraseFiles,
  env: Record<string, string | undefined>,
): PassphraseSource | undefined {
  const own = files.byName.get(name);
  if (own !== undefined) return { kind: 'file', path: own, shown: `--passphrase-file ${name}=${own}`, shared: false };
  if (files.every !== undefined)
    return { kind: 'file', path: files.every, shown: `--passphrase-file ${files.every}`, shared: true };
  const variable = passphraseVariable(name);
  if ((env[variable] ?? '').length > 0) return { kind: 'env', variable, shared: false };
  if ((env.RADCRED_PASSPHRASE ?? '').length > 0) return { kind: 'env', variable: 'RADCRED_PASSPHRASE', shared: true };
  return undefined;
}

/** How a source is named in messages: `--passphrase-file tmb=tmb.pass`, `$RADCRED_PASSPHRASE`. */
export const describeSource = (source: PassphraseSource): string =>
  source.kind === 'file' ? source.shown : `$${source.variable}`;

/** A passphrase file's text: only the one line ending an editor adds is dropped; it must not be empty. */
export function readPassphraseFile(path: string, given: string): string {
  const text = readTextBounded(path, 'passphrase file', 64 * 1024);
  const pass = text.replace(/\r?\n$/, '');
  if (pass.length === 0) throw new RadcredError('PASSPHRASE_EMPTY', `passphrase file ${given} is empty`);
  return pass;
}

/** The passphrase a source holds (a file is read, relative to `resolvePath`). */
export function readSource(
  source: PassphraseSource,
  env: Record<string, string | undefined>,
  resolvePath: (p: string) => string,
): string {
  return source.kind === 'file' ? readPassphraseFile(resolvePath(source.path), source.path) : env[source.variable]!;
}
