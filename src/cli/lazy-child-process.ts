// commander requires node:child_process at start-up, which loads net, dgram and the stream
// machinery, only to run executable subcommands — radcred has none. The bundle gives commander this
// module instead (package.json "bundle": --alias), so every command starts without it; the real
// module is still loaded if spawn is ever called.
import { createRequire } from 'node:module';

// createRequire, not an import: an import would be bundled back into this alias
const nodeRequire = createRequire(import.meta.url);

export const spawn: typeof import('node:child_process').spawn = ((...args: unknown[]) =>
  (nodeRequire('node:child_process') as { spawn: (...a: unknown[]) => unknown }).spawn(
    ...args,
  )) as typeof import('node:child_process').spawn;
