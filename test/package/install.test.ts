// The npm package as a user gets it: `npm pack`, then `npm install -g` of the tarball into a
// temporary prefix, then the installed `radcred` run from a directory outside the repository, with
// its own HOME. The tarball is packed from this build with --ignore-scripts (its `prepack` would
// rebuild dist/ under the other tests, which run the executable from it); that `prepack` builds
// what the package needs is checked apart, in a copy of the sources.
import { cpSync, mkdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, execProcess, ROOT, staleBundle, tempDir, type RunResult } from '../helpers.js';

const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  files: string[];
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** What the executable needs at run time, besides the bundle: the data `demo` and `types show` read. */
const RUNTIME_FILES = [
  'bin/radcred',
  'bin/package.json',
  'dist/bundle/main.cjs',
  'dist/bundle/main.cjs.cache',
  'dist/bundle/start.json',
  'dist/bundle/signature-worker.js',
  'dist/bundle/verify-worker.js',
  'fixtures/demo-identities.json',
  'fixtures/subjects/MedicalLicenseCredential.json',
  'fixtures/reappointment/pamed-cme.csv',
  'fixtures/rosters/rsna-cme.csv',
  'fixtures/policies/pa-reappointment.json',
];

/** The environment npm runs in: the caller's, but never a prefix an enclosing `npm test` set. */
function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(npm_config_(global_|local_)?prefix|RADCRED_.*)$/i.test(k)),
  );
}

interface Packed {
  tarball: string;
  size: number;
  files: string[];
}

/** `npm pack --json` in `dir` into `destination`; `scripts` false adds --ignore-scripts. */
async function pack(dir: string, destination: string, scripts: boolean): Promise<Packed> {
  const args = ['pack', '--json', '--pack-destination', destination, ...(scripts ? [] : ['--ignore-scripts'])];
  const r = await execProcess(NPM, args, { cwd: dir, env: npmEnv() });
  expect(r.code, r.stderr).toBe(0);
  const [report] = r.json() as { filename: string; size: number; files: { path: string }[] }[];
  return {
    tarball: join(destination, report!.filename),
    size: report!.size,
    files: report!.files.map((f) => f.path).sort(),
  };
}

/** The packages (not Node's built-ins) a bundle file requires or imports. */
function requiredPackages(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers = [
    ...source.matchAll(/(?:\brequire|createRequire\)\(__importMetaUrl\))\("([^"]+)"\)|\bfrom"([^"]+)"/g),
  ]
    .map((m) => m[1] ?? m[2]!)
    .filter((s) => /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/[\w./-]*)?$/.test(s));
  const names = specifiers.map((s) =>
    s
      .split('/')
      .slice(0, s.startsWith('@') ? 2 : 1)
      .join('/'),
  );
  return [...new Set(names)].filter((n) => !n.startsWith('node:') && !builtinModules.includes(n)).sort();
}

let dir: string;
let packed: Packed;
let installed: string;
const timings: Record<string, number> = {};

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    timings[label] = Math.round(performance.now() - start);
  }
}

/** The installed radcred, run from a directory outside the repository with a home of its own. */
function installedRadcred(args: string[]): Promise<RunResult> {
  const env = {
    PATH: process.env.PATH,
    HOME: join(dir, 'home'),
    RADCRED_HOME: join(dir, 'home', '.radcred'),
    TMPDIR: join(dir, 'tmp'),
  };
  return execProcess(join(dir, 'prefix', 'bin', 'radcred'), args, { cwd: join(dir, 'work'), env });
}

