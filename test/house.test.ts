// The shape of the code (issue 15): small files of one purpose, short functions, and a CLI that
// reaches each domain only through its interface. Measured with the TypeScript parser, not by
// counting braces or lines of text.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 80;
/** generated from the JSON Schemas (npm run schemas): one long line per validator, never edited by hand */
const GENERATED = new Set(['src/credential/schemas/validators.generated.ts']);

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .filter((f) => !GENERATED.has(f))
    .sort();
}

const sources = filesUnder('src', /\.ts$/);
const productFiles = [...sources, ...filesUnder('bench', /\.mjs$/), ...filesUnder('fixtures', /\.mjs$/), 'bin/radcred'];
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** Every function (declaration, method, arrow, expression) of `text` longer than the limit. */
function longFunctions(name: string, text: string): string[] {
  const kind = name.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const source = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true, kind);
  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line + 1;
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const start = lineOf(node.getStart(source));
      const lines = lineOf(node.end) - start + 1;
      const fn = 'name' in node && node.name ? node.name.getText(source) : '(anonymous)';
      if (lines > MAX_FUNCTION_LINES) found.push(`${name}:${start} ${fn} has ${lines} lines`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** the module's domain: its top folder under src/ (src/ledger), or the file itself at src/'s top */
const domainOf = (file: string) => file.split('/').slice(0, 2).join('/').replace(/\.ts$/, '');

/** Every relative import of a module (static, type-only and import()), resolved to its .ts file. */
const importsOf = (file: string, text: string) =>
  [...text.matchAll(/(?:from |import\()'(\.{1,2}\/[^']+)\.js'/g)].map(
    (m) => relative(ROOT, join(ROOT, dirname(file), m[1]!)) + '.ts',
  );

/** `// @internal (src/ledger only)` as a module's first line: only its own domain may import it. */
const internalTo = (text: string) => /^\/\/ @internal \((src\/[\w-]+) only\)/.exec(text)?.[1];

/** `// @domain (not for src/cli ...)` as a module's first line: a building block the CLI never calls. */
const domainOnly = (text: string) => text.startsWith('// @domain (not for src/cli');

/** The imports of `modules` (file -> text) that break the layering rules. */
function layeringProblems(modules: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const [from, text] of modules) {
    for (const to of importsOf(from, text)) {
      const owner = modules.has(to) ? internalTo(modules.get(to)!) : undefined;
      if (owner !== undefined && domainOf(from) !== owner) problems.push(`${from} imports ${to}, internal to ${owner}`);
      if (domainOf(from) === 'src/cli' && modules.has(to) && domainOnly(modules.get(to)!))
        problems.push(`${from} imports ${to}, a building block of the domain: call the domain operation instead`);
      // build steps (src/build) may read the command table; the product never imports a build step
      if (domainOf(to) === 'src/cli' && !['src/cli', 'src/build'].includes(domainOf(from)))
        problems.push(`${from} imports ${to}: the domain never imports the CLI`);
      if (domainOf(to) === 'src/build' && domainOf(from) !== 'src/build')
        problems.push(`${from} imports ${to}: a build step is not part of the product`);
    }
  }
  return problems;
}

describe('the house', () => {
  it(`has no product file over ${MAX_FILE_LINES} lines`, () => {
    const long = productFiles
      .map((f) => ({ f, lines: read(f).split('\n').length - 1 }))
      .filter((x) => x.lines > MAX_FILE_LINES)
      .map((x) => `${x.f} has ${x.lines} lines`);
    expect(long).toEqual([]);
  });

  it(`has no function over ${MAX_FUNCTION_LINES} lines`, () => {
    expect(productFiles.flatMap((f) => longFunctions(f, read(f)))).toEqual([]);
  });

  it('keeps every internal module inside its own domain, the CLI above the domain, the build apart', () => {
    expect(layeringProblems(new Map(sources.map((f) => [f, read(f)])))).toEqual([]);
  });

  it('would see a breach of each rule (the checks can fail)', () => {
    const body = Array.from({ length: MAX_FUNCTION_LINES }, (_, i) => `  const v${i} = ${i};`).join('\n');
    expect(longFunctions('x.ts', `const f = () => {\n${body}\n};\n`)).toEqual([
      `x.ts:1 (anonymous) has ${MAX_FUNCTION_LINES + 2} lines`,
    ]);
    const modules = new Map([
      ['src/ledger/tiles.ts', '// @internal (src/ledger only)\nexport const x = 1;\n'],
      ['src/ledger/pull.ts', "import { x } from './tiles.js';\n"],
      ['src/cli/commands/pull.ts', "import { x } from '../../ledger/tiles.js';\n"],
      ['src/verify/x.ts', "import { y } from '../cli/main.js';\n"],
      ['src/ledger/entry.ts', '// @domain (not for src/cli: a building block)\nexport const e = 1;\n'],
      ['src/cli/commands/status.ts', "import { e } from '../../ledger/entry.js';\n"],
    ]);
    expect(layeringProblems(modules)).toEqual([
      'src/cli/commands/pull.ts imports src/ledger/tiles.ts, internal to src/ledger',
      'src/verify/x.ts imports src/cli/main.ts: the domain never imports the CLI',
      'src/cli/commands/status.ts imports src/ledger/entry.ts, a building block of the domain: call the domain operation instead',
    ]);
  });

  it('has internal modules in every domain that has inner workings', () => {
    const tagged = new Set(sources.filter((f) => internalTo(read(f)) !== undefined).map(domainOf));
    for (const domain of [
      'src/codes',
      'src/credential',
      'src/identity',
      'src/ledger',
      'src/policy',
      'src/record',
      'src/verify',
    ])
      expect(tagged).toContain(domain);
  });
});
