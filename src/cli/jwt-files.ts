// JWT files named on the command line that are not the credentials being verified: a request
// (`--request FILE`, `request show FILE`) and a verification record (`record show|check FILE`).
// When such a file holds no JWT, or not the kind it should, the error names the file and says what
// it should hold: "not a compact JWS" alone does not tell a user which of their files was wrong.
import { RadcredError, type ErrorCode } from '../errors.js';
import { MAX_RECORD_BYTES } from '../record/record.js';
import { readRequest, type CredentialRequest } from '../request/request.js';
import { readTextBounded } from '../util/files.js';
import type { CliContext } from './context.js';

/** What a request file holds, for a file that holds something else (a page, a JSON file). */
export const REQUEST_FILE_HINT =
  "a request file holds the office's request, one JWT (header.payload.signature): `radcred request create --out FILE` writes it";

/**
 * Runs `read` on the content of `file`; an error of one of the codes in `hints` (a code of its
 * content, never of the file system) is given again with the file named, and with the hint given
 * for its code (`null`: its own).
 */
export async function readingFile<T>(
  file: string,
  hints: Partial<Record<ErrorCode, string | null>>,
  read: () => T | Promise<T>,
): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (!(e instanceof RadcredError) || !(e.code in hints)) throw e;
    throw new RadcredError(e.code, `${file}: ${e.message}`, hints[e.code] ?? e.hint, e.details);
  }
}

/** A --request FILE: its text and the request in it (checked against `now` when given). */
export async function readRequestFile(
  ctx: CliContext,
  file: string,
  now?: number,
): Promise<{ text: string; request: CredentialRequest }> {
  const text = readTextBounded(ctx.resolvePath(file), 'request', 256 * 1024);
  const hints = { JWS_MALFORMED: REQUEST_FILE_HINT, JWS_TOO_LARGE: REQUEST_FILE_HINT, REQUEST_INVALID: null };
  return { text, request: await readingFile(file, hints, () => readRequest(text, now)) };
}

/** What a record's errors say about its file: named, with RECORD_MALFORMED's own hint. */
export const RECORD_FILE_ERRORS = { RECORD_MALFORMED: null, JWS_TOO_LARGE: null } as const;

/** The text of a record file. */
export const readRecordText = (ctx: CliContext, file: string): string =>
  readTextBounded(ctx.resolvePath(file), 'record', MAX_RECORD_BYTES);
