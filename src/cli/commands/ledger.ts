// ledger init | status | audit | integrate | pull | prove | check-proof
import { join } from 'node:path';
import { RadcredError } from '../../errors.js';
import { registerNote } from '../../issued/resolve.js';
import { auditRange } from '../../ledger/audit.js';
import { openCheckpoint } from '../../ledger/checkpoint.js';
import { auditIndexCopy, OWN_INDEX, type IndexTrust } from '../../ledger/entry-index.js';
import { entrySignatureValid, isRadcredEntry, parseEntry } from '../../ledger/entry.js';
import { ShardHasher } from '../../ledger/index-format.js';
import { checkOrigin, claimedOrigin, initLedger, readCheckpointNote, readPublishedVkey } from '../../ledger/ledger.js';
import { requireNotBehindPin } from '../../ledger/pin-check.js';
import { parseVkey, type Vkey } from '../../ledger/note.js';
import { PENDING_DIR, integratePending, issuersOf, openOwnLedger, unlockOperator } from '../../ledger/operations.js';
import { readPin, recordIndex } from '../../ledger/pins.js';
import { checkProof, formatProof } from '../../ledger/proof.js';
import { pullLedger } from '../../ledger/pull.js';
import { TileReader } from '../../ledger/reader.js';
import { ledgerStanding } from '../../ledger/status.js';
import { exists, readBounded, readTextBounded } from '../../util/files.js';
import { readdirSync } from 'node:fs';
import type { CliContext } from '../context.js';
import { readIdentity, unlockSigner, warningsField } from '../identity-access.js';
import { credentialDigest } from '../ledger-access.js';
import { outFile } from '../out-file.js';
import { checkOutputDir, refuseSameFile } from '../../util/output.js';
import type { CommandResult } from '../result.js';

