// The README's code table is the one generated from src/codes.ts, and the table itself is sound.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BEGIN, END, codesTable } from '../../src/build/codes-table.js';
import { CODES } from '../../src/codes.js';
import { ROOT } from '../helpers.js';

describe('the README code table', () => {
  it('is exactly the generated one (run `npm run codes` after changing src/codes.ts)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf(BEGIN) + BEGIN.length, readme.indexOf(END));
    expect(section.trim()).toBe(codesTable().trim());
  });

  it('lists every code once', () => {
    const table = codesTable();
    for (const code of Object.keys(CODES)) expect(table.split(`\`${code}\``).length - 1, code).toBe(1);
  });
});

describe('the code table', () => {
  it('gives every error code a hint, and every code a meaning', () => {
    for (const [code, spec] of Object.entries(CODES) as [string, { kind: string; meaning: string; hint?: string }][]) {
      expect(spec.meaning.length, code).toBeGreaterThan(5);
      if (!['pass', 'warn', 'skip', 'verify'].includes(spec.kind) || spec.hint !== undefined)
        expect(spec.hint?.length ?? 0, code).toBeGreaterThan(5);
    }
  });

  it('names codes in SCREAMING_SNAKE_CASE', () => {
    for (const code of Object.keys(CODES)) expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
  });
});
