// The policy's rules over the whole presentation (DESIGN.md "Credentialing policy"): a license in
// each of the hospital's jurisdictions, the claims history and its look-back, each source's age
// at the decision, mammography interpretation volume, and what lapses during the appointment.
// Each rule is its own check with its own code.
import type { CredentialView } from '../credential/claims.js';
import { outcome, type Check } from '../verify/types.js';
import { monthsBefore } from './cme-window.js';
import type { Facts } from './facts.js';
import type { Policy } from './policy.js';
import { str, day } from './values.js';

const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** An active, unrestricted, unexpired license in each listed jurisdiction. */
export function licenseJurisdictions(
  licenses: readonly { view: CredentialView; facts: Facts }[],
  jurisdictions: readonly string[],
  unverified: readonly CredentialView[] = [],
): Check[] {
  return jurisdictions.map((j) => {
    const here = licenses.filter((l) => l.view.subjectData.jurisdiction === j);
    const good = here.find(
      (l) =>
        l.facts.ok && !(Array.isArray(l.view.subjectData.restrictions) && l.view.subjectData.restrictions.length > 0),
    );
    if (good)
      return outcome(
        5,
        'LICENSE_JURISDICTION_MET',
        `an active, unrestricted ${j} license (${String(good.view.subjectData.licenseNumber)})`,
        { credential: good.view.digest },
      );
    // a license presented that failed verification (suspended, revoked, not anchored) is named as such, not as absent
    const failed = unverified.filter((v) => v.subjectData.jurisdiction === j).length;
    const why =
      here.length > 0
        ? `the one presented is ${here.map((l) => l.facts.why ?? 'restricted').join('; ')}`
        : failed > 0
          ? `the ${j} license presented did not verify (see its checks above)`
          : 'none was presented';
    return outcome(
      5,
      'LICENSE_JURISDICTION_MISSING',
      `the policy requires an active, unrestricted ${j} license: ${why}`,
    );
  });
}

/** Claims are shown (never failed on their own); a look-back shorter than the policy's fails. */
export function claimsChecks(histories: readonly CredentialView[], policy: Policy): Check[] {
  const checks: Check[] = [];
  for (const view of histories) {
    const s = view.subjectData;
    const claims = Array.isArray(s.claims) ? s.claims : [];
    const from = str(s.lookbackFrom),
      to = str(s.lookbackTo);
    const span = `${String(from)} to ${String(to)}`;
    const claim = (c: unknown) => {
      const r = typeof c === 'object' && c !== null ? (c as Record<string, unknown>) : {};
      return `${r.incidentDate ? `incident ${String(r.incidentDate)}, ` : ''}reported ${String(r.reportedDate)}, ${String(r.status)}, ${String(r.outcome)}`;
    };
    checks.push(
      claims.length === 0
        ? outcome(5, 'NO_CLAIMS', `no malpractice claims ${span}`, { credential: view.digest })
        : outcome(5, 'CLAIMS_REPORTED', `${claims.length} claim(s) ${span}: ${claims.map(claim).join('; ')}`, {
            credential: view.digest,
          }),
    );
    const years = policy.claims?.minLookbackYears;
    if (years !== undefined && from !== undefined && to !== undefined) {
      // lookbackFrom and lookbackTo are both days covered: 2016-11-01 to 2026-10-31 is 10 years
      const needFrom = dayAfter(monthsBefore(to, years * 12));
      checks.push(
        from <= needFrom
          ? outcome(5, 'CLAIMS_LOOKBACK_MET', `the claims history covers at least ${years} years (${span})`, {
              credential: view.digest,
            })
          : outcome(
              5,
              'CLAIMS_LOOKBACK_SHORT',
              `the claims history covers ${span}; the policy needs ${years} years (from ${needFrom} or earlier)`,
              { credential: view.digest },
            ),
      );
    }
  }
  return checks;
}

/**
 * Types whose facts change and so go stale (NCQA and NAMSS time limits for primary-source
 * verification); a degree, training, a CME certificate or an ECFMG certificate records something
 * that happened and does not age (its status, if it changes, is in the ledger).
 */
