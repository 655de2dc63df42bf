// @internal (src/verify only)
// Step 4's ledger checks for one credential: anchored (an issue entry signed by its issuer,
// included under the pinned checkpoint) and status (not revoked or suspended at the verification
// time). Unknown status never passes silently.
import type { CredentialView } from '../credential/claims.js';
import { standingFromEntries, type LedgerStanding } from '../ledger/status.js';
import { isoTime } from '../util/time.js';
import { ledgerAge } from './ledger-context.js';
import { outcome, type Check, type CheckCode, type VerifyOptions } from './types.js';

const check = (code: CheckCode, message: string): Check => outcome(4, code, message);

export function ledgerChecks(view: CredentialView, options: VerifyOptions): Check[] {
  const ledger = options.ledger;
  if (ledger === 'skip') {
    return [
      check('LEDGER_SKIPPED', 'ledger anchor not checked (--no-ledger)'),
      check('STATUS_UNCHECKED', 'revocation and suspension status unknown (--no-ledger)'),
    ];
  }
  if (ledger === undefined || ledger.length === 0) {
    return [
      check(
        'LEDGER_REQUIRED',
        'no ledger given: the issuance cannot be confirmed (pass --ledger DIR, or --no-ledger to verify signatures only)',
      ),
      check('STATUS_UNKNOWN', 'revocation and suspension status unknown without a ledger'),
    ];
  }
  const usable = ledger.flatMap((l) => (l.ok ? [l.ledger] : []));
  // Every ledger is read, not just the first that knows the credential: an issue entry can be
  // copied into a second ledger by anyone, so a revocation in any of them must win.
  const found: { where: string; origin: string; size: number; s: LedgerStanding }[] = [];
  let later: { where: string; time: string } | undefined;
  for (const l of usable) {
    const s = standingFromEntries(l.entriesFor(view.digest), view.digest, view.issuer, options.now);
    const where = `${l.checkpoint.origin} (size ${l.checkpoint.size})`;
    if (s.anchor !== undefined) found.push({ where, origin: l.checkpoint.origin, size: l.checkpoint.size, s });
    else if (s.anchoredLater) later ??= { where, time: s.anchoredLater.time };
  }
  if (found.length > 0) {
    const first = found[0]!;
    const anchor = {
      ...check('ANCHORED', `issue entry ${first.s.anchor!.index} in ${first.where}, ${first.s.anchor!.time}`),
      details: { origin: first.origin, index: first.s.anchor!.index, size: first.size },
    };
    const worst = found.find((f) => f.s.status === 'revoked') ?? found.find((f) => f.s.status === 'suspended') ?? first;
    if (worst.s.status === 'active') {
      const since = worst.s.statusEntry
        ? `; reinstated ${worst.s.statusEntry.time} (entry ${worst.s.statusEntry.index})`
        : '';
      return [anchor, check('STATUS_ACTIVE', `not revoked or suspended at ${isoTime(options.now)}${since}`)];
    }
    const e = worst.s.statusEntry!;
    const reason = e.reason ? `: ${e.reason}` : '';
    const where = found.length > 1 ? ` in ${worst.where}` : '';
    return [
      anchor,
      check(
        worst.s.status === 'revoked' ? 'REVOKED' : 'SUSPENDED',
        `${worst.s.status} ${e.time} (entry ${e.index}${where})${reason}`,
      ),
    ];
  }
  if (later) {
    return [
      check('NOT_YET_ANCHORED', `issued in ${later.where} only at ${later.time}, after ${isoTime(options.now)}`),
      check('STATUS_UNKNOWN', 'no status before issuance'),
    ];
  }
  const unpinned = ledger.flatMap((l) => (l.ok ? [] : [l]));
  if (usable.length === 0 && unpinned.length > 0) {
    return [
      check('LEDGER_NOT_PINNED', unpinned.map((u) => u.message).join('; ')),
      check('STATUS_UNKNOWN', 'no trusted ledger to read the status from'),
    ];
  }
  const names = usable.map((l) => `${l.checkpoint.origin} (size ${l.checkpoint.size})`).join(', ');
  return [
    check('NOT_ANCHORED', `no issue entry signed by ${view.issuer} in ${names}`),
    check('STATUS_UNKNOWN', 'status unknown for a credential the ledger does not know'),
  ];
}

/** Step 5: the pinned checkpoint was confirmed by a pull recently enough. */
export function ledgerAgeCheck(options: VerifyOptions): Check | undefined {
  if (options.maxLedgerAgeSeconds === undefined || !Array.isArray(options.ledger)) return undefined;
  const ages = options.ledger.flatMap((l) =>
    l.ok
      ? [{ origin: l.ledger.checkpoint.origin, age: ledgerAge(l.ledger, options.now), at: l.ledger.pin.confirmedAt }]
      : [],
  );
  const stale = ages.filter((a) => a.age > options.maxLedgerAgeSeconds!);
  if (ages.length === 0) return outcome(5, 'LEDGER_AGE_UNKNOWN', 'no pinned ledger to judge the age of');
  if (stale.length > 0) {
    return outcome(
      5,
      'LEDGER_STALE',
      stale.map((s) => `${s.origin} last confirmed ${s.at}`).join('; ') +
        `, more than ${options.maxLedgerAgeSeconds} s ago: pull it again`,
    );
  }
  return outcome(5, 'LEDGER_FRESH', ages.map((a) => `${a.origin} confirmed ${a.at}`).join('; '));
}
