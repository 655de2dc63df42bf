// Step 5 of the pipeline: what a credentialing office asks of a verified presentation. Required
// types present and verified; every license active and unexpired; the CME rule met (with the
// tally); malpractice claims in the look-back shown, not failed; credentials that lapse during
// the appointment period flagged.
import type { CredentialView } from '../credential/claims.js';
import { isoTime } from '../util/time.js';
import type { Check } from '../verify/types.js';
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
    if (ofType.some((p) => p.verified)) checks.push({ check: 'required', status: 'pass', code: 'REQUIRED_PRESENT', message: `${type} presented and verified` });
    else if (ofType.length > 0) checks.push({ check: 'required', status: 'fail', code: 'REQUIRED_NOT_VERIFIED', message: `${type} presented, but it did not verify` });
    else checks.push({ check: 'required', status: 'fail', code: 'REQUIRED_MISSING', message: `${type} is required and was not presented` });
  }

  for (const { view } of presented.filter((p) => p.verified && p.view.type === 'MedicalLicenseCredential')) {
    const s = view.subjectData;
    const where = `${String(s.jurisdiction ?? '?')} license ${String(s.licenseNumber ?? '?')}`;
    if (s.status !== 'active') checks.push({ check: 'license', status: 'fail', code: 'LICENSE_NOT_ACTIVE', message: `${where} is ${String(s.status)}`, credential: view.digest });
    else if (typeof s.expirationDate === 'string' && s.expirationDate < today) checks.push({ check: 'license', status: 'fail', code: 'LICENSE_EXPIRED', message: `${where} expired ${s.expirationDate}`, credential: view.digest });
    else checks.push({ check: 'license', status: 'pass', code: 'LICENSE_ACTIVE', message: `${where} is active until ${String(s.expirationDate)}`, credential: view.digest });
  }

  if (policy.cme) {
    const certificates = presented.filter((p) => p.verified && p.view.type === 'CMECertificateCredential').map((p) => asCertificate(p.view)).filter((c): c is CmeCertificate => c !== undefined);
    const tally = tallyCme(certificates, policy.cme, now);
    const unverified = presented.filter((p) => !p.verified && p.view.type === 'CMECertificateCredential').length;
    const note = unverified ? ` (${unverified} certificate(s) that did not verify not counted)` : '';
    checks.push({
      check: 'cme', status: tally.met ? 'pass' : 'fail', code: tally.met ? 'CME_MET' : 'CME_SHORT',
      message: `${policy.cme.name}: ${tally.summary}; ${tally.counted.length} certificate(s) counted${note}`, details: tally,
    });
  }

  for (const { view } of presented.filter((p) => p.verified && p.view.type === 'ClaimsHistoryCredential')) {
    const s = view.subjectData;
    const claims = Array.isArray(s.claims) ? s.claims : [];
    const span = `${String(s.lookbackFrom)} to ${String(s.lookbackTo)}`;
    checks.push(claims.length === 0
      ? { check: 'claims', status: 'pass', code: 'NO_CLAIMS', message: `no malpractice claims ${span}`, credential: view.digest }
      : {
          check: 'claims', status: 'warn', code: 'CLAIMS_REPORTED', credential: view.digest,
          message: `${claims.length} claim(s) ${span}: ` + claims.map((c) => (typeof c === 'object' && c !== null ? `reported ${String((c as Record<string, unknown>).reportedDate)}, ${String((c as Record<string, unknown>).status)}, ${String((c as Record<string, unknown>).outcome)}` : '?')).join('; '),
        });
  }

  if (policy.appointmentUntil !== undefined) {
    for (const { view } of presented.filter((p) => p.verified)) {
      const at = lapsesAt(view);
      if (at !== undefined && at < policy.appointmentUntil) {
        checks.push({ check: 'expiry', status: 'warn', code: 'EXPIRES_DURING_APPOINTMENT', message: `${view.type} lapses ${isoTime(at).slice(0, 10)}, before the appointment ends ${isoTime(policy.appointmentUntil).slice(0, 10)}`, credential: view.digest });
      }
    }
  }
  return checks;
}
