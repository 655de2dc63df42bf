// The policy file (`request create --policy FILE`): an office's reusable bylaws, version 1.
//   {"version": 1, "name"?, "require"?, "license"?, "board"?, "coverage"?, "claims"?,
//    "maxSourceAgeDays"?, "interpretationVolume"?, "cme"?}
// Every key is optional; an unknown key or a wrong type is refused (exit 3) with the key named.
import { RadcredError } from '../errors.js';
import { parseJsonObject } from '../util/json.js';
import { cmeListOf, policyRulesOf, requireOf, RULE_KEYS, type Policy } from './policy.js';

const KEYS = ['version', 'require', 'cme', ...RULE_KEYS] as const;

export function parsePolicyFile(text: string, where: string): Omit<Policy, 'appointmentFrom' | 'appointmentUntil'> {
  const o = parseJsonObject(text, `policy file ${where}`, 'POLICY_INVALID');
  const bad = (key: string, why: string) =>
    new RadcredError(
      'POLICY_INVALID',
      `policy file ${where}: ${key} ${why}`,
      'a policy file is {"version": 1, "require", "license", "board", "coverage", "claims", "maxSourceAgeDays", "cme", ...}; see the README, "Credentialing policy"',
    );
  const extra = Object.keys(o).find((k) => !(KEYS as readonly string[]).includes(k));
  if (extra !== undefined) throw bad(extra, `is not a policy key (keys: ${KEYS.join(', ')})`);
  // absent means 1 (every key is optional); any other version is a file this radcred cannot read
  if (o.version !== undefined && o.version !== 1) throw bad('version', 'must be 1');
  return { require: requireOf(o.require, bad), cme: cmeListOf(o.cme, where, bad), ...policyRulesOf(o, bad) };
}
