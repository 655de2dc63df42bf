// Roster CSV: rows to subjects (numbers, `;` lists, JSON lists of objects), each bad row reported
// by its 1-based line and field, whole-file errors (malformed CSV, bad header), and line numbers
// that stay right through quoted multi-line fields, blank lines, CRLF and a BOM.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RadcredError } from '../../src/errors.js';
import { parseRoster } from '../../src/credential/roster.js';
import { credentialType } from '../../src/credential/types.js';
import { fixture, NOW_S, errorOf } from '../helpers.js';
import { demoSigner } from '../verify/tokens.js';

const CME = credentialType('CMECertificateCredential')!;
const CLAIMS = credentialType('ClaimsHistoryCredential')!;
const PRIYA = 'did:key:z6MkfYTuCR6MjTGpKaGXSKGs3LvDs8yxsoLs1qr8gcVT21ba';
const HEADER =
  'subject,name,activityTitle,activityId,provider,providerAccreditation,format,activityStartDate,activityEndDate,creditType,creditsAvailable,creditsEarned,topics';

/** A CME roster row; `cells` overrides columns by name. */
function row(cells: Record<string, string> = {}): string {
  const base: Record<string, string> = {
    subject: PRIYA,
    name: 'Priya N. Halvorsen',
    activityTitle: 'Breast Imaging Update',
    activityId: 'RSNA-BI-1',
    provider: 'RSNA',
    providerAccreditation: 'ACCME',
    format: 'live',
    activityStartDate: '2026-03-01',
    activityEndDate: '2026-03-02',
    creditType: 'AMA PRA Category 1 Credit',
    creditsAvailable: '12',
    creditsEarned: '10.5',
    topics: 'mammography;patient safety',
    ...cells,
  };
  return HEADER.split(',')
    .map((h) => base[h]!)
    .join(',');
}
const roster = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';
const parse = (text: string, def = CME) => parseRoster(text, def, NOW_S);
const lines = (r: ReturnType<typeof parse>) => r.rows.map((x) => x.line);

