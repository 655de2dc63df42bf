// ledger audit | pull | entries | prove | check-proof: the commands of those who read a ledger
// rather than run it: verifiers pinning and auditing a copy, issuers monitoring what is logged in
// their name, proofs of inclusion written and checked. (The operator's commands are
// ledger-operator.ts; a witness's, ledger-witness.ts.)
import { RadcredError } from '../../errors.js';
import { auditLedger, auditRemote, checkProofOf, proveCredential, type AuditResult } from '../../ledger/inspect.js';
import { pullLedger } from '../../ledger/pull.js';
import { listEntries, withLedgerAt } from '../../ledger/entries.js';
import { isUrl } from '../../ledger/source.js';
import { markUnregistered } from '../../issued/monitor.js';
import { readBounded, readTextBounded } from '../../util/files.js';
import { refuseSameFile } from '../../util/output.js';
import { parseTime } from '../../util/time.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit.js';
import { credentialDigest } from '../ledger-access.js';
import { outFile } from '../out-file.js';
import { outputWidth, wrapText } from '../render/text.js';
import { warningsField } from '../identity-access.js';
import type { CommandResult } from '../result.js';
import { vkeyArg } from '../vkey-arg.js';
import { witnessPolicyFrom } from '../witness-access.js';

export async function audit(
  ctx: CliContext,
  [dirArg]: string[],
  opts: Record<string, unknown>,
): Promise<CommandResult> {
  const given = typeof opts.vkey === 'string' ? vkeyArg(ctx, opts.vkey) : undefined;
  const policy = witnessPolicyFrom(ctx, opts);
  const checks = policy ? { policy, now: ctx.now } : undefined;
  const r: Omit<AuditResult, 'index'> & { index?: AuditResult['index'] } = isUrl(dirArg!)
    ? await auditRemote(dirArg!, ctx.home, given, checks)
    : await auditLedger(ctx.resolvePath(dirArg!), ctx.home, given, checks);
  if (r.keySource === 'published')
    ctx.warn("no --vkey and no pin: trusting the ledger's own vkey file (trust on first use)");
  const { index, counts } = r;
  const stale = index ? index.others.filter((o: { size: number }) => o.size < r.size).length : 0;
  const indexLine = !index
    ? '  fetched whole from the URL into a temporary copy, removed after'
    : (index.status === 'match'
        ? `  index/${index.version}: matches the entries`
        : '  index/: none for this tree (fine: radcred builds it when needed)') +
      (stale ? `; ${stale} older version${stale > 1 ? 's' : ''} not checked` : '') +
      (index.legacy ? '; files of the old layout ignored' : '');
  return {
    data: {
      ok: true,
      origin: r.origin,
      size: r.size,
      root: r.root,
      vkeySource: r.keySource,
      counts,
      ...(index ? { index } : {}),
      ...(r.cosigners ? { cosigners: r.cosigners } : {}),
      ...warningsField(ctx),
    },
    human: (s) =>
      [
        `${s.ok('audit passed')} ${r.origin}: ${r.size} entries, root ${r.root}`,
        `  every tile recomputed from the entries; every radcred entry's signature checked`,
        `  issue ${counts.issue}  revoke ${counts.revoke}  suspend ${counts.suspend}  reinstate ${counts.reinstate}  opaque ${counts.opaque}`,
        s.dim(indexLine),
        r.keySource === 'published'
          ? s.warn("  key: the ledger's own vkey file (pass --vkey to check against a key you trust)")
          : s.dim(`  key: ${r.keySource === 'pin' ? 'pinned' : '--vkey'} ${r.vkey}`),
      ].join('\n'),
  };
}

export async function pull(
  ctx: CliContext,
  [src, dst]: string[],
  opts: Record<string, unknown>,
): Promise<CommandResult> {
  const r = await pullLedger({
    src: isUrl(src!) ? src! : ctx.resolvePath(src!),
    dst: ctx.resolvePath(dst!),
    home: ctx.home,
    now: ctx.now,
    ...(typeof opts.vkey === 'string' ? { vkey: vkeyArg(ctx, opts.vkey).text } : {}),
    ...(witnessPolicyFrom(ctx, opts) ? { witnessPolicy: witnessPolicyFrom(ctx, opts)! } : {}),
  });
  if (r.trustOnFirstUse)
    ctx.warn(
      `pinned ${r.origin} with the key the source publishes about itself (trust on first use); compare it with the operator's: ${r.vkey}`,
    );
  return {
    data: { ...r, ...warningsField(ctx) },
    human: (s) => {
      const cp = `size ${r.checkpoint.size}, root ${r.checkpoint.root}`;
      switch (r.outcome) {
        case 'pinned':
          return `${s.ok('pinned')} ${r.origin}: ${cp}\n  ${r.newEntries} entries audited and copied`;
        case 'updated':
          return `${s.ok('updated')} ${r.origin}: size ${r.previous!.size} -> ${r.checkpoint.size} (consistent with the pin)\n  ${r.newEntries} new entries audited and copied; root ${r.checkpoint.root}`;
        case 'unchanged':
          return `${s.ok('up to date')} ${r.origin}: ${cp} (confirmed now)`;
        case 'behind':
          return `${s.warn('note:')} the source (size ${r.checkpoint.size}) is behind your pin (size ${r.previous!.size}) but consistent with it; nothing changed`;
      }
    },
  };
}

