// Times and durations as the CLI contract spells them.
import { describe, expect, it } from 'vitest';
import { RadcredError } from '../../src/errors.js';
import { isoTime, parseDuration, parseTime } from '../../src/util/time.js';
import { errorOf } from '../helpers.js';

const T = 1795802400; // 2026-11-27T18:00:00Z

describe('parseTime', () => {
  it.each([
    ['2026-11-27T18:00:00Z', T],
    ['2026-11-27T18:00Z', T],
    ['2026-11-27T18:00:00.999Z', T],
    ['2026-11-27T20:00:00+02:00', T],
    ['2026-11-27T13:00:00-05:00', T],
    ['2026-11-27T23:30:00-05:00', T + 10.5 * 3600], // local date 11-27, UTC 11-28 04:30
    ['2026-11-28T01:00:00+05:00', T + 2 * 3600], // local date 11-28, UTC 11-27
    ['2026-11-27', T - 18 * 3600],
    ['2028-02-29', Date.UTC(2028, 1, 29) / 1000],
    ['1795802400', T],
    ['0', 0],
  ])('%s -> %i', (text, seconds) => {
    expect(parseTime(text)).toBe(seconds);
  });

  it.each([
    ['a day that does not exist', '2026-02-30'],
    ['Feb 29 of a common year', '2026-02-29'],
    ['a month 13', '2026-13-01'],
    ['a day that does not exist, with a time', '2026-02-30T12:00:00Z'],
    ['hour 24', '2026-11-27T24:00:00Z'],
    ['a date-time without a zone', '2026-11-27T18:00:00'],
    ['a space instead of T', '2026-11-27 18:00:00Z'],
    ['a lower-case z', '2026-11-27T18:00:00z'],
    ['an offset without colon', '2026-11-27T18:00:00+0200'],
    ['garbage', 'tomorrow'],
    ['empty', ''],
    ['milliseconds since the epoch', '1795802400000'],
    ['negative seconds', '-1'],
    ['fractional seconds', '1795802400.5'],
    ['a JavaScript Date string', 'Fri Nov 27 2026'],
  ])('refuses %s (TIME_INVALID)', (_why, text) => {
    expect(errorOf(() => parseTime(text)).code).toBe('TIME_INVALID');
  });

  it('isoTime writes whole seconds with Z and round-trips', () => {
    expect(isoTime(T)).toBe('2026-11-27T18:00:00Z');
    expect(parseTime(isoTime(T + 1))).toBe(T + 1);
  });
});

describe('parseTime: a bare date as a start or an end', () => {
  it('means 00:00:00Z as a start and 23:59:59Z as an end', () => {
    expect(parseTime('2027-08-31')).toBe(Date.parse('2027-08-31T00:00:00Z') / 1000);
    expect(parseTime('2027-08-31', '--valid-until', 'end')).toBe(Date.parse('2027-08-31T23:59:59Z') / 1000);
    // a date-time is what it says, whichever edge
    expect(parseTime('2027-08-31T12:00:00Z', '--valid-until', 'end')).toBe(Date.parse('2027-08-31T12:00:00Z') / 1000);
  });
});

describe('parseDuration', () => {
  it.each([
    ['90s', 90],
    ['5min', 300],
    ['36h', 36 * 3600],
    ['90d', 90 * 86400],
    ['2w', 14 * 86400],
    ['3mo', 3 * 30 * 86400], // a month is 30 days
    ['1y', 365 * 86400],
  ])('%s -> %i seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each([
    '',
    '90',
    'd',
    '1.5h',
    '-1d',
    '90D',
    '1 d',
    ' 1d',
    '1d ',
    '1mon',
    '1mins',
    '1MO',
    '1dd',
    'P90D',
    '1234567890d',
    '0d',
    '0s',
    '0min',
  ])('refuses %j (DURATION_INVALID)', (text) => {
    const e = errorOf(() => parseDuration(text, '--expiring'));
    expect(e.code).toBe('DURATION_INVALID');
    expect(e.hint).not.toBe('');
  });

  it('refuses a bare m, minutes to some and months to others (DURATION_AMBIGUOUS), saying how to write either', () => {
    for (const text of ['3m', '3M']) {
      const e = errorOf(() => parseDuration(text, '--expiring'));
      expect(e.code).toBe('DURATION_AMBIGUOUS');
      expect(e.message).toBe(`--expiring: "${text}" could mean minutes or months`);
      expect(e.hint).toBe('write 3min for minutes or 3mo for months');
    }
  });

  it('a duration that is not one is refused with every unit named', () => {
    const e = errorOf(() => parseDuration('3x', '--valid-for'));
    expect(e.message).toBe(
      '--valid-for: "3x" is not a duration: a whole number and a unit, s, min, h, d, w, mo (30 days) or y (365 days)',
    );
    expect(e.hint).toMatch(/15min.*3mo/);
  });
});
