// What a rerun of a roster records that an earlier run handed out but never recorded in the issuer
// register: a run killed after moving its credentials into place and before appending (and so the
// credentials a crash recovery moved in for it), or a run made before this home kept a register.
import type { IssuedEarlier } from '../credential/batch.js';
import { anchoredIssues } from '../ledger/own-ledger.js';
import { issuedRecord, type IssuedRecord } from './record.js';
import { readIssued } from './register.js';

export interface BackfillIssuer {
  did: string;
  name: string;
}

/**
 * The records missing for `existing` (the already-issued rows of a rerun) that this issuer signed.
 * Their ledger is this run's --ledger when it holds their issue entry (committed or queued), else
 * null: what the register cannot know, it does not claim.
 */
export function unrecordedIssues(
  home: string,
  existing: readonly IssuedEarlier[],
  issuer: BackfillIssuer,
  ledger?: { dir: string; origin: string },
): IssuedRecord[] {
  const mine = existing.filter((e) => e.issuer === issuer.did);
  if (mine.length === 0) return [];
  const missing = new Set(mine.map((e) => e.digest));
  for (const r of readIssued(home)) missing.delete(r.digest);
  if (missing.size === 0) return [];
  const todo = mine.filter((e) => missing.has(e.digest));
  const logged =
    ledger === undefined
      ? new Set<string>()
      : anchoredIssues(
          ledger.dir,
          todo.map((e) => e.digest),
        );
  return todo.map((e) =>
    issuedRecord(e, issuer.name, ledger !== undefined && logged.has(e.digest) ? ledger.origin : null),
  );
}
