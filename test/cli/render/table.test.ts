// Tables for a terminal (src/cli/render/table.ts): a header, columns two spaces apart, within the
// width, narrowed in their order and cut with `…`, the last column wrapping where it may.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cutText, renderTable, wrapCell, type Column } from '../../../src/cli/render/table.js';
import { colourStyle, plainStyle } from '../../../src/cli/style.js';

describe('cutText', () => {
  it('keeps what fits, cuts at the end or in the middle', () => {
    expect(cutText('abc', 5)).toBe('abc');
    expect(cutText('abcdefgh', 5)).toBe('abcd…');
    expect(cutText('ledger.example.org/register', 12, 'middle')).toBe('ledger…ister');
    expect(cutText('Northbay General', 10)).toBe('Northbay…'); // no blank before the …
  });
});

describe('wrapCell', () => {
  it('wraps between the items of a list, keeping a count with its type', () => {
    expect(wrapCell('CMECertificate (7), MedicalLicense (2), ClaimsHistory', 20)).toEqual([
      'CMECertificate (7),',
      'MedicalLicense (2),',
      'ClaimsHistory',
    ]);
    expect(wrapCell('a few plain words here', 10)).toEqual(['a few', 'plain', 'words here']);
  });

  it('an item wider than the column is cut with … (its comma kept), never broken across lines', () => {
    expect(wrapCell('ProfessionalLiabilityCoverage, ClaimsHistory', 20)).toEqual([
      'ProfessionalLiabil…,',
      'ClaimsHistory',
    ]);
    expect(wrapCell('PractitionerAttestation', 16)).toEqual(['PractitionerAtt…']);
  });
});

describe('renderTable', () => {
  const columns: Column[] = [{ header: 'NAME' }, { header: 'TYPE' }, { header: 'ISSUER' }];

  it('a header row, then one line per row, columns padded two spaces apart, no trailing blanks', () => {
    const text = renderTable(
      columns,
      [
        ['priya', 'MedicalLicense', 'Texas Medical Board'],
        ['x', 'CME', 'z6Mk…'],
      ],
      plainStyle,
    );
    expect(text.split('\n')).toEqual([
      'NAME   TYPE            ISSUER',
      'priya  MedicalLicense  Texas Medical Board',
      'x      CME             z6Mk…',
    ]);
  });

  it('too wide: the columns give up room in their shrink order, down to their minimum, and are cut', () => {
    const cols: Column[] = [
      { header: 'A', min: 10 },
      { header: 'B', min: 5, shrinkOrder: 1 },
      { header: 'C', min: 5 },
    ];
    const text = renderTable(cols, [['a'.repeat(10), 'b'.repeat(20), 'c'.repeat(20)]], plainStyle, 30);
    // C gives way first (down to 5), then B: 10 + 2 + 11 + 2 + 5 = 30
    expect(text.split('\n')[1]).toBe(`${'a'.repeat(10)}  ${'b'.repeat(10)}…  cccc…`);
  });

  it('a wrapping last column continues on lines indented to it, and cuts no word that fits', () => {
    const cols: Column[] = [{ header: 'WHO' }, { header: 'TYPES', min: 14, wrap: true }];
    const lines = renderTable(
      cols,
      [['tmb', 'MedicalLicense, BoardCertification, CMECertificate']],
      plainStyle,
      24,
    ).split('\n');
    expect(lines).toEqual(['WHO  TYPES', 'tmb  MedicalLicense,', '     BoardCertification,', '     CMECertificate']);
  });

  it('a wrapping column gives up room down to its longest item first, below that only after the others', () => {
    const cols: Column[] = [
      { header: 'NAME', min: 6, shrinkOrder: 1 },
      { header: 'TYPES', min: 12, wrap: true },
    ];
    const rows = [['Keystone Physicians', 'ProfessionalLiabilityCoverage, ClaimsHistory']];
    // 40 columns: the types wrap whole, the name gives way
    expect(renderTable(cols, rows, plainStyle, 40).split('\n')).toEqual([
      'NAME      TYPES',
      'Keyston…  ProfessionalLiabilityCoverage,',
      '          ClaimsHistory',
    ]);
    // 24 columns: the name is at its minimum, so the longest type is cut
    expect(renderTable(cols, rows, plainStyle, 24).split('\n')).toEqual([
      'NAME    TYPES',
      'Keyst…  ProfessionalLi…,',
      '        ClaimsHistory',
    ]);
  });

  it('a whole column is never cut: when the row cannot hold it, it goes whole on a line under its row', () => {
    const cols: Column[] = [
      { header: 'NAME', min: 6 },
      { header: 'LABEL', min: 5 },
      { header: 'DID', whole: true },
    ];
    const did = `did:key:z6Mk${'x'.repeat(44)}`;
    const rows = [['priya', 'Dr. Priya N. Halvorsen', did]];
    expect(renderTable(cols, rows, plainStyle, 100).split('\n')[1]).toBe(`priya  Dr. Priya N. Halvorsen  ${did}`);
    // 75 columns: the label alone is cut to make room
    expect(renderTable(cols, rows, plainStyle, 75).split('\n')[1]).toBe(`priya  Dr. Priya…  ${did}`);
    // 60 columns: the DID leaves the row, the header says what the lines under the rows are
    expect(renderTable(cols, rows, plainStyle, 60).split('\n')).toEqual([
      'NAME   LABEL',
      '  DID',
      'priya  Dr. Priya N. Halvorsen',
      `  ${did}`,
    ]);
  });

  it('colour is put on after the layout, so it never counts as width; the header is bold', () => {
    const text = renderTable(columns, [['a', { text: 'expired', style: (s) => s.bad }, 'c']], colourStyle);
    expect(text.split('\n')[1]).toBe('a     \u001b[31mexpired\u001b[39m  c');
    expect(text.split('\n')[0]).toContain('\u001b[1m');
  });

  it('control characters in data are shown escaped', () => {
    expect(renderTable(columns, [['a\u001b[2J', 'b', 'c']], plainStyle)).toContain('a\\u001b[2J');
  });

  it('any table of short-minimum columns fits the width', () => {
    const cell = fc
      .string({ maxLength: 60 })
      .map((s) => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ''));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(cell, cell, cell, cell), { maxLength: 5 }),
        fc.integer({ min: 40, max: 100 }),
        (rows, width) => {
          const cols: Column[] = [
            { header: 'ONE' },
            { header: 'TWO', shrinkOrder: 1 },
            { header: 'THREE', cut: 'middle' },
            { header: 'FOUR', wrap: true },
          ];
          for (const line of renderTable(cols, rows, plainStyle, width).split('\n'))
            expect(line.length).toBeLessThanOrEqual(width);
          // with a whole column: every line fits, or is that column's value alone
          const whole: Column[] = [...cols.slice(0, 3), { header: 'FIVE', whole: true }];
          for (const line of renderTable(whole, rows, plainStyle, width).split('\n'))
            if (line.length > width) expect(rows.map((r) => `  ${r[3]}`)).toContain(line);
        },
      ),
    );
  });
});
