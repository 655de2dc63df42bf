// Shared test helpers: throwaway homes, an in-process CLI runner, the real executable as a
// subprocess, and the demo identities (fixed seeds) so tests need no prompts.
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { run } from '../src/cli/main.js';
import { bufferedIo } from '../src/cli/io.js';
import { RadcredError } from '../src/errors.js';
import { resolveDidKey } from '../src/identity/did-key.js';
import { digestOfSigningInput, parseCompactJws } from '../src/jws/compact.js';
import { encodeBase58 } from '../src/util/bytes.js';
import { expect } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '..');
export const SHARED = resolve(ROOT, '..', 'shared');
export const BIN = join(ROOT, 'bin', 'radcred');
/** strong enough for a new key (src/identity/passphrase-strength.ts); never a real one */
export const PASSPHRASE = 'test passphrase, not for real keys';
/** a fixed clock for reproducible tests (unix seconds of 2026-11-27T18:00:00Z) */
export const NOW = '2026-11-27T18:00:00Z';
export const NOW_S = Date.parse(NOW) / 1000;

export function tempDir(prefix = 'radcred-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A credential's digest as radcred names it (sha256 of its signing input), from its compact JWS text. */
export const credentialDigest = (jwt: string): string => digestOfSigningInput(parseCompactJws(jwt.trim()).signingInput);

/** Output with each wrapped warning, note or summary line joined back onto one line (its further lines start with two blanks). */
export const unwrapped = (text: string): string => text.replace(/\n {2}(?=\S)/g, ' ');

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for --json runs) */
  json: () => any;
}

/**
 * Runs radcred in-process with captured output; env defaults to a passphrase and NO_COLOR. `columns`:
 * the width of the terminal the output is laid out for (default none: piped, 100 columns).
 */
export async function radcred(
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; columns?: number } = {},
): Promise<RunResult> {
  const captured = bufferedIo(
    { RADCRED_PASSPHRASE: PASSPHRASE, NO_COLOR: '1', ...options.env },
    options.cwd ?? process.cwd(),
    options.columns,
  );
  const code = await run(args, captured.io);
  const [stdout, stderr] = [captured.stdout(), captured.stderr()];
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

/**
 * Runs radcred in-process as if on a terminal (stdin and stderr TTYs, so prompts are allowed);
 * for tests that mock src/cli/prompts.ts. env defaults as in `radcred`.
 */
export async function radcredOnTerminal(
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<RunResult> {
  const captured = bufferedIo(
    { RADCRED_PASSPHRASE: PASSPHRASE, NO_COLOR: '1', ...options.env },
    options.cwd ?? process.cwd(),
  );
  const io = { ...captured.io, stdinIsTTY: true, stderr: { ...captured.io.stderr, isTTY: true } };
  const code = await run(args, io);
  const [stdout, stderr] = [captured.stdout(), captured.stderr()];
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

/** Runs a program to its end, its output captured; a non-zero exit is a result, not a throw. */
export async function execProcess(
  file: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<RunResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(file, args, { ...options, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr, json: () => JSON.parse(stdout) };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr, json: () => JSON.parse(err.stdout) };
  }
}

/** Runs the real bin/radcred (needs `npm run build`). */
export async function radcredProcess(
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<RunResult> {
  const env = { ...process.env, RADCRED_PASSPHRASE: PASSPHRASE, NO_COLOR: '1', ...options.env } as NodeJS.ProcessEnv;
  return execProcess(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env });
}

/**
 * Why bin/radcred would not run the code in src/ (dist/bundle missing, or older than a source
 * file), or undefined when it would: the tests that run the executable fail on a stale build
 * instead of testing an old one. The code cache is the build's last output.
 */
export function staleBundle(): string | undefined {
  const built = join(ROOT, 'dist', 'bundle', 'main.cjs.cache');
  if (!existsSync(built)) return `${built} is missing: run npm run build`;
  const builtAt = statSync(built).mtimeMs;
  const sources = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.ts'),
  );
  const newer = sources.find((f) => statSync(join(ROOT, 'src', f)).mtimeMs > builtAt);
  return newer === undefined ? undefined : `src/${newer} is newer than ${built}: run npm run build`;
}

export interface DemoIdentity {
  name: string;
  label: string;
  keyType: string;
  seed: string;
}

export const DEMO_IDENTITIES: DemoIdentity[] = JSON.parse(
  readFileSync(join(ROOT, 'fixtures', 'demo-identities.json'), 'utf8'),
).identities;

export const fixture = (...parts: string[]) => join(ROOT, 'fixtures', ...parts);

export const sharedVector = (...parts: string[]) => JSON.parse(readFileSync(join(SHARED, 'vectors', ...parts), 'utf8'));

/** Imports the named demo identities into `home`; returns name -> DID. */
export async function importDemoIdentities(home: string, names: string[]): Promise<Record<string, string>> {
  const dids: Record<string, string> = {};
  for (const name of names) {
    const id = DEMO_IDENTITIES.find((i) => i.name === name)!;
    const r = await radcred([
      '--home',
      home,
      '--json',
      'id',
      'import',
      name,
      '--seed',
      id.seed,
      '--key-type',
      id.keyType,
      '--label',
      id.label,
    ]);
    if (r.code !== 0) throw new Error(`import ${name} failed: ${r.stderr}`);
    dids[name] = r.json().did;
  }
  return dids;
}

/** The RadcredError `fn` throws (failing the test if it throws anything else, or nothing). */
export function errorOf(fn: () => unknown): RadcredError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RadcredError);
    return e as RadcredError;
  }
  throw new Error('expected a RadcredError, nothing was thrown');
}

export const codeOf = (fn: () => unknown) => errorOf(fn).code;

/** The RadcredError an async `fn` rejects with (failing the test otherwise). */
export async function errorOfAsync(fn: () => Promise<unknown>): Promise<RadcredError> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RadcredError);
    return e as RadcredError;
  }
  throw new Error('expected a RadcredError, nothing was thrown');
}

/** The code of the RadcredError `fn` throws, or undefined when it throws nothing. */
export function codeIfThrown(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RadcredError);
    return (e as RadcredError).code;
  }
  return undefined;
}

/** A compressed P-256 "point" whose x has no y on the curve. */
export function offCurveP256Did(): string {
  for (let x = 1; ; x++) {
    const did = 'did:key:z' + encodeBase58(Uint8Array.from([0x80, 0x24, 0x02, ...new Uint8Array(31), x]));
    if (codeIfThrown(() => resolveDidKey(did)) === 'DID_INVALID') return did;
  }
}

/**
 * The first of `names` that is an executable on PATH (then in `extraDirs`: Debian keeps nginx in
 * /usr/sbin, which a non-root PATH may lack), for the tests that drive system tools.
 */
export function onPath(names: string[], extraDirs: string[] = []): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...extraDirs]) {
    for (const name of names) {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return join(dir, name);
      } catch {
        /* not here */
      }
    }
  }
  return undefined;
}
