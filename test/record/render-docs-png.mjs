#!/usr/bin/env node
// Renders docs/record-page.png: the first screen of the VERIFIED sample record's printable page
// as an office sees it in a browser. Run by hand after `npm run build`:
//   node test/record/render-docs-png.mjs
// It needs headless Chromium on PATH (chromium, chromium-browser or google-chrome).
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderRecordHtml } from '../../dist/record/html.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const OUT = join(ROOT, 'docs', 'record-page.png');
// about one page of the record, and a file of a few hundred KB
const WINDOW = '1100,1400';

function onPath(names) {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return join(dir, name);
      } catch {
        /* not here */
      }
    }
  }
  throw new Error(`none of ${names.join(', ')} is on PATH (Debian: apt-get install -y chromium)`);
}

const content = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'record-content.json'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'radcred-docs-png-'));
try {
  const page = join(dir, 'record.html');
  writeFileSync(page, renderRecordHtml(content));
  const chromium = spawnSync(
    onPath(['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']),
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--hide-scrollbars',
      `--user-data-dir=${join(dir, 'profile')}`,
      `--screenshot=${OUT}`,
      `--window-size=${WINDOW}`,
      pathToFileURL(page).href,
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (chromium.status !== 0)
    throw new Error(`chromium failed (${chromium.status ?? chromium.signal}):\n${chromium.stderr}`);
  console.log(`${OUT}: ${statSync(OUT).size} bytes`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
