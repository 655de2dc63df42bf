// Property: parseTime and parseDuration (every --now, --valid-*, validUntil cell, trust-list
// time and --*-for/--expiring duration) return a value radcred can compute and print with, or
// throw a usage RadcredError, for any text.
import { describe, expect, it } from 'vitest';
import { isoTime, parseDuration, parseTime } from '../../src/util/time.js';
import { NOW_S } from '../helpers.js';
import { fc, fuzzParams } from '../fuzz.js';
import { outcome, randomText, textNear } from '../fuzz-mutations.js';

/** the latest time parseTime accepts */
const LATEST = 253402300799;
const TIMES = [
  '2026-11-27T18:00:00Z',
  '2026-11-27',
  '2026-11-27T18:00Z',
  '2026-11-27T18:00:00.123456789+05:30',
  '1798394400',
  '0',
  '2024-02-29T23:59:59-12:00',
  '9999-12-31T23:59:59Z',
];
const DURATIONS = ['90d', '36h', '1s', '52w', '10y', '999999999y', '0min', '3mo', '3m'];

const digitsTime = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 24 }),
    fc.integer({ min: 0, max: 60 }),
    fc.integer({ min: 0, max: 60 }),
  )
  .map(
    ([y, mo, d, h, mi, s]) =>
      `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}:${String(s).padStart(2, '0')}Z`,
  );

describe('parseTime (fuzz)', () => {
  it('any text: a whole number of seconds that prints, or a usage error', () => {
    fc.assert(
      fc.property(fc.oneof(textNear(...TIMES), randomText, digitsTime, fc.stringMatching(/^\d{1,14}$/)), (text) => {
        const r = outcome(() => parseTime(text, '--now'), ['usage']);
        if (!r.ok) {
          expect(r.error.code).toBe('TIME_INVALID');
          return;
        }
        expect(Number.isSafeInteger(r.value)).toBe(true);
        expect(r.value).toBeGreaterThanOrEqual(Date.parse('0000-01-01T00:00:00Z') / 1000 - 86400);
        // whatever parses prints as ISO 8601 with a four-digit year, so its date part compares as a string
        const printed = isoTime(r.value);
        expect(printed).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/);
        // a canonical UTC date-time means exactly itself: no rollover of day 30 in February and the like
        if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(text) && !text.startsWith('0000')) expect(printed).toBe(text);
      }),
      fuzzParams(150),
    );
  });
});

describe('parseDuration (fuzz)', () => {
  it('any text: seconds that can be added to the clock and printed, or a usage error', () => {
    fc.assert(
      fc.property(
        fc.oneof(textNear(...DURATIONS), randomText, fc.stringMatching(/^\d{1,10}(s|min|h|d|w|mo|y|m|x)$/)),
        (text) => {
          const r = outcome(() => parseDuration(text, '--valid-for'), ['usage']);
          if (!r.ok) {
            expect(['DURATION_INVALID', 'DURATION_AMBIGUOUS']).toContain(r.error.code);
            return;
          }
          expect(Number.isSafeInteger(r.value) && r.value >= 0).toBe(true);
          // `present --valid-for`, `request create --valid-for`, `wallet list --expiring` add it to the clock and print the result
          expect(() => isoTime(NOW_S + r.value)).not.toThrow();
          expect(() => isoTime(LATEST + r.value)).not.toThrow();
        },
      ),
      fuzzParams(120),
    );
  });
});

describe('regressions found by fuzzing', () => {
  it('a duration too long to add to the clock is a usage error, not a RangeError later (present --valid-for 418458y)', () => {
    for (const text of ['418458y', '999999999y', '999999999d', '52143w']) {
      const r = outcome(() => parseDuration(text, '--valid-for'), ['usage']);
      expect(r.ok ? 'parsed' : r.error.code).toBe('DURATION_INVALID');
    }
    expect(parseDuration('1000y')).toBe(1000 * 365 * 86400);
  });

  it('times past year 9999 (or before year 0000) in UTC are refused: their dates would not compare or tally (CME windows)', () => {
    for (const text of ['999999999999', '253402300800', '9999-12-31T23:30:00-05:00', '0000-01-01T00:30:00+01:00']) {
      const r = outcome(() => parseTime(text, '--now'), ['usage']);
      expect(r.ok ? 'parsed' : r.error.code).toBe('TIME_INVALID');
    }
    expect(isoTime(parseTime('253402300799'))).toBe('9999-12-31T23:59:59Z');
    expect(isoTime(parseTime('9999-12-31T23:59:59.5Z'))).toBe('9999-12-31T23:59:59Z');
    expect(isoTime(parseTime('0000-01-01'))).toBe('0000-01-01T00:00:00Z');
  });
});
