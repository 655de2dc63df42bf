// Writing an --out file: atomic, and never replacing an existing file unless --force.
import { RadcredError } from '../errors.js';
import { writeFileAtomic } from '../util/files.js';
import type { CliContext } from './context.js';

export function writeOutFile(ctx: CliContext, path: string, text: string, force: boolean): string {
  const abs = ctx.resolvePath(path);
  try {
    writeFileAtomic(abs, text, { exclusive: !force });
  } catch (e) {
    if (e instanceof RadcredError && e.code === 'FILE_EXISTS') {
      throw new RadcredError('OUT_EXISTS', `${path} already exists`, 'choose another --out, or add --force to replace it');
    }
    throw e;
  }
  return abs;
}
