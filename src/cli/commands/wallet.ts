// wallet add FILE... [--holder NAME] | list [--type] | show ID | remove ID [--yes]
import type { CredentialView } from '../../credential/claims.js';
import { RadcredError } from '../../errors.js';
import { listIdentities } from '../../identity/store.js';
import { readTextBounded, removeAbandonedTemps } from '../../util/files.js';
import { homePaths } from '../../home.js';
import { isoTime, parseDuration } from '../../util/time.js';
import { lapsesAt } from '../../policy/evaluate.js';
import {
  addToWallet,
  checkCredentialForWallet,
  findInWallet,
  listWallet,
  strayWalletFiles,
  locateInWallet,
  removeLocated,
} from '../../wallet/wallet.js';
import type { CliContext } from '../context.js';
import { readIdentity, warnIfInsecure, warningsField } from '../identity-access.js';
import { EXIT_FOR_KIND } from '../exit.js';
import { knownNames } from '../known-names.js';
import { renderWallet } from '../render/lists.js';
import { describeForConfirmation, issuerNamer } from '../render/credential-line.js';
import { outputWidth } from '../render/text.js';
import type { CommandResult } from '../result.js';
import { warnIfNoSuchType } from '../type-access.js';

export function summarise(view: CredentialView) {
  return {
    digest: view.digest,
    ...(view.jti !== undefined ? { jti: view.jti } : {}),
    type: view.type,
    issuer: view.issuer,
    subject: view.subject,
    ...((view.nbf ?? view.iat) !== undefined ? { validFrom: isoTime((view.nbf ?? view.iat) as number) } : {}),
    ...(view.exp !== undefined ? { validUntil: isoTime(view.exp) } : {}),
  };
}

export async function add(ctx: CliContext, files: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const holders = typeof opts.holder === 'string' ? [readIdentity(ctx, opts.holder)] : listIdentities(ctx.home);
  for (const h of holders) warnIfInsecure(ctx, h);
  const holderDids = holders.map((i) => i.did);
  if (holderDids.length === 0)
    throw new RadcredError(
      'NO_IDENTITY',
      'this home has no identities to hold credentials',
      'create one with `radcred id create NAME` (or pass --home)',
    );
  removeAbandonedTemps(homePaths(ctx.home).credentials); // what a killed `wallet add` left
  const addOne = async (file: string) => {
    try {
      const view = await checkCredentialForWallet(
        readTextBounded(ctx.resolvePath(file), 'credential file'),
        holderDids,
      );
      const { added } = addToWallet(ctx.home, view);
      return { file, status: added ? 'added' : 'duplicate', ...summarise(view) };
    } catch (e) {
      if (!(e instanceof RadcredError)) throw e;
      // each refusal is an error of its own on stderr (the others are still added)
      ctx.error(`${file}: ${e.message}`, e.hint);
      return { file, status: 'refused', code: e.code, message: e.message, hint: e.hint, exit: EXIT_FOR_KIND[e.kind] };
    }
  };
  const results: Awaited<ReturnType<typeof addOne>>[] = [];
  for (const file of files) results.push(await addOne(file));
  const refused = results.filter((r) => r.status === 'refused') as { exit: number }[];
  return {
    data: { results: results.map(({ exit: _exit, ...r }: Record<string, unknown>) => r), ...warningsField(ctx) }, // the exit status is not part of the JSON
    exitCode: refused.length ? Math.max(...refused.map((r) => r.exit)) : 0,
    human: (s) =>
      results
        .map((r) =>
          r.status === 'added'
            ? `${s.ok('added')}     ${r.file} ${s.dim(`(${'type' in r ? r.type : ''} ${'digest' in r ? shortDigest(r.digest) : ''})`)}`
            : r.status === 'duplicate'
              ? `${s.warn('duplicate')} ${r.file} ${s.dim('already in the wallet; not stored twice')}`
              : `${s.bad('refused')}   ${r.file}: ${'message' in r ? r.message : ''}`,
        )
        .join('\n'),
  };
}

/** `sha256:` and 12 hex characters: an ID as `wallet list` shows it (--json has the digest whole). */
const shortDigest = (digest: string) => digest.slice(0, 'sha256:'.length + 12);

/** Files in the wallet's directory that it passes over are said, not skipped without a word. */
function warnAboutStrays(ctx: CliContext): void {
  const strays = strayWalletFiles(ctx.home);
  if (strays.length === 0) return;
  const shown = strays.slice(0, 3).join(', ') + (strays.length > 3 ? ` and ${strays.length - 3} more` : '');
  ctx.warn(
    `the wallet's credentials/ holds ${strays.length === 1 ? 'a file' : `${strays.length} files`} radcred did not put there, not listed: ${shown} (a wallet file is named by its digest; \`radcred wallet add FILE\` adds a credential)`,
  );
}

