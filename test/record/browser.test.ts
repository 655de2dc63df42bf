// The printable record in a real browser: headless Chromium prints the demo's own page (Northbay's
// record of Dr. Halvorsen, written by `verify --record ... --report northbay-record.html`) on Letter
// and on A4 and takes a screenshot, and poppler-utils read the PDFs back. The page never forces a
// paper size, so the test prints copies with an injected `@page { size }`, as a printer's paper
// would set it. A second pass measures, in the browser, that no table is wider than the printable
// width of either paper: a test-only copy of the page carries a small script that applies the
// print rules and writes what overflows into the DOM (the product page has no script).
//
// CI installs chromium and poppler-utils (.ci/run), so a missing browser is a failure here, not a
// silent skip; RADCRED_SKIP_BROWSER=1 skips it where they cannot be installed.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordContent } from '../../src/record/content.js';
import { readRecord } from '../../src/record/record.js';
import { onPath, radcred } from '../helpers.js';

let CONTENT: RecordContent;
const NAME = 'Priya N. Halvorsen';
/** one Chromium run: a cold start takes 2-5 s on a slow 2-core machine, printing a few more */
const CHROMIUM_TIMEOUT_MS = 90_000;
const MM = 72 / 25.4; // PDF points per millimetre
const PAPERS = {
  letter: { css: 'letter', widthMm: 215.9, poppler: 'letter' },
  A4: { css: 'A4', widthMm: 210, poppler: 'A4' },
} as const;
type Paper = keyof typeof PAPERS;
/** the page's left and right @page margin (html-style.ts) */
const SIDE_MARGIN_MM = 14;

const TOOLS = {
  chromium: onPath(['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']),
  pdftotext: onPath(['pdftotext']),
  pdfinfo: onPath(['pdfinfo']),
};
const MISSING = Object.entries(TOOLS)
  .filter(([, path]) => path === undefined)
  .map(([name]) => name);
const SKIP = process.env.RADCRED_SKIP_BROWSER === '1' && MISSING.length > 0;

interface Output {
  stdout: string;
  stderr: string;
}

/** Runs a program in its own process group, killed whole (Chromium's helpers too) on a timeout. */
function run(program: string, args: string[], timeoutMs = CHROMIUM_TIMEOUT_MS): Promise<Output> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const killGroup = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      killGroup();
      reject(new Error(`${program} ${args.join(' ')} timed out after ${timeoutMs} ms\n${stderr.slice(-2000)}`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      killGroup(); // a helper left behind would hold the profile directory
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`${program} exited with ${code}\n${stderr.slice(-2000)}`));
    });
  });
}

let dir: string;

/** Headless Chromium with a fresh profile of its own. */
function chromium(args: string[]): Promise<Output> {
  const profile = mkdtempSync(join(dir, 'profile-'));
  return run(TOOLS.chromium!, [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-extensions',
    '--hide-scrollbars',
    `--user-data-dir=${profile}`,
    ...args,
  ]);
}

/** A copy of the page with `extra` just before </head>. */
function copyWith(page: string, file: string, extra: string): string {
  const path = join(dir, file);
  writeFileSync(path, page.replace('</head>', `${extra}</head>`));
  return pathToFileURL(path).href;
}

// Runs in the test's copy only: applies the page's print rules on screen, lays the body out at each
// paper's printable width, and lists every table wider than it, every element that ends beyond it
// and every box whose content overflows it. A control (an unbreakable word in a cell) is measured
// first, so a measurement that can see nothing fails too.
const MEASURE = `<script>
addEventListener('DOMContentLoaded', () => {
  for (const sheet of document.styleSheets) {
    for (const rule of [...sheet.cssRules]) {
      if (rule instanceof CSSMediaRule && rule.media.mediaText === 'print') for (const r of rule.cssRules) sheet.insertRule(r.cssText, sheet.cssRules.length);
    }
  }
  const px = (mm) => mm * 96 / 25.4;
  const name = (e) => e.tagName.toLowerCase() + ' "' + e.textContent.trim().slice(0, 50) + '"';
  const overflowing = (root, width) => {
    const left = document.body.getBoundingClientRect().left;
    const all = [...root.querySelectorAll('*')];
    return [
      ...all.filter((e) => e.tagName === 'TABLE' && e.getBoundingClientRect().width > width + 0.5).map((e) => 'wider: ' + name(e)),
      ...all.filter((e) => e.getBoundingClientRect().right > left + width + 0.5).map((e) => 'beyond: ' + name(e)),
      ...all.filter((e) => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1).map((e) => 'overflows: ' + name(e)),
    ];
  };
  const result = {};
  for (const [paper, widthMm] of [['letter', 215.9 - 28], ['A4', 210 - 28]]) {
    const width = px(widthMm);
    document.body.style.width = width + 'px';
    const control = document.createElement('div');
    control.innerHTML = '<table><tr><td style="overflow-wrap: normal">' + 'W'.repeat(200) + '</td></tr></table>';
    document.body.append(control);
    const controlSeen = overflowing(control, width).length > 0;
    control.remove();
    result[paper] = { width, tables: document.querySelectorAll('table').length, controlSeen, overflow: overflowing(document.body, width) };
  }
  document.body.dataset.overflow = encodeURIComponent(JSON.stringify(result));
});
</script>`;

const pdfs: Partial<Record<Paper, { pages: number; size: string; text: string; pageTexts: string[]; bbox: string }>> =
  {};
