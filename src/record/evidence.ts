// The evidence a verification record carries, so that `record check` can replay the verification
// from the record alone years later: the file verified, the request, the trust-list entries that
// decided trust, the options that changed the verdict, and for each ledger its signed checkpoint
// with every entry the anchor and status checks read, each as a C2SP tlog-proof under it.
// Opening the evidence again proves every entry under a checkpoint signed by the pinned key.
import { RadcredError } from '../errors.js';
import { openCheckpoint, type Checkpoint } from '../ledger/checkpoint.js';
import { checkProof, formatProof, parseProof } from '../ledger/proof.js';
import type { Vkey } from '../ledger/note.js';
import type { ProvenEntry } from '../ledger/status.js';
import { parseTrustList, type TrustList } from '../trust/trust-list.js';
import { isPlainObject } from '../util/json.js';
import type { LedgerOpening, LedgerView } from '../verify/ledger-context.js';
import type { FileResult, VerifyOptions } from '../verify/types.js';

export interface LedgerEvidence {
  origin: string;
  /** where the office read it (so the replay names it as the verification did) */
  dir?: string;
  /** absent when this home had no pin for the ledger (its checks failed for that) */
  checkpoint?: string;
  pinnedSize?: number;
  confirmedAt?: string;
  /** each entry naming a presented credential, as a tlog-proof under `checkpoint` */
  entries: { credential: string; entry: string; proof: string }[];
}

export interface Evidence {
  /** the presentation or credential verified, exactly as read */
  file: string;
  /** the office's signed request, when the verification answered one */
  request?: string;
  /** the trust-list entries of the issuers presented (the whole decision on trust) */
  trust?: TrustList;
  /** how the verification was told to run, where that changes the verdict */
  options: {
    anyIssuer?: true;
    noTrustList?: true;
    anyAudience?: true;
    audience?: { audience: string; challenge: string };
    noLedger?: true;
    maxLedgerAgeSeconds?: number;
  };
  ledgers: LedgerEvidence[];
}

function trustEvidence(
  trust: VerifyOptions['trust'],
  result: FileResult,
): Pick<Evidence, 'trust'> & Pick<Evidence['options'], 'anyIssuer' | 'noTrustList'> {
  if (trust === 'any') return { anyIssuer: true };
  if (trust === 'missing') return { noTrustList: true };
  const issuers = new Set(result.credentials.map((c) => c.issuer));
  return { trust: { version: 1, issuers: trust.issuers.filter((i) => issuers.has(i.did)) } };
}

function ledgerEvidence(l: LedgerOpening, digests: string[]): LedgerEvidence {
  if (!l.ok) return { origin: l.origin, dir: l.dir, entries: [] };
  const v = l.ledger;
  const entries = digests.flatMap((credential) =>
    v.entriesFor(credential).map((e) => ({
      credential,
      entry: e.bytes.toString('base64'),
      proof: formatProof({ index: e.index, proof: v.inclusionProof(e.index), checkpoint: v.checkpoint.note }),
    })),
  );
  return {
    origin: v.checkpoint.origin,
    dir: v.dir,
    checkpoint: v.checkpoint.note,
    pinnedSize: v.pin.size,
    confirmedAt: v.pin.confirmedAt,
    entries,
  };
}

/** The evidence of one verification, gathered after it ran (the ledgers are read again, from cache). */
export function gatherEvidence(
  text: string,
  requestText: string | undefined,
  options: VerifyOptions,
  result: FileResult,
): Evidence {
  const { trust, ...trustOptions } = trustEvidence(options.trust, result);
  const digests = result.credentials.map((c) => c.digest);
  return {
    file: text,
    ...(requestText !== undefined ? { request: requestText } : {}),
    ...(trust !== undefined ? { trust } : {}),
    options: {
      ...trustOptions,
      ...(options.audience === 'any' ? { anyAudience: true } : {}),
      ...(typeof options.audience === 'object' && requestText === undefined ? { audience: options.audience } : {}),
      ...(options.ledger === 'skip' ? { noLedger: true } : {}),
      ...(options.maxLedgerAgeSeconds !== undefined ? { maxLedgerAgeSeconds: options.maxLedgerAgeSeconds } : {}),
    },
    ledgers: Array.isArray(options.ledger) ? options.ledger.map((l) => ledgerEvidence(l, digests)) : [],
  };
}

const malformed = (why: string) => new RadcredError('RECORD_MALFORMED', `the record's evidence is malformed: ${why}`);

