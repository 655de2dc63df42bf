// A CREDENTIAL argument (DESIGN.md): a credential file, a digest (`sha256:<hex>` or a hex prefix of
// at least 8 characters), or the `jti` (an `urn:uuid:` jti also by its bare UUID). Resolved against
// a list of known credentials.
import { RadcredError } from '../errors.js';
import { digestOfSigningInput, parseCompactJws } from '../jws/compact.js';
import { exists, looksLikePath, readTextBounded } from '../util/files.js';

export interface Referable {
  digest: string;
  jti?: string | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Does `ref` name this jti: the jti itself, or a bare UUID for an `urn:uuid:` jti (as `issued list` shows it). */
export const namesJti = (ref: string, jti: string | undefined): boolean =>
  jti !== undefined && (jti === ref || (UUID.test(ref) && jti.toLowerCase() === `urn:uuid:${ref.toLowerCase()}`));

/** Turns a relative file name into a path (the CLI resolves against its working directory). */
export type PathResolver = (path: string) => string;

/** What a credential file's name ends in, most often: a CREDENTIAL that ends so and names no file was meant as one. */
export const CREDENTIAL_FILE_EXTENSIONS = ['.jwt', '.json'];

/** A CREDENTIAL that looks like a file name (src/util/files.ts looksLikePath) but names none: FILE_NOT_FOUND, not "no credential matches". */
export const missingCredentialFile = (ref: string): RadcredError =>
  new RadcredError(
    'FILE_NOT_FOUND',
    `credential file ${ref} does not exist`,
    'check the path (a relative one is taken from the current directory), or name the credential by its digest or jti',
  );

/** Reads a reference: a file becomes its digest; other text is kept as typed. */
export function normaliseReference(ref: string, resolvePath: PathResolver = (p) => p): string {
  if (ref.length === 0) throw new RadcredError('CREDENTIAL_REF_EMPTY', 'empty credential reference');
  if (!/^(sha256:)?[0-9a-f]{8,64}$/.test(ref) && !ref.startsWith('urn:')) {
    if (exists(resolvePath(ref)))
      return digestOfSigningInput(parseCompactJws(readTextBounded(resolvePath(ref), 'credential file')).signingInput);
    if (looksLikePath(ref, CREDENTIAL_FILE_EXTENSIONS)) throw missingCredentialFile(ref);
  }
  return ref;
}

export function findByReference<T extends Referable>(items: T[], rawRef: string, resolvePath?: PathResolver): T {
  const ref = normaliseReference(rawRef, resolvePath);
  let matches: T[];
  if (/^sha256:[0-9a-f]{64}$/.test(ref)) matches = items.filter((i) => i.digest === ref);
  else if (/^(sha256:)?[0-9a-f]{8,64}$/.test(ref)) {
    const prefix = ref.startsWith('sha256:') ? ref : `sha256:${ref}`;
    matches = items.filter((i) => i.digest.startsWith(prefix) || i.jti === ref);
  } else matches = items.filter((i) => namesJti(ref, i.jti));
  if (matches.length === 0) {
    throw new RadcredError(
      'CREDENTIAL_NOT_FOUND',
      `no credential matches ${JSON.stringify(rawRef)}`,
      'use a digest (prefix of 8+ hex), a jti, or a credential file; see `radcred wallet list`',
    );
  }
  if (matches.length > 1) {
    throw new RadcredError(
      'CREDENTIAL_AMBIGUOUS',
      `${JSON.stringify(rawRef)} matches ${matches.length} credentials`,
      'give more characters of the digest',
    );
  }
  return matches[0]!;
}
