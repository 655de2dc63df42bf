// What a CLI run talks to. The real process in production; buffers in in-process tests.

export interface Out {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  stdout: Out;
  stderr: Out;
  stdinIsTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
}

export const processIo = (): CliIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  stdinIsTTY: process.stdin.isTTY === true,
  env: process.env,
  cwd: process.cwd(),
});
