// Reading a CME rule: a preset name, or a rule object from a file, a policy file or a request,
// checked field by field. A misspelt key is refused, not dropped: a minimum meant for one topic
// or credit type would otherwise count every credit.
//
//   {"name", "description"?, "citation"?,
//    "window": {"type": "rolling"|"fixed"|"license-cycle", "months", "anchor"?, "jurisdiction"?},
//    "requirements": [{"label", "credits", "category1"?, "creditType"?, "topics"?, "excludeTopics"?}]}
//
// Rules written before windows and topic lists existed (`windowMonths`, one `topic`) still read.
import { isIsoDate } from '../credential/formats.js';
import { RadcredError } from '../errors.js';
import { looksLikePath } from '../util/files.js';
import { isPlainObject, parseJsonObject } from '../util/json.js';
import { didYouMean, suggest } from '../util/suggest.js';
import { cmePreset, CME_PRESETS, type CmeRequirement, type CmeRule, type CmeWindow } from './cme-rules.js';

const RULE_SHAPE =
  'a rule is {"name", "window": {"type", "months", ...}, "requirements": [{"label", "credits", "category1"?, "creditType"?, "topics"?, "excludeTopics"?}]}';
export const JURISDICTION = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;

const isCredits = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= 10_000 && Number.isInteger(v * 4);
const isMonths = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 120;
const unknownKey = (o: Record<string, unknown>, known: readonly string[]) =>
  Object.keys(o).find((k) => !known.includes(k));

function topicList(value: unknown, bad: (why: string) => RadcredError, where: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 20)
    throw bad(`${where} must be a list of 1-20 topics`);
  for (const t of value)
    if (typeof t !== 'string' || t.length === 0 || t.length > 60)
      throw bad(`${where} must hold topics of 1-60 characters`);
  return [...new Set(value as string[])];
}

function windowOf(value: Record<string, unknown>, bad: (why: string) => RadcredError): CmeWindow {
  if (value.window !== undefined && value.windowMonths !== undefined)
    throw bad('give "window" or the older "windowMonths", not both');
  if (value.window === undefined) {
    if (!isMonths(value.windowMonths))
      throw bad('window is missing (or windowMonths must be a whole number of months from 1 to 120)');
    return { type: 'rolling', months: value.windowMonths };
  }
  const w = value.window;
  if (!isPlainObject(w)) throw bad('window must be an object');
  const extra = unknownKey(w, ['type', 'months', 'anchor', 'jurisdiction']);
  if (extra !== undefined) throw bad(`window has an unknown field ${JSON.stringify(extra)}`);
  if (!isMonths(w.months)) throw bad('window.months must be a whole number of months from 1 to 120');
  if (w.type === 'rolling') {
    if (w.anchor !== undefined || w.jurisdiction !== undefined) throw bad('a rolling window takes only "months"');
    return { type: 'rolling', months: w.months };
  }
  if (w.type === 'fixed') {
    if (typeof w.anchor !== 'string' || !isIsoDate(w.anchor))
      throw bad('a fixed window needs "anchor", the first day of one cycle (YYYY-MM-DD)');
    if (w.jurisdiction !== undefined) throw bad('a fixed window takes "months" and "anchor"');
    return { type: 'fixed', months: w.months, anchor: w.anchor };
  }
  if (w.type === 'license-cycle') {
    if (typeof w.jurisdiction !== 'string' || !JURISDICTION.test(w.jurisdiction))
      throw bad('a license-cycle window needs "jurisdiction", an ISO 3166-2 code such as "US-TX"');
    if (w.anchor !== undefined) throw bad('a license-cycle window takes "months" and "jurisdiction"');
    return { type: 'license-cycle', months: w.months, jurisdiction: w.jurisdiction };
  }
  throw bad('window.type must be "rolling", "fixed" or "license-cycle"');
}