let measured: Record<Paper, { width: number; tables: number; controlSeen: boolean; overflow: string[] }>;
let screenshot: Buffer;

async function print(page: string, paper: Paper): Promise<void> {
  const url = copyWith(page, `record-${paper}.html`, `<style>@page { size: ${PAPERS[paper].css} }</style>`);
  const pdf = join(dir, `record-${paper}.pdf`);
  await chromium(['--no-pdf-header-footer', `--print-to-pdf=${pdf}`, url]);
  const info = (await run(TOOLS.pdfinfo!, [pdf])).stdout;
  const text = (await run(TOOLS.pdftotext!, ['-layout', pdf, '-'])).stdout;
  const bbox = (await run(TOOLS.pdftotext!, ['-bbox', pdf, '-'])).stdout;
  pdfs[paper] = {
    pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]),
    size: /^Page size:\s+(.*)$/m.exec(info)?.[1] ?? '',
    text,
    pageTexts: text.split('\f').filter((p) => p.trim() !== ''),
    bbox,
  };
}

describe.skipIf(SKIP)('the printed record in headless Chromium', () => {
  beforeAll(async () => {
    if (MISSING.length > 0) {
      throw new Error(
        `not on PATH: ${MISSING.join(', ')}. Install them (Debian: apt-get install -y chromium poppler-utils), ` +
          'or set RADCRED_SKIP_BROWSER=1 to skip the browser tests',
      );
    }
    dir = mkdtempSync(join(tmpdir(), 'radcred-browser-'));
    const demo = join(dir, 'demo');
    const ran = await radcred(['demo', '--dir', demo]);
    if (ran.code !== 0) throw new Error(`the demo failed: ${ran.stderr}`);
    CONTENT = readRecord(readFileSync(join(demo, 'northbay-record.jwt'), 'utf8')).content;
    const page = readFileSync(join(demo, 'northbay-record.html'), 'utf8');
    // one Chromium at a time: a 2-core machine runs them no faster side by side
    for (const paper of Object.keys(PAPERS) as Paper[]) await print(page, paper);
    const png = join(dir, 'record.png');
    await chromium([`--screenshot=${png}`, '--window-size=1240,1754', copyWith(page, 'record-screen.html', '')]);
    screenshot = readFileSync(png);
    // the Content-Security-Policy would (rightly) block the measuring script
    const scripted = page.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
    const dom = await chromium([
      '--virtual-time-budget=2000',
      '--run-all-compositor-stages-before-draw',
      '--dump-dom',
      copyWith(scripted, 'record-measured.html', MEASURE),
    ]);
    const found = /data-overflow="([^"]*)"/.exec(dom.stdout);
    if (!found) throw new Error(`the measuring script wrote nothing; the DOM began ${dom.stdout.slice(0, 300)}`);
    measured = JSON.parse(decodeURIComponent(found[1]!));
  }, 6 * CHROMIUM_TIMEOUT_MS);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe.each(Object.keys(PAPERS) as Paper[])('printed on %s', (paper) => {
    const pdf = () => pdfs[paper]!;

    it('uses that paper and a sane number of pages', () => {
      expect(pdf().size).toContain(`(${PAPERS[paper].poppler})`);
      expect(pdf().pages, `${paper}: ${pdf().pages} pages`).toBeGreaterThanOrEqual(3);
      expect(pdf().pages, `${paper}: ${pdf().pages} pages`).toBeLessThanOrEqual(20);
      expect(pdf().pageTexts.length).toBe(pdf().pages);
    });

    it("shows the verdict, the practitioner and each credential's type", () => {
      const text = pdf().text;
      expect(text).toContain('VERIFIED');
      expect(text).not.toContain('NOT VERIFIED');
      expect(text).toContain(NAME);
      expect(pdf().pageTexts[0]).toContain(NAME); // on the first page, in the verdict
      for (const label of new Set(CONTENT.items.map((i) => i.attested.label))) expect(text, label).toContain(label);
    });

    it('numbers every page "Page i of N"', () => {
      const { pages, pageTexts } = pdf();
      pageTexts.forEach((t, i) => expect(t, `page ${i + 1}`).toContain(`Page ${i + 1} of ${pages}`));
    });

    it('keeps every word inside the side margins', () => {
      const width = PAPERS[paper].widthMm * MM;
      const words = [
        ...pdf().bbox.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g),
      ];
      expect(words.length).toBeGreaterThan(500);
      const outside = words
        .filter((w) => Number(w[1]) < SIDE_MARGIN_MM * MM - 1 || Number(w[2]) > width - SIDE_MARGIN_MM * MM + 1)
        .map((w) => w[3]);
      expect(outside).toEqual([]);
    });

    it('has no table, cell or element wider than the printable width', () => {
      const m = measured[paper];
      expect(m.tables).toBeGreaterThan(10);
      expect(m.controlSeen, 'the measurement sees an overflowing control').toBe(true);
      expect(m.overflow, `${paper} at ${m.width.toFixed(1)} px`).toEqual([]);
    });
  });

  it('takes a screenshot of the page on screen', () => {
    expect(screenshot.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a'); // PNG signature
    expect([screenshot.readUInt32BE(16), screenshot.readUInt32BE(20)]).toEqual([1240, 1754]); // IHDR width, height
    expect(statSync(join(dir, 'record.png')).size).toBeGreaterThan(50_000); // not a blank page
  });
});
