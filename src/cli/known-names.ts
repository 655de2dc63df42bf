// Names for DIDs where this home knows them, so that lists can say "Texas Medical Board" rather
// than did:key:z6Mk…: its own identities (their label, else their name) first, then the issuers on
// its trust list (the name the office gave each). --json output keeps the DID and adds the name.
import { homePaths } from '../home.js';
import { listIdentities } from '../identity/store.js';
import { loadTrustListOrEmpty } from '../trust/trust-list.js';
import { RadcredError } from '../errors.js';
import { shortDid } from './render/text.js';

export interface KnownNames {
  /** the name this home knows `did` by, if any */
  nameOf(did: string): string | undefined;
}

/** What `read` returns, or nothing when it fails with a coded error: a damaged trust list must not break `wallet list`. */
function orNone<T>(read: () => T[]): T[] {
  try {
    return read();
  } catch (e) {
    if (e instanceof RadcredError) return [];
    throw e;
  }
}

export function knownNames(home: string): KnownNames {
  const names = new Map<string, string>();
  for (const i of orNone(() => loadTrustListOrEmpty(homePaths(home).trust).issuers)) names.set(i.did, i.name);
  for (const i of orNone(() => listIdentities(home))) names.set(i.did, i.label ?? i.name); // this home's own win
  return { nameOf: (did) => names.get(did) };
}

/** A DID as a list shows it: by its name when known, else shortened. */
export const displayName = (names: KnownNames, did: string): string => names.nameOf(did) ?? shortDid(did);
