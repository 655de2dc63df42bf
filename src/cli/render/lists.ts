// The listings as tables (src/cli/render/table.ts): `wallet list`, `disclosures`, `trust list` and
// `id list`, each with a header row and within the width; a DID shown by the name this home knows
// it by (src/cli/known-names.ts), else shortened. The --json output keeps every DID whole.
import type { CredentialView } from '../../credential/claims.js';
import type { IdentityInfo } from '../../identity/store.js';
import type { DisclosureRecord } from '../../presentation/disclosures.js';
import type { TrustedIssuer } from '../../trust/trust-list.js';
import { isoTime } from '../../util/time.js';
import { displayName, type KnownNames } from '../known-names.js';
import type { Style } from '../style.js';
import { renderTable, type Cell } from './table.js';
import { shortDid } from './text.js';

/** Built-in type names all end in Credential; the rest of the name is what tells them apart. */
export const shortType = (type: string): string =>
  type.length > 'Credential'.length && type.endsWith('Credential') ? type.slice(0, -'Credential'.length) : type;

const date = (iso: string) => iso.slice(0, 10);

export interface WalletRow {
  view: CredentialView;
  /** when it lapses: its exp, or the end of an expiration date in its subject (policy/evaluate.ts lapsesAt) */
  lapses: number | undefined;
}

/** 12 hex characters of the digest: enough to name a credential (an ID takes a prefix of 8 or more). */
const idOf = (view: CredentialView) => view.digest.slice('sha256:'.length, 'sha256:'.length + 12);

export function renderWallet(
  rows: readonly WalletRow[],
  names: KnownNames,
  now: number,
  s: Style,
  width: number,
): string {
  const until = ({ lapses }: WalletRow): Cell =>
    lapses === undefined
      ? 'no expiry'
      : lapses <= now
        ? { text: `expired ${date(isoTime(lapses))}`, style: (st) => st.bad }
        : date(isoTime(lapses));
  return renderTable(
    [
      { header: 'ID', min: 12, floor: 8, cut: 'clip' }, // 8 hex characters still name it (wallet show ID)
      { header: 'TYPE', min: 16, shrinkOrder: 1 },
      { header: 'UNTIL', min: 18 },
      { header: 'ISSUER', min: 12 },
    ],
    rows.map((r) => [idOf(r.view), shortType(r.view.type), until(r), displayName(names, r.view.issuer)]),
    s,
    width,
  );
}

/** Who a disclosure went to: the name this home knows, else the name the request gave. */
export const audienceNameOf = (r: DisclosureRecord, names: KnownNames): string | undefined =>
  names.nameOf(r.audience) ?? r.audienceName;

export function renderDisclosures(
  records: readonly DisclosureRecord[],
  names: KnownNames,
  s: Style,
  width: number,
): string {
  return renderTable(
    [
      { header: 'TIME (UTC)', min: 16 },
      { header: 'HOLDER', min: 8, max: 20, shrinkOrder: 2 },
      { header: 'AUDIENCE', min: 12, max: 48, shrinkOrder: 1 },
      // wraps whole type names; cut (with `…`) only on a terminal too narrow for the longest
      { header: 'CREDENTIALS', min: 16, wrap: true },
    ],
    records.map((r) => [
      r.time.slice(0, 16).replace('T', ' '),
      r.holderName,
      audienceNameOf(r, names) ?? shortDid(r.audience),
      countedTypes(r.credentials),
    ]),
    s,
    width,
  );
}

/** `MedicalLicense, CMECertificate (8)`: each type once, in the order first shown, with how many when more than one. */
function countedTypes(credentials: readonly { type: string }[]): string {
  const counts = new Map<string, number>();
  for (const c of credentials) counts.set(shortType(c.type), (counts.get(shortType(c.type)) ?? 0) + 1);
  return [...counts].map(([type, n]) => (n > 1 ? `${type} (${n})` : type)).join(', ');
}

const validity = (i: TrustedIssuer): string => {
  if (i.validFrom && i.validUntil) return `${date(i.validFrom)} to ${date(i.validUntil)}`;
  return i.validFrom ? `from ${date(i.validFrom)}` : i.validUntil ? `until ${date(i.validUntil)}` : 'always';
};

const trustedTypes = (types: readonly string[]) =>
  types.map((t) => (t === '*' ? '* (every type)' : shortType(t))).join(', ');

export function renderTrustList(issuers: readonly TrustedIssuer[], s: Style, width: number): string {
  return renderTable(
    [
      { header: 'NAME', min: 12, max: 40, shrinkOrder: 1 },
      { header: 'ISSUER', min: 12 },
      { header: 'TRUSTED', min: 7, shrinkOrder: 2 },
      { header: 'TYPES', min: 16, wrap: true },
    ],
    issuers.map((i) => [i.name, shortDid(i.did), validity(i), trustedTypes(i.types)]),
    s,
    width,
  );
}

/**
 * Identities with their DID whole: it is what a person copies to give out. The label gives way first;
 * on a terminal too narrow for the row, each DID goes on a line of its own under its row.
 */
export function renderIdentities(ids: readonly IdentityInfo[], s: Style, width: number): string {
  return renderTable(
    [
      { header: 'NAME', min: 8, shrinkOrder: 1 },
      { header: 'KEY', min: 'secp256k1'.length },
      { header: 'LABEL', min: 5 },
      { header: 'DID', whole: true },
    ],
    ids.map((i) => [i.name, i.keyType, i.label ?? '-', i.did]),
    s,
    width,
  );
}
