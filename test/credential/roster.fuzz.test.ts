// Property: a roster CSV (`issue --batch`) yields rows and bad-row reports, or is refused whole
// with an input RadcredError, whatever the file holds; every row it accepts can be issued as is
// (the batch never fails half-way on a row the roster check let through), and every report names
// a line of the file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkIssueInput } from '../../src/credential/issue.js';
import { parseRoster } from '../../src/credential/roster.js';
import { credentialType, type CredentialTypeDef } from '../../src/credential/types.js';
import { validateSubject } from '../../src/credential/validate.js';
import { fixture, NOW_S } from '../helpers.js';
import { fc, fuzzParams } from '../fuzz.js';
import { outcome, randomText, textNear, weirdValue } from '../fuzz-mutations.js';
import { demoSigner } from '../verify/tokens.js';

const PRIYA = demoSigner('priya').did;
const MARCUS = 'did:key:z6MkvqEqwVjs7KdSPj6QzJwEjKHF2SjGRPEMc3GKFNtDSG32';
const issuer = demoSigner('lakeshore');
const CME = credentialType('CMECertificateCredential')!;
const CLAIMS = credentialType('ClaimsHistoryCredential')!;
const LICENSE = credentialType('MedicalLicenseCredential')!;

const claimsJson = JSON.stringify([
  { reportedDate: '2021-03-15', status: 'closed', outcome: 'dismissed', indemnityPaidUSD: 0 },
]);
function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
const SEEDS: [CredentialTypeDef, string][] = [
  [CME, readFileSync(fixture('rosters', 'rsna-cme.csv'), 'utf8')],
  // CRLF line ends, a BOM, and a validUntil column
  [
    CME,
    '\ufeff' +
      parseRosterCells(readFileSync(fixture('rosters', 'rsna-cme.csv'), 'utf8'))
        .map((r, i) => [...r, i === 0 ? 'validUntil' : '2027-12-31'].map(csvCell).join(','))
        .join('\r\n') +
      '\r\n',
  ],
  [
    CLAIMS,
    `subject,name,lookbackFrom,lookbackTo,claimCount,claims\n${PRIYA},Priya N. Halvorsen,2016-11-01,2026-10-31,1,${csvCell(claimsJson)}\n${MARCUS},"Oyelaran, Marcus",2016-11-01,2026-10-31,0,[]\n`,
  ],
  [
    LICENSE,
    `subject,name,jurisdiction,licenseNumber,licenseType,status,issuedDate,expirationDate,restrictions,validUntil\n${PRIYA},Priya N. Halvorsen,US-TX,Q1234,full,active,2019-06-01,2027-05-31,,1830000000\n`,
  ],
];

/** Line breaks the file has, so a reported line can be checked against it. */
const lineCount = (text: string) => (text.match(/\r\n|\r|\n/g)?.length ?? 0) + 1;

function check(def: CredentialTypeDef, text: string): void {
  const r = outcome(() => parseRoster(text, def, NOW_S), ['input']);
  if (!r.ok) {
    expect(r.error.code).toMatch(/^ROSTER_/);
    return;
  }
  const lines = lineCount(text);
  for (const p of r.value.problems) {
    expect(p.line).toBeGreaterThanOrEqual(2);
    expect(p.line).toBeLessThanOrEqual(lines);
    expect(p.field.length).toBeGreaterThan(0);
  }
  for (const row of r.value.rows) {
    expect(row.line).toBeGreaterThanOrEqual(2);
    expect(row.line).toBeLessThanOrEqual(lines);
    expect(validateSubject(def, row.data)).toEqual([]);
    if (row.validUntil !== undefined) expect(row.validUntil).toBeGreaterThan(NOW_S);
    // what issueBatch does with the row: must not throw
    checkIssueInput(def, row.subject, row.data, NOW_S, row.validUntil);
  }
}

describe('parseRoster (fuzz)', () => {
  it('the seeds are all good rows', () => {
    for (const [def, text] of SEEDS) {
      const r = parseRoster(text, def, NOW_S);
      expect(r.problems).toEqual([]);
      expect(r.rows.length).toBeGreaterThan(0);
    }
  });

  it('mutated rosters and random text: rows and line-numbered problems, or a ROSTER_ error', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 0, max: SEEDS.length - 1 })
          .chain((i) =>
            fc.tuple(
              fc.constant(SEEDS[i]![0]),
              fc.oneof({ weight: 6, arbitrary: textNear(SEEDS[i]![1]) }, { weight: 1, arbitrary: randomText }),
            ),
          ),
        ([def, text]) => {
          check(def, text);
        },
      ),
      fuzzParams(120),
    );
  });

  it('one cell replaced by anything (numbers of any size, JSON, quotes, dates that do not exist)', () => {
    const cell = fc.oneof(
      weirdValue.map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))),
      fc.string({ unit: 'binary', maxLength: 20 }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: SEEDS.length - 1 }),
        fc.nat(),
        fc.nat(),
        cell,
        (i, rowPick, colPick, value) => {
          const [def, text] = SEEDS[i]!;
          const rows = parseRosterCells(text);
          const row = rows[1 + (rowPick % (rows.length - 1))]!;
          row[colPick % row.length] = value;
          check(def, rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n');
        },
      ),
      fuzzParams(120),
    );
  });
});

/** The seeds' cells (no quoted line breaks in them), for editing one cell. */
function parseRosterCells(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .filter((l) => l.length > 0)
    .map((line) => {
      const cells: string[] = [];
      let cur = '';
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const c = line[i]!;
        if (quoted && c === '"' && line[i + 1] === '"') ((cur += '"'), i++);
        else if (c === '"') quoted = !quoted;
        else if (c === ',' && !quoted) (cells.push(cur), (cur = ''));
        else cur += c;
      }
      cells.push(cur);
      return cells;
    });
}

describe('regressions found by fuzzing', () => {
  it('a CRLF after a header ending in a bare CR is one line break: bad rows are reported on their own lines', () => {
    const [header, good] = readFileSync(fixture('rosters', 'rsna-cme.csv'), 'utf8').split('\n') as [string, string];
    const bad = good.replace('AMA PRA Category 1 Credit', 'Category 9');
    // csv-parse takes the first line end (a bare CR) as the record delimiter, so the CRLFs below
    // are split between records; line 2 is "junk" glued to the row on line 3
    const text = `${header}\rjunk\n${good}\r\n${bad}\r\n${bad}\r\n`;
    const lines = parseRoster(text, CME, NOW_S).problems.map((p) => p.line);
    expect(lines).toEqual(expect.arrayContaining([2, 4, 5]));
    expect(lines.every((l) => l <= lineCount(text))).toBe(true);
  });
});