beforeAll(async () => {
  // packed with --ignore-scripts, the tarball holds this build: it must be the build of src/
  expect(staleBundle()).toBeUndefined();
  dir = realpathSync(tempDir('radcred-package-'));
  for (const d of ['pack', 'home', 'work', 'tmp']) mkdirSync(join(dir, d));
  packed = await timed('pack', () => pack(ROOT, join(dir, 'pack'), false));
  // the dependencies come from npm's cache when it has them (it does after `npm ci`), else the registry
  const install = await timed('install', () =>
    execProcess(
      NPM,
      [
        'install',
        '--global',
        '--prefix',
        join(dir, 'prefix'),
        packed.tarball,
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
      ],
      { cwd: join(dir, 'work'), env: npmEnv() },
    ),
  );
  expect(install.code, install.stderr).toBe(0);
  installed = join(dir, 'prefix', 'lib', 'node_modules', 'radcred');
}, 120_000);

afterAll(() => {
  const size = packed ? `${(packed.size / 1000).toFixed(1)} kB` : 'not packed';
  console.info(
    `package test: tarball ${size}; ${Object.entries(timings)
      .map(([k, ms]) => `${k} ${ms} ms`)
      .join(', ')}`,
  );
  if (dir) cleanup(dir);
});

describe('the npm package', () => {
  it('holds what runs and nothing else: bin/, the bundle, the fixtures it reads, README', () => {
    expect(packed.files).toEqual(expect.arrayContaining([...RUNTIME_FILES, 'README.md', 'package.json']));
    const outside = packed.files.filter(
      (f) => !/^(bin\/|dist\/bundle\/|fixtures\/|README\.md$|package\.json$)/.test(f),
    );
    expect(outside).toEqual([]);
    // no sources, tests, build scripts or fixture generators
    expect(packed.files.filter((f) => /\.(ts|mjs)$/.test(f))).toEqual([]);
    expect(packed.size).toBeLessThan(1_000_000);
  });

  it('declares as dependencies exactly the packages the bundle leaves to require at run time', () => {
    const bundle = join(ROOT, 'dist', 'bundle');
    const required = [
      ...new Set(
        ['main.cjs', 'signature-worker.js', 'verify-worker.js'].flatMap((f) => requiredPackages(join(bundle, f))),
      ),
    ].sort();
    expect(required).toEqual(Object.keys(PACKAGE.dependencies).sort());
    // and the installed copy finds each of them
    const requireFromBundle = createRequire(join(installed, 'dist', 'bundle', 'main.cjs'));
    for (const name of required) expect(requireFromBundle.resolve(name)).toContain(join(installed, 'node_modules'));
  });

  it("installed, `radcred --version` prints package.json's version", async () => {
    const r = await timed('--version', () => installedRadcred(['--version']));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(PACKAGE.version);
  });

  it('installed, `radcred demo` runs the whole story from outside the repository (exit 0)', async () => {
    const r = await timed('demo', () => installedRadcred(['demo']));
    expect(r.code, r.stderr + r.stdout.slice(-2000)).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(
      "demo complete: the reappointment VERIFIED against Northbay's bylaws; NOT VERIFIED when",
    );
    // its files went to the temporary directory it was given, not into the repository
    const where = r.stdout.trimEnd().match(/Files are in\s+(\S+)$/)?.[1]; // a long path goes on a line of its own
    expect(where?.startsWith(join(dir, 'tmp', 'radcred-demo-')), r.stdout.slice(-300)).toBe(true);
  }, 60_000);
});

describe('prepack', () => {
  it('builds: packing a copy of the sources that has no dist/ gives a tarball of the same files', async () => {
    expect(PACKAGE.scripts.prepack).toBe('npm run build');
    expect(PACKAGE.files).toEqual(expect.arrayContaining(['bin/', 'dist/bundle/']));
    const copy = join(dir, 'copy');
    for (const entry of ['package.json', 'package-lock.json', 'tsconfig.json', 'README.md', 'bin', 'src', 'fixtures']) {
      cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    mkdirSync(join(dir, 'pack-copy'));
    const fromCopy = await timed('prepack+pack', () => pack(copy, join(dir, 'pack-copy'), true));
    expect(fromCopy.files).toEqual(packed.files);
  }, 120_000);
});
