// @internal (src/verify only)
// Step 4 for one VC-JWT: signature; iss equals vc.issuer; subject is the holder; validity window;
// schema of the subject; issuer trusted for the type; ledger anchor and status.
import { readCredentialClaims, type CredentialView } from '../credential/claims.js';
import { credentialType } from '../credential/types.js';
import { validateSubject } from '../credential/validate.js';
import type { ParsedJws } from '../jws/compact.js';
import { decideTrust } from '../trust/trust-list.js';
import { attestedBy } from '../credential/attests.js';
import { sourceDate } from '../policy/rules.js';
import { isoTime } from '../util/time.js';
import { ledgerChecks } from './anchor.js';
import { checkSignature } from './signature.js';
import { outcome, type Check, type CheckCode, type CredentialSummary, type VerifyOptions } from './types.js';
import { checkValidity } from './validity.js';

export interface CredentialOutcome {
  checks: Check[];
  summary?: CredentialSummary;
  view?: CredentialView;
}

/** Every check of a credential is step 4, whether it came alone or inside a presentation. */
const check = (code: CheckCode, message: string): Check => outcome(4, code, message);

function schemaCheck(view: CredentialView): Check {
  const def = credentialType(view.type);
  if (def === undefined) {
    return check('SCHEMA_UNKNOWN_TYPE', `${view.type} is not a radcred type; schema not checked`);
  }
  const problems = validateSubject(def, view.subjectData, { now: view.iat ?? view.nbf });
  if (problems.length > 0) {
    return check(
      'SCHEMA_INVALID',
      `${view.type} subject is invalid: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`,
    );
  }
  return check('SCHEMA_VALID', `subject matches the ${view.type} schema`);
}

/** The one type a practitioner signs for themself (DESIGN.md "Credential types"). */
export const ATTESTATION_TYPE = 'PractitionerAttestationCredential';

const claimedTypes = (view: CredentialView) => view.types.filter((t) => t !== 'VerifiableCredential');

/**
 * A practitioner's attestation is only worth anything signed by the practitioner: its issuer must
 * be its subject, and inside a presentation the holder. It needs no trust-list entry then; a
 * self-signed credential that claims any other type too is judged by the trust list as usual.
 */
const isSelfAttestation = (view: CredentialView) =>
  view.issuer === view.subject && claimedTypes(view).every((t) => t === ATTESTATION_TYPE);

function attestationCheck(view: CredentialView, holder: string | undefined): Check | undefined {
  if (!view.types.includes(ATTESTATION_TYPE)) return undefined;
  const signer = holder ?? view.subject;
  return view.issuer === signer && view.issuer === view.subject
    ? undefined
    : check(
        'ATTESTATION_NOT_HOLDER',
        `the attestation is signed by ${view.issuer}, not by the practitioner ${signer} it speaks for`,
      );
}

function trustCheck(view: CredentialView, options: VerifyOptions): { check: Check; issuerName?: string } {
  if (isSelfAttestation(view))
    return { check: check('SELF_ATTESTED', "the practitioner's own attestation, signed by the practitioner") };
  if (options.trust === 'any') return { check: check('TRUST_SKIPPED', 'issuer trust not checked (--any-issuer)') };
  if (options.trust === 'missing') {
    return {
      check: check(
        'TRUST_LIST_MISSING',
        'no trust list: cannot tell whether the issuer may issue this type (add issuers with `radcred trust add`, pass --trust FILE, or --any-issuer)',
      ),
    };
  }
  // Every type the credential claims to be needs trust, not only the first: otherwise an issuer
  // trusted for degrees could add "MedicalLicenseCredential" as a second type and pass for one.
  const list = options.trust;
  const claimed = claimedTypes(view);
  const judged = (claimed.length > 0 ? claimed : [view.type]).map((type) => ({
    type,
    decision: decideTrust(list, view.issuer, type, options.now),
  }));
  const { type, decision } = judged.find((j) => !j.decision.trusted) ?? judged[0]!;
  if (decision.trusted) {
    return {
      check: check('ISSUER_TRUSTED', `${decision.issuer.name} is trusted for ${judged.map((j) => j.type).join(', ')}`),
      issuerName: decision.issuer.name,
    };
  }
  const name = decision.issuer?.name ?? view.issuer;
  const why = {
    ISSUER_UNTRUSTED: `issuer ${view.issuer} is not on the trust list`,
    ISSUER_TYPE_UNTRUSTED: `${name} is not trusted to issue ${type}`,
    ISSUER_TRUST_EXPIRED: `${name} is not trusted at ${isoTime(options.now)} (outside its validFrom/validUntil)`,
  }[decision.code];
  return { check: check(decision.code, why) };
}

