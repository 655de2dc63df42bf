// issued list [--subject DID] [--type TYPE]: the issuer register, one row per credential.
import { listIssued, type IssuedRecord } from '../../issued/register.js';
import type { CliContext } from '../context.js';
import { warningsField } from '../identity-access.js';
import type { CommandResult } from '../result.js';
import { warnIfNoSuchType } from '../type-access.js';
import type { Style } from '../style.js';
import { displayName, knownNames, type KnownNames } from '../known-names.js';
import { shortType } from '../render/lists.js';
import { renderTable } from '../render/table.js';
import { outputWidth } from '../render/text.js';

/** A jti as shown: `urn:uuid:` left out (CREDENTIAL takes the bare UUID too). */
const shortJti = (jti: string) => (jti.startsWith('urn:uuid:') ? jti.slice('urn:uuid:'.length) : jti);

/**
 * The table: the date, the type, the subject (by the name this home knows, else its DID
 * shortened), the jti whole, the ledger. Too wide, the subject's name and then the type give way
 * first (a type stays readable at 16), then the origin, cut in the middle (its host and the end of
 * its path both stay); still too wide (a terminal narrower than 90 columns), each jti goes whole on
 * a line of its own under its row, since it is what an issuer copies to revoke.
 */
export function renderIssued(
  records: readonly IssuedRecord[],
  s: Style,
  names: KnownNames = { nameOf: () => undefined },
  width = 100,
): string {
  return renderTable(
    [
      { header: 'ISSUED', min: 10 },
      { header: 'TYPE', min: 16 },
      { header: 'SUBJECT', min: 12, max: 24 },
      { header: 'JTI', whole: true },
      { header: 'LEDGER', min: 10, cut: 'middle', shrinkOrder: 1 },
    ],
    records.map((r) => [
      r.time.slice(0, 10),
      shortType(r.type),
      displayName(names, r.subject),
      shortJti(r.jti),
      r.ledger ?? '-',
    ]),
    s,
    width,
  );
}

export async function list(ctx: CliContext, _args: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const filter = {
    ...(typeof opts.subject === 'string' ? { subject: opts.subject } : {}),
    ...(typeof opts.type === 'string' ? { type: opts.type } : {}),
  };
  const records = listIssued(ctx.home, filter);
  // an empty answer for a type that nothing could match (a typo) says so; read again only then
  if (records.length === 0 && filter.type !== undefined)
    warnIfNoSuchType(ctx, filter.type, new Set(listIssued(ctx.home).map((r) => r.type)), 'the issuer register');
  const filtered = Object.keys(filter).length > 0;
  const names = knownNames(ctx.home);
  return {
    data: {
      issued: records.map((r) => ({
        ...r,
        ...(names.nameOf(r.subject) !== undefined ? { subjectName: names.nameOf(r.subject) } : {}),
      })),
      ...warningsField(ctx),
    },
    human: (s) =>
      records.length > 0
        ? renderIssued(records, s, names, outputWidth(ctx.io.stdout.columns))
        : s.dim(
            filtered
              ? 'no credential this home issued matches'
              : 'this home has issued no credentials yet (`radcred issue` records each one here)',
          ),
  };
}
