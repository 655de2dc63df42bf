// Roster CSV for batch issuance (DESIGN.md "Rosters"): a header row; column `subject` (holder
// DID), one column per subject field (arrays `;`-separated; a list of objects, such as claims,
// as a JSON array; booleans `true` or `false`), optional `validUntil`. Every row is checked before anything is issued; a bad
// row is reported by its 1-based line number and field.
import { parse } from 'csv-parse/sync';
import { RadcredError } from '../errors.js';
import { resolveDidKey } from '../identity/did-key.js';
import { MAX_ISSUED_DATE } from './claims.js';
import { MAX_JSON_DEPTH, nestingExceeds } from '../util/json.js';
import { parseTime } from '../util/time.js';
import type { CredentialTypeDef } from './types.js';
import { validateSubject } from './validate.js';

export const MAX_ROSTER_ROWS = 1_000_000;
/** A roster file larger than this is refused before it is read (RSNA's ~40,000 rows are ~12 MB). */
export const MAX_ROSTER_BYTES = 64 * 1024 * 1024;

export interface RosterRow {
  /** 1-based line where the row starts */
  line: number;
  subject: string;
  data: Record<string, unknown>;
  validUntil?: number;
}

export interface RosterProblem {
  line: number;
  field: string;
  message: string;
}

interface PropertySchema {
  type?: string;
  items?: { type?: string };
}

/** Turns a cell into the JSON value its schema property expects; leaves it as text when it cannot, for the schema to report. */
function convert(cell: string, prop: PropertySchema | undefined): unknown {
  const type = prop?.type;
  if (type === 'number' || type === 'integer') return /^-?\d+(\.\d+)?$/.test(cell.trim()) ? Number(cell.trim()) : cell;
  if (type === 'boolean') return cell.trim() === 'true' ? true : cell.trim() === 'false' ? false : cell;
  if (type === 'array') {
    if (prop?.items?.type === 'object') {
      // A cell nested deeper than any subject field goes to the schema as text (never parsed).
      if (nestingExceeds(cell, MAX_JSON_DEPTH)) return cell;
      try {
        return JSON.parse(cell) as unknown;
      } catch {
        return cell;
      }
    }
    return cell
      .split(';')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  }
  return cell;
}

const BREAK = /\r\n|\r|\n/g;
const breaks = (text: string) => text.match(BREAK)?.length ?? 0;

/**
 * The 1-based line on which each record starts, from the records' raw text in order. (csv-parse's
 * own line count is the record's last line; it counts a CRLF inside quotes twice, and a record's
 * raw text includes the empty lines skipped before it.)
 */
function lineCounter(): (raw: string) => number {
  let last = 0;
  let endsInCr = false;
  return (raw) => {
    // When csv-parse ends records at a bare CR (the first line end it met), a later CRLF is split
    // between two records' raw text: it is still one line break.
    const text = endsInCr && raw.startsWith('\n') ? raw.slice(1) : raw;
    endsInCr = raw.endsWith('\r');
    const body = text.replace(/(?:\r\n|\r|\n)$/, '');
    const skipped = /^(?:\r\n|\r|\n)*/.exec(body)![0];
    const start = last + 1 + breaks(skipped);
    last = start + breaks(body.slice(skipped.length));
    return start;
  };
}

