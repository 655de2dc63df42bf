// ledger init | status | audit | integrate | pull | prove | check-proof
import { RadcredError } from '../../errors.js';
import {
  auditLedger,
  auditRemote,
  checkProofOf,
  ledgerStatus,
  proveCredential,
  type AuditResult,
} from '../../ledger/inspect.js';
import { checkOrigin, initLedger, readPublishedVkey } from '../../ledger/ledger.js';
import { parseVkey, type Vkey } from '../../ledger/note.js';
import { integratePending } from '../../ledger/integrate.js';
import { unlockOperator } from '../../ledger/operator.js';
import { pullLedger } from '../../ledger/pull.js';
import { addCosignatures, cosignLedger, witnessKeyOf } from '../../ledger/cosign.js';
import { witnessPolicyFrom } from '../witness-access.js';
import { listEntries, withLedgerAt } from '../../ledger/entries.js';
import { markUnregistered } from '../../issued/monitor.js';
import { parseTime } from '../../util/time.js';
import { EXIT } from '../exit.js';
import { outputWidth, wrapText } from '../render/text.js';
import { isUrl } from '../../ledger/source.js';
import { exists, readBounded, readTextBounded } from '../../util/files.js';
import type { CliContext } from '../context.js';
import { readIdentity, unlockSigner, unlockWith, warningsField } from '../identity-access.js';
import { credentialDigest } from '../ledger-access.js';
import { outFile } from '../out-file.js';
import { checkOutputDir, refuseSameFile } from '../../util/output.js';
import type { CommandResult } from '../result.js';

/**
 * --vkey takes the vkey text (name+id+key) or a file holding it. Text without a `+` cannot be a
 * vkey (which has two), so it names a file: one that does not exist is FILE_NOT_FOUND, not a
 * malformed key. (A `/` says nothing here: origins and base64 both hold it.)
 */
export function vkeyArg(ctx: CliContext, value: string): Vkey {
  const looksLikeVkey = /^[^+\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/.test(value.trim());
  const path = ctx.resolvePath(value);
  if (!looksLikeVkey && exists(path)) return parseVkey(readTextBounded(path, 'vkey file', 4096));
  if (!value.includes('+')) {
    throw new RadcredError(
      'FILE_NOT_FOUND',
      `vkey file ${value} does not exist`,
      "give the vkey itself (origin+hash+key, as in the ledger's vkey file) or the path of a file that holds it",
    );
  }
  return parseVkey(value);
}

export async function init(ctx: CliContext, [dirArg]: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const dir = ctx.resolvePath(dirArg!);
  const operator = String(opts.operator);
  // refused before the key is unlocked: a file, a non-empty directory, an invalid origin
  checkOutputDir(dir, 'ledger init', {
    empty: true,
    emptyHint: 'a ledger is never re-initialised; choose a new or empty directory',
  });
  checkOrigin(String(opts.origin));
  const signer = await unlockSigner(ctx, operator, 'the ledger operator');
  const { vkey } = initLedger(dir, String(opts.origin), signer);
  return {
    data: { dir, origin: vkey.name, size: 0, vkey: vkey.text, operator: signer.did, ...warningsField(ctx) },
    human: (s) =>
      `${s.ok('created')} ledger ${vkey.name} in ${dir}\n  vkey  ${vkey.text}\n  ${s.dim('give verifiers this vkey out of band; they pin it with `radcred ledger pull SRC DST --vkey VKEY`')}`,
  };
}

export async function status(ctx: CliContext, [dirArg]: string[]): Promise<CommandResult> {
  const data = ledgerStatus(ctx.resolvePath(dirArg!));
  return {
    data,
    human: (s) =>
      [
        `${s.bold('ledger')} ${data.origin}`,
        `  size     ${data.size}`,
        `  root     ${data.root}`,
        `  vkey     ${data.vkey}`,
        `  newest   ${data.newestEntryTime ?? 'no entries'}`,
        `  pending  ${data.pending}${data.pending ? s.dim('  (run `radcred ledger integrate`)') : ''}`,
        s.dim("  (as the ledger's own files say; `ledger audit` checks them)"),
      ].join('\n'),
  };
}

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

export async function integrate(
  ctx: CliContext,
  [dirArg]: string[],
  opts: Record<string, unknown>,
): Promise<CommandResult> {
  const dir = ctx.resolvePath(dirArg!);
  const name = String(opts.operator);
  const vkey = readPublishedVkey(dir);
  const op = await unlockWith(ctx, name, 'the ledger operator', (passphrase) =>
    unlockOperator(ctx.home, name, passphrase, vkey),
  );
  const r = await integratePending(dir, op);
  return {
    data: { ...r, ...warningsField(ctx) },
    exitCode: r.rejected.length > 0 ? 1 : 0,
    human: (s) =>
      [
        `${s.ok('integrated')} ${r.integrated} pending entr${r.integrated === 1 ? 'y' : 'ies'} in one commit: size ${r.checkpoint.size}, root ${r.checkpoint.root}`,
        ...(r.duplicates ? [s.dim(`  ${r.duplicates} already in the ledger, removed from pending/`)] : []),
        ...r.rejected.map(
          (x) => `${s.bad('rejected')} ${x.file}: ${x.message} [${x.code}] ${s.dim('(moved to pending/rejected/)')}`,
        ),
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

export async function witnessKeyCommand(
  ctx: CliContext,
  [name]: string[],
  opts: Record<string, unknown>,
): Promise<CommandResult> {
  const info = readIdentity(ctx, name!);
  const w = witnessKeyOf({ ...info }, typeof opts.keyName === 'string' ? opts.keyName : name!);
  return { data: { identity: name, witness: w.name, vkey: w.text }, human: () => w.text };
}

export async function cosign(
  ctx: CliContext,
  [dirArg]: string[],
  opts: Record<string, unknown>,
): Promise<CommandResult> {
  const dir = ctx.resolvePath(dirArg!);
  const name = String(opts.witness);
  const out = outFile(ctx, String(opts.out), { force: opts.force === true, example: 'checkpoint.cosigned' });
  const signer = await unlockSigner(ctx, name, 'to cosign as a witness');
  const c = cosignLedger(dir, ctx.home, signer, typeof opts.keyName === 'string' ? opts.keyName : name, ctx.now);
  out.write(c.note);
  return {
    data: { origin: c.origin, size: c.size, out: out.path, witness: c.witness, ...warningsField(ctx) },
    human: (s) =>
      `${s.ok('cosigned')} ${c.origin} at size ${c.size} as ${c.witness.split('+')[0]}\n  ${s.dim(`give ${out.path} to the operator: radcred ledger add-cosignatures LEDGER ${String(opts.out)}`)}`,
  };
}

export async function addCosignaturesCommand(ctx: CliContext, [dirArg, ...files]: string[]): Promise<CommandResult> {
  const dir = ctx.resolvePath(dirArg!);
  const notes = files.map((f) => readTextBounded(ctx.resolvePath(f), 'cosigned checkpoint', 64 * 1024));
  const r = await addCosignatures(dir, notes);
  return {
    data: { added: r.added },
    human: (s) => `${s.ok('added')} ${r.added} cosignature${r.added === 1 ? '' : 's'} to the checkpoint of ${dir}`,
  };
}
