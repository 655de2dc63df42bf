// CME rules (DESIGN.md "CME rules"): a rolling window ending at the verification time and
// minimum credits, overall or by credit type or topic. Presets for the rules offices ask for;
// custom rules come from a JSON file and are parsed strictly.
import { RadcredError } from '../errors.js';
import { isPlainObject, parseJsonObject } from '../util/json.js';

export const CATEGORY_1 = 'AMA PRA Category 1 Credit';

export interface CmeRequirement {
  /** what the minimum counts, in words: "Category 1", "ethics", "total" */
  label: string;
  credits: number;
  /** only certificates of this creditType count */
  creditType?: string;
  /** only certificates listing this topic count */
  topic?: string;
}

export interface CmeRule {
  name: string;
  description: string;
  windowMonths: number;
  requirements: CmeRequirement[];
}

const cat1 = (credits: number, extra: Partial<CmeRequirement> = {}): CmeRequirement => ({ label: 'Category 1', credits, creditType: CATEGORY_1, ...extra });

export const CME_PRESETS: Readonly<Record<string, CmeRule>> = {
  abr: { name: 'abr', description: 'ABR continuing certification: 75 Category 1 credits in 36 months', windowMonths: 36, requirements: [cat1(75)] },
  tx: {
    name: 'tx', description: 'Texas Medical Board: 48 credits in 24 months, at least 24 Category 1 and 2 in ethics', windowMonths: 24,
    requirements: [{ label: 'total', credits: 48 }, cat1(24), { label: 'ethics', credits: 2, topic: 'ethics' }],
  },
  ca: { name: 'ca', description: 'Medical Board of California: 50 credits in 24 months', windowMonths: 24, requirements: [{ label: 'total', credits: 50 }] },
  pa: {
    name: 'pa', description: 'Pennsylvania: 100 credits in 24 months, at least 20 Category 1 and 12 in patient safety', windowMonths: 24,
    requirements: [{ label: 'total', credits: 100 }, cat1(20), { label: 'patient safety', credits: 12, topic: 'patient safety' }],
  },
  mqsa: {
    name: 'mqsa', description: 'MQSA interpreting physician: 15 Category 1 credits in mammography in 36 months', windowMonths: 36,
    requirements: [cat1(15, { label: 'Category 1 in mammography', topic: 'mammography' })],
  },
};

const isCredits = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= 10_000 && Number.isInteger(v * 4);

/** Checks a rule object field by field (from a file or a request); every value is copied. */
export function parseCmeRule(value: unknown, where: string): CmeRule {
  const bad = (why: string) => new RadcredError('CME_RULE_INVALID', `CME rule in ${where} is invalid: ${why}`,
    'a rule is {"name", "windowMonths", "requirements": [{"label", "credits", "creditType"?, "topic"?}]}');
  if (!isPlainObject(value)) throw bad('not an object');
  // A misspelt key would otherwise be dropped silently, and a minimum meant for one credit type
  // or topic would count every credit.
  const unknownKey = (o: Record<string, unknown>, known: string[]) => Object.keys(o).find((k) => !known.includes(k));
  const extra = unknownKey(value, ['name', 'description', 'windowMonths', 'requirements']);
  if (extra !== undefined) throw bad(`unknown field ${JSON.stringify(extra)}`);
  const { name, description, windowMonths, requirements } = value;
  if (typeof name !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(name)) throw bad('name must be 1-64 letters, digits, ".", "_" or "-"');
  if (description !== undefined && typeof description !== 'string') throw bad('description must be text');
  if (typeof windowMonths !== 'number' || !Number.isInteger(windowMonths) || windowMonths < 1 || windowMonths > 120) throw bad('windowMonths must be a whole number of months from 1 to 120');
  if (!Array.isArray(requirements) || requirements.length === 0 || requirements.length > 20) throw bad('requirements must be a list of 1-20 minimums');
  const reqs = requirements.map((r, i): CmeRequirement => {
    if (!isPlainObject(r)) throw bad(`requirements[${i}] is not an object`);
    const extraField = unknownKey(r, ['label', 'credits', 'creditType', 'topic']);
    if (extraField !== undefined) throw bad(`requirements[${i}] has an unknown field ${JSON.stringify(extraField)}`);
    const { label, credits, creditType, topic } = r;
    if (typeof label !== 'string' || label.length === 0 || label.length > 100) throw bad(`requirements[${i}].label is missing`);
    if (!isCredits(credits)) throw bad(`requirements[${i}].credits must be a positive multiple of 0.25`);
    if (creditType !== undefined && (typeof creditType !== 'string' || creditType.length > 100)) throw bad(`requirements[${i}].creditType must be text`);
    if (topic !== undefined && (typeof topic !== 'string' || topic.length > 60)) throw bad(`requirements[${i}].topic must be text`);
    return { label, credits, ...(creditType !== undefined ? { creditType: creditType as string } : {}), ...(topic !== undefined ? { topic: topic as string } : {}) };
  });
  return { name, description: typeof description === 'string' ? description : `custom rule ${name}`, windowMonths, requirements: reqs };
}

/** `--cme PRESET|FILE`: a preset name, or a JSON rule file read through `readText`. */
export function cmeRuleFrom(arg: string, readText: (path: string) => string | undefined): CmeRule {
  // own keys only: `--cme constructor` or `--cme __proto__` is not a preset
  const preset = Object.hasOwn(CME_PRESETS, arg.toLowerCase()) ? CME_PRESETS[arg.toLowerCase()] : undefined;
  if (preset !== undefined) return preset;
  const text = readText(arg);
  if (text === undefined) {
    throw new RadcredError('CME_RULE_UNKNOWN', `--cme ${JSON.stringify(arg)} is neither a preset nor a rule file`, `presets: ${Object.keys(CME_PRESETS).join(', ')}`);
  }
  return parseCmeRule(parseJsonObject(text, `CME rule file ${arg}`, 'CME_RULE_INVALID'), arg);
}
