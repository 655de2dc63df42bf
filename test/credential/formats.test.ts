// isIsoDate is arithmetic (it runs for every date of every credential verified); it must agree
// with the calendar as Date knows it, for every day of the years 0000–9999.
import { describe, expect, it } from 'vitest';
import { isIsoDate, isNpi } from '../../src/credential/formats.js';
import { fc, fuzzParams } from '../fuzz.js';

const byDate = (text: string) => {
  const d = new Date(text + 'T00:00:00Z');
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
};
const pad = (n: number, w: number) => String(n).padStart(w, '0');

describe('isIsoDate', () => {
  it('agrees with the Gregorian calendar on any YYYY-MM-DD, including impossible months and days', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 19 }),
        fc.integer({ min: 0, max: 39 }),
        (y, m, d) => {
          const text = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
          expect(isIsoDate(text)).toBe(byDate(text));
        },
      ),
      fuzzParams(2000),
    );
  });

  it('knows the leap years', () => {
    expect(['2024-02-29', '2000-02-29', '1600-02-29'].map(isIsoDate)).toEqual([true, true, true]);
    expect(
      ['2023-02-29', '1900-02-29', '2100-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00'].map(isIsoDate),
    ).toEqual(Array(7).fill(false));
  });

  it('refuses anything but YYYY-MM-DD', () => {
    expect(
      ['2026-1-01', '2026-01-01T00:00:00Z', ' 2026-01-01', '２０２６-01-01', '+02026-01-01', ''].map(isIsoDate),
    ).toEqual(Array(6).fill(false));
  });
});

describe('isNpi', () => {
  it('checks the Luhn digit over 80840 + the first nine digits', () => {
    expect(isNpi('1234567893')).toBe(true);
    expect(isNpi('1234567890')).toBe(false);
    expect(isNpi('123456789')).toBe(false);
  });
});
