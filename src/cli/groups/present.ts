// `radcred present ...` and `radcred disclosures`: answering a verifier, and the log of it.
import { type Command } from 'commander';
import { pathOption } from '../options.js';
import { out, force, type Action } from './shared.js';

export function registerPresent(program: Command, action: Action): void {
  program
    .command('present')
    .description('sign a presentation of chosen credentials for one verifier')
    .requiredOption('--holder <name>', 'holder identity')
    .addOption(
      pathOption(
        '--request <file>',
        'answer this request (its verifier and challenge; only credentials it asks for)',
        'in',
      ).conflicts(['audience', 'challenge']),
    )
    .option('--audience <did>', "the verifier's DID")
    .option('--challenge <nonce>', "the verifier's challenge")
    .addOption(
      pathOption('--select <id...>', 'credentials to present (digest prefix, jti or file)', 'text-or-file').conflicts([
        'all',
      ]),
    )
    .option('--all', "present all of the holder's credentials")
    .option('--valid-for <duration>', 'how long the presentation is valid (default 7d; units s, min, h, d, w, mo, y)')
    .addOption(out('write the VP-JWT here').makeOptionMandatory())
    .addOption(force())
    .action(action(async () => (await import('../commands/present.js')).present));
}

export function registerDisclosures(program: Command, action: Action): void {
  program
    .command('disclosures')
    .description('list every presentation this home has made')
    .action(action(async () => (await import('../commands/present.js')).disclosures));
}
