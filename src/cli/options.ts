// How options and arguments are declared: what a path argument must be (so a misuse test can
// drive every one of them, test/cli/misuse.test.ts), which flags exclude each other (commander's
// own `conflicts`, so the table is the one commander enforces), and which may be given only once.
import { Argument, Command, Option } from 'commander';
import { RadcredError } from '../errors.js';

/**
 * What a path names: a file read (`in`), a file written (`out`), a directory read (`dir`), a
 * directory created or written into (`dir-out`), or text that may also be a file (`text-or-file`:
 * a vkey, a CME preset, a CREDENTIAL reference).
 */
export type PathKind = 'in' | 'out' | 'dir' | 'dir-out' | 'text-or-file';

const pathKinds = new WeakMap<Option | Argument, PathKind>();

/** The path kind of an option or argument, if it takes a path. */
export const pathKindOf = (o: Option | Argument): PathKind | undefined => pathKinds.get(o);

/** An option whose value is a path of `kind`. */
export function pathOption(flags: string, description: string, kind: PathKind): Option {
  const option = new Option(flags, description);
  pathKinds.set(option, kind);
  return option;
}

/** Marks the command's arguments (in order) as paths of these kinds (undefined: not a path). */
export function pathArguments(cmd: Command, ...kinds: (PathKind | undefined)[]): Command {
  kinds.forEach((kind, i) => {
    const arg = cmd.registeredArguments[i];
    if (arg === undefined) throw new Error(`${cmd.name()} has no argument ${i + 1}`);
    if (kind !== undefined) pathKinds.set(arg, kind);
  });
  return cmd;
}

/**
 * `--no-NAME` as a flag of its own. Commander stores `--no-ledger` under the same key as
 * `--ledger DIR`, so `--ledger DIR --no-ledger` silently dropped the ledger and `--no-ledger
 * --ledger DIR` crashed the collector; as its own key (`noLedger`) the two can be declared to
 * conflict, in either order.
 */
export function negationFlag(flags: string, description: string): Option {
  const option = new Option(flags, description);
  option.negate = false;
  return option;
}

/** Repeated values for an option that collects them (`--ledger A --ledger B`). */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Options that take many values on purpose: variadic ones and collectors. */
const repeatable = (o: Option) => o.variadic || o.parseArg === (collect as unknown);

/**
 * Refuses an option that takes one value given twice (`--trust A --trust B`): commander keeps the
 * last silently, and a script that builds a command line from parts would lose a setting without
 * a word. Listens on every command of the tree.
 */
export function refuseRepeatedOptions(root: Command): void {
  const visit = (cmd: Command) => {
    for (const option of cmd.options) {
      if (option.isBoolean() || option.negate || repeatable(option)) continue;
      let seen = 0;
      cmd.on(`option:${option.name()}`, () => {
        if (++seen > 1) {
          throw new RadcredError(
            'OPTION_REPEATED',
            `option '${option.long ?? option.flags}' was given more than once`,
            'give it once; a second value would replace the first without a word',
          );
        }
      });
    }
    cmd.commands.forEach(visit);
  };
  visit(root);
}