const AGING_TYPES = new Set([
  'MedicalLicenseCredential',
  'BoardCertificationCredential',
  'ProfessionalLiabilityCoverageCredential',
  'ClaimsHistoryCredential',
  'ClinicalPrivilegesCredential',
  'ControlledSubstanceRegistrationCredential',
  'PractitionerAttestationCredential',
  'MammographyInterpretationVolumeCredential',
]);

/** The day a credential's source vouched for its facts: the subject's as-of date, else when it was issued. */
export function sourceDate(view: CredentialView): string | undefined {
  const s = view.subjectData;
  const asOf =
    str(s.statusAsOf) ??
    str(s.attestedDate) ??
    (view.type === 'ClaimsHistoryCredential' ? str(s.lookbackTo) : undefined);
  const issued = view.iat ?? view.nbf;
  return asOf ?? (issued !== undefined ? day(issued) : undefined);
}

export function sourceAgeChecks(verified: readonly CredentialView[], maxDays: number, now: number): Check[] {
  const oldest = day(now - maxDays * 86_400);
  const aging = verified.filter((v) => AGING_TYPES.has(v.type));
  const stale = aging
    .map((v) => ({ v, date: sourceDate(v) }))
    .filter(({ date }) => date === undefined || date < oldest);
  if (stale.length === 0)
    return aging.length
      ? [outcome(5, 'SOURCES_CURRENT', `${aging.length} source(s) vouched within ${maxDays} days of ${day(now)}`)]
      : [];
  return stale.map(({ v, date }) =>
    outcome(
      5,
      'SOURCE_TOO_OLD',
      `${v.type}: its source vouched ${date ?? 'on an unknown day'}, more than ${maxDays} days before ${day(now)}`,
      { credential: v.digest },
    ),
  );
}

/** MQSA continuing experience: exams interpreted in periods inside the months before the decision. */
export function volumeCheck(
  volumes: readonly CredentialView[],
  rule: { minExams: number; months: number },
  now: number,
): Check {
  const today = day(now);
  const from = monthsBefore(today, rule.months);
  const inside = volumes.filter((v) => {
    const f = str(v.subjectData.periodFrom),
      t = str(v.subjectData.periodTo);
    return f !== undefined && t !== undefined && f >= from && t <= today;
  });
  const exams = inside.reduce(
    (sum, v) => sum + (typeof v.subjectData.examCount === 'number' ? v.subjectData.examCount : 0),
    0,
  );
  const facilities = inside.length ? ` at ${inside.map((v) => String(v.subjectData.facility)).join(', ')}` : '';
  return exams >= rule.minExams
    ? outcome(
        5,
        'VOLUME_MET',
        `${exams} of ${rule.minExams} interpretations in the ${rule.months} months to ${today}${facilities}`,
      )
    : outcome(
        5,
        'VOLUME_BELOW_MINIMUM',
        `${exams} interpretations in the ${rule.months} months to ${today}${facilities}; the policy needs ${rule.minExams}`,
      );
}

/** When a credential stops being good: its `exp`, or an expiration date in its subject, whichever is first. */
export function lapsesAt(view: CredentialView): number | undefined {
  const subject = str(view.subjectData.expirationDate);
  const dates = [
    view.exp,
    subject !== undefined ? Math.floor(Date.parse(subject + 'T23:59:59Z') / 1000) : undefined,
  ].filter((t): t is number => t !== undefined && Number.isFinite(t));
  return dates.length ? Math.min(...dates) : undefined;
}

export function appointmentChecks(
  verified: readonly CredentialView[],
  from: number | undefined,
  until: number,
): Check[] {
  const checks: Check[] = [];
  for (const view of verified) {
    const at = lapsesAt(view);
    if (at === undefined || at >= until) continue;
    checks.push(
      from !== undefined && at < from
        ? outcome(
            5,
            'EXPIRES_BEFORE_APPOINTMENT',
            `${view.type} lapses ${day(at)}, before the appointment begins ${day(from)}`,
            { credential: view.digest },
          )
        : outcome(
            5,
            'EXPIRES_DURING_APPOINTMENT',
            `${view.type} lapses ${day(at)}, before the appointment ends ${day(until)}`,
            { credential: view.digest },
          ),
    );
  }
  return checks;
}
