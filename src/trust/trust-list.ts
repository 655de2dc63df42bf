// The verifier's trust list: which issuer DID may issue which credential types, and when.
// {"version":1,"issuers":[{"did","name","types":[...] or ["*"],"validFrom"?,"validUntil"?}]}
import { RadcredError } from '../errors.js';
import { didKeyShapeProblem, resolveDidKey } from '../identity/did-key.js';
import { exists, readTextBounded, writeFileAtomic } from '../util/files.js';
import { isPlainObject, parseJsonObject } from '../util/json.js';
import { isoTime, parseTime, type DateEdge } from '../util/time.js';

export interface TrustedIssuer {
  did: string;
  name: string;
  types: string[];
  validFrom?: string;
  validUntil?: string;
}

export interface TrustList {
  version: 1;
  issuers: TrustedIssuer[];
}

export const emptyTrustList = (): TrustList => ({ version: 1, issuers: [] });

function bad(path: string, why: string) {
  return new RadcredError(
    'TRUST_LIST_INVALID',
    `trust list ${path} is invalid: ${why}`,
    'fix the file, or rebuild it with `radcred trust add`',
  );
}

const TYPE_NAME = /^(\*|[A-Za-z][A-Za-z0-9]{0,99})$/;

function parseTime8601(value: unknown, path: string, field: string, edge: DateEdge): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw bad(path, `${field} is not a string`);
  try {
    return isoTime(parseTime(value, field, edge));
  } catch {
    throw bad(path, `${field} ${JSON.stringify(value)} is not an ISO 8601 time`);
  }
}

const ENTRY_KEYS = ['did', 'name', 'types', 'validFrom', 'validUntil'];
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * What is wrong with one issuer entry, or undefined; shared by the loader and `trust add`. `trust
 * add` resolves the DID in full; the loader checks its shape only, since a verify resolves the few
 * DIDs it meets anyway and a list of hundreds would otherwise cost more than the verify.
 */
function issuerProblem(entry: Record<string, unknown>, resolveDid = false): string | undefined {
  // a misspelt key (validUntill) would otherwise mean trust without an end
  const unknown = Object.keys(entry).find((k) => !ENTRY_KEYS.includes(k));
  if (unknown !== undefined) return `unknown field ${JSON.stringify(unknown.slice(0, 40))}`;
  const { did, name, types } = entry;
  if (typeof did !== 'string') return 'did is missing';
  if (!resolveDid && didKeyShapeProblem(did) !== undefined) return 'did is not a signing did:key';
  if (resolveDid) {
    try {
      resolveDidKey(did);
    } catch {
      return 'did is not a signing did:key';
    }
  }
  if (typeof name !== 'string' || name.trim().length === 0) return 'name is missing';
  if (name.length > 200 || CONTROL.test(name))
    return 'name must be one line of at most 200 characters, without control characters';
  if (!Array.isArray(types) || types.length === 0 || !types.every((t) => typeof t === 'string' && TYPE_NAME.test(t))) {
    return 'types must be a non-empty list of credential type names or "*"';
  }
  return undefined;
}

