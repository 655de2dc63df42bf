// Step 5 of the pipeline: what a credentialing office asks of a verified presentation. Required
// types present and verified; every license active and unexpired; the CME rule met (with the
// tally); malpractice claims in the look-back shown, not failed; credentials that lapse during
// the appointment period flagged.
import type { CredentialView } from '../credential/claims.js';
import { isoTime } from '../util/time.js';
import { outcome, type Check } from '../verify/types.js';
import type { CmeRule } from './cme-rules.js';
import { tallyCme, type CmeCertificate } from './cme-tally.js';

export interface Policy {
  require: string[];
  cme?: CmeRule;
  appointmentUntil?: number;
}

export interface PresentedCredential {
  view: CredentialView;
  verified: boolean;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function asCertificate(view: CredentialView): CmeCertificate | undefined {
  const s = view.subjectData;
  const activityId = str(s.activityId), activityEndDate = str(s.activityEndDate), creditType = str(s.creditType);
  const creditsAvailable = num(s.creditsAvailable), creditsEarned = num(s.creditsEarned);
  if (!activityId || !activityEndDate || !creditType || creditsAvailable === undefined || creditsEarned === undefined) return undefined;
  return {
    digest: view.digest, issuer: view.issuer, activityId, activityTitle: str(s.activityTitle) ?? activityId, activityEndDate, creditType,
    creditsAvailable, creditsEarned, topics: Array.isArray(s.topics) ? s.topics.filter((t): t is string => typeof t === 'string') : [],
  };
}

/** When a credential stops being good: its `exp`, or an expiration date in its subject, whichever is first. */
export function lapsesAt(view: CredentialView): number | undefined {
  const dates = [view.exp, ...['expirationDate'].map((k) => str(view.subjectData[k])).filter((d): d is string => d !== undefined).map((d) => Math.floor(Date.parse(d + 'T23:59:59Z') / 1000))]
    .filter((t): t is number => t !== undefined && Number.isFinite(t));
  return dates.length ? Math.min(...dates) : undefined;
}

export function evaluatePolicy(presented: readonly PresentedCredential[], policy: Policy, now: number): Check[] {
  const checks: Check[] = [];
  const today = isoTime(now).slice(0, 10);
  for (const type of policy.require) {
    // the credential's own type (the one its schema and trust were checked for), not any type it lists
    const ofType = presented.filter((p) => p.view.type === type);
    if (ofType.some((p) => p.verified)) checks.push(outcome(5, 'REQUIRED_PRESENT', `${type} presented and verified`));
    else if (ofType.length > 0) checks.push(outcome(5, 'REQUIRED_NOT_VERIFIED', `${type} presented, but it did not verify`));
    else checks.push(outcome(5, 'REQUIRED_MISSING', `${type} is required and was not presented`));
  }

  for (const { view } of presented.filter((p) => p.verified && p.view.type === 'MedicalLicenseCredential')) {
    const s = view.subjectData;
    const where = `${String(s.jurisdiction ?? '?')} license ${String(s.licenseNumber ?? '?')}`;
    const credential = { credential: view.digest };
    if (s.status !== 'active') checks.push(outcome(5, 'LICENSE_NOT_ACTIVE', `${where} is ${String(s.status)}`, credential));
    else if (typeof s.expirationDate === 'string' && s.expirationDate < today) checks.push(outcome(5, 'LICENSE_EXPIRED', `${where} expired ${s.expirationDate}`, credential));
    else checks.push(outcome(5, 'LICENSE_ACTIVE', `${where} is active until ${String(s.expirationDate)}`, credential));
  }

  if (policy.cme) {
    const certificates = presented.filter((p) => p.verified && p.view.type === 'CMECertificateCredential').map((p) => asCertificate(p.view)).filter((c): c is CmeCertificate => c !== undefined);
    const tally = tallyCme(certificates, policy.cme, now);
    const unverified = presented.filter((p) => !p.verified && p.view.type === 'CMECertificateCredential').length;
    const note = unverified ? ` (${unverified} certificate(s) that did not verify not counted)` : '';
    checks.push(outcome(5, tally.met ? 'CME_MET' : 'CME_SHORT', `${policy.cme.name}: ${tally.summary}; ${tally.counted.length} certificate(s) counted${note}`, { details: tally }));
  }

  for (const { view } of presented.filter((p) => p.verified && p.view.type === 'ClaimsHistoryCredential')) {
    const s = view.subjectData;
    const claims = Array.isArray(s.claims) ? s.claims : [];
    const span = `${String(s.lookbackFrom)} to ${String(s.lookbackTo)}`;
    const claim = (c: unknown) => (typeof c === 'object' && c !== null ? `reported ${String((c as Record<string, unknown>).reportedDate)}, ${String((c as Record<string, unknown>).status)}, ${String((c as Record<string, unknown>).outcome)}` : '?');
    checks.push(claims.length === 0
      ? outcome(5, 'NO_CLAIMS', `no malpractice claims ${span}`, { credential: view.digest })
      : outcome(5, 'CLAIMS_REPORTED', `${claims.length} claim(s) ${span}: ${claims.map(claim).join('; ')}`, { credential: view.digest }));
  }

  if (policy.appointmentUntil !== undefined) {
    for (const { view } of presented.filter((p) => p.verified)) {
      const at = lapsesAt(view);
      if (at !== undefined && at < policy.appointmentUntil) {
        checks.push(outcome(5, 'EXPIRES_DURING_APPOINTMENT', `${view.type} lapses ${isoTime(at).slice(0, 10)}, before the appointment ends ${isoTime(policy.appointmentUntil).slice(0, 10)}`, { credential: view.digest }));
      }
    }
  }
  return checks;
}
