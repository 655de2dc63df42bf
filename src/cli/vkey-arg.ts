// --vkey VKEY: a ledger's verifier key, given as text or as a file holding it (ledger audit, pull,
// entries, check-proof; record check).
import { RadcredError } from '../errors.js';
import { parseVkey, type Vkey } from '../ledger/note.js';
import { exists, readTextBounded } from '../util/files.js';
import type { CliContext } from './context.js';

/**
 * --vkey takes the vkey text (name+id+key) or a file holding it. Text without a `+` cannot be a
 * vkey (which has two), so it names a file: one that does not exist is FILE_NOT_FOUND, not a
 * malformed key. (A `/` says nothing here: origins and base64 both hold it.)
 */
export function vkeyArg(ctx: CliContext, value: string): Vkey {
  const looksLikeVkey = /^[^+\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/.test(value.trim());
  const path = ctx.resolvePath(value);
  if (!looksLikeVkey && exists(path)) return parseVkey(readTextBounded(path, 'vkey file', 4096));
  if (!value.includes('+')) {
    throw new RadcredError(
      'FILE_NOT_FOUND',
      `vkey file ${value} does not exist`,
      "give the vkey itself (origin+hash+key, as in the ledger's vkey file) or the path of a file that holds it",
    );
  }
  return parseVkey(value);
}
