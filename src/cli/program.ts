// The command table: every command, its options and arguments, which paths they take, which
// flags exclude each other. Each command's code is loaded only when it runs, so --help stays fast.
import { Command, Option } from 'commander';
import { registerDemo } from './groups/demo.js';
import { registerId } from './groups/id.js';
import { registerIssue, registerIssued } from './groups/issue.js';
import { registerLedger } from './groups/ledger.js';
import { registerDisclosures, registerPresent } from './groups/present.js';
import { registerRecord } from './groups/record.js';
import { registerRequest } from './groups/request.js';
import type { Action } from './groups/shared.js';
import { registerStatus } from './groups/status.js';
import { registerTrust } from './groups/trust.js';
import { registerTypes } from './groups/types.js';
import { registerVerify } from './groups/verify.js';
import { registerWallet } from './groups/wallet.js';
import type { CliIo } from './io.js';
import { collect, pathOption, refuseRepeatedOptions } from './options.js';
import { checkPathValues } from './path-values.js';

export { VERSION } from '../version.js';
import { VERSION } from '../version.js';

export type { Action } from './groups/shared.js';

/** The width commander wraps help to: the terminal's, else the snapshot's 80 columns. */
export const helpWidth = (out: CliIo['stdout']): number => (out.isTTY && out.columns ? out.columns : 80);

/** The command groups, in the order --help lists them; each declares its own commands. */
const GROUPS = [
  registerId,
  registerTypes,
  registerIssue,
  registerIssued,
  registerStatus,
  registerWallet,
  registerRequest,
  registerPresent,
  registerDisclosures,
  registerVerify,
  registerRecord,
  registerTrust,
  registerLedger,
  registerDemo,
];

export function buildProgram(io: CliIo, action: Action): Command {
  const program = new Command('radcred');
  program
    .description('Radiologist credentials as W3C Verifiable Credentials, verified offline')
    .version(VERSION, '-V, --version')
    .addOption(pathOption('--home <dir>', 'radcred home (default $RADCRED_HOME, else ~/.radcred)', 'dir-out'))
    .option('--json', 'print one JSON document on stdout, nothing else')
    .option('--no-input', 'never prompt; fail with a hint instead')
    .addOption(
      pathOption(
        '--passphrase-file <file>',
        'read keystore passphrases from FILE; NAME=FILE for identity NAME only (repeatable); else $RADCRED_PASSPHRASE_NAME, $RADCRED_PASSPHRASE, a prompt',
        'in',
      ).argParser(collect),
    )
    .option('--now <time>', 'the clock for issuing and verifying (ISO 8601 or unix seconds)')
    // Hidden, and only so that a passphrase given in argv is refused with a hint (PASSPHRASE_IN_ARGV)
    // instead of being echoed back in commander's "unknown option '--passphrase=...'".
    .addOption(new Option('--passphrase <value>').hideHelp())
    .exitOverride()
    // main.ts suggests with radcred's own rule (src/util/suggest.ts), in its hint line
    .showSuggestionAfterError(false)
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // Help is wrapped to the terminal, else to 80 columns; bin/radcred serves the 80-column
      // top-level help from a build-time snapshot (dist/bundle/start.json), so both must agree.
      getOutHelpWidth: () => helpWidth(io.stdout),
      getErrHelpWidth: () => helpWidth(io.stderr),
      // main.ts reports commander's errors itself, in radcred's style (`error:` then `hint:`)
      outputError: () => undefined,
    });
  for (const register of GROUPS) register(program, action);
  // every path on the command line, checked once for every command (path-values.ts)
  program.hook('preAction', (_root, command) => checkPathValues(command, io.cwd));
  refuseRepeatedOptions(program);
  return program;
}
