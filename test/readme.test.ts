// The README runs: every block fenced as ```sh runnable is run as a user would type it. The blocks
// of one section run in sequence in one bash (-euo pipefail), since later blocks use the files and
// variables of earlier ones, in a fresh working directory holding a copy of fixtures/, with a
// fresh HOME and RADCRED_HOME, no terminal, and `radcred` on PATH the executable built here.
// Every command must exit 0, but one whose last line ends with a comment saying `exits N`.
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanup, ROOT, staleBundle, tempDir } from './helpers.js';

interface Block {
  /** README line of the block's first line */ line: number;
  lines: string[];
}
interface Section {
  title: string;
  blocks: Block[];
}

/** a fence, as CommonMark has it: a backtick fence's info string holds no backtick */
const FENCE = /^ {0,3}(`{3,}(?=[^`]*$)|~{3,})\s*(.*?)\s*$/;
/** a command's last line ending in a comment that gives its exit status: `... # NOT VERIFIED: exits 1` */
const EXITS = /\s+#[^#'"]*\bexits (\d+)\s*$/;

/** The runnable blocks of a Markdown text, grouped by the heading above them. */
function runnableSections(markdown: string): Section[] {
  const sections: Section[] = [];
  let title = '(top)';
  let sectionOf: Block[] | undefined; // the blocks of the section under the current heading, once it has one
  let open: { fence: string; block?: Block; line: number } | undefined;
  markdown.split('\n').forEach((text, i) => {
    const fence = FENCE.exec(text);
    if (open) {
      if (fence && fence[1]!.startsWith(open.fence) && fence[2] === '') open = undefined;
      else open.block?.lines.push(text);
      return;
    }
    if (fence) {
      const words = fence[2]!.split(/\s+/);
      if (words.includes('runnable') && !['sh', 'bash'].includes(words[0]!)) {
        throw new Error(`README.md:${i + 1}: only sh and bash blocks can be runnable, not ${words[0]}`);
      }
      open = { fence: fence[1]!, line: i + 1 };
      if (words.includes('runnable')) {
        open.block = { line: i + 2, lines: [] };
        if (!sectionOf) sections.push({ title, blocks: (sectionOf = []) });
        sectionOf.push(open.block);
      }
      return;
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(text);
    if (heading) [title, sectionOf] = [heading[1]!.trim(), undefined];
  });
  if (open) throw new Error(`README.md:${open.line}: a code block is never closed`);
  return sections;
}

interface Script {
  text: string;
  /** README line of the command each script line belongs to (1-based index) */ lineOf: number[];
}

/**
 * A section's blocks as one bash script. A failing command is reported by an ERR trap, with its
 * line in the README; a command expecting exit N runs as `cmd || __status=$?` and is checked.
 */
function sectionScript(section: Section): Script {
  const out: string[] = ['set -euo pipefail', `trap 'echo "__readme_failed__ $LINENO $?" >&2' ERR`];
  const lineOf: number[] = [0, 0, 0];
  const add = (text: string, readmeLine: number) => (out.push(text), lineOf.push(readmeLine));
  for (const block of section.blocks) {
    let commandStart = 0;
    block.lines.forEach((text, i) => {
      if (i === 0 || !block.lines[i - 1]!.endsWith('\\')) commandStart = i;
      const readmeLine = block.line + commandStart;
      const exits = EXITS.exec(text);
      if (!exits) return add(text, readmeLine);
      // `__status=0` goes before the command's first line, so the command stays whole
      out.splice(out.length - (i - commandStart), 0, '__status=0');
      lineOf.splice(lineOf.length - (i - commandStart), 0, readmeLine);
      add(text.replace(EXITS, ' || __status=$?'), readmeLine);
      add(
        `if [ "$__status" -ne ${exits[1]} ]; then echo "__readme_exit__ ${readmeLine} ${exits[1]} $__status" >&2; exit 97; fi`,
        readmeLine,
      );
    });
  }
  return { text: out.join('\n') + '\n', lineOf };
}

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function runBash(script: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-euo', 'pipefail', script], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}

/** What went wrong, in README terms: the command's line, its exit status, the output's end. */
function report(outcome: Outcome, script: Script, readme: string[]): string {
  const failed = /__readme_failed__ (\d+) (\d+)/.exec(outcome.stderr);
  const wrongExit = /__readme_exit__ (\d+) (\d+) (\d+)/.exec(outcome.stderr);
  const where = (line: number) => `README.md:${line}: \`${readme[line - 1]!.trim()}\``;
  const what = failed
    ? `${where(script.lineOf[Number(failed[1])] ?? 0)} exited ${failed[2]}`
    : wrongExit
      ? `${where(Number(wrongExit[1]))} exited ${wrongExit[3]}, the README says ${wrongExit[2]}`
      : `bash exited ${outcome.code}`;
  const tail = (s: string) =>
    s
      .split('\n')
      .filter((l) => !l.startsWith('__readme_'))
      .slice(-30)
      .join('\n');
  return `${what}\n--- stdout (end)\n${tail(outcome.stdout)}\n--- stderr (end)\n${tail(outcome.stderr)}`;
}

const scratch = tempDir('radcred-readme-');
afterAll(() => cleanup(scratch));

/** Runs a section in a fresh directory, home and RADCRED_HOME, with `radcred` the build of this clone. */
async function runSection(section: Section, readme: string[], name: string): Promise<Outcome & { explain: string }> {
  const dir = join(scratch, name);
  for (const d of ['bin', 'home', 'work', 'tmp']) mkdirSync(join(dir, d), { recursive: true });
  const shim = join(dir, 'bin', 'radcred');
  writeFileSync(shim, `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
  chmodSync(shim, 0o755);
  cpSync(join(ROOT, 'fixtures'), join(dir, 'work', 'fixtures'), { recursive: true });
  const script = sectionScript(section);
  writeFileSync(join(dir, 'section.sh'), script.text);
  const env = {
    PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
    HOME: join(dir, 'home'),
    RADCRED_HOME: join(dir, 'home', '.radcred'),
    TMPDIR: join(dir, 'tmp'),
    LANG: process.env.LANG ?? 'C.UTF-8',
  };
  const outcome = await runBash(join(dir, 'section.sh'), join(dir, 'work'), env, 60_000);
  return { ...outcome, explain: report(outcome, script, readme) };
}

const README_TEXT = readFileSync(join(ROOT, 'README.md'), 'utf8');
const SECTIONS = runnableSections(README_TEXT);
const started = performance.now();
afterAll(() => {
  const blocks = SECTIONS.reduce((n, s) => n + s.blocks.length, 0);
  console.info(
    `README test: ${blocks} runnable blocks in ${SECTIONS.length} sections, ${Math.round(performance.now() - started)} ms`,
  );
});

describe('README.md runs', () => {
  // the blocks run bin/radcred: it must be the build of src/
  beforeAll(() => expect(staleBundle()).toBeUndefined());

  it('has runnable blocks', () => {
    expect(SECTIONS.map((s) => s.title)).toEqual(expect.arrayContaining(['Install', 'The story in one minute']));
  });

  SECTIONS.forEach((section, i) => {
    it(`section "${section.title}" (${section.blocks.length} block(s), from line ${section.blocks[0]!.line})`, async () => {
      const r = await runSection(section, README_TEXT.split('\n'), `section-${i}`);
      expect(r.code, r.explain).toBe(0);
    }, 90_000);
  });
});

describe('the README runner', () => {
  const run = (markdown: string, name: string) => {
    const sections = runnableSections(markdown);
    return runSection(sections[0]!, markdown.split('\n'), name);
  };

  it('fails on a failing command, naming its line; a command marked `exits N` must exit N', async () => {
    const failing = await run('# T\n```sh runnable\ntrue\nls \\\n  /nonexistent\necho never\n```\n', 'runner-fail');
    expect(failing.code).not.toBe(0);
    expect(failing.stdout).not.toContain('never');
    expect(failing.explain).toMatch(/^README\.md:4: `ls \\` exited 2/);
    const expected = await run(
      '# T\n```sh runnable\nX=1\n```\ntext\n```sh runnable\n[ "$X" = 2 ]   # exits 1\necho after\n```\n',
      'runner-exits',
    );
    expect(expected.code, expected.explain).toBe(0);
    expect(expected.stdout).toBe('after\n');
    const wrong = await run('# T\n```sh runnable\ntrue   # but it exits 1\n```\n', 'runner-wrong');
    expect(wrong.explain).toMatch(/^README\.md:3: `true {3}# but it exits 1` exited 0, the README says 1/);
  });

  it('runs only sh or bash blocks marked runnable, grouped by section', () => {
    const md =
      '# A\n```sh\nnot run\n```\n```sh runnable\na\n```\n## B\n```bash runnable\nb\n```\n```console\n$ c\n```\n' +
      '```` ```sh runnable ```` is inline code, not a fence\n';
    expect(runnableSections(md)).toEqual([
      { title: 'A', blocks: [{ line: 6, lines: ['a'] }] },
      { title: 'B', blocks: [{ line: 10, lines: ['b'] }] },
    ]);
    expect(() => runnableSections('```console runnable\n$ x\n```\n')).toThrow(/only sh and bash/);
    expect(() => runnableSections('```sh runnable\nx\n')).toThrow(/never closed/);
  });
});
