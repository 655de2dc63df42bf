// @internal (src/codes only)
// Error codes of files, identities and credentials (exit 3); part of the one table (src/codes/errors.ts).
import { input, unreadable } from './error-kinds.js';

export const INPUT_ERRORS = {
  // --- files, identities and credentials (exit 3)
  FILE_NOT_FOUND: unreadable(
    'a file or directory named does not exist',
    'check the path; relative paths are taken from the current directory',
  ),
  FILE_UNREADABLE: unreadable(
    'a file cannot be read, or is not a regular file',
    'give a regular file you may read, not a directory, FIFO or device',
  ),
  FILE_TOO_LARGE: unreadable(
    'a file is larger than its input limit',
    'radcred refuses inputs over their limit (see README, Hardening: input limits)',
  ),
  FILE_NOT_UTF8: unreadable('a text file is not UTF-8', 'give the file as UTF-8 text'),
  FILE_EXISTS: input('a file that radcred creates exclusively exists', 'choose another name, or remove the file first'),
  NOT_A_DIRECTORY: input('a directory argument names a file', 'give a directory'),
  IO_FAILED: input(
    'the file system refused a read or write (full, read-only, permissions)',
    'check that the path exists, is of the right kind, and that you may write there',
  ),
  JSON_INVALID: input('a JSON file is not valid JSON, or not an object', 'the file must hold one JSON object'),
  DATA_INVALID: input(
    'subject data (--data) is not a JSON object',
    '--data holds the credential subject as one JSON object (see `radcred types show TYPE`)',
  ),
  SUBJECT_INVALID: input(
    "subject data fails its type's schema or rules",
    'see `radcred types show TYPE` for the fields and their rules',
  ),
  JWK_INVALID: input(
    'a JWK file is not a usable private key',
    'give the private JWK (OKP Ed25519, EC P-256 or EC secp256k1) that `radcred id export` writes',
  ),
  KEY_INVALID: input('a private key is not valid for its curve', 'give a 32-byte private key valid for its curve'),
  KEYSTORE_INVALID: input('a keystore file is damaged', 'restore the keystore from a backup, or import the key again'),
  KEYSTORE_PASSPHRASE: input(
    'wrong passphrase for a keystore',
    'check the passphrase (file, RADCRED_PASSPHRASE or prompt)',
  ),
  IDENTITY_NOT_FOUND: input('no identity of that name in this home', 'see `radcred id list`, or pass --home'),
  IDENTITY_EXISTS: input(
    'an identity of that name exists (never overwritten)',
    'choose another name; radcred never overwrites a keystore',
  ),
  IDENTITY_NAME_CLASH: input(
    'a new identity name would read the same $RADCRED_PASSPHRASE_NAME as another identity of the home',
    'choose a name that differs from the other in more than case, "-" or "_"',
  ),
  NO_IDENTITY: input('this home has no identities', 'create one with `radcred id create NAME` (or pass --home)'),
  HOME_NOT_FOUND: input('the radcred home does not exist', 'create it with `radcred id create NAME`, or pass --home'),
  HOME_NOT_DIRECTORY: input('the radcred home is not a directory', 'give --home a directory (or set RADCRED_HOME)'),
  DID_INVALID: input(
    'not a usable did:key',
    'radcred resolves did:key DIDs for Ed25519, P-256 and secp256k1 keys, offline',
  ),
  JWS_MALFORMED: unreadable(
    'not a strict compact JWS with JSON-object header and payload',
    'a credential or presentation file holds one compact JWT: header.payload.signature',
  ),
  JWS_TOO_LARGE: unreadable(
    'a JWS is larger than 4 MiB',
    'a JWT is at most 4 MiB: ask for a presentation of only what you need',
  ),
  CREDENTIAL_INVALID: input(
    'a credential file is not a usable VC-JWT',
    'give a VC-JWT credential file (or its digest or jti)',
  ),
  CREDENTIAL_NOT_FOUND: input(
    'no credential matches the CREDENTIAL argument',
    'name it by its file, its digest (8+ hex characters) or its jti; see `radcred wallet list`',
  ),
  CREDENTIAL_AMBIGUOUS: input(
    'a CREDENTIAL argument matches several credentials',
    'give more characters of the digest, or the credential file',
  ),
  CREDENTIAL_EXPIRED: input(
    'a credential chosen to present has expired',
    'leave it out, or ask its issuer for a renewed one',
  ),
  CREDENTIAL_NOT_YET_VALID: input('a credential chosen to present is not valid yet', 'leave it out until it is valid'),
  NOT_HOLDERS_CREDENTIAL: input(
    'a credential was not issued to this holder',
    'add it to the wallet of the identity it was issued to (--holder NAME, --home DIR)',
  ),
  WALLET_EMPTY: input(
    'the wallet holds no credentials for this holder',
    'add credentials with `radcred wallet add FILE...`',
  ),
  WALLET_DAMAGED: input(
    'a wallet file is not a VC-JWT',
    'remove the damaged file from HOME/credentials, then add the credential again',
  ),
  DISCLOSURES_DAMAGED: input(
    'a line of the disclosure log is damaged',
    'restore HOME/disclosures.jsonl from a backup; radcred never drops a record silently',
  ),
  DISCLOSURES_LOCKED: input(
    'the disclosure log stays locked by another process',
    'if no radcred process is running, remove HOME/disclosures.jsonl.lock',
  ),
  ISSUED_DAMAGED: input(
    'a line of the issuer register (issued.jsonl) is damaged',
    'restore HOME/issued.jsonl from a backup, or remove the damaged line',
  ),
  ISSUED_LOCKED: input(
    'the issuer register stays locked by another process',
    'if no radcred process is running, remove HOME/issued.jsonl.lock',
  ),
  TRUST_LIST_INVALID: input('a trust list is invalid', 'fix the file, or rebuild it with `radcred trust add`'),
  TRUST_NOT_FOUND: input('the DID is not on the trust list', 'see `radcred trust list`'),
  CME_RULE_INVALID: input(
    'a CME rule is invalid',
    'a rule is {"name", "window": {"type", "months", ...}, "requirements": [{"label", "credits", "category1"?, "topics"?, ...}]}',
  ),
  POLICY_INVALID: input(
    'a policy file is invalid (an unknown key, a wrong type)',
    'see the README, "Credentialing policy", for the keys and their values',
  ),
  REQUEST_INVALID: input(
    'not a radcred request',
    'ask the office for its request file (`radcred request create` writes one)',
  ),
  ROSTER_MALFORMED: input('a roster is not valid CSV', 'check the CSV quoting near that line'),
  ROSTER_EMPTY: input('a roster is empty', 'the first line names the columns: subject, then the subject fields'),
  ROSTER_HEADER: input(
    "a roster's header is unusable",
    'the header names the columns: subject, the fields of the type, and optionally validUntil',
  ),
  ROSTER_TOO_LARGE: input(
    'a roster has more than 1,000,000 rows',
    'split the roster into files of at most 1,000,000 rows',
  ),
  PIN_INVALID: input(
    'a pin file in HOME/pins is damaged',
    'remove the pin in HOME/pins and pull the ledger again with --vkey',
  ),
  VKEY_INVALID: input(
    'a verifier key (vkey) is malformed',
    "a vkey looks like origin+1a2b3c4d+AQ... (see the ledger's vkey file)",
  ),
  VKEY_MISSING: input('a ledger publishes no vkey file', 'pass --vkey with the key the operator gave you'),
  PROOF_MALFORMED: input('a tlog-proof file is malformed', 'give the file `radcred ledger prove` wrote'),
  LEDGER_NOT_FOUND: input(
    'a directory is not a ledger (no checkpoint)',
    'give a ledger directory: create one with `radcred ledger init`, or pull one with `radcred ledger pull`',
  ),
  LEDGER_EXISTS: input(
    'ledger init was given a non-empty directory',
    'a ledger is never re-initialised; choose a new or empty directory',
  ),
  LEDGER_LOCKED: input(
    'the ledger stays locked by another process',
    'if no radcred process is running, remove DIR/.lock',
  ),
  LEDGER_LOCAL_MISSING: input(
    'the local copy to compare a lagging source with is missing',
    'pull from an up-to-date source',
  ),
  LEDGER_OTHER_ORIGIN: input(
    'ledger pull: the destination holds a copy of another ledger',
    'pull each ledger into a directory of its own',
  ),
  LEDGER_DESTINATION_NOT_LEDGER: input(
    'ledger pull: the destination is a non-empty directory that is not a ledger copy',
    'pull into a new or empty directory, or into your copy of this ledger',
  ),
  CREDENTIAL_NOT_LOGGED: input(
    'the credential has no issue entry by its issuer in the ledger',
    'if it was queued in pending/, the operator must integrate it first (`radcred ledger integrate`)',
  ),
  NOT_ISSUER: input(
    "only the credential's issuer can change its status",
    'only the identity that issued the credential can change its status: give it with --issuer',
  ),
  NOT_OPERATOR: input(
    "the identity does not hold the ledger's key",
    'the operator is the identity given to `radcred ledger init --operator`',
  ),
  STATUS_TRANSITION: input(
    'the status change is not allowed (revocation is final; only a suspension can be lifted)',
    'revocation is final; only a suspended credential can be reinstated; a credential is suspended once',
  ),
  ENTRY_FILE_EMPTY: input(
    'the --entry file of check-proof is empty',
    'give the entry file `radcred ledger prove` wrote (OUT.entry)',
  ),
  STATUS_OUT_OF_ORDER: input(
    "a status change dated before the credential's latest change",
    'status changes are applied in time order: date it now (without an earlier --now)',
  ),
  ENTRY_OUT_OF_ORDER: input(
    "integrate: a status entry dated before the credential's latest change (rejected)",
    'status changes are applied in time order: the issuer must sign a new entry, dated now',
  ),
  ENTRY_TOO_LARGE: input(
    'a ledger entry is larger than 65,535 bytes',
    'an entry is a few hundred bytes; a longer --reason does not fit',
  ),
  ENTRY_NOT_ISSUER: input(
    "integrate: a status entry not signed by the credential's issuer (rejected)",
    "only the credential's issuer can change its status",
  ),
  ENTRY_UNANCHORED: input(
    'integrate: a status entry for a credential never issued here (rejected)',
    'the credential must be issued in this ledger first',
  ),
  LEDGER_SOURCE_UNREACHABLE: input(
    "a ledger URL's host cannot be resolved or refuses the connection",
    'check the URL, your DNS, or HTTPS_PROXY/NO_PROXY; nothing was pulled',
  ),
  LEDGER_SOURCE_TLS: input(
    'the TLS connection to a ledger URL failed (an unknown CA, a wrong name)',
    'for a private CA, set NODE_EXTRA_CA_CERTS to its certificate file; nothing was pulled',
  ),
  LEDGER_SOURCE_HTTP: input(
    'a ledger URL answered with an HTTP status other than 200 or 404, or a body that does not decompress',
    'check the URL and the host; nothing was pulled',
  ),
  LEDGER_SOURCE_FAILED: input(
    'a ledger URL kept failing (5xx, resets, timeouts, cut-short bodies) through every retry',
    'the host is failing or overloaded: try again later; nothing was pulled',
  ),
  WITNESS_KEY_INVALID: input(
    'a witness key is not an Ed25519 cosignature vkey (type 0x04)',
    '`radcred ledger witness-key NAME` prints one',
  ),
  WITNESS_POLICY_INVALID: input(
    'a witness policy file is not a valid c2sp.org/tlog-policy file',
    'see c2sp.org/tlog-policy: log, witness, group and one quorum line',
  ),
  COSIGN_REFUSED: input(
    'cosign: the checkpoint is not a later state of what this witness cosigned before (a rollback or a fork)',
    'a witness never cosigns two histories: do not cosign; report the operator',
  ),
  COSIGNATURE_MISMATCH: input(
    "add-cosignatures: a file is not a cosigned copy of the ledger's current checkpoint",
    'ask the witness to cosign the current checkpoint',
  ),
  RECORD_MALFORMED: input(
    'a file given as a verification record is not one (not a VerificationRecordCredential, or its content or evidence is malformed)',
    '`radcred verify ... --record FILE --signer NAME` writes one',
  ),
  RECORD_LEDGER_NOT_PINNED: input(
    "record check: this home has no pinned key for a ledger the record's proofs are under",
    'pull the ledger once (`radcred ledger pull SRC DIR --vkey VKEY`), or pass --vkey VKEY',
  ),
} as const;
