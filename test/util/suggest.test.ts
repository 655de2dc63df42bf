// Edit distance and "did you mean" (src/util/suggest.ts): known answers, and the metric's laws.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { didYouMean, editDistance, suggest } from '../../src/util/suggest.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['verify', 'verify', 0],
    ['MedicalLicence', 'MedicalLicense', 1], // one substitution
    ['verfiy', 'verify', 1], // two neighbours swapped count once
    ['lst', 'list', 1],
    ['kitten', 'sitting', 3],
    ['ca', 'abc', 3], // OSA: no edit of a substring already edited
  ])('%j to %j is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });

  it('is a distance: zero only for equal strings, symmetric, at most the longer length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = editDistance(a, b);
        expect(d === 0).toBe(a === b);
        expect(editDistance(b, a)).toBe(d);
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
      }),
    );
  });

  it('one edit is distance 1', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }), fc.nat(), fc.constantFrom('x', 'é', '-'), (s, at, c) => {
        const i = at % s.length;
        if (s[i] !== c) expect(editDistance(s, s.slice(0, i) + c + s.slice(i + 1))).toBe(1);
        expect(editDistance(s, s.slice(0, i) + s.slice(i + 1))).toBe(1);
      }),
    );
  });
});

describe('suggest', () => {
  const commands = ['id', 'types', 'issue', 'issued', 'verify', 'wallet', 'ledger', 'trust'];

  it('names the nearest candidates, nearest first', () => {
    expect(suggest('verfy', commands)).toEqual(['verify']);
    expect(suggest('isue', commands)).toEqual(['issue']);
    expect(suggest('--jsn', ['--json', '--home', '--now'])).toEqual(['--json']);
  });

  it('suggests nothing for an exact name or a far one', () => {
    expect(suggest('verify', commands)).toEqual([]);
    expect(suggest('frobnicate', commands)).toEqual([]);
    expect(suggest('x', ['id'])).toEqual([]);
  });

  it('keeps ties, in the order of the candidates, up to the limit', () => {
    expect(suggest('ab', ['ac', 'ad', 'ae', 'af'])).toEqual(['ac', 'ad', 'ae']);
    expect(suggest('ab', ['ac', 'ad', 'ae'], { limit: 1 })).toEqual(['ac']);
  });

  it('ignores case when asked, and compares keys', () => {
    expect(suggest('VERIFY', commands)).toEqual([]);
    expect(suggest('VERIFY', commands, { ignoreCase: true })).toEqual(['verify']);
    const stem = (s: string) => s.replace(/Credential$/, '');
    expect(suggest('MedicalLicence', ['MedicalLicenseCredential', 'MedicalDegreeCredential'], { key: stem })).toEqual([
      'MedicalLicenseCredential',
    ]);
  });

  it('takes its own limit of distance', () => {
    expect(suggest('abcdef', ['abcxyz'])).toEqual(['abcxyz']);
    expect(suggest('abcdef', ['abcxyz'], { maxDistance: () => 2 })).toEqual([]);
    expect(suggest('abcdefgh', ['abwxyzgh'])).toEqual([]); // four edits: more than 3
    expect(suggest('abcdefgh', ['abwxyzgh'], { maxDistance: () => 4 })).toEqual(['abwxyzgh']);
  });
});

describe('didYouMean', () => {
  it('phrases one, two or three names', () => {
    expect(didYouMean([])).toBeUndefined();
    expect(didYouMean(['verify'])).toBe('did you mean verify?');
    expect(didYouMean(['tx', 'ca'])).toBe('did you mean tx or ca?');
    expect(didYouMean(['a', 'b', 'c'])).toBe('did you mean a, b or c?');
  });
});
