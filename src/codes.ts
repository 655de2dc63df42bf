// Every code radcred can emit, declared once: what kind of failure it is (and so the exit status,
// src/cli/exit.ts), or, for the verification pipeline, which check it belongs to and whether it
// passes, warns, skips or fails that check. RadcredError takes only the error codes below and a
// Check only the check codes, so a code cannot drift between kinds or checks. The README's code
// table is generated from this one (`npm run codes`); a test fails when the two differ.

export type ErrorKind =
  | 'usage' // the command line itself is wrong (exit 2)
  | 'input' // a file, identity or credential is unreadable, malformed or unknown; wrong passphrase (exit 3)
  | 'verify' // a verification or policy check failed (exit 1)
  | 'ledger' // ledger integrity failure (exit 4)
  | 'internal'; // a bug in radcred (exit 70)

/** The checks of the verification pipeline (DESIGN.md "Verification pipeline"). */
export type CheckName =
  | 'parse' | 'shape' | 'signature' | 'audience' | 'challenge' | 'validity' // the file itself, and a presentation
  | 'issuer' | 'subject' | 'schema' | 'trust' | 'anchor' | 'status' // each credential
  | 'required' | 'license' | 'cme' | 'claims' | 'expiry' | 'request' | 'freshness'; // policy

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

interface ErrorSpec {
  readonly kind: ErrorKind;
  readonly meaning: string;
}
interface OutcomeSpec {
  /**
   * how the check ends: pass, warn or skip, or a failure: 'verify' (exit 1; also thrown where a
   * command refuses for that reason) or 'input' (the file itself is unreadable or malformed: exit 3)
   */
  readonly kind: 'verify' | 'input' | 'pass' | 'warn' | 'skip';
  readonly check: CheckName;
  readonly meaning: string;
}

const usage = (meaning: string) => ({ kind: 'usage', meaning }) as const;
const input = (meaning: string) => ({ kind: 'input', meaning }) as const;
const ledger = (meaning: string) => ({ kind: 'ledger', meaning }) as const;
const internal = (meaning: string) => ({ kind: 'internal', meaning }) as const;
const refused = (meaning: string) => ({ kind: 'verify', meaning }) as const;
const pass = <C extends CheckName>(check: C, meaning: string) => ({ kind: 'pass', check, meaning }) as const;
const warn = <C extends CheckName>(check: C, meaning: string) => ({ kind: 'warn', check, meaning }) as const;
const skip = <C extends CheckName>(check: C, meaning: string) => ({ kind: 'skip', check, meaning }) as const;
const fail = <C extends CheckName>(check: C, meaning: string) => ({ kind: 'verify', check, meaning }) as const;
const unreadable = (meaning: string) => ({ kind: 'input', check: 'parse', meaning }) as const;

