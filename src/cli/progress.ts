// Progress on long work: a bar (cli-progress) on a terminal's stderr; nothing on pipes, in CI or
// with --json, and nothing for short work.
import { createRequire } from 'node:module';
import type { CliContext } from './context.js';

export interface Progress {
  update(done: number): void;
  /** ends the bar; a second call does nothing */
  stop(): void;
}

const silent: Progress = { update: () => undefined, stop: () => undefined };

export async function progressBar(ctx: CliContext, label: string, total: number): Promise<Progress> {
  if (ctx.io.stderr.isTTY !== true || ctx.json || total < 100) return silent;
  // require, not import(): cli-progress is CommonJS, and a dynamic import() inside the code-cached
  // bundle would need Node's experimental vm loader (see bin/radcred)
  const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} {percentage}% ETA {eta}s`,
      stream: ctx.io.stderr as NodeJS.WritableStream,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  let stopped = false;
  return {
    update: (done) => bar.update(done),
    stop: () => {
      if (!stopped) bar.stop(); // once: a second stop would print the bar again
      stopped = true;
    },
  };
}
