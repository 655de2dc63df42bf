// @internal (src/codes only)
// Error codes of the command line itself (exit 2); part of the one table (src/codes/errors.ts).
import { usage } from './error-kinds.js';

export const USAGE_ERRORS = {
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
  PASSPHRASE_UNCHANGED: usage(
    'id passwd was given the current passphrase as the new one',
    'give a new passphrase that differs from the current one; nothing was changed',
  ),
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
    'an output file was given as `-` (stdout): refused, so no file named `-` appears and no key reaches a terminal',
    'give a file name; a command that prints its result does so when --out is left out',
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
    'an identity name is not 1-64 letters, digits, "-" or "_" (starting with a letter or digit)',
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
} as const;
