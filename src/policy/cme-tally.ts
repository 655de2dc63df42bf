// Tallying CME certificates against a rule: the window is the `windowMonths` months ending at
// the verification date, (from, to]; a certificate counts when its activityEndDate lies in it.
// Certificates are de-duplicated by (issuer, activityId); one that claims more credits than the
// activity offered is invalid. Credits are summed in quarter credits, so no float drifts in.
import { CATEGORY_1, type CmeRule } from './cme-rules.js';

export interface CmeCertificate {
  digest: string;
  issuer: string;
  activityId: string;
  activityTitle: string;
  activityEndDate: string;
  creditType: string;
  creditsAvailable: number;
  creditsEarned: number;
  topics: string[];
}

export type ExclusionReason = 'outside-window' | 'duplicate' | 'earned-exceeds-available';

export interface RequirementTally {
  label: string;
  required: number;
  earned: number;
  short: number;
}

export interface CmeTally {
  rule: string;
  description: string;
  windowFrom: string;
  windowTo: string;
  counted: { digest: string; activityId: string; activityTitle: string; activityEndDate: string; credits: number; creditType: string; topics: string[] }[];
  excluded: { digest: string; activityId: string; reason: ExclusionReason }[];
  requirements: RequirementTally[];
  met: boolean;
  summary: string;
}

/** The date `months` calendar months before `date` (YYYY-MM-DD), clamped to the month's last day. */
export function monthsBefore(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 - months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

const quarters = (credits: number) => Math.round(credits * 4);
const fromQuarters = (q: number) => q / 4;
const fmt = (credits: number) => String(credits);

export function tallyCme(certificates: readonly CmeCertificate[], rule: CmeRule, nowSeconds: number): CmeTally {
  const windowTo = new Date(nowSeconds * 1000).toISOString().slice(0, 10);
  const windowFrom = monthsBefore(windowTo, rule.windowMonths);
  const excluded: CmeTally['excluded'] = [];
  const counted: CmeTally['counted'] = [];
  const seen = new Set<string>();
  const ordered = [...certificates].sort((a, b) => a.activityEndDate.localeCompare(b.activityEndDate) || a.digest.localeCompare(b.digest));
  for (const c of ordered) {
    if (quarters(c.creditsEarned) > quarters(c.creditsAvailable)) {
      excluded.push({ digest: c.digest, activityId: c.activityId, reason: 'earned-exceeds-available' });
      continue;
    }
    if (!(c.activityEndDate > windowFrom && c.activityEndDate <= windowTo)) {
      excluded.push({ digest: c.digest, activityId: c.activityId, reason: 'outside-window' });
      continue;
    }
    const key = JSON.stringify([c.issuer, c.activityId]);
    if (seen.has(key)) {
      excluded.push({ digest: c.digest, activityId: c.activityId, reason: 'duplicate' });
      continue;
    }
    seen.add(key);
    counted.push({ digest: c.digest, activityId: c.activityId, activityTitle: c.activityTitle, activityEndDate: c.activityEndDate, credits: c.creditsEarned, creditType: c.creditType, topics: c.topics });
  }
  const requirements = rule.requirements.map((r): RequirementTally => {
    const q = counted
      .filter((c) => (r.creditType === undefined || c.creditType === r.creditType) && (r.topic === undefined || c.topics.includes(r.topic)))
      .reduce((sum, c) => sum + quarters(c.credits), 0);
    return { label: r.label, required: r.credits, earned: fromQuarters(q), short: fromQuarters(Math.max(0, quarters(r.credits) - q)) };
  });
  const met = requirements.every((r) => r.short === 0);
  const span = `in the ${rule.windowMonths} months to ${windowTo}`;
  const summary = met
    ? requirements.map((r) => `${fmt(r.earned)} of ${fmt(r.required)} ${r.label} credits`).join(', ') + ` ${span}`
    : requirements.filter((r) => r.short > 0).map((r) => `${fmt(r.short)} ${r.label} credits short`).join(', ') + ` ${span}`;
  return { rule: rule.name, description: rule.description, windowFrom, windowTo, counted, excluded, requirements, met, summary };
}

export { CATEGORY_1 };
