// `radcred request create|show`: a credentialing office's signed request.
import { type Command } from 'commander';
import { collect, pathArguments, pathOption } from '../options.js';
import { out, force, type Action } from './shared.js';

export function registerRequest(program: Command, action: Action): void {
  const request = program.command('request').description("a credentialing office's signed request");
  request
    .command('create')
    .description('write a signed request: who asks, a fresh challenge, what is required')
    .requiredOption('--verifier <name>', 'the office identity that signs the request')
    .option('--require <type...>', 'credential types the presentation must include')
    .option(
      '--allow-unknown-type',
      'accept a --require type radcred does not know even when it looks like a typo of one it does',
    )
    .addOption(
      pathOption('--policy <file>', "the office's bylaws: a policy file (version 1); the flags add to it", 'in'),
    )
    .addOption(
      pathOption(
        '--cme <preset|file>',
        'CME rule: abr, tx, ca, pa, mqsa, or a rule file (repeatable: every rule must be met)',
        'text-or-file',
      ).argParser(collect),
    )
    .option('--valid-for <duration>', 'how long the holder may answer (default 30d; units s, min, h, d, w, mo, y)')
    .option('--appointment-from <time>', 'start of the appointment period')
    .option('--appointment-until <time>', 'end of the appointment period (credentials lapsing before it are flagged)')
    .addOption(out('write the request JWT here').makeOptionMandatory())
    .addOption(force())
    .action(action(async () => (await import('../commands/request.js')).create));
  pathArguments(
    request.command('show <file>').description('check a request and show who is asking for what'),
    'in',
  ).action(action(async () => (await import('../commands/request.js')).show));
}
