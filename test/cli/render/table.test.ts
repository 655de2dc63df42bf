// Tables for a terminal (src/cli/render/table.ts): a header, columns two spaces apart, within the
// width, narrowed in their order and cut with `…`, the last column wrapping where it may.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cutText, renderTable, type Column } from '../../../src/cli/render/table.js';
import { colourStyle, plainStyle } from '../../../src/cli/style.js';

describe('cutText', () => {
  it('keeps what fits, cuts at the end or in the middle', () => {
    expect(cutText('abc', 5)).toBe('abc');
    expect(cutText('abcdefgh', 5)).toBe('abcd…');
    expect(cutText('ledger.example.org/register', 12, 'middle')).toBe('ledger…ister');
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
        },
      ),
    );
  });
});
