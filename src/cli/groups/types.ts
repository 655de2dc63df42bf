// `radcred types [show TYPE]`: the built-in credential types.
import { type Command } from 'commander';
import { type Action } from './shared.js';

export function registerTypes(program: Command, action: Action): void {
  const types = program
    .command('types')
    .description('built-in credential types')
    .action(action(async () => (await import('../commands/types.js')).list));
  types
    .command('show <type>')
    .description("print a type's subject JSON Schema and an example")
    .action(action(async () => (await import('../commands/types.js')).show));
}
