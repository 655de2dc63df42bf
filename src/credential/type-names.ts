// Which credential type names radcred knows, and which unknown name is a near miss of one. A type
// radcred does not know is legitimate (another tool's credentials are verified without a schema
// check, DESIGN.md), but `MedicalLicence`, `medicallicensecredential` or `MedicalLicense` (the
// suffix left out) would never match a credential radcred issues: those are typos.
import { editDistance } from '../util/suggest.js';
import { CREDENTIAL_TYPES } from './types.js';

/** The verification record's type (RECORD_TYPE in src/record/record.ts, which a test keeps equal). */
const RECORD_TYPE_NAME = 'VerificationRecordCredential';

/** Every type name radcred knows: the built-in types, then the verification record's. */
export const KNOWN_TYPE_NAMES: readonly string[] = [...CREDENTIAL_TYPES.keys(), RECORD_TYPE_NAME];

export const isKnownTypeName = (name: string): boolean => KNOWN_TYPE_NAMES.includes(name);

const SUFFIX = 'credential';
/** A name as compared: in lower case, without the `Credential` every built-in name ends in. */
const stem = (name: string): string => {
  const lower = name.toLowerCase();
  return lower.endsWith(SUFFIX) ? lower.slice(0, -SUFFIX.length) : lower;
};

/**
 * How many edits from a name still make a near miss of it: a quarter of its stem, at most 4 (one
 * letter in `MedicalLicence`, three in `BoardCertificate`), so that a different word
 * (`DentalLicenseCredential`, four edits from `MedicalLicense`) is another tool's type, not a typo.
 */
const nearMissEdits = (knownStem: string): number => Math.max(1, Math.min(4, Math.floor(knownStem.length / 4)));

/** The distance of two names: of their stems, or of the whole names (a misspelt `Credentail`). */
const nameDistance = (a: string, b: string): number =>
  Math.min(editDistance(stem(a), stem(b)), editDistance(a.toLowerCase(), b.toLowerCase()));

/**
 * The names `name` is most likely a misspelling of, nearest first, among `candidates` (the known
 * type names; say, with the types a wallet holds added). None when `name` is one of them exactly,
 * or near none.
 */
export function nearMissesOf(name: string, candidates: Iterable<string> = KNOWN_TYPE_NAMES): string[] {
  const names = [...new Set(candidates)];
  if (names.includes(name)) return [];
  const near = names
    .map((candidate) => ({ candidate, distance: nameDistance(name, candidate) }))
    .filter((c) => c.distance <= nearMissEdits(stem(c.candidate)));
  const best = Math.min(...near.map((c) => c.distance));
  return near.filter((c) => c.distance === best).map((c) => c.candidate);
}