describe('parseRoster: good rows', () => {
  it('reads the RSNA fixture: six rows from line 2, numbers as numbers, topics as a list, an empty cell left out', () => {
    const r = parse(readFileSync(fixture('rosters', 'rsna-cme.csv'), 'utf8'));
    expect(r.problems).toEqual([]);
    expect(lines(r)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(r.rows[0]).toMatchObject({
      subject: PRIYA,
      data: {
        activityId: 'RSNA24-AM',
        creditsAvailable: 75,
        creditsEarned: 28.5,
        topics: ['mammography', 'patient safety'],
      },
    });
    expect(r.rows[1]!.data.activityTitle).toBe(
      'Breast Imaging Essentials: Tomosynthesis and Contrast-Enhanced Mammography',
    );
    expect('topics' in r.rows[2]!.data).toBe(false);
    expect(r.rows.every((x) => x.validUntil === undefined)).toBe(true);
  });

  it('a quoted field with a comma and doubled quotes', () => {
    const r = parse(roster(row({ activityTitle: '"Mammography, Tomosynthesis and ""CEM"""' })));
    expect(r.problems).toEqual([]);
    expect(r.rows[0]!.data.activityTitle).toBe('Mammography, Tomosynthesis and "CEM"');
  });

  it('a BOM is tolerated (the header still names "subject")', () => {
    const r = parse('\ufeff' + roster(row(), row({ activityId: 'B' })));
    expect(r.problems).toEqual([]);
    expect(lines(r)).toEqual([2, 3]);
  });

  it("a validUntil column sets each row's validUntil (blank: none)", () => {
    const text = [
      HEADER + ',validUntil',
      row() + ',2027-12-31T00:00:00Z',
      row({ activityId: 'B' }) + ',',
      row({ activityId: 'C' }) + ',1830297600',
    ].join('\n');
    const r = parse(text);
    expect(r.problems).toEqual([]);
    expect(r.rows.map((x) => x.validUntil)).toEqual([Date.parse('2027-12-31T00:00:00Z') / 1000, undefined, 1830297600]);
    expect('validUntil' in r.rows[0]!.data).toBe(false);
  });

  it('columns in any order', () => {
    const cols = HEADER.split(',').reverse();
    const cells = row().split(',').reverse();
    const r = parse(`${cols.join(',')}\n${cells.join(',')}\n`);
    expect(r.problems).toEqual([]);
    expect(r.rows[0]!.data).toEqual(parse(roster(row())).rows[0]!.data);
  });

  it('a list of objects (claims) as a JSON array in one quoted cell', () => {
    const header = 'subject,name,lookbackFrom,lookbackTo,claimCount,claims';
    const claims = JSON.stringify([{ reportedDate: '2021-03-15', status: 'closed', outcome: 'dismissed' }]).replaceAll(
      '"',
      '""',
    );
    const r = parse(
      `${header}\n${PRIYA},Priya N. Halvorsen,2016-11-01,2026-10-31,1,"${claims}"\n${PRIYA},Priya N. Halvorsen,2016-11-01,2026-10-31,0,[]\n`,
      CLAIMS,
    );
    expect(r.problems).toEqual([]);
    expect(r.rows[0]!.data.claims).toEqual([{ reportedDate: '2021-03-15', status: 'closed', outcome: 'dismissed' }]);
    expect(r.rows[1]!.data).toMatchObject({ claimCount: 0, claims: [] });
  });

  it('a claims cell nested 10,000 deep is a bad row (the field named), never a stack overflow; the next row is issued', () => {
    const header = 'subject,name,lookbackFrom,lookbackTo,claimCount,claims';
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const r = parse(
      `${header}\n${PRIYA},Priya N. Halvorsen,2016-11-01,2026-10-31,0,${deep}\n${PRIYA},Priya N. Halvorsen,2016-11-01,2026-10-31,0,[]\n`,
      CLAIMS,
    );
    expect(r.problems.map((p) => [p.line, p.field])).toEqual([[2, 'claims']]);
    expect(r.rows.map((x) => x.line)).toEqual([3]);
  });
});

describe('parseRoster: line numbers', () => {
  it('a multi-line quoted field: the row is numbered by the line it starts on, and the rows after it stay right', () => {
    const text = roster(
      row({ activityId: 'A' }),
      row({ activityId: 'B', activityTitle: '"Breast Imaging\nUpdate\n2026"' }),
      row({ activityId: 'C', creditsEarned: '99' }),
      row({ activityId: 'D' }),
    );
    const r = parse(text);
    expect(r.rows.map((x) => [x.data.activityId, x.line])).toEqual([
      ['A', 2],
      ['B', 3],
      ['D', 7],
    ]);
    expect(r.rows[1]!.data.activityTitle).toBe('Breast Imaging\nUpdate\n2026');
    expect(r.problems).toEqual([{ line: 6, field: 'creditsEarned', message: expect.any(String) }]);
  });

  it('the same with CRLF line ends (as spreadsheets write them)', () => {
    const text = roster(
      row({ activityId: 'A' }),
      row({ activityId: 'B', activityTitle: '"Breast Imaging\nUpdate\n2026"' }),
      row({ activityId: 'C', creditsEarned: '99' }),
      row({ activityId: 'D' }),
    ).replaceAll('\n', '\r\n');
    const r = parse(text);
    expect(r.rows.map((x) => [x.data.activityId, x.line])).toEqual([
      ['A', 2],
      ['B', 3],
      ['D', 7],
    ]);
    expect(r.problems.map((p) => p.line)).toEqual([6]);
  });

  it('blank lines are skipped but counted', () => {
    const text = `\n${HEADER}\n${row({ activityId: 'A' })}\n\n\n${row({ activityId: 'B', creditsEarned: '0.1' })}\n\n${row({ activityId: 'C' })}\n`;
    const r = parse(text);
    expect(r.rows.map((x) => [x.data.activityId, x.line])).toEqual([
      ['A', 3],
      ['C', 8],
    ]);
    expect(r.problems.map((p) => [p.line, p.field])).toEqual([[6, 'creditsEarned']]);
    const crlf = parse(text.replaceAll('\n', '\r\n'));
    expect(crlf.rows.map((x) => x.line)).toEqual([3, 8]);
    expect(crlf.problems.map((p) => p.line)).toEqual([6]);
  });

  it('the last row without a newline', () => {
    expect(lines(parse(`${HEADER}\n${row()}\n${row({ activityId: 'B' })}`))).toEqual([2, 3]);
  });
});

describe('parseRoster: bad rows, by line and field', () => {
  it('reports each bad row and keeps the good ones', () => {
    const text = roster(
      row({ activityId: 'GOOD-1' }), // 2
      row({ subject: 'did:key:zNotAKey' }), // 3
      row({ activityEndDate: '2026-02-30' }), // 4
      row({ creditsEarned: '10.1' }), // 5
      row({ creditsAvailable: '10', creditsEarned: '10.25' }), // 6
      row({ activityId: '' }), // 7
      `${PRIYA},Priya N. Halvorsen,Too short`, // 8
      row({ activityId: 'GOOD-2' }), // 9
      row({ format: 'podcast' }), // 10
      row({ creditsEarned: 'ten' }), // 11
      row({ subject: demoSigner('rsna').did, activityId: 'GOOD-3' }), // 12
    );
    const r = parse(text);
    expect(r.rows.map((x) => [x.line, x.data.activityId])).toEqual([
      [2, 'GOOD-1'],
      [9, 'GOOD-2'],
      [12, 'GOOD-3'],
    ]);
    expect(r.problems.map((p) => [p.line, p.field])).toEqual([
      [3, 'subject'],
      [4, 'activityEndDate'],
      [5, 'creditsEarned'],
      [6, 'creditsEarned'],
      [7, 'activityId'],
      [8, '*'],
      [10, 'format'],
      [11, 'creditsEarned'],
    ]);
    for (const p of r.problems) expect(p.message.length).toBeGreaterThan(0);
  });

  it('a row with too many fields is bad as a whole', () => {
    const r = parse(roster(row() + ',extra'));
    expect(r.problems.map((p) => [p.line, p.field])).toEqual([[2, '*']]);
  });

  it('every problem of a row is named', () => {
    const r = parse(roster(row({ subject: 'nobody', activityStartDate: '2026-13-01', creditsEarned: '0.3' })));
    expect(r.rows).toEqual([]);
    expect(r.problems.map((p) => p.field).sort()).toEqual(['activityStartDate', 'creditsEarned', 'subject']);
    expect(new Set(r.problems.map((p) => p.line))).toEqual(new Set([2]));
  });

  it('a did:key that does not resolve (a truncated key) is a bad subject', () => {
    const r = parse(roster(row({ subject: PRIYA.slice(0, -3) })));
    expect(r.problems.map((p) => p.field)).toEqual(['subject']);
  });

  it('validUntil not a time, or not in the future', () => {
    const text = [
      HEADER + ',validUntil',
      row() + ',next year',
      row({ activityId: 'B' }) + ',2026-01-01',
      row({ activityId: 'C' }) + ',2027-01-01',
    ].join('\n');
    const r = parse(text);
    expect(r.problems.map((p) => [p.line, p.field])).toEqual([
      [2, 'validUntil'],
      [3, 'validUntil'],
    ]);
    expect(lines(r)).toEqual([4]);
  });
});

describe('parseRoster: rules judged at the issuing time', () => {
  it('a completed training that ends after now is refused on its endDate; ending today is fine', () => {
    const gme = credentialType('GraduateMedicalEducationCredential')!;
    const header = 'subject,name,trainingType,specialty,programName,startDate,endDate,completionStatus';
    const gmeRow = (endDate: string) =>
      [
        PRIYA,
        'Priya N. Halvorsen',
        'fellowship',
        'Breast Imaging',
        'Gulf Coast University Breast Imaging Fellowship',
        '2025-12-01',
        endDate,
        'completed',
      ].join(',');
    const r = parseRoster([header, gmeRow('2026-11-27'), gmeRow('2026-11-28')].join('\n') + '\n', gme, NOW_S);
    expect(lines(r)).toEqual([2]);
    expect(r.problems.map((p) => [p.line, p.field])).toEqual([[3, 'endDate']]);
  });
});

describe('parseRoster: booleans', () => {
  it('true and false are booleans; anything else goes to the schema as text and is refused', () => {
    const privileges = credentialType('ClinicalPrivilegesCredential')!;
    const header = 'subject,name,facility,privileges,status,grantedDate,expirationDate,telemedicine';
    const privilegesRow = (telemedicine: string) =>
      [
        PRIYA,
        'Priya N. Halvorsen',
        'Lakeview Teleradiology Group',
        'Diagnostic radiology;Breast imaging',
        'active',
        '2025-07-01',
        '2027-06-30',
        telemedicine,
      ].join(',');
    const r = parseRoster(
      [header, privilegesRow('true'), privilegesRow(' false '), privilegesRow('yes'), privilegesRow('')].join('\n') +
        '\n',
      privileges,
      NOW_S,
    );
    expect(r.rows.map((x) => [x.line, x.data.telemedicine])).toEqual([
      [2, true],
      [3, false],
      [5, undefined],
    ]);
    expect(r.rows[0]!.data.privileges).toEqual(['Diagnostic radiology', 'Breast imaging']);
    expect(r.problems.map((p) => [p.line, p.field])).toEqual([[4, 'telemedicine']]);
  });
});

describe('parseRoster: whole-file errors (bad input)', () => {
  it.each([
    ['an unclosed quote', roster(row({ activityTitle: '"Breast Imaging' }), row()), 'ROSTER_MALFORMED'],
    ['an empty file', '', 'ROSTER_EMPTY'],
    ['only blank lines', '\n\n', 'ROSTER_EMPTY'],
    ['no subject column', HEADER.replace('subject,', 'holder,') + '\n', 'ROSTER_HEADER'],
    ['an unknown column', HEADER + ',creditHours\n' + row() + ',3\n', 'ROSTER_HEADER'],
    ['a column named twice', HEADER + ',name\n', 'ROSTER_HEADER'],
    ['the header of another type', 'subject,name,degree,school,conferralDate\n', 'ROSTER_HEADER'],
  ])('%s: %s', (_what, text, code) => {
    const e = errorOf(() => parse(text));
    expect([e.code, e.kind]).toEqual([code, 'input']);
  });
});