/** --vkey takes the vkey text (name+id+key) or a file holding it. */
export function vkeyArg(ctx: CliContext, value: string): Vkey {
  const looksLikeVkey = /^[^+\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/.test(value.trim());
  const path = ctx.resolvePath(value);
  return parseVkey(!looksLikeVkey && exists(path) ? readTextBounded(path, 'vkey file', 4096) : value);
}

export async function init(ctx: CliContext, [dirArg]: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const dir = ctx.resolvePath(dirArg!);
  const operator = String(opts.operator);
  // refused before the key is unlocked: a file, a non-empty directory, an invalid origin
  checkOutputDir(dir, 'ledger init', { empty: true, emptyHint: 'a ledger is never re-initialised; choose a new or empty directory' });
  checkOrigin(String(opts.origin));
  const signer = await unlockSigner(ctx, operator, `unlock the ledger operator ${operator}`);
  const { vkey } = initLedger(dir, String(opts.origin), signer);
  return {
    data: { dir, origin: vkey.name, size: 0, vkey: vkey.text, operator: signer.did, ...warningsField(ctx) },
    human: (s) => `${s.ok('created')} ledger ${vkey.name} in ${dir}\n  vkey  ${vkey.text}\n  ${s.dim('give verifiers this vkey out of band; they pin it with `radcred ledger pull SRC DST --vkey VKEY`')}`,
  };
}

export async function status(ctx: CliContext, [dirArg]: string[]): Promise<CommandResult> {
  const dir = ctx.resolvePath(dirArg!);
  const l = openOwnLedger(dir);
  let newestEntryTime: string | null = null;
  if (l.checkpoint.size > 0) {
    const last = l.reader.entry(l.checkpoint.size - 1);
    if (isRadcredEntry(last)) {
      try {
        newestEntryTime = parseEntry(last).time;
      } catch {
        /* malformed: audit reports it */
      }
    }
  }
  const pendingDir = join(dir, PENDING_DIR);
  const pending = exists(pendingDir) ? readdirSync(pendingDir).filter((f) => f.endsWith('.entry')).length : 0;
  const data = { origin: l.checkpoint.origin, size: l.checkpoint.size, root: l.checkpoint.root.toString('base64'), vkey: l.vkey.text, newestEntryTime, pending };
  return {
    data,
    human: (s) => [
      `${s.bold('ledger')} ${data.origin}`,
      `  size     ${data.size}`,
      `  root     ${data.root}`,
      `  vkey     ${data.vkey}`,
      `  newest   ${newestEntryTime ?? 'no entries'}`,
      `  pending  ${pending}${pending ? s.dim('  (run `radcred ledger integrate`)') : ''}`,
      s.dim("  (as the ledger's own files say; `ledger audit` checks them)"),
    ].join('\n'),
  };
}

export async function audit(ctx: CliContext, [dirArg]: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const dir = ctx.resolvePath(dirArg!);
  const origin = claimedOrigin(dir);
  const pin = readPin(ctx.home, origin);
  let vkey: Vkey;
  let vkeySource: 'argument' | 'pin' | 'published';
  if (typeof opts.vkey === 'string') [vkey, vkeySource] = [vkeyArg(ctx, opts.vkey), 'argument'];
  else if (pin) [vkey, vkeySource] = [parseVkey(pin.vkey), 'pin'];
  else {
    [vkey, vkeySource] = [readPublishedVkey(dir), 'published'];
    if (!ctx.json) ctx.note('warning: no --vkey and no pin: trusting the ledger\'s own vkey file (trust on first use)');
  }
  const checkpoint = openCheckpoint(readCheckpointNote(dir), vkey);
  const reader = new TileReader(dir, checkpoint.size);
  if (pin && pin.vkey === vkey.text) requireNotBehindPin(checkpoint, pin, reader, dir);
  const shards = new ShardHasher();
  const counts = await auditRange(reader, checkpoint, 0, () => [], { index: shards });
  // The derived index/ too: the copy's version for this tree must be exactly what the entries give.
  const index = auditIndexCopy(dir, checkpoint, shards.finish());
  const root = checkpoint.root.toString('base64');
  // Checked from the entries against a checkpoint the pinned key signed: this home may trust it.
  if (index.digest !== undefined && pin && pin.vkey === vkey.text) recordIndex(ctx.home, origin, { size: checkpoint.size, root, digest: index.digest });
  const data = { ok: true, origin, size: checkpoint.size, root, vkeySource, counts, index };
  const stale = index.others.filter((o) => o.size < checkpoint.size).length;
  const indexLine = (index.status === 'match' ? `  index/${index.version}: matches the entries` : '  index/: none for this tree (fine: radcred builds it when needed)')
    + (stale ? `; ${stale} older version${stale > 1 ? 's' : ''} not checked` : '') + (index.legacy ? '; files of the old layout ignored' : '');
  return {
    data,
    human: (s) => [
      `${s.ok('audit passed')} ${origin}: ${checkpoint.size} entries, root ${data.root}`,
      `  every tile recomputed from the entries; every radcred entry's signature checked`,
      `  issue ${counts.issue}  revoke ${counts.revoke}  suspend ${counts.suspend}  reinstate ${counts.reinstate}  opaque ${counts.opaque}`,
      s.dim(indexLine),
      vkeySource === 'published' ? s.warn('  key: the ledger\'s own vkey file (pass --vkey to check against a key you trust)') : s.dim(`  key: ${vkeySource === 'pin' ? 'pinned' : '--vkey'} ${vkey.text}`),
    ].join('\n'),
  };
}

export async function integrate(ctx: CliContext, [dirArg]: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const dir = ctx.resolvePath(dirArg!);
  const name = String(opts.operator);
  const vkey = readPublishedVkey(dir);
  readIdentity(ctx, name);
  const op = unlockOperator(ctx.home, name, await ctx.passphrase(`unlock the ledger operator ${name}`), vkey);
  const r = await integratePending(dir, op);
  return {
    data: { ...r, ...warningsField(ctx) },
    exitCode: r.rejected.length > 0 ? 1 : 0,
    human: (s) => [
      `${s.ok('integrated')} ${r.integrated} pending entr${r.integrated === 1 ? 'y' : 'ies'} in one commit: size ${r.checkpoint.size}, root ${r.checkpoint.root}`,
      ...(r.duplicates ? [s.dim(`  ${r.duplicates} already in the ledger, removed from pending/`)] : []),
      ...r.rejected.map((x) => `${s.bad('rejected')} ${x.file}: ${x.message} [${x.code}] ${s.dim('(moved to pending/rejected/)')}`),
    ].join('\n'),
  };
}

export async function pull(ctx: CliContext, [src, dst]: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const r = await pullLedger({
    src: ctx.resolvePath(src!), dst: ctx.resolvePath(dst!), home: ctx.home, now: ctx.now,
    ...(typeof opts.vkey === 'string' ? { vkey: vkeyArg(ctx, opts.vkey).text } : {}),
  });
  if (r.trustOnFirstUse && !ctx.json) ctx.note(`warning: pinned ${r.origin} with the key the source publishes about itself (trust on first use); compare it with the operator's:\n  ${r.vkey}`);
  return {
    data: r,
    human: (s) => {
      const cp = `size ${r.checkpoint.size}, root ${r.checkpoint.root}`;
      switch (r.outcome) {
        case 'pinned': return `${s.ok('pinned')} ${r.origin}: ${cp}\n  ${r.newEntries} entries audited and copied`;
        case 'updated': return `${s.ok('updated')} ${r.origin}: size ${r.previous!.size} -> ${r.checkpoint.size} (consistent with the pin)\n  ${r.newEntries} new entries audited and copied; root ${r.checkpoint.root}`;
        case 'unchanged': return `${s.ok('up to date')} ${r.origin}: ${cp} (confirmed now)`;
        case 'behind': return `${s.warn('note:')} the source (size ${r.checkpoint.size}) is behind your pin (size ${r.previous!.size}) but consistent with it; nothing changed`;
      }
    },
  };
}

export async function prove(ctx: CliContext, [dirArg, ref]: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const dir = ctx.resolvePath(dirArg!);
  const origin = claimedOrigin(dir);
  const pin = readPin(ctx.home, origin);
  const vkey = pin ? parseVkey(pin.vkey) : readPublishedVkey(dir);
  const checkpoint = openCheckpoint(readCheckpointNote(dir), vkey);
  const reader = new TileReader(dir, checkpoint.size);
  const entryArg = typeof opts.entryOut === 'string' ? opts.entryOut : `${String(opts.out)}.entry`;
  const proofOut = outFile(ctx, String(opts.out), { force: opts.force === true });
  const entryOutput = outFile(ctx, entryArg, { flag: '--entry-out', force: opts.force === true });
  refuseSameFile({ flag: '--out', path: proofOut.path }, { flag: '--entry-out', path: entryOutput.path });
  const resolved = credentialDigest(ctx, dir, ref!);
  const { digest } = resolved;
  let issuer = resolved.issuer;
  if (issuer === undefined) {
    // a digest alone: the issuer is whoever logged it, unless several did (only one can be genuine)
    const issuers = issuersOf(openOwnLedger(dir), digest);
    if (issuers.length > 1) throw new RadcredError('CREDENTIAL_AMBIGUOUS', `credential ${digest} has issue entries by ${issuers.length} different signers`, 'pass the credential file instead of its digest, so its own issuer decides');
    issuer = issuers[0];
  }
  const trust: IndexTrust = pin ? { mode: 'verifier', home: ctx.home, origin } : OWN_INDEX;
  const standing = issuer ? ledgerStanding(dir, reader, checkpoint, digest, issuer, Number.MAX_SAFE_INTEGER, trust) : undefined;
  if (!standing?.anchor) {
    throw new RadcredError('CREDENTIAL_NOT_LOGGED', `credential ${digest} has no issue entry by its issuer in this ledger`,
      `${registerNote(resolved, checkpoint.origin)}an entry queued in pending/ can be proved once the operator integrates it (\`radcred ledger integrate\`)`);
  }
  const index = standing.anchor.index;
  const entry = reader.entry(index);
  const proofText = formatProof({ index, proof: reader.inclusionProof(index), checkpoint: checkpoint.note });
  // both staged before either is put in place, so a failure leaves neither behind
  proofOut.stage(proofText);
  try {
    entryOutput.stage(entry);
  } catch (e) {
    proofOut.discard();
    throw e;
  }
  const out = proofOut.commit();
  const entryOut = entryOutput.commit();
  return {
    data: { credential: digest, index, checkpoint: { origin: checkpoint.origin, size: checkpoint.size, root: checkpoint.root.toString('base64') }, out, entry: entryOut },
    human: (s) => `${s.ok('proved')} issue entry ${index} of ${digest} under ${checkpoint.origin} size ${checkpoint.size}\n  proof  ${out}\n  entry  ${entryOut}\n  ${s.dim(`check it with: radcred ledger check-proof ${String(opts.out)} --entry ${entryOut} --vkey VKEY`)}`,
  };
}

export async function checkProofCommand(ctx: CliContext, [file]: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const vkey = vkeyArg(ctx, String(opts.vkey));
  const text = readTextBounded(ctx.resolvePath(file!), 'tlog-proof', 64 * 1024);
  const entryBytes = readBounded(ctx.resolvePath(String(opts.entry)), 'entry file', 65535);
  // an empty leaf is a valid tree entry, but an empty --entry file is a mistake, not evidence
  if (entryBytes.length === 0) throw new RadcredError('ENTRY_FILE_EMPTY', `the entry file ${String(opts.entry)} is empty`, 'give the entry file `radcred ledger prove` wrote (OUT.entry)');
  const { index, checkpoint } = checkProof(text, entryBytes, vkey);
  let entry: ReturnType<typeof parseEntry> | undefined;
  if (isRadcredEntry(entryBytes)) {
    entry = parseEntry(entryBytes);
    if (!entrySignatureValid(entry)) throw new RadcredError('ENTRY_SIGNATURE', `the entry is not signed by its issuer ${entry.issuer}`);
  }
  const data = {
    ok: true, index, checkpoint: { origin: checkpoint.origin, size: checkpoint.size, root: checkpoint.root.toString('base64') },
    ...(entry ? { entry: { kind: entry.kind, credential: entry.credential, issuer: entry.issuer, time: entry.time } } : {}),
  };
  return {
    data,
    human: (s) => `${s.ok('proof valid')}: entry ${index} is in ${checkpoint.origin} at size ${checkpoint.size}${entry ? `\n  ${entry.kind} of ${entry.credential} by ${entry.issuer}, ${entry.time} (signature valid)` : ''}`,
  };
}
