// @internal (src/record only)
// The shape of a record's content, checked strictly before anything shows or replays it: a record
// is a file from elsewhere, and `record show` lays every value out for a person. Unknown keys are
// allowed (a later radcred may add some); every key read here must have its type.
import { isCode } from '../codes.js';
import { RadcredError } from '../errors.js';
import { isPlainObject } from '../util/json.js';
import { RECORD_VERSION, type RecordContent } from './content.js';

type Shape = (v: unknown, at: string) => void;

const bad = (at: string, why: string) =>
  new RadcredError('RECORD_MALFORMED', `the record's content is malformed: ${at} ${why}`);
const MAX_TEXT = 20_000;

const str: Shape = (v, at) => {
  if (typeof v !== 'string' || v.length > MAX_TEXT) throw bad(at, 'must be text');
};
const num: Shape = (v, at) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(at, 'must be a number');
};
const bool: Shape = (v, at) => {
  if (typeof v !== 'boolean') throw bad(at, 'must be true or false');
};
const code: Shape = (v, at) => {
  if (typeof v !== 'string' || !isCode(v)) throw bad(at, 'must be a radcred code');
};
const oneOf =
  (...values: string[]): Shape =>
  (v, at) => {
    if (typeof v !== 'string' || !values.includes(v)) throw bad(at, `must be one of ${values.join(', ')}`);
  };
const list =
  (item: Shape, max = 10_000): Shape =>
  (v, at) => {
    if (!Array.isArray(v) || v.length > max) throw bad(at, 'must be a list');
    v.forEach((x, i) => item(x, `${at}[${i}]`));
  };
const optional =
  (s: Shape): Shape =>
  (v, at) => {
    if (v !== undefined) s(v, at);
  };
const pair: Shape = (v, at) => {
  if (!Array.isArray(v) || v.length !== 2) throw bad(at, 'must be a [label, value] pair');
  str(v[0], `${at}[0]`);
  str(v[1], `${at}[1]`);
};
const any: Shape = () => undefined;
const object =
  (fields: Record<string, Shape>): Shape =>
  (v, at) => {
    if (!isPlainObject(v)) throw bad(at, 'must be an object');
    for (const [k, s] of Object.entries(fields)) s(v[k], `${at}.${k}`);
  };

const check = object({
  step: num,
  check: str,
  status: oneOf('pass', 'fail', 'warn', 'skip'),
  code,
  message: str,
  credential: optional(str),
  details: any,
});
const tally = object({
  rule: str,
  description: str,
  windowFrom: str,
  windowTo: str,
  span: str,
  met: bool,
  summary: str,
  requirements: list(object({ label: str, earned: num, required: num })),
  counted: list(object({ activityEndDate: str, activityTitle: str, activityId: str, credits: num, toward: list(num) })),
  excluded: list(object({ activityId: str, reason: str })),
});
const item = object({
  digest: str,
  jti: optional(str),
  type: str,
  issuer: str,
  issuerName: optional(str),
  sourceAsOf: optional(str),
  validFrom: optional(str),
  validUntil: optional(str),
  method: str,
  attested: object({ label: str, summary: str, facts: list(pair, 200) }),
  status: oneOf('active', 'revoked', 'suspended', 'unknown', 'unchecked'),
  result: oneOf('verified', 'failed'),
  failing: list(code),
  warnings: list(code),
});

const content = object({
  recordVersion: (v, at) => {
    if (v !== RECORD_VERSION) throw bad(at, `must be ${RECORD_VERSION} (a later radcred wrote this record?)`);
  },
  verifiedAt: str,
  tool: object({ name: str, version: str }),
  office: object({ did: str, name: str, reviewer: optional(str) }),
  request: optional(
    object({ jti: str, verifier: str, verifierName: str, issuedAt: str, expires: str, rules: list(pair, 100) }),
  ),
  practitioner: optional(object({ did: str, name: optional(str), npi: optional(str) })),
  subject: object({ file: str, kind: oneOf('credential', 'presentation', 'unknown'), holder: optional(str) }),
  verdict: object({ verified: bool, failing: list(code), warnings: list(code) }),
  ledgers: list(
    object({
      dir: str,
      origin: str,
      size: optional(num),
      root: optional(str),
      pinnedSize: optional(num),
      confirmedAt: optional(str),
      pinned: bool,
    }),
    16,
  ),
  items: list(item, 1000),
  policy: list(check),
  cme: list(tally, 20),
  checks: list(check),
  attachments: list(object({ kind: str, text: str }), 50),
});

/** The content of a record, checked; throws RECORD_MALFORMED naming the first bad field. */
export function parseRecordContent(value: unknown): RecordContent {
  content(value, 'content');
  return value as RecordContent;
}
