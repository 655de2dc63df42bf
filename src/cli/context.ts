// What every command gets: the resolved global options, the clock, the output channels, and the
// one way to get an identity's passphrase (its file or variable, passphrase-sources.ts, or a
// prompt only where one is allowed).
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { RadcredError } from '../errors.js';
import { identityNames } from '../identity/name.js';
import { didYouMean, suggest } from '../util/suggest.js';
import { nowSeconds, parseTime } from '../util/time.js';
import type { CliIo } from './io.js';
import {
  describeSource,
  parsePassphraseFiles,
  type PassphraseFiles,
  passphraseSource,
  passphraseVariable,
  readSource,
  type PassphraseSource,
} from './passphrase-sources.js';
import { fitLines, outputWidth } from './render/text.js';
import { styleFor, type Style } from './style.js';

export interface GlobalOptions {
  home?: string;
  json?: boolean;
  input?: boolean;
  /** --passphrase-file, repeatable: FILE for every identity, NAME=FILE for one */
  passphraseFile?: string[] | string;
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
  /**
   * The passphrase that unlocks identity `name`: from its file or variable, else asked for on a
   * terminal. `purpose` says why, in messages and the prompt: "the issuer".
   */
  passphrase(name: string, purpose: string): Promise<string>;
  /** Where `name`'s passphrase comes from without a prompt; undefined: the prompt, or nowhere. */
  passphraseSource(name: string): PassphraseSource | undefined;
  /** `name`'s passphrase from its file or variable, and where it came from; undefined without one. */
  unattendedPassphrase(name: string): { passphrase: string; from: string } | undefined;
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
    throw new RadcredError(
      'HOME_NOT_DIRECTORY',
      `the radcred home ${home} cannot be used (${code ?? 'error'})`,
      'give --home a directory (or set RADCRED_HOME)',
    );
  }
  if (!st.isDirectory())
    throw new RadcredError(
      'HOME_NOT_DIRECTORY',
      `the radcred home ${home} is not a directory`,
      'give --home a directory (or set RADCRED_HOME)',
    );
}

/**
 * --passphrase-file NAME=FILE for a NAME this home has no identity of (a typo: tbm for tmb) is
 * said once, when the first passphrase is looked for; that one's NAME may be an identity to create.
 */
function strangerWarning(home: string, files: PassphraseFiles, warn: (text: string) => void): (asked: string) => void {
  let checked = false;
  return (asked) => {
    if (checked || files.byName.size === 0) return;
    checked = true;
    let known: string[];
    try {
      known = identityNames(home);
    } catch {
      return; // an unreadable identities/ is reported by whatever opens an identity
    }
    for (const name of files.byName.keys()) {
      if (name === asked || known.includes(name)) continue;
      const hint = didYouMean(suggest(name, known));
      warn(`--passphrase-file ${name}=...: no identity ${name} in this home${hint ? `; ${hint}` : ''}`);
    }
  };
}

export function makeContext(opts: GlobalOptions, io: CliIo): CliContext {
  if (opts.passphrase !== undefined) {
    // The value is never echoed: it is a secret that is already in the shell history.
    throw new RadcredError(
      'PASSPHRASE_IN_ARGV',
      'radcred takes no --passphrase option: a passphrase on the command line is visible to other users and kept in shell history',
      'use --passphrase-file FILE or set RADCRED_PASSPHRASE (or let radcred prompt on a terminal)',
    );
  }
  // an empty RADCRED_HOME (a variable set to nothing) is unset, not the working directory
  const home = resolve(io.cwd, opts.home ?? (io.env.RADCRED_HOME || undefined) ?? resolve(homedir(), '.radcred'));
  checkHome(home);
  const canPrompt = opts.input !== false && io.stdinIsTTY && io.stderr.isTTY === true;
  const now = opts.now === undefined ? nowSeconds() : parseTime(opts.now, '--now');
  const json = opts.json === true;
  const files = parsePassphraseFiles(opts.passphraseFile);
  const warnings: string[] = [];
  // notes and warnings are free text: each line is fitted to stderr's width as it is written
  const toStderr = (text: string) => io.stderr.write(fitLines(text, outputWidth(io.stderr.columns)) + '\n');
  const warnStrangers = strangerWarning(home, files, (text) => ctx.warn(text));
  const ctx: CliContext = {
    io,
    home,
    json,
    canPrompt,
    now,
    warnings,
    style: json ? styleFor(false, io.env) : styleFor(io.stdout.isTTY, io.env),
    errStyle: styleFor(io.stderr.isTTY && !json, io.env),
    resolvePath: (p) => resolve(io.cwd, p),
    note: (text) => {
      toStderr(text);
    },
    // an error is two lines however long (README, Diagnostics): scripts read it line by line
    error: (text, hint) => {
      io.stderr.write(`${ctx.errStyle.bad('radcred: error:')} ${text}\n${ctx.errStyle.dim('hint:')} ${hint}\n`);
    },
    warn: (text) => {
      if (warnings.includes(text)) return;
      warnings.push(text);
      toStderr(`${ctx.errStyle.warn('radcred: warning:')} ${text}`);
    },
    passphraseSource: (name) => {
      warnStrangers(name);
      return passphraseSource(name, files, io.env);
    },
    unattendedPassphrase(name) {
      const source = ctx.passphraseSource(name);
      return source === undefined
        ? undefined
        : { passphrase: readSource(source, io.env, ctx.resolvePath), from: describeSource(source) };
    },
    async passphrase(name, purpose) {
      const found = ctx.unattendedPassphrase(name);
      if (found !== undefined) return found.passphrase;
      if (!canPrompt) {
        throw new RadcredError(
          'PASSPHRASE_REQUIRED',
          `a passphrase is needed to unlock ${name} (${purpose})`,
          `give --passphrase-file ${name}=FILE or set ${passphraseVariable(name)}; no prompt without a terminal or with --no-input`,
        );
      }
      const { promptPassword } = await import('./prompts.js');
      const pass = await promptPassword(ctx, `Passphrase for ${name} (${purpose})`);
      if (pass.length === 0)
        throw new RadcredError('PASSPHRASE_EMPTY', 'the passphrase is empty', `type the passphrase of ${name}`);
      return pass;
    },
  };
  return ctx;
}
