// A build step, not part of the CLI: writes V8's code cache for the bundle (dist/bundle/main.cjs
// -> main.cjs.cache), which bin/radcred hands to vm.Script so a short command does not compile
// half a megabyte of JavaScript first. The bundle is compiled exactly as bin/radcred compiles it
// (the same CommonJS wrapper and file name, or V8 rejects the cache) and its top level is run
// once, so the functions that run at start-up are in the cache too.
//
// This used to be a branch of bin/radcred, taken when RADCRED_WRITE_CODE_CACHE=1 was set; with
// that variable in a user's environment every command exited 0 without doing anything.
import { readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Script } from 'node:vm';

export function writeCodeCache(bundleDir: string): string {
  const file = resolve(bundleDir, 'main.cjs');
  const wrap = (Module as unknown as { wrap(source: string): string }).wrap;
  const script = new Script(wrap(readFileSync(file, 'utf8')), { filename: file });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  const out = join(bundleDir, 'main.cjs.cache');
  writeFileSync(out, script.createCachedData());
  return out;
}

const [, script, target] = process.argv;
if (script !== undefined && target !== undefined && resolve(script) === resolve(new URL(import.meta.url).pathname)) writeCodeCache(target);
