// Checks of the paths a command line names, made once for every command from the kinds the command
// table declares (options.ts), before the command runs: so that no command forgets one.
// - An empty path (`--home "$UNSET"`, `--out ''`) names the working directory by accident: refused.
// - `-` for an output file would create a file named `-`: refused (radcred writes files there; a
//   command that prints does so when --out is left out).
// - An output file that is one of the command's own inputs, or lies inside an input directory,
//   would be replaced by --force, or would litter a ledger copy: refused (OUT_SAME_FILE).
import { existsSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { Argument, Command, Option } from 'commander';
import { RadcredError } from '../errors.js';
import { realOrResolved } from '../util/output.js';
import { pathKindOf, type PathKind } from './options.js';

interface NamedPath {
  /** how the user wrote it: `--out` or `FILE` */
  label: string;
  kind: PathKind;
  value: string;
}

const values = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

/** The path-valued options and arguments given on this command line (with the global ones). */
function namedPaths(cmd: Command): NamedPath[] {
  const found: NamedPath[] = [];
  for (let c: Command | null = cmd; c !== null; c = c.parent) {
    for (const option of c.options as Option[]) {
      const kind = pathKindOf(option);
      if (kind === undefined) continue;
      for (const value of values(c.getOptionValue(option.attributeName())))
        found.push({ label: option.long ?? option.flags, kind, value });
    }
  }
  (cmd.registeredArguments as Argument[]).forEach((arg, i) => {
    const kind = pathKindOf(arg);
    if (kind !== undefined)
      for (const value of values(cmd.processedArgs[i])) found.push({ label: arg.name().toUpperCase(), kind, value });
  });
  return found;
}

/** `--passphrase-file NAME=FILE` names FILE; the rest of a NAME=FILE value is not a path. */
const pathPart = (p: NamedPath) =>
  p.label === '--passphrase-file' ? p.value.replace(/^[A-Za-z0-9_-]+=/, '') : p.value;

const isDirectory = (path: string) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

export function checkPathValues(cmd: Command, cwd: string): void {
  const paths = namedPaths(cmd);
  for (const p of paths) {
    if (pathPart(p).length === 0) {
      throw new RadcredError(
        p.label.startsWith('-') ? 'OPTION_VALUE_MISSING' : 'ARGUMENT_MISSING',
        `${p.label} is empty`,
        `give ${p.label} a path (an unset shell variable gives an empty one)`,
      );
    }
    if (p.kind === 'out' && p.value === '-') {
      throw new RadcredError(
        'OUT_STDOUT',
        `${p.label} - would write a file named "-"`,
        `give ${p.label} a file name${p.label === '--out' ? '; a command that prints its result does so without --out' : ''}`,
      );
    }
  }
  const inputs = paths.filter(
    (p) => p.kind === 'in' || p.kind === 'dir' || (p.kind === 'text-or-file' && existsSync(resolve(cwd, pathPart(p)))),
  );
  for (const out of paths.filter((p) => p.kind === 'out')) {
    const target = realOrResolved(resolve(cwd, out.value));
    for (const input of inputs) {
      const source = realOrResolved(resolve(cwd, pathPart(input)));
      const inside = isDirectory(source) && target.startsWith(source + sep);
      if (target === source || inside) {
        throw new RadcredError(
          'OUT_SAME_FILE',
          `${out.label} ${out.value} would ${inside ? 'write inside' : 'replace'} ${input.label} ${pathPart(input)}`,
          `write ${out.label} somewhere else: --force replaces a file you meant to replace, never one the command reads`,
        );
      }
    }
  }
}