export async function entries(ctx: CliContext, [src]: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const given = typeof opts.vkey === 'string' ? vkeyArg(ctx, opts.vkey) : undefined;
  const filter = {
    ...(typeof opts.issuer === 'string' ? { issuer: opts.issuer } : {}),
    ...(typeof opts.since === 'string' ? { since: parseTime(opts.since, '--since') } : {}),
  };
  const listed = await withLedgerAt(isUrl(src!) ? src! : ctx.resolvePath(src!), ctx.home, given, (l) => ({
    origin: l.origin,
    size: l.checkpoint.size,
    root: l.checkpoint.root.toString('base64'),
    keySource: l.keySource,
    entries: listEntries(l, filter),
  }));
  const r = { ...listed, entries: markUnregistered(ctx.home, listed.entries) };
  if (r.keySource === 'published')
    ctx.warn("no --vkey and no pin: trusting the ledger's own vkey (trust on first use)");
  const width = outputWidth(ctx.io.stdout.columns);
  const forged = r.entries.filter((e) => e.signatureValid === false).length;
  const unknown = r.entries.filter((e) => e.inRegister === false).length;
  return {
    data: { ...r, ...warningsField(ctx) },
    exitCode: forged + unknown > 0 ? EXIT.failed : EXIT.ok,
    human: (s) =>
      [
        s.bold(
          `${r.origin}: ${r.entries.length} of ${r.size} entries${filter.issuer ? ` by ${filter.issuer}` : ''}${filter.since !== undefined ? ` since ${opts.since}` : ''}`,
        ),
        ...r.entries.map((e) => {
          const what =
            e.kind === 'opaque' || e.kind === 'malformed'
              ? e.kind
              : `${e.kind.padEnd(9)} ${e.time}  ${e.credential!.slice(0, 23)}  ${e.issuer}${e.reason ? `  (${e.reason})` : ''}`;
          // the index right-aligned (wrapText would drop its leading blanks), the rest wrapped after it
          const head = `${String(e.index).padStart(7)}  `;
          const line = wrapText(what, head.length, 9, width)
            .map((l, i) => (i === 0 ? head + l : l))
            .join('\n');
          return e.signatureValid === false
            ? s.bad(`${line}  SIGNATURE INVALID`)
            : e.inRegister === false
              ? s.bad(`${line}  NOT IN YOUR REGISTER`)
              : line;
        }),
        ...(forged
          ? [s.bad(`${forged} entr${forged === 1 ? 'y is' : 'ies are'} not signed by the issuer they name`)]
          : []),
        ...(unknown
          ? [
              s.bad(
                `${unknown} issue entr${unknown === 1 ? 'y' : 'ies'} signed with this home's key but not in its issuer register: was the key used elsewhere?`,
              ),
            ]
          : []),
      ].join('\n'),
  };
}

export async function prove(
  ctx: CliContext,
  [dirArg, ref]: string[],
  opts: Record<string, unknown>,
): Promise<CommandResult> {
  const dir = ctx.resolvePath(dirArg!);
  const entryArg = typeof opts.entryOut === 'string' ? opts.entryOut : `${String(opts.out)}.entry`;
  const proofOut = outFile(ctx, String(opts.out), { force: opts.force === true, example: 'credential.proof' });
  const entryOutput = outFile(ctx, entryArg, {
    flag: '--entry-out',
    force: opts.force === true,
    example: 'credential.proof.entry',
  });
  refuseSameFile({ flag: '--out', path: proofOut.path }, { flag: '--entry-out', path: entryOutput.path });
  const p = proveCredential(dir, ctx.home, credentialDigest(ctx, dir, ref!));
  // both staged before either is put in place, so a failure leaves neither behind
  proofOut.stage(p.proof);
  try {
    entryOutput.stage(p.entry);
  } catch (e) {
    proofOut.discard();
    throw e;
  }
  const out = proofOut.commit();
  const entryOut = entryOutput.commit();
  return {
    data: { credential: p.credential, index: p.index, checkpoint: p.checkpoint, out, entry: entryOut },
    human: (s) =>
      `${s.ok('proved')} issue entry ${p.index} of ${p.credential} under ${p.checkpoint.origin} size ${p.checkpoint.size}\n  proof  ${out}\n  entry  ${entryOut}\n  ${s.dim(`check it with: radcred ledger check-proof ${String(opts.out)} --entry ${entryOut} --vkey VKEY`)}`,
  };
}

export async function checkProofCommand(
  ctx: CliContext,
  [file]: string[],
  opts: Record<string, unknown>,
): Promise<CommandResult> {
  const vkey = vkeyArg(ctx, String(opts.vkey));
  const text = readTextBounded(ctx.resolvePath(file!), 'tlog-proof', 64 * 1024);
  const entryBytes = readBounded(ctx.resolvePath(String(opts.entry)), 'entry file', 65535);
  if (entryBytes.length === 0)
    throw new RadcredError(
      'ENTRY_FILE_EMPTY',
      `the entry file ${String(opts.entry)} is empty`,
      'give the entry file `radcred ledger prove` wrote (OUT.entry)',
    );
  const { index, checkpoint, entry } = checkProofOf(text, entryBytes, vkey);
  const data = {
    ok: true,
    index,
    checkpoint,
    ...(entry
      ? { entry: { kind: entry.kind, credential: entry.credential, issuer: entry.issuer, time: entry.time } }
      : {}),
  };
  return {
    data,
    human: (s) =>
      `${s.ok('proof valid')}: entry ${index} is in ${checkpoint.origin} at size ${checkpoint.size}${entry ? `\n  ${entry.kind} of ${entry.credential} by ${entry.issuer}, ${entry.time} (signature valid)` : ''}`,
  };
}
