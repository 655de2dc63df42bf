// A CREDENTIAL argument on the issuer's side (revoke, suspend, reinstate, ledger prove): a
// credential file, `sha256:<64 hex>`, a digest prefix of 8+ hex (looked up in the ledger), or a
// jti — looked up in this home's issuer register first, then its wallet — so an issuer who kept
// no file can still name any credential it issued.
import { readCredentialClaims, type CredentialView } from '../credential/claims.js';
import {
  CREDENTIAL_FILE_EXTENSIONS,
  missingCredentialFile,
  namesJti,
  type PathResolver,
} from '../credential/reference.js';
import { RadcredError } from '../errors.js';
import { parseCompactJws } from '../jws/compact.js';
import { digestsWithPrefix } from '../ledger/own-ledger.js';
import { exists, looksLikePath, readTextBounded } from '../util/files.js';
import { listWallet } from '../wallet/wallet.js';
import { findIssued } from './register.js';

export interface ResolvedCredential {
  digest: string;
  /** the credential's issuer, when the reference tells (a file, the register, the wallet) */
  issuer?: string;
  /** where the reference was found */
  source: 'file' | 'digest' | 'ledger' | 'register' | 'wallet';
  /** source 'register': the ledger origin the register recorded its issuance in (null: none) */
  ledger?: string | null;
  /** the credential itself, when the reference gave it (a file, the wallet) */
  view?: CredentialView;
}

const HEX_REF = /^(?:sha256:)?([0-9a-f]{8,64})$/;

export function resolveCredential(
  home: string,
  ledgerDir: string,
  ref: string,
  resolvePath: PathResolver,
): ResolvedCredential {
  if (ref.length === 0)
    throw new RadcredError(
      'CREDENTIAL_REF_EMPTY',
      'the CREDENTIAL argument is empty',
      'give a credential file, its digest, or its jti (`radcred issued list` shows them)',
    );
  const hex = HEX_REF.exec(ref)?.[1];
  const path = resolvePath(ref);
  // a jti is a URN (urn:uuid:...), never a file name
  if (hex === undefined && !ref.startsWith('urn:') && exists(path)) {
    const claims = readCredentialClaims(parseCompactJws(readTextBounded(path, 'credential file')));
    if (!claims.ok)
      throw new RadcredError(
        'CREDENTIAL_INVALID',
        `${ref} is not a VC-JWT: ${claims.message}`,
        'give the credential file as issued, its digest, or its jti',
      );
    return { digest: claims.view.digest, issuer: claims.view.issuer, source: 'file', view: claims.view };
  }
  if (hex === undefined && looksLikePath(ref, CREDENTIAL_FILE_EXTENSIONS)) throw missingCredentialFile(ref);
  if (/^sha256:[0-9a-f]{64}$/.test(ref)) return { digest: ref, source: 'digest' };
  if (hex !== undefined) {
    const found = digestsWithPrefix(ledgerDir, hex);
    if (found.length === 1) return { digest: found[0]!, source: 'ledger' };
    if (found.length > 1)
      throw new RadcredError(
        'CREDENTIAL_AMBIGUOUS',
        `${ref} matches ${found.length} credentials in the ledger`,
        'give more characters of the digest',
      );
    throw new RadcredError(
      'CREDENTIAL_NOT_FOUND',
      `no credential with digest ${ref}... in the ledger`,
      'pending entries count only once integrated (`radcred ledger integrate`)',
    );
  }
  const issued = findIssued(home, ref);
  if (issued.length > 1) {
    throw new RadcredError(
      'CREDENTIAL_AMBIGUOUS',
      `jti ${ref} names ${issued.length} different credentials in the issuer register`,
      'give the digest instead (`radcred issued list --json` shows each)',
    );
  }
  if (issued.length === 1)
    return { digest: issued[0]!.digest, issuer: issued[0]!.issuer, source: 'register', ledger: issued[0]!.ledger };
  const inWallet = listWallet(home).find((e) => namesJti(ref, e.view.jti));
  if (inWallet)
    return { digest: inWallet.view.digest, issuer: inWallet.view.issuer, source: 'wallet', view: inWallet.view };
  throw new RadcredError(
    'CREDENTIAL_NOT_FOUND',
    `no credential matches ${JSON.stringify(ref)}: not a file, a digest, or a jti this home issued or holds`,
    '`radcred issued list` shows the jti of every credential this home issued; or give the credential file or its digest',
  );
}

/** For a credential the ledger has no issue entry for: where the register says it went, if not there. */
export function registerNote(resolved: ResolvedCredential, origin: string): string {
  if (resolved.source !== 'register' || resolved.ledger === origin) return '';
  return resolved.ledger === null
    ? 'the issuer register records it as issued without --ledger; '
    : `the issuer register records its issue entry in ledger ${resolved.ledger}; `;
}
