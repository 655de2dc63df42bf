// What a CLI run talks to. The real process in production; buffers in in-process tests.
import { isatty } from 'node:tty';

export interface Out {
  write(text: string): unknown;
  isTTY?: boolean;
  /** terminal width, when it is a terminal */
  columns?: number;
}

export interface CliIo {
  stdout: Out;
  stderr: Out;
  stdinIsTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
}

let pipeGuarded = false;

/** A reader that goes away (`radcred ... | head`) ends the output quietly, as in other CLIs. */
function guardBrokenPipes(): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
}

export const processIo = (): CliIo => (
  guardBrokenPipes(),
  {
    stdout: process.stdout,
    stderr: process.stderr,
    // isatty, not process.stdin.isTTY: creating the stdin stream loads fs/promises and readline
    stdinIsTTY: isatty(0),
    env: process.env,
    cwd: process.cwd(),
  }
);

/** An io that collects what a run prints (no terminal): for in-process runs (the demo, tests). */
export function bufferedIo(
  env: Record<string, string | undefined>,
  cwd: string,
  columns?: number,
): { io: CliIo; stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: { write: (t: string) => (out += t), ...(columns !== undefined ? { columns } : {}) },
    stderr: { write: (t: string) => (err += t), ...(columns !== undefined ? { columns } : {}) },
    stdinIsTTY: false,
    env,
    cwd,
  };
  return { io, stdout: () => out, stderr: () => err };
}
