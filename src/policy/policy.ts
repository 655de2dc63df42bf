// A credentialing office's policy (DESIGN.md "Credentialing policy"): what a presentation must
// hold and what each credential's facts must show. It comes from a policy file (an office's
// bylaws, reused for every request), from request create's flags, or from a signed request; all
// three are read here, strictly: an unknown key or a wrong type is refused with the key named.
import { RadcredError, type ErrorCode } from '../errors.js';
import { isPlainObject } from '../util/json.js';
import { cmePreset, CME_PRESETS, type CmeRule } from './cme-rules.js';
import { JURISDICTION, parseCmeRule } from './cme-rule-file.js';

export const TYPE_NAME = /^[A-Za-z][A-Za-z0-9]{0,99}$/;
export const BOARD_STATUSES = ['certified', 'not certified', 'expired', 'revoked', 'suspended', 'inactive'] as const;
export const CONTINUING_CERTIFICATION = ['meeting', 'not meeting', 'not required'] as const;

export interface Policy {
  /** the office's name for these bylaws, shown with the request */
  name?: string;
  require: string[];
  cme: CmeRule[];
  /** an active, unrestricted license in each jurisdiction */
  license?: { jurisdictions: string[] };
  board?: { status: string[]; continuingCertification?: string[] };
  coverage?: { minPerClaimUSD?: number; minAggregateUSD?: number; throughAppointment?: boolean };
  claims?: { minLookbackYears: number };
  /** the oldest a source's as-of date may be at the decision (NCQA: 120 days; NAMSS: 180) */
  maxSourceAgeDays?: number;
  /** MQSA's continuing experience: interpretations in the months before the decision */
  interpretationVolume?: { minExams: number; months: number };
  /** unix seconds: the appointment period the office is credentialing for */
  appointmentFrom?: number;
  appointmentUntil?: number;
}

/** The keys a policy's rules may have, beyond `version`, `require` and `cme` (shared by file and request). */
export const RULE_KEYS = [
  'name',
  'license',
  'board',
  'coverage',
  'claims',
  'maxSourceAgeDays',
  'interpretationVolume',
] as const;

type Bad = (key: string, why: string) => RadcredError;

const int = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

function only(o: Record<string, unknown>, key: string, known: readonly string[], bad: Bad): void {
  const extra = Object.keys(o).find((k) => !known.includes(k));
  if (extra !== undefined) throw bad(`${key}.${extra}`, `unknown key (${key} takes ${known.join(', ')})`);
}

function list<T extends string>(v: unknown, key: string, bad: Bad, allowed: readonly T[] | RegExp, max = 60): T[] {
  if (!Array.isArray(v) || v.length === 0 || v.length > max) throw bad(key, `must be a list of 1-${max} values`);
  for (const x of v) {
    const ok =
      typeof x === 'string' &&
      (allowed instanceof RegExp ? allowed.test(x) : (allowed as readonly string[]).includes(x));
    if (!ok)
      throw bad(
        key,
        allowed instanceof RegExp
          ? `holds ${JSON.stringify(x)}, not a valid value`
          : `holds ${JSON.stringify(x)}; allowed: ${allowed.join(', ')}`,
      );
  }
  return [...new Set(v as T[])];
}

function object(v: unknown, key: string, bad: Bad): Record<string, unknown> {
  if (!isPlainObject(v)) throw bad(key, 'must be an object');
  return v;
}

