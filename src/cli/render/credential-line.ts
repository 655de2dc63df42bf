// A credential as a person picks or confirms it: what kind it is, what it attests in one line, who
// issued it (by name where this home knows one) and where it stands in time. Used by present's
// choice and by the confirmations of revoke and wallet remove. Plain text; the caller styles it.
import type { CredentialView } from '../../credential/claims.js';
import { attestedBy } from '../../credential/attests.js';
import { RadcredError } from '../../errors.js';
import { homePaths } from '../../home.js';
import { listIdentities } from '../../identity/store.js';
import { lapsesAt } from '../../policy/evaluate.js';
import { loadTrustListOrEmpty } from '../../trust/trust-list.js';
import { isoTime } from '../../util/time.js';
import { printable } from './text.js';

/** How soon a lapse counts as "expires soon". */
export const EXPIRING_SOON_SECONDS = 30 * 86_400;

/** A DID by the name this home knows it by: its trust list's name, else its own identity's label. */
export type IssuerNamer = (did: string) => string | undefined;

export function issuerNamer(home: string): IssuerNamer {
  const names = new Map<string, string>();
  try {
    for (const i of listIdentities(home)) names.set(i.did, i.label ?? i.name);
    // the trust list's name wins: it is the one the office chose
    for (const t of loadTrustListOrEmpty(homePaths(home).trust).issuers) names.set(t.did, t.name);
  } catch (e) {
    // a damaged trust list or keystore is reported by the commands that use them; here it only
    // costs the names
    if (!(e instanceof RadcredError)) throw e;
  }
  return (did) => names.get(did);
}

export type Standing = 'current' | 'expiring' | 'expired' | 'not-yet-valid';

/** Where a credential stands at `now`, and the words for it ("expires soon, 2026-12-09"). */
export function standingAt(view: CredentialView, now: number): { standing: Standing; text: string } {
  const day = (t: number) => isoTime(t).slice(0, 10);
  const from = view.nbf ?? view.iat;
  // the same 60 s of clock skew createPresentation allows
  if (from !== undefined && from > now + 60) return { standing: 'not-yet-valid', text: `not valid until ${day(from)}` };
  const lapses = lapsesAt(view);
  if (lapses === undefined) return { standing: 'current', text: 'no expiry' };
  if (lapses <= now) return { standing: 'expired', text: `expired ${day(lapses)}` };
  if (lapses - now <= EXPIRING_SOON_SECONDS) return { standing: 'expiring', text: `expires soon, ${day(lapses)}` };
  return { standing: 'current', text: `valid until ${day(lapses)}` };
}

/** `did:key:zDnaeb…HBUdK`: a DID short enough for a line, still told apart by eye. */
export const shortIssuer = (did: string): string => (did.length <= 28 ? did : `${did.slice(0, 14)}…${did.slice(-5)}`);

export interface CredentialLine {
  /** "Medical license" (a type radcred does not know: its name) */
  kind: string;
  /** "US-TX Q4821, active, until 2027-08-31" */
  summary: string;
  /** "Texas Medical Board", else a shortened DID */
  issuer: string;
  standing: Standing;
  standingText: string;
}

/** The parts of a credential's line; every part is made printable (data cannot draw on the terminal). */
export function credentialLine(view: CredentialView, names: IssuerNamer, now: number): CredentialLine {
  const attested = attestedBy(view.type, view.subjectData);
  const { standing, text } = standingAt(view, now);
  return {
    kind: printable(attested.label),
    summary: printable(attested.summary),
    issuer: printable(names(view.issuer) ?? shortIssuer(view.issuer)),
    standing,
    standingText: text,
  };
}

/** `text` cut to `width` characters, with `…` where it was cut. */
export const cut = (text: string, width: number): string =>
  [...text].length <= width ? text : `${[...text].slice(0, Math.max(0, width - 1)).join('')}…`;

/**
 * One line of at most `width` characters: `Kind: summary — issuer`, and the standing when it
 * matters (expires soon, expired, not yet valid). The summary is cut first, so the issuer and
 * the standing always show.
 */
export function oneLine(line: CredentialLine, width: number): string {
  const notable = line.standing !== 'current' ? ` (${line.standingText})` : '';
  // the issuer is cut only on a narrow terminal, where the kind and summary would keep too little
  const tail = cut(` — ${line.issuer}`, Math.max(10, width - 24 - notable.length)) + notable;
  return cut(`${line.kind}: ${line.summary}`, Math.max(10, width - tail.length)) + tail;
}

/** The lines that say what an action is about to touch: the kind and summary, the issuer, the digest. */
export function describeForConfirmation(
  view: CredentialView,
  names: IssuerNamer,
  now: number,
  width: number,
): string[] {
  const line = credentialLine(view, names, now);
  const issuerName = names(view.issuer);
  return [
    cut(`  ${line.kind}: ${line.summary}`, width),
    cut(
      `  issuer   ${issuerName !== undefined ? `${printable(issuerName)} (${shortIssuer(view.issuer)})` : view.issuer}`,
      width,
    ),
    `  status   ${line.standingText}`,
    `  digest   ${view.digest}`,
  ];
}