export const CODES = {
  // --- the command line (exit 2)
  UNKNOWN_COMMAND: usage('no such command'),
  UNKNOWN_OPTION: usage('no such option for this command'),
  OPTION_VALUE_MISSING: usage('an option that takes a value was given none'),
  OPTION_REQUIRED: usage('a required option is missing'),
  OPTION_INVALID: usage('an option value is not one of its choices'),
  OPTION_CONFLICT: usage('two options that exclude each other were given together'),
  OPTION_REPEATED: usage('an option that takes one value was given twice'),
  ARGUMENT_MISSING: usage('a required argument is missing'),
  ARGUMENT_EXTRA: usage('more arguments than the command takes'),
  USAGE: usage('the command line cannot be parsed'),
  PASSPHRASE_IN_ARGV: usage('a passphrase was given on the command line (refused, never echoed)'),
  PASSPHRASE_REQUIRED: usage('a passphrase is needed, and there is no file, variable or terminal to get it from'),
  PASSPHRASE_EMPTY: usage('the passphrase is empty'),
  PASSPHRASE_MISMATCH: usage('the two passphrases typed differ'),
  PROMPT_CANCELLED: usage('a prompt was cancelled or answered no'),
  CONFIRMATION_REQUIRED: usage('a dangerous action needs --yes without a terminal'),
  OUT_EXISTS: usage('the output file exists (add --force to replace it, where allowed)'),
  OUT_IS_DIRECTORY: usage('an output file names a directory'),
  OUT_PARENT_MISSING: usage("an output file's directory does not exist"),
  OUT_NOT_DIRECTORY: usage('an output directory names something that is not a directory'),
  OUT_NOT_REGULAR: usage('an output file names a device, FIFO or socket'),
  OUT_NOT_WRITABLE: usage("an output file's directory cannot be written, or its name is too long"),
  OUT_STDOUT: usage('a private key was asked to go to stdout (refused)'),
  OUT_SAME_FILE: usage('two outputs, or an input and an output, name the same file'),
  ISSUE_MODE: usage('issue needs either --subject/--data or --batch/--out-dir, not both'),
  IMPORT_SOURCE: usage('id import needs exactly one of --seed, --seed-file, --jwk'),
  SEED_INVALID: usage('a seed is not 64 hex characters'),
  KEY_TYPE_MISMATCH: usage('--key-type contradicts the key given'),
  IDENTITY_NAME_INVALID: usage('an identity name is not 1-64 letters, digits, "-" or "_"'),
  TIME_INVALID: usage('a time is not ISO 8601 or unix seconds'),
  DURATION_INVALID: usage('a duration is not <n>s|m|h|d|w|y'),
  VALIDITY_INVALID: usage('--valid-until is not after --valid-from'),
  APPOINTMENT_INVALID: usage('--appointment-until is not in the future'),
  TYPE_UNKNOWN: usage('not a built-in credential type'),
  TYPE_INVALID: usage('not a credential type name'),
  TRUST_ENTRY_INVALID: usage('a trust-list entry given on the command line is invalid'),
  AUDIENCE_MISSING: usage('present needs --request, or --audience and --challenge'),
  AUDIENCE_INCOMPLETE: usage('--audience and --challenge go together'),
  AUDIENCE_INVALID: usage('--audience is not a DID'),
  CHALLENGE_INVALID: usage('--challenge is empty or longer than 512 characters'),
  NOTHING_SELECTED: usage('no credentials were chosen to present'),
  TOO_MANY_SELECTED: usage('more credentials chosen than one presentation may carry'),
  NOT_REQUESTED: usage('a credential chosen was not asked for by the request'),
  CREDENTIAL_REF_EMPTY: usage('an empty CREDENTIAL argument'),
  CME_RULE_UNKNOWN: usage('--cme is neither a preset nor a rule file'),
  REASON_NOT_ALLOWED: usage('reinstate takes no --reason'),
  REASON_INVALID: usage('--reason is not one line of 1-500 characters'),
  ORIGIN_INVALID: usage('a ledger origin is not a valid key name'),
  OPERATOR_KEY_TYPE: usage('a ledger operator key must be Ed25519'),
  PULL_SAME_DIRECTORY: usage('ledger pull was given the same directory as source and destination'),

  // --- files, identities and credentials (exit 3)
  FILE_NOT_FOUND: unreadable('a file or directory named does not exist'),
  FILE_UNREADABLE: unreadable('a file cannot be read, or is not a regular file'),
  FILE_TOO_LARGE: unreadable('a file is larger than its input limit'),
  FILE_NOT_UTF8: unreadable('a text file is not UTF-8'),
  FILE_EXISTS: input('a file that radcred creates exclusively exists'),
  NOT_A_DIRECTORY: input('a directory argument names a file'),
  IO_FAILED: input('the file system refused a read or write (full, read-only, permissions)'),
  JSON_INVALID: input('a JSON file is not valid JSON, or not an object'),
  DATA_INVALID: input('subject data (--data) is not a JSON object'),
  SUBJECT_INVALID: input("subject data fails its type's schema or rules"),
  JWK_INVALID: input('a JWK file is not a usable private key'),
  KEY_INVALID: input('a private key is not valid for its curve'),
  KEYSTORE_INVALID: input('a keystore file is damaged'),
  KEYSTORE_PASSPHRASE: input('wrong passphrase for a keystore'),
  IDENTITY_NOT_FOUND: input('no identity of that name in this home'),
  IDENTITY_EXISTS: input('an identity of that name exists (never overwritten)'),
  NO_IDENTITY: input('this home has no identities'),
  HOME_NOT_FOUND: input('the radcred home does not exist'),
  HOME_NOT_DIRECTORY: input('the radcred home is not a directory'),
  DID_INVALID: input('not a usable did:key'),
  JWS_MALFORMED: unreadable('not a strict compact JWS with JSON-object header and payload'),
  JWS_TOO_LARGE: unreadable('a JWS is larger than 4 MiB'),
  CREDENTIAL_INVALID: input('a credential file is not a usable VC-JWT'),
  CREDENTIAL_NOT_FOUND: input('no credential matches the CREDENTIAL argument'),
  CREDENTIAL_AMBIGUOUS: input('a CREDENTIAL argument matches several credentials'),
  CREDENTIAL_EXPIRED: input('a credential chosen to present has expired'),
  CREDENTIAL_NOT_YET_VALID: input('a credential chosen to present is not valid yet'),
  NOT_HOLDERS_CREDENTIAL: input('a credential was not issued to this holder'),
  WALLET_EMPTY: input('the wallet holds no credentials for this holder'),
  WALLET_DAMAGED: input('a wallet file is not a VC-JWT'),
  DISCLOSURES_DAMAGED: input('a line of the disclosure log is damaged'),
  DISCLOSURES_LOCKED: input('the disclosure log stays locked by another process'),
  ISSUED_DAMAGED: input("a line of the issuer register (issued.jsonl) is damaged"),
  ISSUED_LOCKED: input('the issuer register stays locked by another process'),
  TRUST_LIST_INVALID: input('a trust list is invalid'),
  TRUST_NOT_FOUND: input('the DID is not on the trust list'),
  CME_RULE_INVALID: input('a CME rule is invalid'),
  REQUEST_INVALID: input('not a radcred request'),
  ROSTER_MALFORMED: input('a roster is not valid CSV'),
  ROSTER_EMPTY: input('a roster is empty'),
  ROSTER_HEADER: input("a roster's header is unusable"),
  ROSTER_TOO_LARGE: input('a roster has more than 1,000,000 rows'),
  PIN_INVALID: input('a pin file in HOME/pins is damaged'),
  VKEY_INVALID: input('a verifier key (vkey) is malformed'),
  VKEY_MISSING: input('a ledger publishes no vkey file'),
  PROOF_MALFORMED: input('a tlog-proof file is malformed'),
  LEDGER_NOT_FOUND: input('a directory is not a ledger (no checkpoint)'),
  LEDGER_EXISTS: input('ledger init was given a non-empty directory'),
  LEDGER_LOCKED: input('the ledger stays locked by another process'),
  LEDGER_LOCAL_MISSING: input('the local copy to compare a lagging source with is missing'),
  LEDGER_OTHER_ORIGIN: input('ledger pull: the destination holds a copy of another ledger'),
  LEDGER_DESTINATION_NOT_LEDGER: input('ledger pull: the destination is a non-empty directory that is not a ledger copy'),
  CREDENTIAL_NOT_LOGGED: input('the credential has no issue entry by its issuer in the ledger'),
  NOT_ISSUER: input("only the credential's issuer can change its status"),
  NOT_OPERATOR: input("the identity does not hold the ledger's key"),
  STATUS_TRANSITION: input('the status change is not allowed (revocation is final; only a suspension can be lifted)'),
  ENTRY_TOO_LARGE: input('a ledger entry is larger than 65,535 bytes'),
  ENTRY_NOT_ISSUER: input("integrate: a status entry not signed by the credential's issuer (rejected)"),
  ENTRY_UNANCHORED: input('integrate: a status entry for a credential never issued here (rejected)'),

  // --- a refusal for a reason a check also gives (exit 1)
  REQUEST_SIGNATURE_INVALID: refused("a request's signature does not verify"),
  REQUEST_NOT_YET_VALID: refused('a request is dated in the future'),

  // --- ledger integrity (exit 4)
  CHECKPOINT_MALFORMED: ledger('a checkpoint is malformed'),
  CHECKPOINT_ORIGIN_MISMATCH: ledger("a checkpoint's origin is not its key's name"),
  CHECKPOINT_SIGNATURE_INVALID: ledger('the checkpoint signature by the trusted key does not verify'),
  CHECKPOINT_UNTRUSTED_KEY: ledger('the checkpoint is not signed by the trusted (pinned) key'),
  NOTE_MALFORMED: ledger('a signed note is malformed'),
  PIN_KEY_MISMATCH: ledger('--vkey differs from the pinned key'),
  LEDGER_ROLLBACK: ledger('the ledger copy is older than the pinned checkpoint'),
  LEDGER_FORK: ledger('the ledger contradicts the pinned checkpoint'),
  LEDGER_ROOT_MISMATCH: ledger('the entries do not reproduce the signed root'),
  LEDGER_TILE_MISMATCH: ledger('a tile differs from the hashes recomputed from the entries'),
  LEDGER_TILE_SIZE: ledger('a tile or entry bundle has the wrong size'),
  LEDGER_TILE_MISSING: ledger('a tile or entry bundle the tree needs is missing'),
  LEDGER_TILE_RANGE: ledger('a tile or entry beyond the tree size was asked for'),
  LEDGER_FILE_UNREADABLE: ledger('a ledger file cannot be read'),
  LEDGER_BUNDLE_MALFORMED: ledger('an entry bundle is malformed'),
  LEDGER_ENTRY_MISMATCH: ledger('an entry does not hash to its leaf (an entry bundle was altered)'),
  LEDGER_ENTRY_MALFORMED: ledger('a radcred entry in the ledger is malformed'),
  LEDGER_ENTRY_SIGNATURE: ledger('an entry in the ledger is not signed by its issuer'),
  LEDGER_ENTRY_NOT_ISSUER: ledger("a status entry in the ledger is not by the credential's issuer"),
  LEDGER_ENTRY_UNANCHORED: ledger('a status entry in the ledger names a credential never issued there'),
  LEDGER_INCLUSION_FAILED: ledger('an entry is not included under the checkpoint'),
  LEDGER_INDEX_MISMATCH: ledger("the copy's index/ does not match its entries"),
  ENTRY_MALFORMED: ledger('a ledger entry is malformed'),
  ENTRY_SIGNATURE: ledger('a ledger entry is not signed by its issuer'),
  PROOF_INVALID: ledger('a tlog-proof does not prove the entry under its checkpoint'),

  // --- bugs (exit 70)
  INTERNAL: internal('a bug in radcred'),
  NOTE_TEXT: internal('note text without a final newline (a bug)'),
  DEMO_FAILED: internal('a demo step did not do what the story says'),

  // --- verification checks (DESIGN.md "Verification pipeline"); a failing one makes verify exit 1
  JWS_WELL_FORMED: pass('parse', 'a strict compact JWS'),
  VC_MALFORMED: fail('parse', 'a credential inside a presentation is not a strict compact JWS'),
  JWT_NOT_VC_OR_VP: fail('shape', 'a well-formed JWT that carries neither a "vc" nor a "vp" claim'),
  CLAIMS_INVALID: fail('shape', 'the VC or VP claims do not follow the VC Data Model (context, type, subject, dates)'),
  PRESENTATION_EMPTY: fail('shape', 'the presentation holds no credentials'),
  PRESENTATION_TOO_LARGE: fail('shape', 'the presentation holds more than 1,000 credentials (none checked)'),
  PRESENTATION_REQUIRED: fail('shape', '--request or --audience/--challenge was given, but the file is a bare credential'),
  SIGNATURE_VALID: pass('signature', 'the signature verifies against the signer\'s did:key'),
  SIGNATURE_INVALID: fail('signature', 'the signature does not verify'),
  ALG_NOT_ALLOWED: fail('signature', 'alg is not EdDSA, ES256 or ES256K (none, HMAC, RSA...)'),
  ALG_KEY_MISMATCH: fail('signature', "alg does not match the signer's key type"),
  KID_MISMATCH: fail('signature', "kid is not the signer's verification method"),
  DID_UNSUPPORTED: fail('signature', 'iss is not a signing did:key'),
  ISS_MISSING: fail('signature', 'no iss to verify against'),
  CRIT_UNSUPPORTED: fail('signature', 'the JWS has critical header parameters'),
  AUDIENCE_MATCH: pass('audience', 'addressed to the expected verifier'),
  AUDIENCE_MISMATCH: fail('audience', 'addressed to someone else'),
  AUDIENCE_REQUIRED: fail('audience', 'no expected audience and challenge (and no --any-audience)'),
  AUDIENCE_SKIPPED: warn('audience', 'audience and challenge not checked (--any-audience)'),
  CHALLENGE_MATCH: pass('challenge', 'answers the expected challenge'),
  CHALLENGE_MISMATCH: fail('challenge', 'does not answer the expected challenge (replayed or forwarded)'),
  VALIDITY_OK: pass('validity', 'within its validity window (60 s clock skew)'),
  EXPIRED: fail('validity', 'past its expiry'),
  NOT_YET_VALID: fail('validity', 'not valid yet'),
  EXPIRY_MISSING: warn('validity', 'a presentation without an expiry'),
  ISSUER_CONSISTENT: pass('issuer', 'iss equals vc.issuer'),
  ISS_MISMATCH: fail('issuer', 'iss differs from vc.issuer'),
  SUBJECT_IS_HOLDER: pass('subject', 'issued to the presentation holder'),
  SUBJECT_NOT_HOLDER: fail('subject', 'issued to someone other than the presentation holder'),
  SCHEMA_VALID: pass('schema', 'the subject matches its type\'s schema and rules'),
  SCHEMA_INVALID: fail('schema', 'the subject fails its type\'s schema or rules'),
  SCHEMA_UNKNOWN_TYPE: skip('schema', 'a type radcred does not know: schema not checked'),
  ISSUER_TRUSTED: pass('trust', 'the issuer is trusted for every type the credential lists'),
  ISSUER_UNTRUSTED: fail('trust', 'the issuer is not on the trust list'),
  ISSUER_TYPE_UNTRUSTED: fail('trust', 'the issuer is not trusted for a type the credential lists'),
  ISSUER_TRUST_EXPIRED: fail('trust', "the verification time is outside the issuer's trusted window"),
  TRUST_LIST_MISSING: fail('trust', 'no trust list (and no --any-issuer)'),
  TRUST_SKIPPED: warn('trust', 'issuer trust not checked (--any-issuer)'),
  ANCHORED: pass('anchor', 'an issue entry by the issuer, proven under the pinned checkpoint'),
  NOT_ANCHORED: fail('anchor', 'no issue entry by the issuer in the ledger copies'),
  NOT_YET_ANCHORED: fail('anchor', 'issued in the ledger only after the verification time'),
  LEDGER_NOT_PINNED: fail('anchor', 'no pinned key for the ledger copy'),
  LEDGER_REQUIRED: fail('anchor', 'no ledger given (and no --no-ledger)'),
  LEDGER_SKIPPED: warn('anchor', 'ledger anchor not checked (--no-ledger)'),
  STATUS_ACTIVE: pass('status', 'not revoked or suspended at the verification time'),
  REVOKED: fail('status', 'revoked by its issuer'),
  SUSPENDED: fail('status', 'suspended by its issuer'),
  STATUS_UNKNOWN: fail('status', 'the status cannot be known'),
  STATUS_UNCHECKED: warn('status', 'status not checked (--no-ledger)'),
  REQUIRED_PRESENT: pass('required', 'a required type was presented and verified'),
  REQUIRED_MISSING: fail('required', 'a required type was not presented'),
  REQUIRED_NOT_VERIFIED: fail('required', 'a required type was presented but did not verify'),
  LICENSE_ACTIVE: pass('license', 'the license is active and unexpired'),
  LICENSE_NOT_ACTIVE: fail('license', 'the license status is not active'),
  LICENSE_EXPIRED: fail('license', 'the license expired'),
  CME_MET: pass('cme', 'the CME rule is met'),
  CME_SHORT: fail('cme', 'the CME rule is not met'),
  NO_CLAIMS: pass('claims', 'no malpractice claims in the look-back'),
  CLAIMS_REPORTED: warn('claims', 'malpractice claims reported (shown, not failed)'),
  EXPIRES_DURING_APPOINTMENT: warn('expiry', 'a credential lapses before the appointment ends'),
  REQUEST_EXPIRED: fail('request', 'the presentation was made after the request expired'),
  PRESENTATION_PREDATES_REQUEST: fail('request', 'the presentation is dated before the request was made'),
  LEDGER_FRESH: pass('freshness', 'the pinned checkpoint was confirmed recently enough'),
  LEDGER_STALE: fail('freshness', 'the pinned checkpoint was confirmed too long ago'),
  LEDGER_AGE_UNKNOWN: fail('freshness', 'no pinned ledger to judge the age of'),
} as const satisfies Record<string, ErrorSpec | OutcomeSpec>;

export type Code = keyof typeof CODES;
type SpecOf<C extends Code> = (typeof CODES)[C];

/** Codes a command can fail with (thrown as a RadcredError). */
export type ErrorCode = { [C in Code]: SpecOf<C>['kind'] extends ErrorKind ? C : never }[Code];
/** Codes of pipeline checks; the check and status come with the code. */
export type CheckCode = { [C in Code]: SpecOf<C> extends { check: CheckName } ? C : never }[Code];

export const isCode = (value: string): value is Code => Object.hasOwn(CODES, value);

export function kindOf(code: ErrorCode): ErrorKind {
  return CODES[code].kind as ErrorKind;
}

export function checkOf(code: CheckCode): { check: CheckName; status: CheckStatus } {
  const spec = CODES[code] as OutcomeSpec;
  return { check: spec.check, status: spec.kind === 'verify' || spec.kind === 'input' ? 'fail' : spec.kind };
}
