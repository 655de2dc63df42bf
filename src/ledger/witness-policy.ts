// C2SP tlog-policy: which logs, which witnesses, and the quorum of witness cosignatures a
// checkpoint needs before an office trusts it (so a registry cannot show one hospital a ledger it
// hides from another: a split view needs the witnesses to sign both). `--witness-policy FILE` on
// pull, audit and verify; a checkpoint short of its quorum is WITNESS_QUORUM_NOT_MET (exit 4).
import { RadcredError } from '../errors.js';
import { parseWitnessKey, verifiedCosignatures, type WitnessKey } from './cosignature.js';
import type { Checkpoint } from './checkpoint.js';
import { parseVkey, type Vkey } from './note.js';

type Member = { kind: 'witness'; key: WitnessKey } | { kind: 'group'; threshold: number; members: string[] };

export interface WitnessPolicy {
  logs: Vkey[];
  witnesses: WitnessKey[];
  /** every defined name: a witness or a group */
  names: Map<string, Member>;
  /** the name the quorum is, or 'none' */
  quorum: string;
}

const bad = (line: number, why: string) =>
  new RadcredError(
    'WITNESS_POLICY_INVALID',
    `witness policy line ${line}: ${why}`,
    'see c2sp.org/tlog-policy: log, witness, group and one quorum line',
  );
const NAME = /^[\x21-\x7e\x80-\uffff]+$/u;

export function parseWitnessPolicy(text: string): WitnessPolicy {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0b-\x1f\x7f]/.test(text)) throw bad(0, 'only tab and newline may be control characters');
  const policy: WitnessPolicy = { logs: [], witnesses: [], names: new Map(), quorum: '' };
  const rawKeys = new Set<string>();
  text.split('\n').forEach((raw, i) => {
    const n = i + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const [word, ...args] = line.split(/[ \t]+/);
    const define = (name: string, m: Member) => {
      if (!NAME.test(name) || name === 'none') throw bad(n, `${JSON.stringify(name)} cannot be a name`);
      if (policy.names.has(name)) throw bad(n, `${name} is defined twice`);
      policy.names.set(name, m);
    };
    const once = (raw: Buffer) => {
      const k = raw.toString('hex');
      if (rawKeys.has(k)) throw bad(n, 'the same public key is listed twice');
      rawKeys.add(k);
    };
    const key = <T>(parse: () => T): T => {
      try {
        return parse();
      } catch (e) {
        throw bad(n, (e as Error).message);
      }
    };
    if (word === 'log' && (args.length === 1 || args.length === 2)) {
      const v = key(() => parseVkey(args[0]!));
      once(v.raw);
      policy.logs.push(v);
    } else if (word === 'witness' && (args.length === 2 || args.length === 3)) {
      const w = key(() => parseWitnessKey(args[1]!));
      once(w.raw);
      policy.witnesses.push(w);
      define(args[0]!, { kind: 'witness', key: w });
    } else if (word === 'group' && args.length >= 3) {
      const [name, k, ...members] = args as [string, string, ...string[]];
      if (new Set(members).size !== members.length) throw bad(n, 'a member is listed twice');
      for (const m of members) if (!policy.names.has(m)) throw bad(n, `${m} is not defined on an earlier line`);
      const threshold = k === 'all' ? members.length : k === 'any' ? 1 : /^[1-9][0-9]*$/.test(k) ? Number(k) : NaN;
      if (!(threshold >= 1 && threshold <= members.length))
        throw bad(n, `the threshold ${k} must be all, any, or 1 to ${members.length}`);
      define(name, { kind: 'group', threshold, members });
    } else if (word === 'quorum' && args.length === 1) {
      if (policy.quorum !== '') throw bad(n, 'more than one quorum line');
      if (args[0] !== 'none' && !policy.names.has(args[0]!))
        throw bad(n, `${args[0]} is not defined on an earlier line`);
      policy.quorum = args[0]!;
    } else {
      throw bad(n, `${JSON.stringify(line.slice(0, 40))} is not a log, witness, group or quorum line`);
    }
  });
  if (policy.quorum === '') throw bad(0, 'no quorum line');
  return policy;
}

/** Whether `name` (a witness or a group) has witnessed, given the witnesses that cosigned. */
function witnessed(policy: WitnessPolicy, name: string, cosigned: Set<string>): boolean {
  const m = policy.names.get(name)!;
  if (m.kind === 'witness') return cosigned.has(m.key.name);
  return m.members.filter((x) => witnessed(policy, x, cosigned)).length >= m.threshold;
}

/**
 * Checks a checkpoint against the policy: signed by one of its logs (when it lists any) and
 * cosigned by a quorum of its witnesses, none dated in the future. Returns who cosigned.
 */
export function requireQuorum(policy: WitnessPolicy, cp: Checkpoint, logKey: Vkey, now: number): string[] {
  if (policy.logs.length > 0 && !policy.logs.some((l) => l.raw.equals(logKey.raw) && l.name === logKey.name)) {
    throw new RadcredError(
      'WITNESS_POLICY_LOG_UNKNOWN',
      `the witness policy does not list the ledger ${cp.origin} (key ${logKey.text})`,
      'add a `log VKEY` line for it, or give the policy meant for this ledger',
    );
  }
  const cosigners = verifiedCosignatures(cp.note, policy.witnesses, now);
  const names = new Set(cosigners.map((c) => c.witness));
  if (policy.quorum !== 'none' && !witnessed(policy, policy.quorum, names)) {
    throw new RadcredError(
      'WITNESS_QUORUM_NOT_MET',
      `the checkpoint of ${cp.origin} (size ${cp.size}) is cosigned by ${names.size ? [...names].join(', ') : 'no witness of the policy'}: short of the quorum ${policy.quorum}`,
      'the witnesses have not (yet) vouched for this checkpoint: pull again later, or ask the operator to collect cosignatures (`radcred ledger add-cosignatures`)',
    );
  }
  return [...names];
}
