// The error codes: every way a radcred command can fail, with its kind (and so the exit status)
// and the hint a user gets when the place that throws it has nothing more specific to say.
// Part of the one table of codes (src/codes.ts).
import type { CheckName } from '../codes.js';

const usage = (meaning: string, hint: string) => ({ kind: 'usage', meaning, hint }) as const;
const input = (meaning: string, hint: string) => ({ kind: 'input', meaning, hint }) as const;
const ledger = (meaning: string, hint: string) => ({ kind: 'ledger', meaning, hint }) as const;
const internal = (meaning: string, hint: string) => ({ kind: 'internal', meaning, hint }) as const;
const refused = (meaning: string, hint: string) => ({ kind: 'verify', meaning, hint }) as const;
/** the file itself is unreadable or malformed: thrown by commands, and verify's parse check (exit 3) */
const unreadable = (meaning: string, hint: string) =>
  ({ kind: 'input', check: 'parse' as CheckName, meaning, hint }) as const;

export const ERROR_CODES = {
  // --- the command line (exit 2)
  UNKNOWN_COMMAND: usage('no such command', '`radcred --help` lists the commands'),
  UNKNOWN_OPTION: usage('no such option for this command', '`radcred COMMAND --help` lists its options'),
  OPTION_VALUE_MISSING: usage(
    'an option that takes a value was given none',
    'give the option its value, e.g. --out FILE',
  ),
  OPTION_REQUIRED: usage('a required option is missing', '`radcred COMMAND --help` lists the required options'),
  OPTION_INVALID: usage('an option value is not one of its choices', '`radcred COMMAND --help` lists the choices'),
  OPTION_CONFLICT: usage('two options that exclude each other were given together', 'give one of them, not both'),
  OPTION_REPEATED: usage(
    'an option that takes one value was given twice',
    'give it once; a second value would replace the first without a word',
  ),
  ARGUMENT_MISSING: usage('a required argument is missing', '`radcred COMMAND --help` shows its arguments'),
  ARGUMENT_EXTRA: usage('more arguments than the command takes', '`radcred COMMAND --help` shows its arguments'),
  USAGE: usage('the command line cannot be parsed', '`radcred --help` shows the commands and options'),
  PASSPHRASE_IN_ARGV: usage(
    'a passphrase was given on the command line (refused, never echoed)',
    'use --passphrase-file FILE or set RADCRED_PASSPHRASE (or let radcred prompt on a terminal)',
  ),
  PASSPHRASE_REQUIRED: usage(
    'a passphrase is needed, and there is no file, variable or terminal to get it from',
    'pass --passphrase-file NAME=FILE (or FILE for every identity), or set RADCRED_PASSPHRASE_NAME or RADCRED_PASSPHRASE',
  ),
  PASSPHRASE_EMPTY: usage(
    'the passphrase is empty',
    'a keystore needs a passphrase: put it in the file, or in RADCRED_PASSPHRASE',
  ),
  PASSPHRASE_MISMATCH: usage('the two passphrases typed differ', 'type the same passphrase twice'),
  PASSPHRASE_WEAK: usage(
    'the passphrase for a new key is too weak (under 12 characters, a repeated pattern, common words)',
    'choose 12 or more characters, e.g. several unrelated words; --allow-weak-passphrase accepts it (tests, demos)',
  ),
  PROMPT_CANCELLED: usage(
    'a prompt was cancelled or answered no',
    'nothing was changed; run the command again to answer differently',
  ),
  CONFIRMATION_REQUIRED: usage(
    'a dangerous action needs --yes without a terminal',
    'add --yes to confirm (there is no prompt without a terminal, or with --no-input)',
  ),
  OUT_EXISTS: usage(
    'the output file exists (add --force to replace it, where allowed)',
    'choose another output path, or add --force to replace it',
  ),
  OUT_IS_DIRECTORY: usage('an output file names a directory', 'give a file name, not a directory'),
  OUT_PARENT_MISSING: usage(
    "an output file's directory does not exist",
    'create the directory first, or give another path',
  ),
  OUT_NOT_DIRECTORY: usage(
    'an output directory names something that is not a directory',
    'give a directory, or a path where one can be created',
  ),
  OUT_NOT_REGULAR: usage(
    'an output file names a device, FIFO or socket',
    'radcred never writes over devices, FIFOs or sockets: give another path',
  ),
  OUT_NOT_WRITABLE: usage(
    "an output file's directory cannot be written, or its name is too long",
    'give a short file name in a directory you may write to',
  ),
  OUT_STDOUT: usage(
    'a private key was asked to go to stdout (refused)',
    'give a file: --out FILE (created with mode 0600)',
  ),
  RECORD_ONE_FILE: usage(
    '--record was given with more than one file to verify',
    'a record is one verification of one practitioner: verify one presentation per record',
  ),
  RECORD_SIGNER_REQUIRED: usage(
    '--record was given without --signer',
    "name the office's identity that signs the record: --signer NAME",
  ),
  RECORD_OPTION_ALONE: usage(
    '--signer, --reviewer or --attach was given without --record or an HTML --report',
    'they go into a record or a printable page: add --record FILE or --report FILE.html',
  ),
  OUT_SAME_FILE: usage(
    'two outputs, or an input and an output, name the same file',
    'give each output its own file, apart from the inputs',
  ),
  ISSUE_MODE: usage(
    'issue needs either --subject/--data or --batch/--out-dir, not both',
    'one credential: --subject DID --data FILE; a roster: --batch ROSTER.csv --out-dir DIR',
  ),
  IMPORT_SOURCE: usage(
    'id import needs exactly one of --seed, --seed-file, --jwk',
    'give exactly one of --seed HEX, --seed-file FILE, --jwk FILE',
  ),
  SEED_INVALID: usage('a seed is not 64 hex characters', 'a seed is a raw 32-byte private key: 64 hex characters'),
  KEY_TYPE_MISMATCH: usage('--key-type contradicts the key given', 'leave out --key-type: a JWK says its own key type'),
  IDENTITY_NAME_INVALID: usage(
    'an identity name is not 1-64 letters, digits, "-" or "_"',
    'use 1-64 letters, digits, "-" or "_", starting with a letter or digit',
  ),
  TIME_INVALID: usage(
    'a time is not ISO 8601 or unix seconds',
    'use ISO 8601 with a zone (2026-11-27T18:00:00Z), a date (2026-11-27) or unix seconds',
  ),
  DURATION_INVALID: usage(
    'a duration is not <n>s|min|h|d|w|mo|y',
    'e.g. 90s, 15min, 36h, 90d, 2w, 3mo or 1y (a month is 30 days, a year 365)',
  ),
  DURATION_AMBIGUOUS: usage(
    'a duration in bare m, which could mean minutes or months',
    'write 3min for minutes or 3mo for months',
  ),
  VALIDITY_INVALID: usage(
    '--valid-until is not after --valid-from',
    '--valid-until must be after --valid-from (or after now)',
  ),
  APPOINTMENT_INVALID: usage(
    '--appointment-until is not in the future',
    'give the end of the appointment period, a time after now',
  ),
  TYPE_UNKNOWN: usage(
    'not a built-in credential type (issue, types show); a near miss of a known type (trust add --types, request create --require)',
    "`radcred types` lists the built-in types; --allow-unknown-type keeps another tool's type that looks like a typo",
  ),
  TYPE_INVALID: usage(
    'not a credential type name',
    'a credential type name is letters and digits, e.g. MedicalLicenseCredential',
  ),
  TRUST_ENTRY_INVALID: usage(
    'a trust-list entry given on the command line is invalid',
    '--name must be one line; --types takes credential type names or "*"; --valid-until after --valid-from',
  ),
  AUDIENCE_MISSING: usage(
    'present needs --request, or --audience and --challenge',
    "answer the office's request (--request FILE), or give --audience DID and --challenge NONCE",
  ),
  AUDIENCE_INCOMPLETE: usage(
    '--audience and --challenge go together',
    'a presentation is checked against both: give --audience and --challenge',
  ),
  AUDIENCE_INVALID: usage('--audience is not a DID', "use the verifier's DID, e.g. did:key:z6Mk..."),
  CHALLENGE_INVALID: usage(
    '--challenge is empty or longer than 512 characters',
    "use the verifier's challenge, 1-512 characters",
  ),
  NOTHING_SELECTED: usage('no credentials were chosen to present', 'pass --select ID... or --all'),
  TOO_MANY_SELECTED: usage(
    'more credentials chosen than one presentation may carry',
    'present fewer: name them with --select ID..., or answer a request, which offers only what it asks for',
  ),
  NOT_REQUESTED: usage(
    'a credential chosen was not asked for by the request',
    'present only what the office asked for',
  ),
  CREDENTIAL_REF_EMPTY: usage(
    'an empty CREDENTIAL argument',
    'name a credential by its file, digest (8+ hex characters) or jti',
  ),
  CME_RULE_UNKNOWN: usage(
    '--cme is neither a preset nor a rule file',
    'presets: abr, tx, ca, pa, mqsa; or give a rule file',
  ),
  REASON_NOT_ALLOWED: usage('reinstate takes no --reason', 'leave out --reason: reinstate lifts a suspension as it is'),
  REASON_INVALID: usage(
    '--reason is not one line of 1-500 characters',
    'give one line of 1-500 characters, and no personal data: it is public in the ledger',
  ),
  ORIGIN_INVALID: usage(
    'a ledger origin is not a valid key name',
    'use a schema-less URL such as ledger.example.org/credentials: no spaces, no "+"',
  ),
  OPERATOR_KEY_TYPE: usage(
    'a ledger operator key must be Ed25519',
    'create an Ed25519 identity for the operator: `radcred id create NAME`',
  ),
  PULL_SAME_DIRECTORY: usage(
    'ledger pull was given the same directory as source and destination',
    'pull into a directory of its own (the copy the office verifies against)',
  ),
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
  // --- a refusal for a reason a check also gives (exit 1)
  REQUEST_SIGNATURE_INVALID: refused(
    "a request's signature does not verify",
    'do not answer it; ask the office for a new request',
  ),
  REQUEST_NOT_YET_VALID: refused(
    'a request is dated in the future',
    'check the clock (--now), or ask the office for a new request',
  ),
  // --- ledger integrity (exit 4)
  WITNESS_QUORUM_NOT_MET: ledger(
    "a checkpoint lacks the witness policy's quorum of cosignatures",
    'pull again later, or ask the operator to collect cosignatures',
  ),
  WITNESS_POLICY_LOG_UNKNOWN: ledger(
    'the witness policy does not list the ledger being checked',
    'add a `log VKEY` line for it, or give the policy meant for this ledger',
  ),
  CHECKPOINT_MALFORMED: ledger(
    'a checkpoint is malformed',
    'the ledger copy is damaged: pull it again from its operator',
  ),
  CHECKPOINT_ORIGIN_MISMATCH: ledger(
    "a checkpoint's origin is not its key's name",
    'the checkpoint and the key name different ledgers: check --vkey',
  ),
  CHECKPOINT_SIGNATURE_INVALID: ledger(
    'the checkpoint signature by the trusted key does not verify',
    'the ledger copy was altered, or signed by another key under the same name: pull it again',
  ),
  CHECKPOINT_UNTRUSTED_KEY: ledger(
    'the checkpoint is not signed by the trusted (pinned) key',
    'check --vkey, or the pinned key in HOME/pins; a different key means a different (or forged) ledger',
  ),
  NOTE_MALFORMED: ledger('a signed note is malformed', 'the signed note is damaged: pull the ledger again'),
  PIN_KEY_MISMATCH: ledger(
    '--vkey differs from the pinned key',
    'a ledger does not change its key; if you are sure, remove the pin in HOME/pins first',
  ),
  LEDGER_ROLLBACK: ledger(
    'the ledger copy is older than the pinned checkpoint',
    'someone replaced the copy with an older one (a revocation may be hidden): pull it again',
  ),
  LEDGER_FORK: ledger(
    'the ledger contradicts the pinned checkpoint',
    'do not trust this ledger; report it to its operator',
  ),
  LEDGER_ROOT_MISMATCH: ledger(
    'the entries do not reproduce the signed root',
    'this ledger copy cannot be trusted: pull it again from its operator, and report the damage',
  ),
  LEDGER_TILE_MISMATCH: ledger(
    'a tile differs from the hashes recomputed from the entries',
    'this ledger copy cannot be trusted: pull it again from its operator, and report the damage',
  ),
  LEDGER_TILE_SIZE: ledger('a tile or entry bundle has the wrong size', 'the ledger copy is damaged: pull it again'),
  LEDGER_TILE_MISSING: ledger(
    'a tile or entry bundle the tree needs is missing',
    'the copy is incomplete: pull it again',
  ),
  LEDGER_TILE_RANGE: ledger(
    'a tile or entry beyond the tree size was asked for',
    'the ledger copy is damaged: pull it again',
  ),
  LEDGER_FILE_UNREADABLE: ledger(
    'a ledger file cannot be read',
    'the ledger copy is damaged: run `radcred ledger audit` on it, then pull it again',
  ),
  LEDGER_BUNDLE_MALFORMED: ledger('an entry bundle is malformed', 'the ledger copy is damaged: pull it again'),
  LEDGER_ENTRY_MISMATCH: ledger(
    'an entry does not hash to its leaf (an entry bundle was altered)',
    'this ledger copy cannot be trusted: pull it again from its operator, and report the damage',
  ),
  LEDGER_ENTRY_MALFORMED: ledger(
    'a radcred entry in the ledger is malformed',
    'this ledger copy cannot be trusted: pull it again from its operator, and report the damage',
  ),
  LEDGER_ENTRY_SIGNATURE: ledger(
    'an entry in the ledger is not signed by its issuer',
    'this ledger copy cannot be trusted: pull it again from its operator, and report the damage',
  ),
  LEDGER_ENTRY_NOT_ISSUER: ledger(
    "a status entry in the ledger is not by the credential's issuer",
    'this ledger copy cannot be trusted: pull it again from its operator, and report the damage',
  ),
  LEDGER_ENTRY_UNANCHORED: ledger(
    'a status entry in the ledger names a credential never issued there',
    'this ledger copy cannot be trusted: pull it again from its operator, and report the damage',
  ),
  LEDGER_INCLUSION_FAILED: ledger(
    'an entry is not included under the checkpoint',
    'run `radcred ledger audit` on this copy, then pull it again',
  ),
  LEDGER_INDEX_MISMATCH: ledger(
    "the copy's index/ does not match its entries",
    'the index is derived: remove DIR/index and radcred rebuilds it; but find out who altered the copy',
  ),
  ENTRY_MALFORMED: ledger(
    'a ledger entry is malformed',
    'give the entry file `radcred ledger prove` wrote (OUT.entry)',
  ),
  ENTRY_SIGNATURE: ledger(
    'a ledger entry is not signed by its issuer',
    'the entry was altered, or never signed by its issuer: do not rely on it',
  ),
  PROOF_INVALID: ledger(
    'a tlog-proof does not prove the entry under its checkpoint',
    'the proof does not hold: get a fresh one from the ledger (`radcred ledger prove`)',
  ),
  // --- bugs (exit 70)
  INTERNAL: internal('a bug in radcred', 'this is a bug in radcred; rerun with RADCRED_DEBUG=1 for details'),
  NOTE_TEXT: internal(
    'note text without a final newline (a bug)',
    'this is a bug in radcred; rerun with RADCRED_DEBUG=1 for details',
  ),
  DEMO_FAILED: internal(
    'a demo step did not do what the story says',
    'this is a bug in radcred; rerun with RADCRED_DEBUG=1 for details',
  ),
} as const;
