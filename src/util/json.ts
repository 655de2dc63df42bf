// Strict JSON for untrusted files: a size and nesting bound checked before JSON.parse, and a
// plain object required at the top.
import { RadcredError, type ErrorCode } from '../errors.js';

/**
 * The one nesting bound of every JSON document radcred reads (files and JWT parts alike): deeper
 * than anything radcred writes, and shallow enough that no parser recursion comes near its limit.
 */
export const MAX_JSON_DEPTH = 32;

/** Depth of [ and { nesting outside strings; stops counting once past the limit. */
export function nestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Why JSON.parse refused `text`, without the excerpt of the input V8 quotes (`Unexpected token 'x',
 * "...text..." is not valid JSON`): the input may be a private JWK or a keystore.
 */
const parseFailure = (e: unknown) => (e as Error).message.split('\n')[0]!.replace(/,\s*(?:\.\.\.)?".*$/, '');

/** Parses untrusted JSON of any shape; the nesting bound is checked before JSON.parse. */
export function parseJsonValue(text: string, what: string, code: ErrorCode = 'JSON_INVALID'): unknown {
  if (nestingExceeds(text, MAX_JSON_DEPTH)) {
    throw new RadcredError(code, `${what} nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new RadcredError(code, `${what} is not valid JSON (${parseFailure(e)})`);
  }
}

/** Parses JSON that must be an object; `what` names the input in the error. */
export function parseJsonObject(text: string, what: string, code: ErrorCode = 'JSON_INVALID'): Record<string, unknown> {
  const value = parseJsonValue(text, what, code);
  if (!isPlainObject(value)) throw new RadcredError(code, `${what} must be a JSON object`);
  return value;
}
