// What the ledger commands report and write, computed here rather than in the CLI: a ledger's
// status as its own files say, an audit of a whole copy, and a credential's tlog-proof.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RadcredError } from '../errors.js';
import { registerNote, type ResolvedCredential } from '../issued/resolve.js';
import { exists } from '../util/files.js';
import { auditRange, type AuditCounts } from './audit.js';
import { entrySignatureValid, isRadcredEntry, parseEntry, type LedgerEntry } from './entry.js';
import { auditIndexCopy, type IndexAudit } from './entry-index.js';
import { ShardHasher } from './index-format.js';
import type { Checkpoint } from './checkpoint.js';
import { openLedger, type LedgerCopy } from './open.js';
import type { Vkey } from './note.js';
import { issuersOf, openOwnLedger, PENDING_DIR } from './own-ledger.js';
import { recordIndex } from './pins.js';
import { withScratchPull } from './scratch-pull.js';
import { requireQuorum, type WitnessPolicy } from './witness-policy.js';
import { checkProof, formatProof } from './proof.js';
import { ledgerStanding } from './status.js';

const summary = (cp: Checkpoint) => ({ origin: cp.origin, size: cp.size, root: cp.root.toString('base64') });

export interface LedgerStatus {
  origin: string;
  size: number;
  root: string;
  vkey: string;
  newestEntryTime: string | null;
  pending: number;
}

/** The operator's view of its own ledger (its published key; `ledger audit` checks the files). */
export function ledgerStatus(dir: string): LedgerStatus {
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
  return { ...summary(l.checkpoint), vkey: l.vkey.text, newestEntryTime, pending };
}

export interface AuditResult {
  origin: string;
  size: number;
  root: string;
  keySource: LedgerCopy['keySource'];
  vkey: string;
  counts: AuditCounts;
  index: IndexAudit;
  cosigners?: string[];
}

/**
 * Recomputes every tile and the root from the entries and checks every entry's signature; the
 * derived index/ must be exactly what the entries give. Checked against the pinned key, the
 * index version is then one this home may trust (recorded).
 */
export async function auditLedger(
  dir: string,
  home: string,
  vkey?: Vkey,
  policy?: { policy: WitnessPolicy; now: number },
): Promise<AuditResult> {
  const l = openLedger(dir, { home, ...(vkey ? { vkey } : {}) });
  const cosigners = policy ? requireQuorum(policy.policy, l.checkpoint, l.vkey, policy.now) : undefined;
  const shards = new ShardHasher();
  const counts = await auditRange(l.reader, l.checkpoint, 0, () => [], { index: shards });
  const index = auditIndexCopy(dir, l.checkpoint, shards.finish());
  const s = summary(l.checkpoint);
  if (index.digest !== undefined && l.pin && l.pin.vkey === l.vkey.text)
    recordIndex(home, l.origin, { size: s.size, root: s.root, digest: index.digest });
  return { ...s, keySource: l.keySource, vkey: l.vkey.text, counts, index, ...(cosigners ? { cosigners } : {}) };
}

export interface CredentialProof {
  credential: string;
  index: number;
  checkpoint: { origin: string; size: number; root: string };
  /** the C2SP tlog-proof text */
  proof: string;
  /** the issue entry's bytes */
  entry: Buffer;
}

/** The tlog-proof of a credential's issue entry by its issuer, under the copy's checkpoint. */
export function proveCredential(dir: string, home: string, resolved: ResolvedCredential): CredentialProof {
  const l = openLedger(dir, { home });
  const { digest } = resolved;
  let issuer = resolved.issuer;
  if (issuer === undefined) {
    // a digest alone: the issuer is whoever logged it, unless several did (only one can be genuine)
    const issuers = issuersOf(openOwnLedger(dir), digest);
    if (issuers.length > 1)
      throw new RadcredError(
        'CREDENTIAL_AMBIGUOUS',
        `credential ${digest} has issue entries by ${issuers.length} different signers`,
        'pass the credential file instead of its digest, so its own issuer decides',
      );
    issuer = issuers[0];
  }
  const standing = issuer
    ? ledgerStanding(dir, l.reader, l.checkpoint, digest, issuer, Number.MAX_SAFE_INTEGER, l.indexTrust)
    : undefined;
  if (!standing?.anchor) {
    throw new RadcredError(
      'CREDENTIAL_NOT_LOGGED',
      `credential ${digest} has no issue entry by its issuer in this ledger`,
      `${registerNote(resolved, l.checkpoint.origin)}an entry queued in pending/ can be proved once the operator integrates it (\`radcred ledger integrate\`)`,
    );
  }
  const index = standing.anchor.index;
  return {
    credential: digest,
    index,
    checkpoint: summary(l.checkpoint),
    entry: l.reader.entry(index),
    proof: formatProof({ index, proof: l.reader.inclusionProof(index), checkpoint: l.checkpoint.note }),
  };
}

/** Checks a tlog-proof of `entryBytes` with `vkey`; a radcred entry's own signature too. */
export function checkProofOf(
  text: string,
  entryBytes: Buffer,
  vkey: Vkey,
): { index: number; checkpoint: { origin: string; size: number; root: string }; entry?: LedgerEntry } {
  // an empty leaf is a valid tree entry, but an empty entry file is a mistake, not evidence
  if (entryBytes.length === 0)
    throw new RadcredError(
      'ENTRY_FILE_EMPTY',
      'the entry file is empty',
      'give the entry file `radcred ledger prove` wrote (OUT.entry)',
    );
  const { index, checkpoint } = checkProof(text, entryBytes, vkey);
  let entry: LedgerEntry | undefined;
  if (isRadcredEntry(entryBytes)) {
    entry = parseEntry(entryBytes);
    if (!entrySignatureValid(entry))
      throw new RadcredError('ENTRY_SIGNATURE', `the entry is not signed by its issuer ${entry.issuer}`);
  }
  return { index, checkpoint: summary(checkpoint), ...(entry ? { entry } : {}) };
}

/**
 * The audit of a ledger at a URL: pulled whole into a temporary copy (every entry, tile and
 * signature checked, against this home's pin when it has one, or `vkey`), then removed. This
 * home's pins never move.
 */
export async function auditRemote(
  src: string,
  home: string,
  vkey?: Vkey,
  policy?: { policy: WitnessPolicy; now: number },
): Promise<Omit<AuditResult, 'index'>> {
  const options = { ...(vkey ? { vkey } : {}), ...(policy ? { witnessPolicy: policy.policy, now: policy.now } : {}) };
  return withScratchPull(src, home, options, ({ pulled: r, pin }) => ({
    origin: r.origin,
    size: r.checkpoint.size,
    root: r.checkpoint.root,
    keySource: vkey ? 'argument' : pin ? 'pin' : 'published',
    vkey: r.vkey,
    counts: r.audited!,
    ...(r.cosigners ? { cosigners: r.cosigners } : {}),
  }));
}