function requirementOf(r: unknown, i: number, bad: (why: string) => RadcredError): CmeRequirement {
  const at = `requirements[${i}]`;
  if (!isPlainObject(r)) throw bad(`${at} is not an object`);
  const extra = unknownKey(r, ['label', 'credits', 'category1', 'creditType', 'topics', 'topic', 'excludeTopics']);
  if (extra !== undefined) throw bad(`${at} has an unknown field ${JSON.stringify(extra)}`);
  const { label, credits, category1, creditType, topic, topics, excludeTopics } = r;
  if (typeof label !== 'string' || label.length === 0 || label.length > 100) throw bad(`${at}.label is missing`);
  if (!isCredits(credits)) throw bad(`${at}.credits must be a positive multiple of 0.25`);
  if (category1 !== undefined && typeof category1 !== 'boolean') throw bad(`${at}.category1 must be true or false`);
  if (
    creditType !== undefined &&
    (typeof creditType !== 'string' || creditType.length === 0 || creditType.length > 100)
  )
    throw bad(`${at}.creditType must be text`);
  if (topic !== undefined && topics !== undefined) throw bad(`${at}: give "topics" or the older "topic", not both`);
  if (topic !== undefined && (typeof topic !== 'string' || topic.length === 0 || topic.length > 60))
    throw bad(`${at}.topic must be text`);
  const matched =
    topics !== undefined ? topicList(topics, bad, `${at}.topics`) : typeof topic === 'string' ? [topic] : undefined;
  const excluded = excludeTopics !== undefined ? topicList(excludeTopics, bad, `${at}.excludeTopics`) : undefined;
  if (matched && excluded?.some((t) => matched.includes(t)))
    throw bad(`${at}: a topic cannot be both counted and excluded`);
  return {
    label,
    credits,
    ...(category1 === true ? { category1: true } : {}),
    ...(typeof creditType === 'string' ? { creditType } : {}),
    ...(matched ? { topics: matched } : {}),
    ...(excluded ? { excludeTopics: excluded } : {}),
  };
}

/** Checks a rule object field by field (from a file, a policy or a request); every value is copied. */
export function parseCmeRule(value: unknown, where: string): CmeRule {
  const bad = (why: string) =>
    new RadcredError('CME_RULE_INVALID', `CME rule in ${where} is invalid: ${why}`, RULE_SHAPE);
  if (!isPlainObject(value)) throw bad('not an object');
  const extra = unknownKey(value, ['name', 'description', 'citation', 'window', 'windowMonths', 'requirements']);
  if (extra !== undefined) throw bad(`unknown field ${JSON.stringify(extra)}`);
  const { name, description, citation, requirements } = value;
  if (typeof name !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(name))
    throw bad('name must be 1-64 letters, digits, ".", "_" or "-"');
  if (description !== undefined && (typeof description !== 'string' || description.length > 500))
    throw bad('description must be text of at most 500 characters');
  if (citation !== undefined && (typeof citation !== 'string' || citation.length > 1000))
    throw bad('citation must be text of at most 1,000 characters');
  const window = windowOf(value, bad);
  if (!Array.isArray(requirements) || requirements.length === 0 || requirements.length > 20)
    throw bad('requirements must be a list of 1-20 minimums');
  return {
    name,
    description: typeof description === 'string' ? description : `custom rule ${name}`,
    ...(typeof citation === 'string' ? { citation } : {}),
    window,
    requirements: requirements.map((r, i) => requirementOf(r, i, bad)),
  };
}

/** `--cme PRESET|FILE`: a preset name, or a JSON rule file read through `readText`. */
export function cmeRuleFrom(arg: string, readText: (path: string) => string | undefined): CmeRule {
  const preset = cmePreset(arg);
  if (preset !== undefined) return preset;
  const text = readText(arg);
  const presets = Object.keys(CME_PRESETS);
  if (text === undefined && looksLikePath(arg, ['.json'])) {
    throw new RadcredError(
      'FILE_NOT_FOUND',
      `CME rule file ${arg} does not exist`,
      `check the path; or name a preset: ${presets.join(', ')}`,
    );
  }
  if (text === undefined) {
    const meant = didYouMean(suggest(arg, presets, { ignoreCase: true }));
    throw new RadcredError(
      'CME_RULE_UNKNOWN',
      `--cme ${JSON.stringify(arg)} is neither a preset nor a rule file`,
      `${meant !== undefined ? `${meant} ` : ''}presets: ${presets.join(', ')}; or give a rule file`,
    );
  }
  return parseCmeRule(parseJsonObject(text, `CME rule file ${arg}`, 'CME_RULE_INVALID'), arg);
}
