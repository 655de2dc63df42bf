// Commander's parse errors in radcred's style: a declared code, a message that names the command,
// and a hint that says what to type instead (a "did you mean" from src/util/suggest.ts where one
// is near, else the usage line or the help to read). Commander's own suggestions are turned off
// (program.ts), so no "(Did you mean ...)" reaches the user.
import { Command, CommanderError, type Option } from 'commander';
import { RadcredError, type ErrorCode } from '../errors.js';
import { didYouMean, suggest } from '../util/suggest.js';

const COMMANDER_CODES: Record<string, ErrorCode> = {
  'commander.unknownCommand': 'UNKNOWN_COMMAND',
  'commander.unknownOption': 'UNKNOWN_OPTION',
  'commander.optionMissingArgument': 'OPTION_VALUE_MISSING',
  'commander.missingMandatoryOptionValue': 'OPTION_REQUIRED',
  'commander.invalidArgument': 'OPTION_INVALID',
  'commander.conflictingOption': 'OPTION_CONFLICT',
  'commander.missingArgument': 'ARGUMENT_MISSING',
  'commander.excessArguments': 'ARGUMENT_EXTRA',
};

const findCommand = (cmd: Command, word: string): Command | undefined =>
  cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));

/**
 * The deepest command the words of argv name (`--home h ledger pull ...` -> the pull command);
 * option values in between (`h`) are skipped, as no command is called by such a name.
 */
export function commandNamed(program: Command, argv: readonly string[]): Command {
  let cmd = program;
  for (const word of argv) cmd = findCommand(cmd, word) ?? cmd;
  return cmd;
}

/** `radcred ledger pull`: the command as typed. */
export function pathOf(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

const helpOf = (cmd: Command) => `\`${pathOf(cmd)} --help\``;
const usageOf = (cmd: Command) => `usage: ${pathOf(cmd)} ${cmd.usage()}`;
const visibleCommands = (cmd: Command) =>
  cmd
    .createHelp()
    .visibleCommands(cmd)
    .filter((c) => c.name() !== 'help');

/** An option of `cmd` or of a command above it (global options are the program's), by a flag. */
function optionOf(cmd: Command, flag: string): Option | undefined {
  for (let c: Command | null = cmd; c; c = c.parent) {
    const option = c.options.find((o) => o.long === flag || o.short === flag);
    if (option !== undefined) return option;
  }
  return undefined;
}

export function unknownCommand(parent: Command, word: string): RadcredError {
  const names = visibleCommands(parent).flatMap((c) => [c.name(), ...c.aliases()]);
  const meant = didYouMean(suggest(word, names));
  return new RadcredError(
    'UNKNOWN_COMMAND',
    `${pathOf(parent)} has no command '${word}'`,
    `${meant !== undefined ? `${meant} ` : ''}${helpOf(parent)} lists its commands`,
  );
}

/**
 * The command word of argv that names no command, where a command was expected (`radcred verfy`,
 * `radcred wallet lst --help`, `radcred help verfy`); undefined when there is none, or argv holds
 * something commander reports better (an unknown option).
 */
export function unknownCommandIn(program: Command, argv: readonly string[]): RadcredError | undefined {
  let cmd = program;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') return undefined;
    if (word.startsWith('-') && word.length > 1) {
      const option = optionOf(cmd, word.split('=')[0]!);
      if (option === undefined) return undefined;
      const next = argv[i + 1];
      const takesNext =
        !word.includes('=') && (option.required || (option.optional && next !== undefined && !next.startsWith('-')));
      if (takesNext) i++;
      continue;
    }
    // a command of its own, or a group that also takes arguments: the rest is its to judge
    if (cmd.commands.length === 0 || cmd.registeredArguments.length > 0) return undefined;
    const sub = findCommand(cmd, word);
    if (sub !== undefined) {
      cmd = sub;
      continue;
    }
    // commander's own `help [command...]`, which it keeps out of the list of commands: the words
    // after it name commands as they would without it (`help wallet lst`)
    if (word !== 'help') return unknownCommand(cmd, word);
  }
  return undefined;
}

/** A flag as shown: never the value given with `=` (it might be a secret typed into the wrong option). */
const flagShown = (flag: string) => (flag.includes('=') ? `${flag.slice(0, flag.indexOf('='))}=…` : flag);

