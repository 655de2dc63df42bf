// @internal (src/codes only)
// Error codes of refusals a check also gives (exit 1), ledger integrity (exit 4) and bugs (exit 70);
// part of the one table (src/codes/errors.ts).
import { ledger, internal, refused } from './error-kinds.js';

export const OTHER_ERRORS = {
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