/** Strictly reads the evidence claim of a record (shape only: proofs are checked by openLedgerEvidence). */
export function parseEvidence(value: unknown): Evidence {
  if (!isPlainObject(value)) throw malformed('not an object');
  const { file, request, trust, options, ledgers } = value;
  if (typeof file !== 'string' || file.length === 0) throw malformed('"file" is missing');
  if (request !== undefined && typeof request !== 'string') throw malformed('"request" is not a JWS');
  if (!isPlainObject(options)) throw malformed('"options" is missing');
  const known = ['anyIssuer', 'noTrustList', 'anyAudience', 'audience', 'noLedger', 'maxLedgerAgeSeconds'];
  const unknown = Object.keys(options).find((k) => !known.includes(k));
  if (unknown !== undefined) throw malformed(`unknown option ${JSON.stringify(unknown.slice(0, 40))}`);
  for (const k of ['anyIssuer', 'noTrustList', 'anyAudience', 'noLedger'])
    if (options[k] !== undefined && options[k] !== true) throw malformed(`options.${k} must be true`);
  const a = options.audience;
  if (a !== undefined && !(isPlainObject(a) && typeof a.audience === 'string' && typeof a.challenge === 'string'))
    throw malformed('options.audience must name an audience and a challenge');
  const age = options.maxLedgerAgeSeconds;
  if (age !== undefined && !(typeof age === 'number' && Number.isSafeInteger(age) && age >= 0))
    throw malformed('options.maxLedgerAgeSeconds must be whole seconds');
  if (!Array.isArray(ledgers) || ledgers.length > 16) throw malformed('"ledgers" must be a list');
  return {
    file,
    ...(request !== undefined ? { request } : {}),
    ...(trust !== undefined ? { trust: trustListOf(trust) } : {}),
    options: options as Evidence['options'],
    ledgers: ledgers.map(parseLedgerEvidence),
  };
}

function trustListOf(value: unknown): TrustList {
  try {
    return parseTrustList(JSON.stringify(value), 'in the record');
  } catch (e) {
    if (e instanceof RadcredError) throw malformed(e.message);
    throw e;
  }
}

function parseLedgerEvidence(value: unknown, i: number): LedgerEvidence {
  const bad = (why: string) => malformed(`ledgers[${i}] ${why}`);
  if (!isPlainObject(value)) throw bad('is not an object');
  const { origin, dir, checkpoint, pinnedSize, confirmedAt, entries } = value;
  if (typeof origin !== 'string' || origin.length === 0) throw bad('has no origin');
  if (dir !== undefined && typeof dir !== 'string') throw bad('dir is not a path');
  if (checkpoint !== undefined && typeof checkpoint !== 'string') throw bad('checkpoint is not a signed note');
  if (
    pinnedSize !== undefined &&
    !(typeof pinnedSize === 'number' && Number.isSafeInteger(pinnedSize) && pinnedSize >= 0)
  )
    throw bad('pinnedSize is not a tree size');
  if (confirmedAt !== undefined && typeof confirmedAt !== 'string') throw bad('confirmedAt is not a time');
  if (
    !Array.isArray(entries) ||
    !entries.every(
      (e) =>
        isPlainObject(e) &&
        typeof e.credential === 'string' &&
        typeof e.entry === 'string' &&
        typeof e.proof === 'string',
    )
  ) {
    throw bad('entries must each hold a credential digest, an entry and a proof');
  }
  if (checkpoint === undefined && entries.length > 0) throw bad('has entries but no checkpoint');
  return {
    origin,
    ...(dir !== undefined ? { dir } : {}),
    ...(checkpoint !== undefined ? { checkpoint } : {}),
    ...(pinnedSize !== undefined ? { pinnedSize } : {}),
    ...(confirmedAt !== undefined ? { confirmedAt } : {}),
    entries: entries as LedgerEvidence['entries'],
  };
}

/**
 * The ledger as the record saw it, proven again with `vkey` (the key this home pins for the
 * origin): the checkpoint must be signed by it, and every entry proven included under that very
 * checkpoint. Throws RECORD_CHECKPOINT_UNTRUSTED or RECORD_PROOF_INVALID otherwise.
 */
export function openLedgerEvidence(e: LedgerEvidence, vkey: Vkey): LedgerView {
  let checkpoint: Checkpoint;
  try {
    checkpoint = openCheckpoint(e.checkpoint!, vkey);
  } catch (err) {
    throw new RadcredError(
      'RECORD_CHECKPOINT_UNTRUSTED',
      `the record's checkpoint of ${e.origin} is not signed by the key this home pins for it: ${(err as Error).message}`,
      'the record was made against another ledger key, or its checkpoint was altered',
    );
  }
  const byDigest = new Map<string, ProvenEntry[]>();
  const proofs = new Map<number, Buffer[]>();
  for (const [n, x] of e.entries.entries()) {
    const bytes = Buffer.from(x.entry, 'base64');
    let proven: ReturnType<typeof checkProof>;
    try {
      if (bytes.toString('base64') !== x.entry) throw new Error('the entry is not canonical base64');
      proven = checkProof(x.proof, bytes, vkey);
    } catch (err) {
      throw new RadcredError(
        'RECORD_PROOF_INVALID',
        `proof ${n + 1} of ${e.origin} in the record does not hold: ${(err as Error).message}`,
        'the record was altered after it was made',
      );
    }
    if (proven.checkpoint.note !== checkpoint.note) {
      throw new RadcredError(
        'RECORD_PROOF_INVALID',
        `proof ${n + 1} of ${e.origin} is under another checkpoint than the record's`,
        'the record was altered after it was made',
      );
    }
    byDigest.set(x.credential, [...(byDigest.get(x.credential) ?? []), { index: proven.index, bytes }]);
    proofs.set(proven.index, parseProof(x.proof).proof);
  }
  return {
    dir: e.dir ?? `the record's evidence of ${e.origin}`,
    checkpoint,
    pin: { size: e.pinnedSize ?? checkpoint.size, confirmedAt: e.confirmedAt ?? '1970-01-01T00:00:00Z' },
    entriesFor: (digest) => byDigest.get(digest) ?? [],
    inclusionProof: (index) => proofs.get(index) ?? [],
  };
}
