// Strict JSON for untrusted files: a size and nesting bound checked before JSON.parse, and a
// plain object required at the top.
import { inputError } from '../errors.js';

export const MAX_JSON_DEPTH = 64;

/** Depth of [ and { nesting outside strings; stops counting once past the limit. */
function nestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
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

/** Parses JSON that must be an object; `what` names the input in the error. */
export function parseJsonObject(text: string, what: string, code = 'JSON_INVALID'): Record<string, unknown> {
  if (nestingExceeds(text, MAX_JSON_DEPTH)) {
    throw inputError(code, `${what} nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw inputError(code, `${what} is not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  if (!isPlainObject(value)) throw inputError(code, `${what} must be a JSON object`);
  return value;
}
