// Tallying CME certificates against a rule (DESIGN.md "Credentialing policy"): a certificate
// counts when its activityEndDate lies in the rule's window (src/policy/cme-window.ts).
// Certificates are de-duplicated by (issuer, activityId); one that claims more credits than the
// activity offered is invalid. Credits are summed in quarter credits, so no float drifts in.
//
// What a certificate gives each minimum:
// - Category 1: all its credits if its creditType is Category 1 or an equivalent, else none;
// - a topic minimum: only credits documented for that topic — its `topicCredits` entry, or all its
//   credits when it lists that one topic and no topicCredits; with several listed topics, the
//   largest (one session may be tagged with two, so they are never added);
// - excluded topics (PA's child abuse and opioid hours, which do not count toward its 12 patient
//   safety hours): the minimum gets at most what is left of the certificate once the credits
//   documented for those topics are taken out.
import { CATEGORY_1_TYPES, type CmeRequirement, type CmeRule } from './cme-rules.js';
import { monthsBefore, windowOn } from './cme-window.js';

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
  topicCredits?: { topic: string; credits: number }[];
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
  citation?: string;
  /** the window as (windowFrom, windowTo]: the day before the first that counts, and the last */
  windowFrom: string;
  windowTo: string;
  span: string;
  /** each certificate in the window: `credits` earned, `toward` what it gives each requirement, in order */
  counted: {
    digest: string;
    activityId: string;
    activityTitle: string;
    activityEndDate: string;
    credits: number;
    toward: number[];
    creditType: string;
    topics: string[];
  }[];
  excluded: { digest: string; activityId: string; reason: ExclusionReason }[];
  requirements: RequirementTally[];
  met: boolean;
  summary: string;
}

export { monthsBefore };

/** A check's details that are a CME tally (the CME checks carry one). */
export const isCmeTally = (d: unknown): d is CmeTally =>
  typeof d === 'object' && d !== null && Array.isArray((d as CmeTally).counted);

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const quarters = (credits: number) => Math.round(credits * 4);
const fromQuarters = (q: number) => q / 4;

/** Quarter credits a certificate documents for one topic. */
function topicQuarters(c: CmeCertificate, topic: string): number {
  if (c.topicCredits !== undefined && c.topicCredits.length > 0) {
    const entry = c.topicCredits.find((t) => t.topic === topic);
    return entry ? Math.min(quarters(entry.credits), quarters(c.creditsEarned)) : 0;
  }
  return c.topics.length === 1 && c.topics[0] === topic ? quarters(c.creditsEarned) : 0;
}

/** Quarter credits a certificate gives one minimum. */
export function creditsToward(c: CmeCertificate, r: CmeRequirement): number {
  if (r.category1 && !CATEGORY_1_TYPES.includes(c.creditType)) return 0;
  if (r.creditType !== undefined && c.creditType !== r.creditType) return 0;
  const earned = quarters(c.creditsEarned);
  let q = r.topics ? Math.max(0, ...r.topics.map((t) => topicQuarters(c, t))) : earned;
  if (r.excludeTopics) {
    const taken = r.excludeTopics.reduce((sum, t) => sum + topicQuarters(c, t), 0);
    q = Math.min(q, Math.max(0, earned - taken));
  }
  return q;
}

export function tallyCme(
  certificates: readonly CmeCertificate[],
  rule: CmeRule,
  nowSeconds: number,
  licenseExpiry: (jurisdiction: string) => string | undefined = () => undefined,
): CmeTally {
  const today = new Date(nowSeconds * 1000).toISOString().slice(0, 10);
  const placed = windowOn(rule.window, today, licenseExpiry);
  const window = placed.ok ? placed.window : { after: today, through: today, span: '' };
  const excluded: CmeTally['excluded'] = [];
  const inWindow: CmeCertificate[] = [];
  const seen = new Set<string>();
  // code-unit order, not localeCompare: ISO dates and hex digests need no collation, and the first
  // localeCompare of a process loads ICU's (about 4 ms of a verify)
  const ordered = [...certificates].sort(
    (a, b) => byCodeUnits(a.activityEndDate, b.activityEndDate) || byCodeUnits(a.digest, b.digest),
  );
  for (const c of ordered) {
    const reason: ExclusionReason | undefined =
      quarters(c.creditsEarned) > quarters(c.creditsAvailable)
        ? 'earned-exceeds-available'
        : !(c.activityEndDate > window.after && c.activityEndDate <= window.through)
          ? 'outside-window'
          : seen.has(JSON.stringify([c.issuer, c.activityId]))
            ? 'duplicate'
            : undefined;
    if (reason !== undefined) {
      excluded.push({ digest: c.digest, activityId: c.activityId, reason });
      continue;
    }
    seen.add(JSON.stringify([c.issuer, c.activityId]));
    inWindow.push(c);
  }
  const requirements = rule.requirements.map((r): RequirementTally => {
    const q = inWindow.reduce((sum, c) => sum + creditsToward(c, r), 0);
    return {
      label: r.label,
      required: r.credits,
      earned: fromQuarters(q),
      short: fromQuarters(Math.max(0, quarters(r.credits) - q)),
    };
  });
  const met = placed.ok && requirements.every((r) => r.short === 0);
  const summary = !placed.ok
    ? placed.why
    : met
      ? requirements.map((r) => `${r.earned} of ${r.required} ${r.label} credits`).join(', ') + ` ${window.span}`
      : requirements
          .filter((r) => r.short > 0)
          .map((r) => `${r.short} ${r.label} credits short`)
          .join(', ') + ` ${window.span}`;
  return {
    rule: rule.name,
    description: rule.description,
    ...(rule.citation ? { citation: rule.citation } : {}),
    windowFrom: window.after,
    windowTo: window.through,
    span: window.span,
    counted: inWindow.map((c) => ({
      digest: c.digest,
      activityId: c.activityId,
      activityTitle: c.activityTitle,
      activityEndDate: c.activityEndDate,
      credits: c.creditsEarned,
      toward: rule.requirements.map((r) => fromQuarters(creditsToward(c, r))),
      creditType: c.creditType,
      topics: c.topics,
    })),
    excluded,
    requirements,
    met,
    summary,
  };
}