export async function list(ctx: CliContext, _args: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const horizon = typeof opts.expiring === 'string' ? ctx.now + parseDuration(opts.expiring, '--expiring') : undefined;
  const held = listWallet(ctx.home);
  warnAboutStrays(ctx);
  if (typeof opts.type === 'string')
    warnIfNoSuchType(
      ctx,
      opts.type,
      held.flatMap((e) => e.view.types),
      'the wallet',
    );
  const entries = held
    .filter((e) => opts.type === undefined || e.view.types.includes(String(opts.type)))
    .filter((e) => {
      if (horizon === undefined) return true;
      const at = lapsesAt(e.view);
      return at !== undefined && at <= horizon;
    });
  // `expired` agrees with the human listing: a credential has lapsed at its exp, or at the end of
  // an expiration date in its subject (a license past its expirationDate), whichever is first.
  const lapsed = (view: CredentialView) => {
    const at = lapsesAt(view);
    return at !== undefined && at <= ctx.now;
  };
  const names = knownNames(ctx.home);
  const issuerName = (view: CredentialView) => names.nameOf(view.issuer);
  return {
    data: {
      credentials: entries.map((e) => ({
        ...summarise(e.view),
        ...(issuerName(e.view) !== undefined ? { issuerName: issuerName(e.view) } : {}),
        expired: lapsed(e.view),
        ...(lapsesAt(e.view) !== undefined ? { lapses: isoTime(lapsesAt(e.view)!) } : {}),
      })),
      ...warningsField(ctx),
    },
    human: (s) =>
      entries.length > 0
        ? renderWallet(
            entries.map((e) => ({ view: e.view, lapses: lapsesAt(e.view) })),
            names,
            ctx.now,
            s,
            outputWidth(ctx.io.stdout.columns),
          )
        : s.dim(held.length === 0 ? 'the wallet is empty' : 'no credential in the wallet matches'),
  };
}

export async function show(ctx: CliContext, [ref]: string[]): Promise<CommandResult> {
  const { view, file } = findInWallet(ctx.home, ref!, ctx.resolvePath);
  const data = { ...summarise(view), file, header: view.jws.header, claims: view.claims };
  return {
    data,
    human: (s) =>
      [
        `${s.bold(view.type)}  ${view.digest}`,
        ...Object.entries(summarise(view))
          .filter(([k]) => k !== 'digest' && k !== 'type')
          .map(([k, v]) => `  ${k.padEnd(10)} ${String(v)}`),
        `  file       ${file}`,
        s.bold('subject'),
        ...Object.entries(view.subjectData).map(
          ([k, v]) => `  ${k.padEnd(24)} ${typeof v === 'string' ? v : JSON.stringify(v)}`,
        ),
      ].join('\n'),
  };
}

/** On a terminal, without --yes: shows what is about to be removed and asks (default no); scripts are not asked. */
async function confirmRemoval(
  ctx: CliContext,
  found: ReturnType<typeof locateInWallet>,
  opts: Record<string, unknown>,
): Promise<void> {
  if (opts.yes === true || !ctx.canPrompt) return;
  const lines =
    'damaged' in found
      ? [`  a damaged wallet file, ${found.file}`]
      : describeForConfirmation(found.view, issuerNamer(ctx.home), ctx.now, outputWidth(ctx.io.stderr.columns));
  ctx.note([ctx.errStyle.bold('About to remove from the wallet:'), ...lines].join('\n'));
  const { promptConfirm } = await import('../prompts.js');
  if (!(await promptConfirm(ctx, 'Remove it? Keep a copy if you may need to present it again', false))) {
    throw new RadcredError('PROMPT_CANCELLED', 'removal cancelled; the wallet is unchanged');
  }
}

export async function remove(ctx: CliContext, [ref]: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const removed = locateInWallet(ctx.home, ref!, ctx.resolvePath);
  await confirmRemoval(ctx, removed, opts);
  removeLocated(removed);
  if ('damaged' in removed) {
    return {
      data: { removed: { digest: removed.digest, damaged: true } },
      human: (s) => `${s.ok('removed')} the damaged wallet file ${removed.file}`,
    };
  }
  const { view } = removed;
  return { data: { removed: summarise(view) }, human: (s) => `${s.ok('removed')} ${view.type} ${view.digest}` };
}