/** Parses and checks every entry; a list with one bad entry is refused whole (fail closed). */
export function parseTrustList(text: string, path: string): TrustList {
  const value = parseJsonObject(text, `trust list ${path}`, 'TRUST_LIST_INVALID');
  if (value.version !== 1) throw bad(path, 'version must be 1');
  const unknownKey = Object.keys(value).find((k) => k !== 'version' && k !== 'issuers');
  if (unknownKey !== undefined) throw bad(path, `unknown field ${JSON.stringify(unknownKey.slice(0, 40))}`);
  if (!Array.isArray(value.issuers)) throw bad(path, '"issuers" must be an array');
  const seen = new Set<string>();
  const issuers = value.issuers.map((entry, i): TrustedIssuer => {
    if (!isPlainObject(entry)) throw bad(path, `issuers[${i}] is not an object`);
    const problem = issuerProblem(entry);
    if (problem !== undefined) throw bad(path, `issuers[${i}]: ${problem}`);
    const { did, name, types } = entry as { did: string; name: string; types: string[] };
    if (seen.has(did)) throw bad(path, `issuers[${i}].did appears twice`);
    seen.add(did);
    const validFrom = parseTime8601(entry.validFrom, path, `issuers[${i}].validFrom`, 'start');
    const validUntil = parseTime8601(entry.validUntil, path, `issuers[${i}].validUntil`, 'end');
    if (validFrom !== undefined && validUntil !== undefined && parseTime(validUntil) <= parseTime(validFrom))
      throw bad(path, `issuers[${i}].validUntil is not after its validFrom`);
    return { did, name, types: [...types], ...(validFrom ? { validFrom } : {}), ...(validUntil ? { validUntil } : {}) };
  });
  return { version: 1, issuers };
}

export function loadTrustList(path: string): TrustList {
  return parseTrustList(readTextBounded(path, 'trust list', 4 * 1024 * 1024), path);
}

/** Loads the list, or an empty one if the file does not exist yet (for `trust add`). */
export const loadTrustListOrEmpty = (path: string): TrustList =>
  exists(path) ? loadTrustList(path) : emptyTrustList();

export function saveTrustList(path: string, list: TrustList): void {
  writeFileAtomic(path, JSON.stringify(list, null, 2) + '\n');
}

/** Adds or replaces an issuer; refuses (TRUST_ENTRY_INVALID) an entry the loader would refuse. */
export function addTrustedIssuer(list: TrustList, entry: TrustedIssuer): { list: TrustList; replaced: boolean } {
  resolveDidKey(entry.did);
  const window =
    entry.validFrom !== undefined &&
    entry.validUntil !== undefined &&
    parseTime(entry.validUntil) <= parseTime(entry.validFrom);
  const problem = issuerProblem({ ...entry }, true) ?? (window ? '--valid-until is not after --valid-from' : undefined);
  if (problem !== undefined) {
    throw new RadcredError(
      'TRUST_ENTRY_INVALID',
      `${entry.did} not added: ${problem}`,
      '--name must not be empty; --types takes credential type names (letters and digits) or "*"',
    );
  }
  const replaced = list.issuers.some((i) => i.did === entry.did);
  return { list: { version: 1, issuers: [...list.issuers.filter((i) => i.did !== entry.did), entry] }, replaced };
}

export function removeTrustedIssuer(list: TrustList, did: string): TrustList {
  if (!list.issuers.some((i) => i.did === did)) {
    throw new RadcredError('TRUST_NOT_FOUND', `${did} is not on the trust list`, 'see `radcred trust list`');
  }
  return { version: 1, issuers: list.issuers.filter((i) => i.did !== did) };
}

export type TrustDecision =
  | { trusted: true; issuer: TrustedIssuer }
  | {
      trusted: false;
      code: 'ISSUER_UNTRUSTED' | 'ISSUER_TYPE_UNTRUSTED' | 'ISSUER_TRUST_EXPIRED';
      issuer?: TrustedIssuer;
    };

/** Is `did` trusted to issue `type` at time `now` (unix seconds)? */
export function decideTrust(list: TrustList, did: string, type: string, now: number): TrustDecision {
  const issuer = list.issuers.find((i) => i.did === did);
  if (issuer === undefined) return { trusted: false, code: 'ISSUER_UNTRUSTED' };
  if (!issuer.types.includes('*') && !issuer.types.includes(type))
    return { trusted: false, code: 'ISSUER_TYPE_UNTRUSTED', issuer };
  if (
    (issuer.validFrom && now < parseTime(issuer.validFrom)) ||
    (issuer.validUntil && now >= parseTime(issuer.validUntil))
  ) {
    return { trusted: false, code: 'ISSUER_TRUST_EXPIRED', issuer };
  }
  return { trusted: true, issuer };
}
