// An --out file of a command: checked before anything is signed or committed (util/output.ts),
// resolved against the working directory.
import { Output } from '../util/output.js';
import type { CliContext } from './context.js';

export function outFile(
  ctx: CliContext,
  path: string,
  options: { flag?: string; force?: boolean; existsHint?: string; mode?: number; example?: string } = {},
): Output {
  return new Output(ctx.resolvePath(path), {
    flag: options.flag ?? '--out',
    force: options.force === true,
    ...(options.existsHint !== undefined ? { existsHint: options.existsHint } : {}),
    ...(options.mode !== undefined ? { mode: options.mode } : {}),
    ...(options.example !== undefined ? { example: options.example } : {}),
  });
}
