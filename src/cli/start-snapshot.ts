// A build step, not part of the CLI: src/build/bundle.ts runs it after esbuild. It records what
// `radcred --help` and `radcred --version` print when stdout is not an 80-column terminal
// (a pipe, a CI log), in dist/bundle/start.json, so bin/radcred can answer those two without
// loading the CLI at all: they are the commands scripts and people run most, and loading commander
// and the entry module is most of their cost. The text comes from the real command table at build
// time, so it cannot drift from it (test/cli/start.test.ts checks that too).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bufferedIo } from './io.js';
import { run } from './main.js';

export interface StartSnapshot {
  version: string;
  help: string;
}

async function printed(args: string[]): Promise<string> {
  const buffered = bufferedIo({}, process.cwd());
  const code = await run(args, buffered.io);
  if (code !== 0) throw new Error(`radcred ${args.join(' ')} exited ${code}: ${buffered.stderr()}`);
  return buffered.stdout();
}

export async function startSnapshot(): Promise<StartSnapshot> {
  return { version: await printed(['--version']), help: await printed(['--help']) };
}

/** Writes DIR/start.json (src/build/bundle.ts calls this). */
export async function writeStartSnapshot(dir: string): Promise<void> {
  writeFileSync(join(dir, 'start.json'), JSON.stringify(await startSnapshot()) + '\n');
}
