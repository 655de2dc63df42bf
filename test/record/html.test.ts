// The printable page of a verification record (src/record/html.ts and the html-*.ts parts it
// assembles), as a string: one self-contained document that loads and runs nothing, every value
// escaped (they come from credentials), and the content an office reads on it. The same page in a
// real browser, printed on Letter and A4, is browser.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecordContent } from '../../src/record/content.js';
import { renderRecordHtml } from '../../src/record/html.js';
import { cssString } from '../../src/record/html-style.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const sample = (file: string): RecordContent => JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'));
const VERIFIED = sample('record-content.json');
const FAILED = sample('record-content-failed.json');
const EVIDENCE: [string, string][] = [
  ['presentation', `sha256:${'a1'.repeat(32)}`],
  ['checkpoint', `sha256:${'b2'.repeat(32)}`],
];

const SCRIPT = '<script>alert(1)</script>';
const BREAKOUT = '"><img src=x onerror=alert(1)>';

/** What a reader sees: the body without tags, entities decoded, white space collapsed. */
function visibleText(page: string): string {
  const body = page.slice(page.indexOf('<body>'));
  return body
    .replace(/<wbr>/g, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

const squash = (text: string) => text.replace(/\s+/g, ' ');
const styleOf = (page: string) => page.slice(page.indexOf('<style>') + 7, page.indexOf('</style>'));

/** A copy of the VERIFIED content with hostile values where a holder or an office could put them. */
function hostile(): RecordContent {
  const c: RecordContent = structuredClone(VERIFIED);
  c.practitioner = { ...c.practitioner!, name: `${SCRIPT}${BREAKOUT}` };
  c.attachments = [{ kind: BREAKOUT, text: `NPDB ${SCRIPT} ${BREAKOUT}` }];
  c.items[0]!.attested.summary = BREAKOUT;
  c.items[0]!.attested.facts.push([SCRIPT, BREAKOUT]);
  c.cme[0]!.counted[0]!.activityTitle = SCRIPT;
  return c;
}

describe.each([
  ['VERIFIED', VERIFIED],
  ['NOT VERIFIED', FAILED],
] as const)('the page of a %s record', (word, content) => {
  const page = renderRecordHtml(content, EVIDENCE);
  const text = visibleText(page);

  it('is one HTML5 document', () => {
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(page.trimEnd().endsWith('</html>')).toBe(true);
    for (const tag of [
      '<!DOCTYPE',
      '<html',
      '<head>',
      '</head>',
      '<body>',
      '</body>',
      '</html>',
      '<style>',
      '<title>',
    ]) {
      expect(page.split(tag).length - 1, tag).toBe(1);
    }
  });

  it('loads nothing and runs nothing', () => {
    expect(page).not.toMatch(/https?:\/\//i);
    expect(page).not.toMatch(/\b(src|href|srcset|action|formaction)\s*=/i);
    expect(page).not.toMatch(/@import|url\(/i);
    expect(page).not.toMatch(/<(script|link|img|iframe|object|embed|base|form)\b/i);
    expect(page).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    );
  });

  it('gives the verdict, the practitioner, the office and the request', () => {
    expect(text).toContain(word);
    if (content.verdict.verified) expect(text).not.toContain('NOT VERIFIED');
    for (const code of content.verdict.failing) expect(text).toContain(code);
    expect(text).toContain(content.practitioner!.name!);
    expect(text).toContain(content.practitioner!.npi!);
    expect(text).toContain(content.office.name);
    expect(text).toContain(content.office.reviewer!);
    expect(text).toContain(content.request!.jti);
    for (const [rule, asks] of content.request!.rules) expect(text).toContain(`${rule} ${asks}`);
  });

  it("lists each credential with its label and what it attests, and each one's facts", () => {
    for (const item of content.items) {
      expect(text).toContain(item.attested.label);
      expect(text).toContain(squash(item.attested.summary));
      expect(text).toContain(item.digest);
      for (const [label, value] of item.attested.facts) expect(text).toContain(`${label} ${squash(value)}`);
    }
  });

  it('shows the CME tallies, the warnings, the office checks, every check and the evidence', () => {
    for (const tally of content.cme) {
      for (const r of tally.requirements) expect(text).toContain(`${r.label} ${r.required} ${r.earned} ${r.short}`);
      for (const k of tally.counted) expect(text).toContain(squash(k.activityTitle));
    }
    for (const a of content.attachments) expect(text).toContain(`${a.kind} ${a.text}`);
    for (const k of content.checks) expect(text).toContain(`${k.code} ${squash(k.message)}`);
    for (const [label, digest] of EVIDENCE) expect(text).toContain(`${label} ${digest}`);
    for (const l of content.ledgers) expect(text).toContain(l.origin);
  });

  it('lays the sections out in order', () => {
    const headings = [...page.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1]);
    expect(headings).toEqual([
      'The request',
      'Credentials verified',
      'Policy results',
      'CME',
      'Warnings',
      "The office's own checks",
      'Credential details',
      'Appendix: every check, in the order they ran',
    ]);
    const verdict = page.indexOf('<section class="verdict');
    expect(verdict).toBeGreaterThan(page.indexOf('<h2>The request</h2>'));
    expect(verdict).toBeLessThan(page.indexOf('<h2>Credentials verified</h2>'));
    expect(page.indexOf('<h3>Evidence</h3>')).toBeGreaterThan(page.indexOf('<h2>Appendix'));
    expect(page.indexOf('<h3>Ledgers used</h3>')).toBeGreaterThan(page.indexOf('<h3>Evidence</h3>'));
  });
});

describe('escaping', () => {
  const page = renderRecordHtml(hostile(), [[SCRIPT, BREAKOUT]]);

  it('prints hostile values as text, never as markup', () => {
    expect(page).not.toContain(SCRIPT);
    expect(page).not.toContain('<img');
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    const text = visibleText(page);
    expect(text).toContain(`${SCRIPT}${BREAKOUT}`); // the practitioner, as she would read it
    expect(text).toContain(`${BREAKOUT} NPDB ${SCRIPT} ${BREAKOUT}`); // the attachment
  });

  it('keeps the practitioner name in the running page label to a CSS string of escapes', () => {
    const style = styleOf(page);
    expect(style).not.toMatch(/[<>]/);
    expect(style).toContain(cssString(`Verification record of ${SCRIPT}${BREAKOUT}`).slice(0, -1));
  });

  it('cannot end a CSS string, rule or style element', () => {
    const literal = cssString('a"b\'c\\d;}</style>\n\u2028é 1');
    expect(literal.slice(1, -1)).toMatch(/^[A-Za-z0-9 \\]*$/);
    expect(literal).toBe('"a\\22 b\\27 c\\5c d\\3b \\7d \\3c \\2f style\\3e \\a \\2028 \\e9  1"');
  });

  it('escapes values in the title and in attributes too', () => {
    expect(page).toMatch(/<title>Verification record: &lt;script&gt;/);
    const attributes = [...page.matchAll(/<[a-z0-9]+( [^>]*)?>/gi)].map((m) => m[1] ?? '').join(' ');
    expect(attributes).not.toMatch(/onerror|alert/);
  });
});

describe('a record without a request, practitioner, CME or office checks', () => {
  const bare: RecordContent = {
    ...structuredClone(FAILED),
    request: undefined,
    practitioner: undefined,
    cme: [],
    attachments: [],
    policy: [],
  };
  const text = visibleText(renderRecordHtml(bare));

  it('says what is missing instead of leaving holes', () => {
    expect(text).toContain('Verified without a credentialing request');
    expect(text).toContain('The credentials name no practitioner.');
    expect(text).toContain('No request, so no policy.');
    expect(text).toContain('None attached.');
    expect(text).toContain('No evidence digests given.');
    expect(text).not.toContain('undefined');
  });
});
