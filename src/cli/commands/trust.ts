// trust add DID --name TEXT --types TYPE... | trust list | trust remove DID   [--file FILE]
import { homePaths } from '../../home.js';
import {
  addTrustedIssuer,
  loadTrustListOrEmpty,
  removeTrustedIssuer,
  saveTrustList,
  type TrustedIssuer,
} from '../../trust/trust-list.js';
import { isoTime, parseTime } from '../../util/time.js';
import { checkOutputPath } from '../../util/output.js';
import { exists } from '../../util/files.js';
import { RadcredError } from '../../errors.js';
import type { CliContext } from '../context.js';
import { warningsField } from '../identity-access.js';
import { checkRecordedTypes } from '../type-access.js';
import { renderTrustList } from '../render/lists.js';
import { outputWidth } from '../render/text.js';
import type { CommandResult } from '../result.js';

/** The trust list a command reads: an explicit --file must exist (a typo must not read as an empty list). */
function fileOf(ctx: CliContext, opts: Record<string, unknown>): string {
  if (typeof opts.file !== 'string') return homePaths(ctx.home).trust;
  const file = ctx.resolvePath(opts.file);
  if (!exists(file))
    throw new RadcredError(
      'FILE_NOT_FOUND',
      `trust list ${opts.file} does not exist`,
      '`radcred trust add ... --file FILE` creates one',
    );
  return file;
}

/** The trust list a command edits: an explicit --file must be a regular file, or creatable in an existing directory. */
const editedFileOf = (ctx: CliContext, opts: Record<string, unknown>) =>
  typeof opts.file === 'string'
    ? checkOutputPath(ctx.resolvePath(opts.file), { flag: '--file', force: true, example: 'trust.json' })
    : homePaths(ctx.home).trust;

export async function add(ctx: CliContext, [did]: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const file = editedFileOf(ctx, opts);
  const entry: TrustedIssuer = {
    did: did!,
    name: String(opts.name),
    types: (opts.types as string[]).flatMap((t) => t.split(',')).filter((t) => t.length > 0),
    ...(typeof opts.validFrom === 'string' ? { validFrom: isoTime(parseTime(opts.validFrom, '--valid-from')) } : {}),
    ...(typeof opts.validUntil === 'string'
      ? { validUntil: isoTime(parseTime(opts.validUntil, '--valid-until', 'end')) }
      : {}),
  };
  checkRecordedTypes(ctx, entry.types, '--types', opts.allowUnknownType === true);
  const { list, replaced } = addTrustedIssuer(loadTrustListOrEmpty(file), entry);
  saveTrustList(file, list);
  return {
    data: { file, replaced, issuer: entry, ...warningsField(ctx) },
    human: (s) =>
      `${s.ok(replaced ? 'updated' : 'trusted')} ${entry.name} for ${entry.types.join(', ')}\n  ${s.dim(entry.did)}`,
  };
}

export async function list(ctx: CliContext, _args: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const file = fileOf(ctx, opts);
  const { issuers } = loadTrustListOrEmpty(file);
  return {
    data: { file, issuers },
    human: (s) =>
      issuers.length === 0
        ? s.dim(`no trusted issuers in ${file}`)
        : renderTrustList(issuers, s, outputWidth(ctx.io.stdout.columns)),
  };
}

export async function remove(ctx: CliContext, [did]: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const file = editedFileOf(ctx, opts);
  saveTrustList(file, removeTrustedIssuer(loadTrustListOrEmpty(file), did!));
  return { data: { file, removed: did }, human: (s) => `${s.ok('removed')} ${did}` };
}
