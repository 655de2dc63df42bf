// The command-line entry: runs one command line from the command table (program.ts), renders the
// result as text or JSON, and turns every error into one diagnostic style (`radcred: error: ...`,
// then `hint: ...`) and one exit status from one table (exit.ts).
import type { EventEmitter } from 'node:events';
import { Command, CommanderError } from 'commander';
import { hintOf } from '../codes.js';
import { RadcredError } from '../errors.js';
import { makeContext, type CliContext, type GlobalOptions } from './context.js';
import { EXIT, EXIT_FOR_KIND } from './exit.js';
import { fromSystemError } from './fs-errors.js';
import { processIo, type CliIo } from './io.js';
import { buildProgram } from './program.js';
import type { CommandResult } from './result.js';
import { fitLines, outputWidth } from './render/text.js';
import { styleFor } from './style.js';
import { commandMissing, fromCommander, unknownCommandIn } from './usage-errors.js';

export { VERSION, helpWidth } from './program.js';
import { VERSION } from './program.js';

type Handler = (ctx: CliContext, args: string[], opts: Record<string, unknown>) => Promise<CommandResult>;

async function execute(io: CliIo, opts: GlobalOptions, load: () => Promise<unknown>, args: string[]): Promise<number> {
  const ctx = makeContext(opts, io);
  const handler = (await load()) as Handler;
  const result = await handler(ctx, args, opts as Record<string, unknown>);
  if (ctx.json) io.stdout.write(JSON.stringify(result.data, null, 2) + '\n');
  else {
    if (result.raw !== undefined) io.stdout.write(result.raw);
    const text = fitLines(result.human(ctx.style), outputWidth(io.stdout.columns));
    if (text.length > 0) io.stdout.write(text.endsWith('\n') ? text : text + '\n');
  }
  return result.exitCode ?? EXIT.ok;
}

/** The --json form of an error: one document on stdout, as every other --json output. */
const jsonError = (error: { code: string; message: string; hint: string; details?: unknown }) =>
  JSON.stringify(
    {
      error: {
        code: error.code,
        message: error.message,
        hint: error.hint,
        ...(error.details !== undefined ? { details: error.details } : {}),
      },
    },
    null,
    2,
  ) + '\n';

function reportError(io: CliIo, e: unknown, json: boolean): number {
  const style = styleFor(io.stderr.isTTY && !json, io.env); // --json: no colour anywhere
  const known = e instanceof RadcredError ? e : fromSystemError(e);
  if (known) {
    io.stderr.write(`${style.bad('radcred: error:')} ${known.message}\n`);
    io.stderr.write(`${style.dim('hint:')} ${known.hint}\n`);
    if (json) io.stdout.write(jsonError(known));
    return EXIT_FOR_KIND[known.kind];
  }
  // A bug, not the user's fault: the same two lines, no stack unless asked for.
  const message = `internal error: ${e instanceof Error ? e.message : String(e)}`;
  const hint = hintOf('INTERNAL');
  io.stderr.write(`${style.bad('radcred: error:')} ${message}\n`);
  io.stderr.write(`${style.dim('hint:')} ${hint}\n`);
  if (io.env.RADCRED_DEBUG && e instanceof Error && e.stack) io.stderr.write(e.stack + '\n');
  if (json) io.stdout.write(jsonError({ code: 'INTERNAL', message, hint }));
  return EXIT.internal;
}

/** Runs one command line; returns the exit status (only bin/radcred calls process.exit). */
export async function run(argv: string[], io: CliIo = processIo()): Promise<number> {
  const json = argv.includes('--json');
  let code: number = EXIT.ok;
  const action = (load: () => Promise<unknown>) =>
    async function (this: Command, ...raw: unknown[]) {
      const cmd = raw[raw.length - 1] as Command;
      const opts = cmd.optsWithGlobals() as Record<string, unknown> & GlobalOptions;
      const args = raw
        .slice(0, -2)
        .flatMap((a) => (Array.isArray(a) ? a.map(String) : a === undefined ? [] : [String(a)]));
      code = await execute(io, opts, load, args);
    };
  // With --json, help is one JSON document too ({"help": TEXT}) and the version {"version": V}:
  // commander's text is caught here instead of going to stdout as it is.
  let help = '';
  const programIo = json ? { ...io, stdout: { ...io.stdout, write: (t: string) => (help += t) } } : io;
  const program = buildProgram(programIo, action);
  if (json)
    // commander's own listener prints the bare version; this one runs first (Command is an EventEmitter)
    (program as unknown as EventEmitter).prependListener('option:version', () => {
      io.stdout.write(JSON.stringify({ version: VERSION }, null, 2) + '\n');
      throw new CommanderError(0, 'commander.version', VERSION);
    });
  try {
    // before commander sees it: `radcred verfy --help` or `radcred help verfy` would print help, exit 0
    const unknown = unknownCommandIn(program, argv);
    if (unknown !== undefined) throw unknown;
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0) {
        if (json && help.length > 0) io.stdout.write(JSON.stringify({ help }, null, 2) + '\n');
        return EXIT.ok;
      }
      // a command group without its subcommand: commander printed the group's help on stderr
      if (e.code === 'commander.help') return reportError(io, commandMissing(program, argv), json);
      return reportError(io, fromCommander(e, program, argv), json);
    }
    return reportError(io, e, json);
  }
}
