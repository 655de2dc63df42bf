// A real terminal for tests: bin/radcred in a detached tmux session of its own (a private socket
// and config, an environment given whole), driven by keys and read back from the pane. The pane
// is captured with its escapes (`capture-pane -e`), so a test can assert that no colour was drawn.
// Every wait polls with a deadline; nothing sleeps a fixed time. Without tmux this throws: a
// terminal test must fail, not skip (CI installs tmux).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BIN, onPath, ROOT } from './helpers.js';

const run = promisify(execFile);

/** An SGR sequence (colour, bold, ...), as capture-pane -e writes attributes. */
// eslint-disable-next-line no-control-regex
export const SGR = /\u001b\[[0-9;:]*m/;
// eslint-disable-next-line no-control-regex
const stripEscapes = (s: string) => s.replace(/\u001b\[[0-9;:?]*[A-Za-z]/g, '');

export interface TerminalOptions {
  /** the whole environment of the command (PATH is added); nothing else is inherited */
  env?: Record<string, string>;
  cwd?: string;
  columns?: number;
  rows?: number;
}

export interface Terminal {
  /** keys by tmux's names: 'Enter', 'Space', 'Down', 'C-c' */
  press(...keys: string[]): Promise<void>;
  /** text typed as it is */
  type(text: string): Promise<void>;
  /** the screen with its escapes */
  screen(): Promise<string>;
  /** waits until the screen's text (escapes removed) matches; returns the screen with its escapes */
  waitFor(expected: string | RegExp | ((text: string) => boolean), timeoutMs?: number): Promise<string>;
  /** waits for the command to end; its exit status */
  exitCode(timeoutMs?: number): Promise<number>;
  close(): Promise<void>;
}

/** Starts `node bin/radcred ARGS` in a new terminal of `columns` x `rows`. */
export async function startTerminal(args: string[], options: TerminalOptions = {}): Promise<Terminal> {
  const tmux = onPath(['tmux'], ['/usr/bin']);
  if (tmux === undefined)
    throw new Error('tmux is not installed: the terminal tests need it (apt-get install tmux; CI installs it)');
  const dir = mkdtempSync(join(tmpdir(), 'rc-tmux-'));
  const conf = join(dir, 'tmux.conf');
  // the pane stays after the command ends, so its last screen and exit status can be read
  writeFileSync(conf, 'set -g remain-on-exit on\nset -g status off\nset -g history-limit 2000\n');
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, TERM: 'xterm-256color', ...options.env };
  const base = ['-S', join(dir, 'socket'), '-f', conf];
  const tmuxCmd = (...rest: string[]) => run(tmux, [...base, ...rest], { env });
  // The exit status goes to a file: tmux 3.3 may mark a pane dead without ever filling in #{pane_dead_status}.
  const statusFile = join(dir, 'status');
  await tmuxCmd(
    'new-session',
    '-d',
    '-s',
    'rc',
    '-x',
    String(options.columns ?? 100),
    '-y',
    String(options.rows ?? 30),
    '-c',
    options.cwd ?? ROOT,
    '/bin/sh',
    '-c',
    `"$0" "$@"; echo $? > ${statusFile}.tmp && mv ${statusFile}.tmp ${statusFile}`,
    process.execPath,
    BIN,
    ...args,
  );

  const screen = async () => (await tmuxCmd('capture-pane', '-p', '-e', '-J', '-t', 'rc')).stdout;
  const status = async () => (existsSync(statusFile) ? Number(readFileSync(statusFile, 'utf8').trim()) : undefined);
  const poll = async <T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await check();
      if (found !== undefined) return found;
      if (Date.now() > deadline) {
        throw new Error(
          `terminal: timed out after ${timeoutMs} ms waiting for ${what}; the screen:\n${stripEscapes(await screen())}`,
        );
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return {
    press: async (...keys) => void (await tmuxCmd('send-keys', '-t', 'rc', ...keys)),
    type: async (text) => void (await tmuxCmd('send-keys', '-t', 'rc', '-l', text)),
    screen,
    waitFor: (expected, timeoutMs = 10_000) => {
      const matches =
        typeof expected === 'function'
          ? expected
          : (t: string) => (typeof expected === 'string' ? t.includes(expected) : expected.test(t));
      return poll(
        String(expected),
        async () => {
          const shown = await screen();
          return matches(stripEscapes(shown)) ? shown : undefined;
        },
        timeoutMs,
      );
    },
    exitCode: (timeoutMs = 10_000) => poll('the command to end', status, timeoutMs),
    close: async () => {
      await tmuxCmd('kill-server').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** How often `text` occurs in `screen`. */
export const occurrences = (screen: string, text: string): number => screen.split(text).length - 1;
