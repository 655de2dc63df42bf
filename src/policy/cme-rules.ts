// @internal (src/policy only)
// CME rules (DESIGN.md "Credentialing policy"): a window and minimum credits, overall or of
// Category 1 (or its equivalents), of documented topic credits, or of one credit type. The presets
// are the rules offices ask for, each with the regulation or board page it follows; custom rules
// come from a JSON file (src/policy/cme-rule-file.ts) and can say everything a preset says.

/** Category 1 and its equivalents, as state boards and the ABR accept them. */
export const CATEGORY_1_TYPES: readonly string[] = [
  'AMA PRA Category 1 Credit',
  'AOA Category 1-A Credit',
  'AAFP Prescribed Credit',
];
export const CATEGORY_1 = CATEGORY_1_TYPES[0]!;

/**
 * Which certificates a rule looks at: `rolling`, the `months` ending on the decision day;
 * `fixed`, the cycle of `months` (counted from `anchor`, a cycle's first day) that holds the
 * decision day; `license-cycle`, the `months` ending on the expiration date of the holder's
 * license in `jurisdiction`. A cycle still under way counts what was earned up to the decision.
 */
export type CmeWindow =
  | { type: 'rolling'; months: number }
  | { type: 'fixed'; months: number; anchor: string }
  | { type: 'license-cycle'; months: number; jurisdiction: string };

export interface CmeRequirement {
  /** what the minimum counts, in words: "Category 1", "ethics", "total" */
  label: string;
  credits: number;
  /** only Category 1 credit or an equivalent counts (CATEGORY_1_TYPES) */
  category1?: boolean;
  /** only certificates of exactly this creditType count */
  creditType?: string;
  /** only credits documented in one of these topics count (topicCredits, or a one-topic certificate) */
  topics?: string[];
  /** credits documented in these topics never count toward this minimum (PA: child abuse, opioids) */
  excludeTopics?: string[];
}

export interface CmeRule {
  name: string;
  description: string;
  /** the regulation or board page the rule follows */
  citation?: string;
  window: CmeWindow;
  requirements: CmeRequirement[];
}

const cat1 = (credits: number, extra: Partial<CmeRequirement> = {}): CmeRequirement => ({
  label: 'Category 1',
  credits,
  category1: true,
  ...extra,
});

export const PA_CHILD_ABUSE_TOPICS = ['child abuse recognition'];
export const PA_OPIOID_TOPICS = ['pain management', 'addiction', 'opioid prescribing'];

// Each preset as the rule stands in 2026. A preset never changes silently under a signed request:
// the request carries the whole rule, not its name.
export const CME_PRESETS: Readonly<Record<string, CmeRule>> = {
  abr: {
    name: 'abr',
    description: 'ABR continuing certification: 75 Category 1 credits in 36 months',
    citation:
      'American Board of Radiology, Continuing Certification Part 2 (Lifelong Learning): 75 AMA PRA Category 1 Credits in the previous three years; SA-CME not required since 2023 for diplomates meeting OLA',
    window: { type: 'rolling', months: 36 },
    requirements: [cat1(75)],
  },
  tx: {
    name: 'tx',
    description: 'Texas: 48 credits per license cycle, 24 Category 1, 2 of those in ethics',
    citation:
      '22 Tex. Admin. Code § 166.2(a): 48 credits every 24 months, at least 24 formal (AMA PRA Category 1 or AOA Category 1-A), including at least 2 in medical ethics and/or professional responsibility',
    window: { type: 'license-cycle', months: 24, jurisdiction: 'US-TX' },
    requirements: [
      { label: 'total', credits: 48 },
      cat1(24),
      cat1(2, {
        label: 'Category 1 ethics or professional responsibility',
        topics: ['ethics', 'professional responsibility'],
      }),
    ],
  },
  ca: {
    name: 'ca',
    description: 'California: 50 Category 1 or AAFP Prescribed credits per license cycle',
    citation:
      'Cal. Bus. & Prof. Code § 2190; 16 Cal. Code Regs. § 1336: 50 hours of approved CME (AMA PRA Category 1 or AAFP Prescribed) in each two-year renewal cycle',
    window: { type: 'license-cycle', months: 24, jurisdiction: 'US-CA' },
    requirements: [cat1(50, { label: 'Category 1 or AAFP Prescribed' })],
  },
  pa: {
    name: 'pa',
    description: 'Pennsylvania: 100 credits per cycle, 20 Category 1, 12 safety, 2 child abuse, 2 opioids',
    citation:
      '49 Pa. Code § 16.19(b) (100 credits, 20 AMA PRA Category 1, 12 patient safety or risk management); § 16.108(b) and Act 31 of 2014 (2 hours child abuse recognition and reporting); Act 124 of 2016 (2 hours pain management, addiction or opioid prescribing); neither of the last two counts toward the 12',
    window: { type: 'fixed', months: 24, anchor: '2025-01-01' },
    requirements: [
      { label: 'total', credits: 100 },
      cat1(20),
      {
        label: 'patient safety or risk management',
        credits: 12,
        topics: ['patient safety', 'risk management'],
        excludeTopics: [...PA_CHILD_ABUSE_TOPICS, ...PA_OPIOID_TOPICS],
      },
      { label: 'child abuse recognition', credits: 2, topics: PA_CHILD_ABUSE_TOPICS },
      { label: 'pain management or opioids', credits: 2, topics: PA_OPIOID_TOPICS },
    ],
  },
  mqsa: {
    name: 'mqsa',
    description: 'MQSA: 15 Category 1 credits in mammography in 36 months',
    citation:
      '21 CFR 900.12(a)(1)(ii)(C): at least 15 category I CME units in mammography in the 36 months before the date of the facility inspection',
    window: { type: 'rolling', months: 36 },
    requirements: [cat1(15, { label: 'Category 1 in mammography', topics: ['mammography'] })],
  },
};

/** The preset named (any case), or undefined; own keys only: `constructor` is not a preset. */
export function cmePreset(name: string): CmeRule | undefined {
  const key = name.toLowerCase();
  return Object.hasOwn(CME_PRESETS, key) ? CME_PRESETS[key] : undefined;
}

/** The window in words: "rolling 36 months", "fixed 24-month cycles from 2025-01-01", ... */
export function describeWindow(w: CmeWindow): string {
  if (w.type === 'rolling') return `rolling ${w.months} months`;
  if (w.type === 'fixed') return `${w.months}-month cycles from ${w.anchor}`;
  return `${w.months} months to the ${w.jurisdiction} license's expiry`;
}
