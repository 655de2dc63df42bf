// A build step, not part of the CLI (`npm run bundle`, after tsc): the bundles bin/radcred runs.
//
// - dist/bundle/main.cjs: the whole CLI as one CommonJS file (one file is much cheaper to start
//   than an ES module graph), each command's code initialised only when it runs; minified in
//   whitespace and syntax (not names, so stack traces stay readable), since reading and keeping
//   the source costs start-up time too.
// - dist/bundle/{signature,verify}-worker.js: the worker threads of a ledger audit and of a batch
//   verification, as ES modules.
// - then dist/bundle/start.json (the --help/--version snapshot, src/cli/start-snapshot.ts) and
//   the V8 code cache of main.cjs (src/build/code-cache.ts).
//
// Three things are arranged here rather than in the code:
// - enquirer, csv-parse and cli-progress stay outside the bundle (CommonJS, loaded with require by
//   the few commands that need them);
// - commander's `child_process` is replaced by a lazy stand-in (src/cli/lazy-child-process.ts):
//   the real module drags in net, dgram and streams, only for executable subcommands radcred has
//   none of;
// - @noble/hashes reads `globalThis.crypto` when it is loaded, which makes Node load its whole
//   WebCrypto implementation; did-jwt and key-did-resolver load @noble/hashes, and radcred never
//   uses it for randomness, so the bundle reads `globalThis.crypto` only if something asks.
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { writeStartSnapshot } from '../cli/start-snapshot.js';
import { writeCodeCache } from './code-cache.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'dist', 'bundle');

/** `@noble/hashes/crypto` with the value read when first used, not when loaded. */
const lazyWebCrypto: Plugin = {
  name: 'lazy-webcrypto',
  setup(b) {
    b.onResolve({ filter: /^@noble\/hashes\/crypto(\.js)?$/ }, () => ({ path: 'lazy-webcrypto', namespace: 'radcred' }));
    b.onLoad({ filter: /^lazy-webcrypto$/, namespace: 'radcred' }, () => ({
      contents: "Object.defineProperty(exports, 'crypto', { enumerable: true, get: () => globalThis.crypto });",
      loader: 'js',
    }));
  },
};

export async function bundle(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  await build({
    entryPoints: [join(ROOT, 'src', 'cli', 'main.ts')],
    outfile: join(OUT, 'main.cjs'),
    bundle: true, format: 'cjs', platform: 'node', target: 'node20', logLevel: 'warning',
    minifyWhitespace: true, minifySyntax: true,
    external: ['enquirer', 'csv-parse', 'cli-progress'],
    alias: { 'node:child_process': join(ROOT, 'src', 'cli', 'lazy-child-process.ts') },
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [lazyWebCrypto],
  });
  await build({
    entryPoints: [join(ROOT, 'src', 'ledger', 'signature-worker.ts'), join(ROOT, 'src', 'verify', 'verify-worker.ts')],
    outdir: OUT, entryNames: '[name]',
    bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning',
    minifyWhitespace: true, minifySyntax: true,
    banner: { js: "import { createRequire as __radcredRequire } from 'node:module'; const require = __radcredRequire(import.meta.url);" },
    plugins: [lazyWebCrypto],
  });
  await writeStartSnapshot(OUT);
  await writeCodeCache(OUT, join(ROOT, 'fixtures'));
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await bundle();
