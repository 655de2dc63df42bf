// `ledger entries`: what a ledger holds, entry by entry, for monitoring. An issuer lists the
// entries that name its DID and sees any its key never made (a stolen key); an office sees what
// changed since its last look. Every bundle read is checked against its level-0 tile, and the
// copy was opened against its pin (open.ts), so what is listed is what the signed tree holds.
import { RadcredError } from '../errors.js';
import { leafHash, verifyInclusion } from './merkle.js';
import { entrySignatureValid, isRadcredEntry, parseEntry, type EntryKind } from './entry.js';
import type { Vkey } from './note.js';
import { openLedger, type LedgerCopy } from './open.js';
import { withScratchPull } from './scratch-pull.js';
import { isUrl } from './source.js';
import { TILE_WIDTH } from './tiles.js';

export interface ListedEntry {
  index: number;
  kind: EntryKind | 'opaque' | 'malformed';
  credential?: string;
  issuer?: string;
  time?: string;
  reason?: string;
  /** whether the issuer's signature holds (radcred entries only) */
  signatureValid?: boolean;
}

export interface EntryFilter {
  /** only entries signed in the name of this DID */
  issuer?: string;
  /** only entries dated at or after this time (unix seconds) */
  since?: number;
  /** only entries at this index or later */
  from?: number;
}

/** The entries of the copy's tree that pass `filter`, in ledger order. */
export function listEntries(l: LedgerCopy, filter: EntryFilter = {}): ListedEntry[] {
  const out: ListedEntry[] = [];
  const size = l.checkpoint.size;
  const first = Math.max(0, filter.from ?? 0);
  for (let t = Math.floor(first / TILE_WIDTH); t * TILE_WIDTH < size; t++) {
    // the bundle's first entry proven under the signed root binds its level-0 tile, and the tile
    // every entry of the bundle (reader.checkBundleOf)
    const at = t * TILE_WIDTH;
    if (!verifyInclusion(at, size, leafHash(l.reader.entry(at)), l.reader.inclusionProof(at), l.checkpoint.root)) {
      throw new RadcredError(
        'LEDGER_INCLUSION_FAILED',
        `entry ${at} is not included under the checkpoint (tiles or entries altered)`,
        'run `radcred ledger audit` on this copy, then pull it again',
      );
    }
    l.reader.checkBundleOf(at);
    const bundle = l.reader.bundle(t);
    bundle.forEach((bytes, j) => {
      const index = t * TILE_WIDTH + j;
      if (index < first) return;
      if (!isRadcredEntry(bytes)) {
        if (filter.issuer === undefined && filter.since === undefined) out.push({ index, kind: 'opaque' });
        return;
      }
      let e: ReturnType<typeof parseEntry>;
      try {
        e = parseEntry(bytes);
      } catch {
        if (filter.issuer === undefined && filter.since === undefined) out.push({ index, kind: 'malformed' });
        return;
      }
      if (filter.issuer !== undefined && e.issuer !== filter.issuer) return;
      if (filter.since !== undefined && e.timeSeconds < filter.since) return;
      out.push({
        index,
        kind: e.kind,
        credential: e.credential,
        issuer: e.issuer,
        time: e.time,
        ...(e.reason !== undefined ? { reason: e.reason } : {}),
        signatureValid: entrySignatureValid(e),
      });
    });
  }
  return out;
}

/**
 * Runs `fn` on the ledger at `src`: a directory opened as it is, or a URL pulled first into a
 * temporary copy (audited against this home's pin, or `vkey`), which is removed after. The home's
 * own pins are never moved by a look.
 */
export async function withLedgerAt<T>(
  src: string,
  home: string,
  vkey: Vkey | undefined,
  fn: (l: LedgerCopy) => T,
): Promise<T> {
  if (!isUrl(src)) return fn(openLedger(src, { home, ...(vkey ? { vkey } : {}) }));
  return withScratchPull(src, home, vkey ? { vkey } : {}, (c) => {
    const copy = openLedger(c.dir, { home: c.home, ...(vkey ? { vkey } : {}) });
    // 'published' when neither a pin nor --vkey decided the key (trust on first use)
    return fn(c.pulled.trustOnFirstUse ? { ...copy, keySource: 'published' } : copy);
  });
}