const STATUS_BY_CODE: Partial<Record<CheckCode, CredentialSummary['status']>> = {
  STATUS_ACTIVE: 'active',
  REVOKED: 'revoked',
  SUSPENDED: 'suspended',
  STATUS_UNCHECKED: 'unchecked',
};
const statusOf = (checks: Check[]): CredentialSummary['status'] =>
  checks.map((c) => STATUS_BY_CODE[c.code]).find((s) => s !== undefined) ?? 'unknown';

function anchorOf(checks: Check[]): { anchor?: CredentialSummary['anchor'] } {
  const d = checks.find((c) => c.code === 'ANCHORED')?.details as CredentialSummary['anchor'] | undefined;
  return d !== undefined ? { anchor: d } : {};
}

/** Verifies one VC-JWT; `holder` is the presentation's holder when it came inside one. */
export function verifyCredentialJws(jws: ParsedJws, options: VerifyOptions, holder?: string): CredentialOutcome {
  const claims = readCredentialClaims(jws);
  if (!claims.ok) return { checks: [check(claims.code, claims.message)] };
  const view = claims.view;
  const checks: Check[] = [];
  checks.push(checkSignature(jws, 'credential', 4).check);
  if (view.vcIssuer !== undefined && view.vcIssuer !== view.issuer) {
    checks.push(check('ISS_MISMATCH', `iss ${view.issuer} differs from vc.issuer ${view.vcIssuer}`));
  } else {
    checks.push(check('ISSUER_CONSISTENT', 'iss matches vc.issuer'));
  }
  const attestation = attestationCheck(view, holder);
  if (attestation !== undefined) checks.push(attestation);
  if (holder !== undefined) {
    checks.push(
      view.subject === holder
        ? check('SUBJECT_IS_HOLDER', 'issued to the presentation holder')
        : check('SUBJECT_NOT_HOLDER', `issued to ${view.subject}, not to the holder ${holder}`),
    );
  }
  checks.push(checkValidity('credential', view, options.now, 4));
  checks.push(schemaCheck(view));
  const trust = trustCheck(view, options);
  checks.push(trust.check);
  checks.push(...ledgerChecks(view, options));
  for (const c of checks) c.credential = view.digest;
  const summary: CredentialSummary = {
    digest: view.digest,
    ...(view.jti !== undefined ? { jti: view.jti } : {}),
    type: view.type,
    issuer: view.issuer,
    ...(trust.issuerName !== undefined ? { issuerName: trust.issuerName } : {}),
    subject: view.subject,
    ...((view.nbf ?? view.iat) !== undefined ? { validFrom: isoTime((view.nbf ?? view.iat) as number) } : {}),
    ...(view.exp !== undefined ? { validUntil: isoTime(view.exp) } : {}),
    verified: checks.every((c) => c.status !== 'fail'),
    attested: attestedBy(view.type, view.subjectData),
    ...(sourceDate(view) !== undefined ? { sourceAsOf: sourceDate(view) } : {}),
    status: statusOf(checks),
    ...anchorOf(checks),
  };
  return { checks, summary, view };
}
