// The holder's wallet: credentials/<digest hex>.jwt, the bare VC-JWT as issued. Adding checks the
// signature and that the credential was issued to one of this home's identities.
import { readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { readCredentialClaims, type CredentialView } from '../credential/claims.js';
import { findByReference, type PathResolver } from '../credential/reference.js';
import { RadcredError, type ErrorCode } from '../errors.js';
import { homePaths } from '../home.js';
import { parseCompactJws } from '../jws/compact.js';
import { exists, readTextBounded, writeFileAtomic } from '../util/files.js';
import { checkSignature } from '../verify/signature.js';
import { resolveDids } from '../identity/resolver.js';

export interface WalletEntry {
  file: string;
  view: CredentialView;
}

/** Parses and checks a credential for the wallet; throws a coded error for anything unusable. */
export async function checkCredentialForWallet(text: string, holderDids: readonly string[]): Promise<CredentialView> {
  const jws = parseCompactJws(text);
  if (typeof jws.payload.iss === 'string') await resolveDids([jws.payload.iss]);
  const claims = readCredentialClaims(jws);
  if (!claims.ok) throw new RadcredError('CREDENTIAL_INVALID', `not a usable VC-JWT: ${claims.message}`);
  const sig = checkSignature(jws, 'credential').check;
  if (sig.status !== 'pass')
    throw new RadcredError(
      sig.code as ErrorCode,
      sig.message,
      'the wallet only stores credentials whose signature verifies',
    );
  if (!holderDids.includes(claims.view.subject)) {
    throw new RadcredError(
      'NOT_HOLDERS_CREDENTIAL',
      `the credential was issued to ${claims.view.subject}, which is not ${holderDids.length === 1 ? 'this holder' : "one of this home's identities"}`,
      'add it to the wallet of the identity it was issued to (--holder NAME, --home DIR)',
    );
  }
  return claims.view;
}

const statOrUndefined = (path: string) => {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
};

const fileOf = (home: string, digest: string) =>
  join(homePaths(home).credentials, `${digest.slice('sha256:'.length)}.jwt`);

export function addToWallet(home: string, view: CredentialView): { added: boolean; file: string } {
  const file = fileOf(home, view.digest);
  const st = statOrUndefined(file);
  if (st !== undefined && !st.isFile())
    throw new RadcredError(
      'WALLET_DAMAGED',
      `wallet slot ${file} is not a file`,
      'remove it, then add the credential again',
    );
  if (st !== undefined) return { added: false, file };
  try {
    writeFileAtomic(file, view.jws.compact + '\n', { exclusive: true });
  } catch (e) {
    if (e instanceof RadcredError && e.code === 'FILE_EXISTS') return { added: false, file };
    throw e;
  }
  return { added: true, file };
}

/** Every credential in the wallet; a damaged file is an error naming it (never silently skipped). */
/** A wallet file's name: the credential's digest, `<sha256 hex>.jwt`. */
const WALLET_FILE = /^[0-9a-f]{64}\.jwt$/;

/**
 * The files in the wallet's directory that are no wallet file (not named by a digest), which
 * listWallet passes over: a file copied in by hand, say. Hidden files (radcred's own temporary
 * files while it writes) are not counted.
 */
export function strayWalletFiles(home: string): string[] {
  const dir = homePaths(home).credentials;
  if (!exists(dir)) return [];
  return readdirSync(dir)
    .filter((f) => !f.startsWith('.') && !WALLET_FILE.test(f))
    .sort();
}

export function listWallet(home: string): WalletEntry[] {
  const dir = homePaths(home).credentials;
  if (!exists(dir)) return [];
  return readdirSync(dir)
    .filter((f) => WALLET_FILE.test(f))
    .sort()
    .map((f) => {
      const file = join(dir, f);
      let claims;
      try {
        claims = readCredentialClaims(parseCompactJws(readTextBounded(file, 'wallet credential')));
      } catch (e) {
        if (!(e instanceof RadcredError)) throw e;
        claims = { ok: false as const, message: e.message };
      }
      if (!claims.ok)
        throw new RadcredError(
          'WALLET_DAMAGED',
          `wallet file ${file} is not a VC-JWT: ${claims.message}`,
          `remove it with \`radcred wallet remove ${f.slice(0, 12)}\``,
        );
      return { file, view: claims.view };
    });
}

export function findInWallet(home: string, ref: string, resolvePath?: PathResolver): WalletEntry {
  const entries = listWallet(home);
  const hit = findByReference(
    entries.map((e) => ({ digest: e.view.digest, jti: e.view.jti, entry: e })),
    ref,
    resolvePath,
  );
  return hit.entry;
}

/** A wallet file that cannot be read as a credential, named by the digest in its file name. */
export interface DamagedWalletFile {
  file: string;
  damaged: true;
  digest: string;
}

/** The wallet file `ref` names, without removing it (a damaged file too, by its digest). */
export function locateInWallet(home: string, ref: string, resolvePath?: PathResolver): WalletEntry | DamagedWalletFile {
  // A damaged file is named by its digest: it can be removed by that, although it cannot be read.
  const hex = /^(?:sha256:)?([0-9a-f]{8,64})$/.exec(ref)?.[1];
  const dir = homePaths(home).credentials;
  if (hex !== undefined && exists(dir)) {
    const named = readdirSync(dir).filter((f) => /^[0-9a-f]{64}\.jwt$/.test(f) && f.startsWith(hex));
    if (named.length === 1) {
      const file = join(dir, named[0]!);
      let entry: WalletEntry | undefined;
      try {
        const claims = readCredentialClaims(parseCompactJws(readTextBounded(file, 'wallet credential')));
        if (claims.ok) entry = { file, view: claims.view };
      } catch {
        entry = undefined;
      }
      return entry ?? { file, damaged: true, digest: `sha256:${named[0]!.slice(0, 64)}` };
    }
  }
  return findInWallet(home, ref, resolvePath);
}

/** Removes what locateInWallet found. */
export function removeLocated(found: WalletEntry | DamagedWalletFile): void {
  unlinkSync(found.file);
}
