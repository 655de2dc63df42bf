// bin/radcred answers a lone --help or --version from dist/bundle/start.json, written at build
// time from the real command table; these check that the snapshot is exactly what the CLI prints.
// Everything else loads dist/bundle/main.cjs with V8's code cache for it (main.cjs.cache).
import { readFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/cli/main.js';
import { startSnapshot } from '../../src/cli/start-snapshot.js';
import { radcred, radcredProcess, ROOT } from '../helpers.js';

const snapshotFile = join(ROOT, 'dist', 'bundle', 'start.json');

describe('start-up snapshot', () => {
  it('holds what the CLI prints for --help and --version', async () => {
    const built = JSON.parse(readFileSync(snapshotFile, 'utf8'));
    expect(built).toEqual(await startSnapshot());
    expect((await radcred(['--help'])).stdout).toBe(built.help);
    expect(built.version).toBe(`${VERSION}\n`);
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version).toBe(VERSION);
  });

  it('is what the executable prints, for every spelling, with exit 0', async () => {
    const built = JSON.parse(readFileSync(snapshotFile, 'utf8'));
    for (const flag of ['--help', '-h']) {
      const r = await radcredProcess([flag]);
      expect([r.code, r.stdout, r.stderr]).toEqual([0, built.help, '']);
    }
    for (const flag of ['--version', '-V']) {
      const r = await radcredProcess([flag]);
      expect([r.code, r.stdout, r.stderr]).toEqual([0, built.version, '']);
    }
  });

  it('leaves everything else to the CLI', async () => {
    // two arguments reach the CLI, which answers --json with a document
    const r = await radcredProcess(['--version', '--json']);
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({ version: VERSION });
    const unknown = await radcredProcess(['--bogus']);
    expect(unknown.code).toBe(2);
    const sub = await radcredProcess(['verify', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toMatch(/^Usage: radcred verify/);
  });
});

describe('the bundle and its code cache', () => {
  const bundle = join(ROOT, 'dist', 'bundle', 'main.cjs');

  it('is accepted by this Node and loads the CLI', () => {
    const script = new Script(wrap(readFileSync(bundle, 'utf8')), {
      filename: bundle,
      cachedData: readFileSync(`${bundle}.cache`),
    });
    expect(script.cachedDataRejected).toBe(false);
    const module = { exports: {} as Record<string, unknown> };
    script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, join(ROOT, 'dist', 'bundle'));
    expect(module.exports.VERSION).toBe(VERSION);
    expect(typeof module.exports.run).toBe('function');
  });

  it('has no dynamic import(), which a cached vm.Script could not run without an experimental loader', () => {
    expect(readFileSync(bundle, 'utf8')).not.toMatch(/[^\w$.]import\(/);
  });
});
