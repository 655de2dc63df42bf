// `radcred demo`: the whole credential story on the fixtures.
import { type Command } from 'commander';
import { pathOption } from '../options.js';
import { type Action } from './shared.js';

export function registerDemo(program: Command, action: Action): void {
  program
    .command('demo')
    .description('the whole credential story on the fixtures, in a temporary directory')
    .addOption(
      pathOption('--dir <dir>', 'work here (a new or empty directory) instead of a new temporary directory', 'dir-out'),
    )
    .action(action(async () => (await import('../commands/demo.js')).demo));
}