/** The rule keys of a policy object (file or request), checked; `bad` names the key at fault. */
export function policyRulesOf(
  o: Record<string, unknown>,
  bad: Bad,
): Omit<Policy, 'require' | 'cme' | 'appointmentFrom' | 'appointmentUntil'> {
  const out: ReturnType<typeof policyRulesOf> = {};
  if (o.name !== undefined) {
    // shown to the holder as what is asked: one line, no terminal escapes
    // eslint-disable-next-line no-control-regex
    if (
      typeof o.name !== 'string' ||
      o.name.length === 0 ||
      o.name.length > 200 ||
      /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(o.name)
    )
      throw bad('name', 'must be one line of 1-200 characters');
    out.name = o.name;
  }
  if (o.license !== undefined) {
    const l = object(o.license, 'license', bad);
    only(l, 'license', ['jurisdictions'], bad);
    out.license = { jurisdictions: list(l.jurisdictions, 'license.jurisdictions', bad, JURISDICTION) };
  }
  if (o.board !== undefined) {
    const b = object(o.board, 'board', bad);
    only(b, 'board', ['status', 'continuingCertification'], bad);
    out.board = {
      status: b.status === undefined ? ['certified'] : list(b.status, 'board.status', bad, BOARD_STATUSES),
      ...(b.continuingCertification !== undefined
        ? {
            continuingCertification: list(
              b.continuingCertification,
              'board.continuingCertification',
              bad,
              CONTINUING_CERTIFICATION,
            ),
          }
        : {}),
    };
  }
  if (o.coverage !== undefined) {
    const c = object(o.coverage, 'coverage', bad);
    only(c, 'coverage', ['minPerClaimUSD', 'minAggregateUSD', 'throughAppointment'], bad);
    if (Object.keys(c).length === 0)
      throw bad('coverage', 'names no minimum (give minPerClaimUSD, minAggregateUSD or throughAppointment)');
    for (const k of ['minPerClaimUSD', 'minAggregateUSD'] as const)
      if (c[k] !== undefined && !int(c[k], 0, 1_000_000_000))
        throw bad(`coverage.${k}`, 'must be a whole number of dollars from 0 to 1,000,000,000');
    if (c.throughAppointment !== undefined && typeof c.throughAppointment !== 'boolean')
      throw bad('coverage.throughAppointment', 'must be true or false');
    out.coverage = {
      ...(c.minPerClaimUSD !== undefined ? { minPerClaimUSD: c.minPerClaimUSD as number } : {}),
      ...(c.minAggregateUSD !== undefined ? { minAggregateUSD: c.minAggregateUSD as number } : {}),
      ...(c.throughAppointment !== undefined ? { throughAppointment: c.throughAppointment as boolean } : {}),
    };
  }
  if (o.claims !== undefined) {
    const c = object(o.claims, 'claims', bad);
    only(c, 'claims', ['minLookbackYears'], bad);
    if (!int(c.minLookbackYears, 1, 30))
      throw bad('claims.minLookbackYears', 'must be a whole number of years from 1 to 30');
    out.claims = { minLookbackYears: c.minLookbackYears };
  }
  if (o.maxSourceAgeDays !== undefined) {
    if (!int(o.maxSourceAgeDays, 1, 3650))
      throw bad('maxSourceAgeDays', 'must be a whole number of days from 1 to 3650');
    out.maxSourceAgeDays = o.maxSourceAgeDays;
  }
  if (o.interpretationVolume !== undefined) {
    const v = object(o.interpretationVolume, 'interpretationVolume', bad);
    only(v, 'interpretationVolume', ['minExams', 'months'], bad);
    if (!int(v.minExams, 1, 1_000_000))
      throw bad('interpretationVolume.minExams', 'must be a whole number from 1 to 1,000,000');
    if (!int(v.months, 1, 120))
      throw bad('interpretationVolume.months', 'must be a whole number of months from 1 to 120');
    out.interpretationVolume = { minExams: v.minExams, months: v.months };
  }
  return out;
}

export function requireOf(v: unknown, bad: Bad): string[] {
  if (v === undefined) return [];
  return list(v, 'require', bad, TYPE_NAME, 50);
}

/** `cme` of a policy: preset names or rule objects; every one must be met. */
/**
 * A policy's CME rules. A policy file may name presets; a signed request may not (`presets:
 * false`): it carries each rule whole, so what the office signed cannot change meaning when a
 * later radcred corrects a preset.
 */
export function cmeListOf(v: unknown, where: string, bad: Bad, presets = true): CmeRule[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.length === 0 || v.length > 10)
    throw bad('cme', 'must be a list of 1-10 rules (preset names or rule objects)');
  return v.map((r, i) => {
    if (typeof r === 'string' && !presets)
      throw bad(`cme[${i}]`, 'must be a rule object: a request carries its rules whole, never a preset name');
    if (typeof r === 'string') {
      const preset = cmePreset(r);
      if (preset === undefined)
        throw bad(
          `cme[${i}]`,
          `${JSON.stringify(r)} is not a preset (${Object.keys(CME_PRESETS).join(', ')}); write a rule object here instead`,
        );
      return preset;
    }
    return parseCmeRule(r, `${where}, cme[${i}]`);
  });
}

/** Two rules of one name would be told apart by nobody reading the result. */
export function mergeCme(rules: readonly CmeRule[], code: ErrorCode = 'POLICY_INVALID'): CmeRule[] {
  const byName = new Map<string, CmeRule>();
  for (const r of rules) {
    const seen = byName.get(r.name);
    if (seen !== undefined && JSON.stringify(seen) !== JSON.stringify(r)) {
      throw new RadcredError(
        code,
        `two different CME rules are named ${JSON.stringify(r.name)}`,
        'give each custom rule its own name',
      );
    }
    byName.set(r.name, r);
  }
  return [...byName.values()];
}