export function parseRoster(
  text: string,
  def: CredentialTypeDef,
  now: number,
): { rows: RosterRow[]; problems: RosterProblem[] } {
  // Each record becomes a row (or a problem) as csv-parse hands it over, and equal cell texts are
  // stored once (a roster repeats its provider, dates and credit type on every row): a 40,000-row
  // roster then holds ~half the memory, and no array of every raw record ever exists.
  const lineOf = lineCounter();
  const properties = (def.schema as { properties?: Record<string, PropertySchema> }).properties ?? {};
  const interned = new Map<string, string>();
  const intern = (cell: string) => interned.get(cell) ?? (interned.set(cell, cell), cell);
  let header: string[] | undefined;
  let headerError: RadcredError | undefined;
  let records = 0;
  const rows: RosterRow[] = [];
  const problems: RosterProblem[] = [];
  const onRecord = ({ record, raw }: { record: string[]; raw: string }) => {
    const line = lineOf(raw);
    records++;
    if (header === undefined) {
      header = record.map((h) => h.trim());
      headerError = headerProblem(header, properties, def);
    } else if (headerError === undefined && records - 1 <= MAX_ROSTER_ROWS) {
      rowOf(record, line, header, properties, def, now, intern, rows, problems);
    }
    return null; // nothing is kept by csv-parse
  };
  try {
    // With `raw`, csv-parse hands on_record {record, raw}; its typings do not know that shape.
    parse(text, {
      bom: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: false,
      on_record: onRecord as unknown as (record: string[]) => string[],
    });
  } catch (e) {
    const err = e as { code?: string; lines?: number; message?: string };
    throw new RadcredError(
      'ROSTER_MALFORMED',
      `the roster is not valid CSV (line ${err.lines ?? '?'}: ${err.code ?? 'parse error'})`,
      'check quoting near that line',
    );
  }
  if (records === 0)
    throw new RadcredError(
      'ROSTER_EMPTY',
      'the roster is empty',
      'the first line names the columns: subject, then the subject fields',
    );
  if (records - 1 > MAX_ROSTER_ROWS)
    throw new RadcredError('ROSTER_TOO_LARGE', `the roster has more than ${MAX_ROSTER_ROWS} rows`);
  if (headerError) throw headerError;
  return { rows, problems };
}

function headerProblem(
  header: string[],
  properties: Record<string, PropertySchema>,
  def: CredentialTypeDef,
): RadcredError | undefined {
  const unknown = header.filter((h) => h !== 'subject' && h !== 'validUntil' && !Object.hasOwn(properties, h));
  if (!header.includes('subject'))
    return new RadcredError(
      'ROSTER_HEADER',
      'the roster has no "subject" column',
      'the header names the columns: subject, then the fields',
    );
  if (unknown.length > 0) {
    return new RadcredError(
      'ROSTER_HEADER',
      `the roster has columns that are not ${def.type} fields: ${unknown.join(', ')}`,
      `see \`radcred types show ${def.type}\``,
    );
  }
  if (new Set(header).size !== header.length)
    return new RadcredError('ROSTER_HEADER', 'the roster header names a column twice');
  return undefined;
}

/** Checks one record and adds it to `rows`, or its problems to `problems`. */
function rowOf(
  record: string[],
  line: number,
  header: string[],
  properties: Record<string, PropertySchema>,
  def: CredentialTypeDef,
  now: number,
  intern: (cell: string) => string,
  rows: RosterRow[],
  problems: RosterProblem[],
): void {
  if (record.length !== header.length) {
    problems.push({ line, field: '*', message: `has ${record.length} fields, the header has ${header.length}` });
    return;
  }
  const cells = Object.fromEntries(header.map((h, i) => [h, record[i]!]));
  const rowProblems: RosterProblem[] = [];
  const subject = intern(cells.subject!.trim());
  try {
    resolveDidKey(subject);
  } catch {
    rowProblems.push({ line, field: 'subject', message: 'is not a did:key the holder can present with' });
  }
  let validUntil: number | undefined;
  if (cells.validUntil !== undefined && cells.validUntil.trim() !== '') {
    try {
      validUntil = parseTime(cells.validUntil.trim(), 'validUntil', 'end');
      if (validUntil <= now) rowProblems.push({ line, field: 'validUntil', message: 'is not in the future' });
      else if (validUntil > MAX_ISSUED_DATE)
        rowProblems.push({ line, field: 'validUntil', message: 'is after 5138-11-16, the last date did-jwt-vc reads' });
    } catch {
      rowProblems.push({ line, field: 'validUntil', message: 'is not a time (ISO 8601 or unix seconds)' });
    }
  }
  const data: Record<string, unknown> = {};
  for (const h of header) {
    if (h === 'subject' || h === 'validUntil' || cells[h] === '') continue;
    const value = convert(cells[h]!, properties[h]);
    data[h] =
      typeof value === 'string'
        ? intern(value)
        : Array.isArray(value)
          ? value.map((v) => (typeof v === 'string' ? intern(v) : v))
          : value;
  }
  // judged at the issuing time, as issueCredential will judge the row
  for (const p of validateSubject(def, data, { now }))
    rowProblems.push({ line, field: p.field.replace(/^\//, '') || '*', message: p.message });
  if (rowProblems.length > 0) problems.push(...rowProblems);
  else rows.push({ line, subject, data, ...(validUntil !== undefined ? { validUntil } : {}) });
}
