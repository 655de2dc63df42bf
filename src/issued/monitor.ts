// Monitoring a ledger for what an issuer's key signed without it: every issue entry in the name of
// one of this home's identities must be in this home's issuer register.
import { listIdentities } from '../identity/store.js';
import type { ListedEntry } from '../ledger/entries.js';
import { readIssued } from './register.js';

/**
 * Issue entries signed with one of this home's keys but not in its issuer register: the key
 * signed something this home did not issue (a stolen key, or another home with a copy of it).
 */
export function markUnregistered(home: string, listed: ListedEntry[]): (ListedEntry & { inRegister?: boolean })[] {
  const mine = new Set(listIdentities(home).map((i) => i.did));
  if (!listed.some((e) => e.kind === 'issue' && mine.has(e.issuer!))) return listed;
  const registered = new Set([...readIssued(home)].map((r) => r.digest));
  return listed.map((e) =>
    e.kind === 'issue' && mine.has(e.issuer!) ? { ...e, inRegister: registered.has(e.credential!) } : e,
  );
}