function unknownOption(cmd: Command, flag: string): RadcredError {
  const name = flag.split('=')[0]!;
  const flags: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent)
    flags.push(
      ...c
        .createHelp()
        .visibleOptions(c)
        .flatMap((o) => (o.long ? [o.long] : [])),
    );
  const meant = name.startsWith('--') ? didYouMean(suggest(name, flags)) : undefined;
  return new RadcredError(
    'UNKNOWN_OPTION',
    `${pathOf(cmd)} has no option '${flagShown(flag)}'`,
    `${meant !== undefined ? `${meant} ` : ''}${helpOf(cmd)} lists its options`,
  );
}

function invalidChoice(cmd: Command, message: string): RadcredError | undefined {
  const m = /^option '([^']+)' argument '(.*)' is invalid\. Allowed choices are (.*)\.$/.exec(message);
  const flags = m?.[1];
  const option =
    flags !== undefined
      ? (cmd.options.find((o) => o.flags === flags) ?? optionOf(cmd, flags.split(/[ ,]/)[0]!))
      : undefined;
  if (m === null || option === undefined || option.argChoices === undefined) return undefined;
  const choices = option.argChoices;
  const meant = didYouMean(suggest(m[2]!, choices, { ignoreCase: true }));
  const listed = `${choices.slice(0, -1).join(', ')} or ${choices[choices.length - 1]}`;
  return new RadcredError(
    'OPTION_INVALID',
    `${option.long ?? flags} takes ${listed}, not '${m[2]}'`,
    `${meant ?? `give one of ${choices.join(', ')};`} ${helpOf(cmd)} says what each means`,
  );
}

/** A CommanderError as a RadcredError, for the command argv names. */
export function fromCommander(e: CommanderError, program: Command, argv: readonly string[]): RadcredError {
  const message = e.message.split('\n')[0]!.replace(/^error: /, '');
  const cmd = commandNamed(program, argv);
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  const code = COMMANDER_CODES[e.code] ?? 'USAGE';
  const help = helpOf(cmd);
  switch (code) {
    case 'UNKNOWN_COMMAND':
      return unknownCommand(cmd, quoted);
    case 'UNKNOWN_OPTION':
      return unknownOption(cmd, quoted);
    case 'OPTION_VALUE_MISSING':
      return new RadcredError(
        code,
        `option ${quoted.split(' ')[0]} needs a value: ${quoted}`,
        `write ${quoted}; ${help} says what it takes`,
      );
    case 'OPTION_REQUIRED':
      return new RadcredError(code, `${pathOf(cmd)} needs ${quoted}`, `add ${quoted}; ${help} lists its options`);
    case 'OPTION_INVALID':
      return invalidChoice(cmd, message) ?? new RadcredError(code, message, `${help} lists the choices`);
    case 'OPTION_CONFLICT':
      return new RadcredError(code, message, `give one of them, not both; ${help} says what each does`);
    case 'ARGUMENT_MISSING':
      return new RadcredError(
        code,
        `${pathOf(cmd)} needs its argument <${quoted}>`,
        `${usageOf(cmd)}; ${help} says more`,
      );
    case 'ARGUMENT_EXTRA': {
      const [expected, got] = (/Expected (\d+) arguments? but got (\d+)/.exec(message) ?? []).slice(1);
      const takes =
        expected === '0' ? 'takes no arguments' : `takes ${expected} argument${expected === '1' ? '' : 's'}`;
      return new RadcredError(
        code,
        `${pathOf(cmd)} ${takes}, but got ${got ?? 'more'}`,
        `${usageOf(cmd)}; quote a value that has spaces`,
      );
    }
    default:
      return new RadcredError(code, message, `${help} shows the commands, options and arguments`);
  }
}

/** A group named without one of its commands (`radcred wallet`, or `radcred` alone). */
export function commandMissing(program: Command, argv: readonly string[]): RadcredError {
  const group = commandNamed(program, argv);
  const names = visibleCommands(group).map((c) => c.name());
  const list = names.length <= 8 ? `: ${names.join(', ')}` : '';
  return new RadcredError(
    'ARGUMENT_MISSING',
    `${pathOf(group)} needs a command${list}`,
    `${helpOf(group)} says what each does`,
  );
}
