import { describe, expect, it } from 'vitest';
import { fitLines, outputWidth, shellCommandLines, shortDids, wrapText } from '../../../src/cli/render/text.js';

const DID = 'did:key:z6MkfYTuCR6MjTGpKaGXSKGs3LvDs8yxsoLs1qr8gcVT21ba';

describe('wrapText', () => {
  it('keeps every line within the width, the rest indented, no word lost', () => {
    const text =
      'the policy requires an active, unrestricted US-PA license: the US-PA license presented did not verify (see its checks above) [LICENSE_JURISDICTION_MISSING]';
    const lines = wrapText(text, 17, 17, 60);
    expect(lines.length).toBeGreaterThan(2);
    expect(17 + lines[0]!.length).toBeLessThanOrEqual(60);
    for (const l of lines.slice(1)) {
      expect(l.length).toBeLessThanOrEqual(60);
      expect(l.startsWith(' '.repeat(17))).toBe(true);
    }
    expect(lines.map((l) => l.trim()).join(' ')).toBe(text);
  });
  it('control characters, bidi overrides and line separators are written escaped, never passed through', () => {
    const lines = wrapText('Priya\r\n  pass  FAKE \u001b[2J \u202eevil\u2028', 0, 2, 100);
    expect(lines).toEqual(['Priya\\u000d\\u000a  pass  FAKE \\u001b[2J \\u202eevil\\u2028']);
  });
  it('a long word after others is cut too (a name without spaces)', () => {
    const lines = wrapText(`Northbay verifies ${'X'.repeat(150)} as of today`, 0, 2, 100);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(100);
  });
  it('cuts a word longer than a line, and gives one empty line for empty text', () => {
    const lines = wrapText('x'.repeat(250), 0, 2, 100);
    expect(lines.map((l) => l.trim()).join('')).toBe('x'.repeat(250));
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(100);
    expect(wrapText('', 0, 0, 100)).toEqual(['']);
  });
});

describe('shortDids', () => {
  it('shortens a did:key and its fragment, and leaves other text alone', () => {
    expect(shortDids(`signed by ${DID} (EdDSA, #z6MkfYTuCR6MjTGpKaGXSKGs3LvDs8yxsoLs1qr8gcVT21ba)`)).toBe(
      'signed by did:key:z6MkfYTuCR…T21ba (EdDSA, #z6MkfYTuCR…T21ba)',
    );
    expect(shortDids(`kid "${DID}#z6MkfYTuCR6MjTGpKaGXSKGs3LvDs8yxsoLs1qr8gcVT21ba" is none`)).toBe(
      'kid "did:key:z6MkfYTuCR…T21ba#z6MkfYTuCR…T21ba" is none',
    );
    expect(shortDids('did:key:z6Mk short')).toBe('did:key:z6Mk short');
    expect(shortDids('no DID here')).toBe('no DID here');
  });
  it('two DIDs that differ stay different', () => {
    const other = 'did:key:z6MkvnxST63t6nDo8nCwrcFAxKxUyeS2GYXZZ3rrTvx22s7k';
    expect(shortDids(DID)).not.toBe(shortDids(other));
  });
});

describe('outputWidth', () => {
  it('100 columns at most, the terminal when narrower, never below 40', () => {
    expect(outputWidth(undefined)).toBe(100);
    expect(outputWidth(164)).toBe(100);
    expect(outputWidth(80)).toBe(80);
    expect(outputWidth(10)).toBe(40);
  });
});

describe('fitLines', () => {
  it('leaves lines that fit alone, wraps the others at blanks, two in from their indent', () => {
    const text = `short line\n  ${'word '.repeat(30).trim()}`;
    const lines = fitLines(text, 60).split('\n');
    expect(lines[0]).toBe('short line');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(60);
    for (const l of lines.slice(2)) expect(l.startsWith('    word')).toBe(true);
    expect(lines.join(' ').split(/\s+/).filter(Boolean)).toHaveLength(32);
  });

  it("a labelled line's further lines go under its value; a word wider than a line stands alone, whole", () => {
    const path = `/tmp/${'d'.repeat(120)}/file.jwt`;
    expect(fitLines(`  file      ${path}`, 100).split('\n')).toEqual(['  file', `    ${path}`]);
    const lines = fitLines(`  reason    ${'because '.repeat(15).trim()}`, 60).split('\n');
    expect(lines[1]!.startsWith(`${' '.repeat(12)}because`)).toBe(true);
  });

  it('keeps a `code span` on one line, and counts colour codes as no width', () => {
    const warning = `radcred: warning: no credential has type Foo, which is not a built-in type; \`radcred types\` lists them`;
    expect(fitLines(warning, 90).split('\n')).toEqual([
      'radcred: warning: no credential has type Foo, which is not a built-in type;',
      '  `radcred types` lists them',
    ]);
    const red = (t: string) => `\u001b[31m${t}\u001b[39m`;
    expect(fitLines(`${red('radcred: error:')} ${'x '.repeat(40).trim()}`, 100)).not.toContain('\n');
  });
});

describe('shellCommandLines', () => {
  it('breaks a long command between words with ` \\`, further lines four in', () => {
    const words = ['$', 'radcred', '--home', 'northbay', 'trust', 'add', `did:key:z6Mk${'x'.repeat(44)}`, '--name'];
    const lines = shellCommandLines([...words, "'Texas Medical Board'", '--types', 'MedicalLicenseCredential'], 2, 80);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    expect(lines.slice(0, -1).every((l) => l.endsWith(' \\'))).toBe(true);
    expect(lines.slice(1).every((l) => l.startsWith('      '))).toBe(true);
    expect(lines.join(' ').replace(/ \\/g, '').split(/\s+/).filter(Boolean)).toHaveLength(13); // the quoted name is three
    expect(shellCommandLines(['$', 'radcred', 'types'], 2, 80)).toEqual(['  $ radcred types']);
  });
});
