// CLI plumbing for credential type names typed on the command line (src/credential/type-names.ts):
// where a name is recorded (`trust add --types`, `request create --require`), a near miss of a
// known type is refused, since it would never match; where a name only filters a listing
// (`wallet list --type`, `issued list --type`), a name that matches nothing draws a warning.
import { isKnownTypeName, KNOWN_TYPE_NAMES, nearMissesOf } from '../credential/type-names.js';
import { RadcredError } from '../errors.js';
import { TYPE_NAME } from '../policy/policy.js';
import { didYouMean } from '../util/suggest.js';
import type { CliContext } from './context.js';

/**
 * Refuses (TYPE_UNKNOWN) a name that is a near miss of a known type, unless `allowUnknown`
 * (`--allow-unknown-type`: another tool's type that happens to be so named); any other unknown
 * name is accepted, with a warning that its credentials are verified without a schema check.
 */
export function checkRecordedTypes(
  ctx: CliContext,
  names: readonly string[],
  flag: string,
  allowUnknown: boolean,
): void {
  for (const name of names) {
    // '*', and what is no type name at all, are for the validator of the list to accept or refuse
    if (!TYPE_NAME.test(name) || isKnownTypeName(name) || allowUnknown) continue;
    const meant = nearMissesOf(name);
    if (meant.length > 0) {
      throw new RadcredError(
        'TYPE_UNKNOWN',
        `${flag} ${name}: radcred knows no credential type of that name`,
        `${didYouMean(meant)} (if ${name} is another tool's type, add --allow-unknown-type)`,
      );
    }
    ctx.warn(
      `${name} is not a built-in type: its credentials are verified without a schema check (\`radcred types\` lists the built-in ones)`,
    );
  }
}

/**
 * Warns when a listing filtered by `--type NAME` is empty because nothing could match: `NAME` is
 * not a known type and none of `present` (the types of what is listed).
 */
export function warnIfNoSuchType(ctx: CliContext, name: string, present: Iterable<string>, where: string): void {
  const held = [...present];
  if (isKnownTypeName(name) || held.includes(name)) return;
  const meant = didYouMean(nearMissesOf(name, [...KNOWN_TYPE_NAMES, ...held]));
  ctx.warn(
    `no credential in ${where} has type ${name}, which is not a built-in type; ${meant ?? '`radcred types` lists the built-in types'}`,
  );
}
