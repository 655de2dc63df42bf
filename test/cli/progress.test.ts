// The progress bar appears only on a terminal's stderr, for long work, and never with --json.
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/context.js';
import { progressBar } from '../../src/cli/progress.js';

function ctxWith(isTTY: boolean, json = false): { ctx: CliContext; written: () => string } {
  let out = '';
  const stderr = {
    isTTY,
    columns: 80,
    write: (t: string) => ((out += t), true),
    on: () => stderr,
    once: () => stderr,
    removeListener: () => stderr,
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
  };
  return { ctx: { json, io: { stderr } } as unknown as CliContext, written: () => out };
}

describe('progressBar', () => {
  it('draws on a terminal for 100 items or more (cli-progress loads on demand)', async () => {
    const { ctx, written } = ctxWith(true);
    const bar = await progressBar(ctx, 'issuing', 200);
    bar.update(100);
    bar.stop();
    expect(written()).toMatch(/issuing/);
  });

  it('stays silent on a pipe, with --json, and for short work', async () => {
    for (const [tty, json, total] of [
      [false, false, 1000],
      [true, true, 1000],
      [true, false, 10],
    ] as const) {
      const { ctx, written } = ctxWith(tty, json);
      const bar = await progressBar(ctx, 'issuing', total);
      bar.update(total);
      bar.stop();
      expect(written()).toBe('');
    }
  });
});
