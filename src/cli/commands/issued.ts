// issued list [--subject DID] [--type TYPE]: the issuer register, one row per credential.
import { listIssued, type IssuedRecord } from '../../issued/register.js';
import type { CliContext } from '../context.js';
import { warningsField } from '../identity-access.js';
import type { CommandResult } from '../result.js';
import { warnIfNoSuchType } from '../type-access.js';
import type { Style } from '../style.js';

/** The human table stays within this many columns. */
export const WIDTH = 100;

const cut = (text: string, width: number) => (text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`);
/** Cut in the middle: an origin's host and the end of its path both stay. */
const cutMiddle = (text: string, width: number) => {
  if (text.length <= width) return text;
  const head = Math.ceil((width - 1) / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (width - 1 - head))}`;
};

/** `z6MkfY…T21ba` for a did:key: `did:key:` goes; the key type's prefix and the end stay (what people compare). */
export function shortDid(did: string): string {
  const id = did.startsWith('did:key:') ? did.slice('did:key:'.length) : did;
  return id.length <= 12 ? id : `${id.slice(0, 6)}…${id.slice(-5)}`;
}

/** Built-in type names all end in Credential; the rest of the name is what tells them apart. */
const shortType = (type: string) => (type.length > 'Credential'.length && type.endsWith('Credential') ? type.slice(0, -'Credential'.length) : type);

/** A jti as shown: `urn:uuid:` left out (CREDENTIAL takes the bare UUID too). */
const shortJti = (jti: string) => (jti.startsWith('urn:uuid:') ? jti.slice('urn:uuid:'.length) : jti);

/** The table: fixed columns for the date, subject and jti; the type and ledger share the rest. */
export function renderIssued(records: readonly IssuedRecord[], s: Style): string {
  const rows = records.map((r) => [r.time.slice(0, 10), shortType(r.type), shortDid(r.subject), shortJti(r.jti), r.ledger ?? '-']);
  const header = ['ISSUED', 'TYPE', 'SUBJECT', 'JTI', 'LEDGER'];
  const widest = (col: number, cap = Infinity) => Math.min(cap, Math.max(header[col]!.length, ...rows.map((r) => r[col]!.length)));
  const fixed = [10, 0, 12, widest(3, 36)];
  const free = WIDTH - fixed[0]! - fixed[2]! - fixed[3]! - 4 * 2; // the rest, less the gaps between five columns
  let typeWidth = widest(1);
  let ledgerWidth = widest(4);
  if (typeWidth + ledgerWidth > free) {
    typeWidth = Math.min(typeWidth, Math.max(16, free - ledgerWidth)); // a type name stays readable; a long origin is cut first
    ledgerWidth = free - typeWidth;
  }
  const widths = [fixed[0]!, typeWidth, fixed[2]!, fixed[3]!, ledgerWidth];
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? cutMiddle(c, widths[i]!) : cut(c, widths[i]!).padEnd(widths[i]!))).join('  ');
  return [s.bold(line(header)), ...rows.map(line)].join('\n');
}

export async function list(ctx: CliContext, _args: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const filter = {
    ...(typeof opts.subject === 'string' ? { subject: opts.subject } : {}),
    ...(typeof opts.type === 'string' ? { type: opts.type } : {}),
  };
  const records = listIssued(ctx.home, filter);
  // an empty answer for a type that nothing could match (a typo) says so; read again only then
  if (records.length === 0 && filter.type !== undefined) warnIfNoSuchType(ctx, filter.type, new Set(listIssued(ctx.home).map((r) => r.type)), 'the issuer register');
  const filtered = Object.keys(filter).length > 0;
  return {
    data: { issued: records, ...warningsField(ctx) },
    human: (s) => records.length > 0 ? renderIssued(records, s)
      : s.dim(filtered ? 'no credential this home issued matches' : 'this home has issued no credentials yet (`radcred issue` records each one here)'),
  };
}
