// The command-line entry: runs one command line from the command table (program.ts), renders the
// result as text or JSON, and turns every error into one diagnostic style (`radcred: error: ...`,
// then `hint: ...`) and one exit status from one table (exit.ts).
import { Command, CommanderError } from 'commander';
import { RadcredError, type ErrorCode } from '../errors.js';
import { makeContext, type CliContext, type GlobalOptions } from './context.js';
import { EXIT, EXIT_FOR_KIND } from './exit.js';
import { fromSystemError } from './fs-errors.js';
import { processIo, type CliIo } from './io.js';
import { buildProgram } from './program.js';
import type { CommandResult } from './result.js';
import { styleFor } from './style.js';

export { VERSION, helpWidth } from './program.js';

type Handler = (ctx: CliContext, args: string[], opts: Record<string, unknown>) => Promise<CommandResult>;

async function execute(io: CliIo, opts: GlobalOptions, load: () => Promise<unknown>, args: string[]): Promise<number> {
  const ctx = makeContext(opts, io);
  const handler = (await load()) as Handler;
  const result = await handler(ctx, args, opts as Record<string, unknown>);
  if (ctx.json) io.stdout.write(JSON.stringify(result.data, null, 2) + '\n');
  else {
    if (result.raw !== undefined) io.stdout.write(result.raw);
    const text = result.human(ctx.style);
    if (text.length > 0) io.stdout.write(text.endsWith('\n') ? text : text + '\n');
  }
  return result.exitCode ?? EXIT.ok;
}

function reportError(io: CliIo, e: unknown, json: boolean): number {
  const style = styleFor(io.stderr.isTTY, io.env);
  const known = e instanceof RadcredError ? e : fromSystemError(e);
  if (known) {
    io.stderr.write(`${style.bad('radcred: error:')} ${known.message}\n`);
    if (known.hint) io.stderr.write(`${style.dim('hint:')} ${known.hint}\n`);
    if (json) io.stdout.write(JSON.stringify({ error: { code: known.code, message: known.message, ...(known.hint ? { hint: known.hint } : {}), ...(known.details !== undefined ? { details: known.details } : {}) } }, null, 2) + '\n');
    return EXIT_FOR_KIND[known.kind];
  }
  // A bug, not the user's fault: one line, no stack unless asked for.
  const message = e instanceof Error ? e.message : String(e);
  const hint = 'this is a bug in radcred; rerun with RADCRED_DEBUG=1 for details';
  io.stderr.write(`${style.bad('radcred: internal error:')} ${message}\n`);
  io.stderr.write(`${style.dim('hint:')} ${hint}\n`);
  if (io.env.RADCRED_DEBUG && e instanceof Error && e.stack) io.stderr.write(e.stack + '\n');
  if (json) io.stdout.write(JSON.stringify({ error: { code: 'INTERNAL', message, hint } }) + '\n');
  return EXIT.internal;
}

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

/**
 * The deepest command the words of argv name (`--home h ledger pull ...` -> the pull command);
 * option values in between (`h`) are skipped, as no command is called by such a name.
 */
function commandNamed(program: Command, argv: string[]): Command {
  let cmd = program;
  for (const word of argv) {
    const sub = cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (sub !== undefined) cmd = sub;
  }
  return cmd;
}

/** Commander's parse errors in radcred's style: a declared code, the message, and a hint. */
function fromCommander(e: CommanderError, program: Command, argv: string[]): RadcredError {
  const [first, ...rest] = e.message.split('\n');
  const message = first!.replace(/^error: /, '');
  const cmd = commandNamed(program, argv);
  const path = [];
  for (let c: Command | null = cmd; c && c !== program; c = c.parent) path.unshift(c.name());
  const help = `\`radcred ${[...path, '--help'].join(' ')}\``;
  // commander appends its suggestion as "(Did you mean verify?)"
  const suggestion = /\(Did you mean (.+)\?\)/.exec(rest.join(' '))?.[1];
  const code = COMMANDER_CODES[e.code] ?? 'USAGE';
  const hint = suggestion !== undefined ? `did you mean ${suggestion}? ${help} lists what it takes`
    : code === 'OPTION_CONFLICT' ? `give one of them, not both; ${help} says what each does`
    : `${help} shows the commands, options and arguments`;
  return new RadcredError(code, message, hint);
}

/** Runs one command line; returns the exit status (only bin/radcred calls process.exit). */
export async function run(argv: string[], io: CliIo = processIo()): Promise<number> {
  const json = argv.includes('--json');
  let code: number = EXIT.ok;
  const action = (load: () => Promise<unknown>) =>
    async function (this: Command, ...raw: unknown[]) {
      const cmd = raw[raw.length - 1] as Command;
      const opts = cmd.optsWithGlobals() as Record<string, unknown> & GlobalOptions;
      const args = raw.slice(0, -2).flatMap((a) => (Array.isArray(a) ? a.map(String) : a === undefined ? [] : [String(a)]));
      code = await execute(io, opts, load, args);
    };
  const program = buildProgram(io, action);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0) return EXIT.ok;
      if (e.code === 'commander.help') {
        // a command group without its subcommand: commander printed the group's help on stderr
        const group = commandNamed(program, argv);
        return reportError(io, new RadcredError('ARGUMENT_MISSING', `${group === program ? 'radcred' : `radcred ${group.name()}`} needs a command`, 'pick one of the commands listed above'), json);
      }
      return reportError(io, fromCommander(e, program, argv), json);
    }
    return reportError(io, e, json);
  }
}

