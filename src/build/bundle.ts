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
// Four things are arranged here rather than in the code:
// - enquirer, csv-parse, cli-progress and undici stay outside the bundle (CommonJS, loaded with
//   require by the few commands that need them: undici only by a pull from a URL);
// - commander's `child_process` is replaced by a lazy stand-in (src/cli/lazy-child-process.ts):
//   the real module drags in net, dgram and streams, only for executable subcommands radcred has
//   none of;
// - @noble/hashes reads `globalThis.crypto` when it is loaded, which makes Node load its whole
//   WebCrypto implementation; did-jwt and key-did-resolver load @noble/hashes, and radcred never
//   uses it for randomness, so the bundle reads `globalThis.crypto` only if something asks;
// - `uint8arrays`, which did-jwt encodes every JWT section with in JavaScript, gets Node's native
//   codecs for the encodings Buffer has (src/build/uint8arrays-native.ts).
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
    b.onResolve({ filter: /^@noble\/hashes\/crypto(\.js)?$/ }, () => ({
      path: 'lazy-webcrypto',
      namespace: 'radcred',
    }));
    b.onLoad({ filter: /^lazy-webcrypto$/, namespace: 'radcred' }, () => ({
      contents: "Object.defineProperty(exports, 'crypto', { enumerable: true, get: () => globalThis.crypto });",
      loader: 'js',
    }));
  },
};

/**
 * `uint8arrays` (what did-jwt and key-did-resolver encode with) with native codecs for UTF-8,
 * base64url, base64 and hex (src/build/uint8arrays-native.ts); the real package behind it.
 */
const nativeUint8arrays: Plugin = {
  name: 'native-uint8arrays',
  setup(b) {
    const shim = join(ROOT, 'src', 'build', 'uint8arrays-native.ts');
    b.onResolve({ filter: /^uint8arrays(\/(to-string|from-string))?$/ }, (args) =>
      args.importer === shim || args.pluginData?.original ? undefined : { path: shim },
    );
    b.onResolve({ filter: /^radcred-original:uint8arrays$/ }, async (args) => {
      const real = await b.resolve('uint8arrays', {
        kind: 'import-statement',
        resolveDir: ROOT,
        importer: args.importer,
        pluginData: { original: true },
      });
      return { path: real.path };
    });
  },
};

/** Bundles one entry module as CommonJS exactly as main.cjs is bundled (the benchmarks measure modules this way). */
export async function bundleCommonJs(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    minifyWhitespace: true,
    minifySyntax: true,
    external: ['enquirer', 'csv-parse', 'cli-progress', 'undici'],
    alias: { 'node:child_process': join(ROOT, 'src', 'cli', 'lazy-child-process.ts') },
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [lazyWebCrypto, nativeUint8arrays],
  });
}

export async function bundle(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  await bundleCommonJs(join(ROOT, 'src', 'cli', 'main.ts'), join(OUT, 'main.cjs'));
  await build({
    entryPoints: [join(ROOT, 'src', 'ledger', 'signature-worker.ts'), join(ROOT, 'src', 'verify', 'verify-worker.ts')],
    outdir: OUT,
    entryNames: '[name]',
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    minifyWhitespace: true,
    minifySyntax: true,
    banner: {
      js: "import { createRequire as __radcredRequire } from 'node:module'; const require = __radcredRequire(import.meta.url);",
    },
    plugins: [lazyWebCrypto, nativeUint8arrays],
  });
  await writeStartSnapshot(OUT);
  await writeCodeCache(OUT, join(ROOT, 'fixtures'));
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await bundle();
