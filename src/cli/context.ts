// What every command gets: the resolved global options, the clock, the output channels, and the
// one way to ask for a passphrase (file, environment, or a prompt only where one is allowed).
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { RadcredError } from '../errors.js';
import { readTextBounded } from '../util/files.js';
import { nowSeconds, parseTime } from '../util/time.js';
import type { CliIo } from './io.js';
import { styleFor, type Style } from './style.js';

export interface GlobalOptions {
  home?: string;
  json?: boolean;
  input?: boolean;
  passphraseFile?: string;
  /** never accepted (a passphrase in argv is visible to every user); registered only to refuse it */
  passphrase?: unknown;
  now?: string;
}

export interface CliContext {
  readonly io: CliIo;
  readonly home: string;
  readonly json: boolean;
  /** prompts are allowed: a terminal is attached and --no-input was not given */
  readonly canPrompt: boolean;
  readonly now: number;
  readonly style: Style;
  /** style for stderr diagnostics */
  readonly errStyle: Style;
  resolvePath(path: string): string;
  passphrase(purpose: string, options?: { confirm?: boolean }): Promise<string>;
  /** a line of progress or notes for humans, on stderr (never with --json on stdout) */
  note(text: string): void;
  /** an error that does not end the command (one refused file of several), in the error style: always with a hint */
  error(text: string, hint: string): void;
  /** a warning on stderr (`radcred: warning: ...`), once per text; also kept for --json results */
  warn(text: string): void;
  /** the warnings given so far in this run */
  readonly warnings: readonly string[];
}

/** A home that exists must be a directory (it is created when first written to). */
function checkHome(home: string): void {
  let st;
  try {
    st = statSync(home);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    throw new RadcredError('HOME_NOT_DIRECTORY', `the radcred home ${home} cannot be used (${code ?? 'error'})`, 'give --home a directory (or set RADCRED_HOME)');
  }
  if (!st.isDirectory()) throw new RadcredError('HOME_NOT_DIRECTORY', `the radcred home ${home} is not a directory`, 'give --home a directory (or set RADCRED_HOME)');
}

export function makeContext(opts: GlobalOptions, io: CliIo): CliContext {
  if (opts.passphrase !== undefined) {
    // The value is never echoed: it is a secret that is already in the shell history.
    throw new RadcredError('PASSPHRASE_IN_ARGV', 'radcred takes no --passphrase option: a passphrase on the command line is visible to other users and kept in shell history',
      'use --passphrase-file FILE or set RADCRED_PASSPHRASE (or let radcred prompt on a terminal)');
  }
  const home = resolve(io.cwd, opts.home ?? io.env.RADCRED_HOME ?? resolve(homedir(), '.radcred'));
  checkHome(home);
  const canPrompt = opts.input !== false && io.stdinIsTTY && io.stderr.isTTY === true;
  const now = opts.now === undefined ? nowSeconds() : parseTime(opts.now, '--now');
  const json = opts.json === true;
  const warnings: string[] = [];
  const ctx: CliContext = {
    io, home, json, canPrompt, now, warnings,
    style: json ? styleFor(false, io.env) : styleFor(io.stdout.isTTY, io.env),
    errStyle: styleFor(io.stderr.isTTY, io.env),
    resolvePath: (p) => resolve(io.cwd, p),
    note: (text) => {
      io.stderr.write(text + '\n');
    },
    error: (text, hint) => {
      io.stderr.write(`${ctx.errStyle.bad('radcred: error:')} ${text}\n${ctx.errStyle.dim('hint:')} ${hint}\n`);
    },
    warn: (text) => {
      if (warnings.includes(text)) return;
      warnings.push(text);
      io.stderr.write(`${ctx.errStyle.warn('radcred: warning:')} ${text}\n`);
    },
    async passphrase(purpose, options = {}) {
      if (opts.passphraseFile !== undefined) {
        const text = readTextBounded(ctx.resolvePath(opts.passphraseFile), 'passphrase file', 64 * 1024);
        // Only the one line ending an editor adds is dropped; every other byte is the passphrase.
        const pass = text.replace(/\r?\n$/, '');
        if (pass.length === 0) throw new RadcredError('PASSPHRASE_EMPTY', `passphrase file ${opts.passphraseFile} is empty`);
        return pass;
      }
      const fromEnv = io.env.RADCRED_PASSPHRASE;
      if (fromEnv !== undefined && fromEnv.length > 0) return fromEnv;
      if (!canPrompt) {
        throw new RadcredError('PASSPHRASE_REQUIRED', `a passphrase is needed to ${purpose}`,
          'pass --passphrase-file FILE or set RADCRED_PASSPHRASE (no prompt without a terminal or with --no-input)');
      }
      const { promptPassword } = await import('./prompts.js');
      const pass = await promptPassword(`Passphrase to ${purpose}`);
      if (pass.length === 0) throw new RadcredError('PASSPHRASE_EMPTY', 'the passphrase is empty');
      if (options.confirm === true && (await promptPassword('Repeat the passphrase')) !== pass) {
        throw new RadcredError('PASSPHRASE_MISMATCH', 'the passphrases do not match');
      }
      return pass;
    },
  };
  return ctx;
}
