// Step 5 of the pipeline (DESIGN.md "Credentialing policy"): what a credentialing office asks of a
// verified presentation. Each credential's own facts (src/policy/facts.ts); every required type
// present, verified and with its facts passing; the policy's rules over the whole presentation
// (src/policy/rules.ts); every CME rule met, with its tally.
import type { CredentialView } from '../credential/claims.js';
import { isoTime } from '../util/time.js';
import { outcome, type Check } from '../verify/types.js';
import { tallyCme, type CmeCertificate } from './cme-tally.js';
import { factsOf, type Facts } from './facts.js';
import type { Policy } from './policy.js';
import { appointmentChecks, claimsChecks, licenseJurisdictions, sourceAgeChecks, volumeCheck } from './rules.js';
import { str, num } from './values.js';

export type { Policy };
export { lapsesAt } from './rules.js';

export interface PresentedCredential {
  view: CredentialView;
  verified: boolean;
}

function asCertificate(view: CredentialView): CmeCertificate | undefined {
  const s = view.subjectData;
  const activityId = str(s.activityId),
    activityEndDate = str(s.activityEndDate),
    creditType = str(s.creditType);
  const creditsAvailable = num(s.creditsAvailable),
    creditsEarned = num(s.creditsEarned);
  if (!activityId || !activityEndDate || !creditType || creditsAvailable === undefined || creditsEarned === undefined)
    return undefined;
  const topicCredits = Array.isArray(s.topicCredits)
    ? s.topicCredits.filter(
        (t): t is { topic: string; credits: number } =>
          typeof t === 'object' && t !== null && typeof t.topic === 'string' && typeof t.credits === 'number',
      )
    : undefined;
  return {
    digest: view.digest,
    issuer: view.issuer,
    activityId,
    activityTitle: str(s.activityTitle) ?? activityId,
    activityEndDate,
    creditType,
    creditsAvailable,
    creditsEarned,
    topics: Array.isArray(s.topics) ? s.topics.filter((t): t is string => typeof t === 'string') : [],
    ...(topicCredits ? { topicCredits } : {}),
  };
}

function requiredChecks(
  presented: readonly PresentedCredential[],
  facts: ReadonlyMap<CredentialView, Facts>,
  require: readonly string[],
): Check[] {
  return require.map((type) => {
    // the credential's own type (the one its schema and trust were checked for), not any type it lists
    const ofType = presented.filter((p) => p.view.type === type);
    const verified = ofType.filter((p) => p.verified);
    if (verified.some((p) => facts.get(p.view)?.ok))
      return outcome(5, 'REQUIRED_PRESENT', `${type} presented and verified`);
    if (verified.length > 0) {
      const why = verified
        .map((p) => facts.get(p.view)?.why)
        .filter((w) => w !== undefined)
        .join('; ');
      return outcome(
        5,
        'REQUIRED_NOT_SATISFIED',
        `${type} presented and verified, but it does not meet the policy: ${why}`,
      );
    }
    if (ofType.length > 0) return outcome(5, 'REQUIRED_NOT_VERIFIED', `${type} presented, but it did not verify`);
    return outcome(5, 'REQUIRED_MISSING', `${type} is required and was not presented`);
  });
}

function cmeChecks(
  presented: readonly PresentedCredential[],
  policy: Policy,
  licenses: readonly CredentialView[],
  now: number,
): Check[] {
  if (policy.cme.length === 0) return [];
  const certificates = presented
    .filter((p) => p.verified && p.view.type === 'CMECertificateCredential')
    .map((p) => asCertificate(p.view))
    .filter((c): c is CmeCertificate => c !== undefined);
  const unverified = presented.filter((p) => !p.verified && p.view.type === 'CMECertificateCredential').length;
  const note = unverified ? ` (${unverified} certificate(s) that did not verify not counted)` : '';
  // a license-cycle window ends at the expiration of the holder's license there (the latest, if several)
  const licenseExpiry = (jurisdiction: string) =>
    licenses
      .filter((l) => l.subjectData.jurisdiction === jurisdiction)
      .map((l) => str(l.subjectData.expirationDate))
      .filter((d): d is string => d !== undefined)
      .sort()
      .at(-1);
  return policy.cme.map((rule) => {
    const tally = tallyCme(certificates, rule, now, licenseExpiry);
    return outcome(
      5,
      tally.met ? 'CME_MET' : 'CME_NOT_MET',
      `${rule.name}: ${tally.summary}; ${tally.counted.length} certificate(s) in the window${note}`,
      { details: tally },
    );
  });
}

export function evaluatePolicy(presented: readonly PresentedCredential[], policy: Policy, now: number): Check[] {
  const today = isoTime(now).slice(0, 10);
  const verified = presented.filter((p) => p.verified).map((p) => p.view);
  const facts = new Map(verified.map((v) => [v, factsOf(v, { policy, today })] as const));
  const ofType = (type: string) => verified.filter((v) => v.type === type);
  const licenses = ofType('MedicalLicenseCredential');

  const checks = requiredChecks(presented, facts, policy.require);
  for (const f of facts.values()) checks.push(...f.checks);
  if (policy.license)
    checks.push(
      ...licenseJurisdictions(
        licenses.map((view) => ({ view, facts: facts.get(view)! })),
        policy.license.jurisdictions,
        presented.filter((p) => !p.verified && p.view.type === 'MedicalLicenseCredential').map((p) => p.view),
      ),
    );
  checks.push(
    ...cmeChecks(
      presented,
      policy,
      licenses.filter((l) => facts.get(l)!.ok),
      now,
    ),
  );
  checks.push(...claimsChecks(ofType('ClaimsHistoryCredential'), policy));
  if (policy.interpretationVolume)
    checks.push(volumeCheck(ofType('MammographyInterpretationVolumeCredential'), policy.interpretationVolume, now));
  if (policy.maxSourceAgeDays !== undefined) checks.push(...sourceAgeChecks(verified, policy.maxSourceAgeDays, now));
  // what lapses during the appointment matters for what the office relies on, not for a lapsed
  // license or relinquished privileges elsewhere
  if (policy.appointmentUntil !== undefined)
    checks.push(
      ...appointmentChecks(
        verified.filter((v) => facts.get(v)!.ok),
        policy.appointmentFrom,
        policy.appointmentUntil,
      ),
    );
  return checks;
}
