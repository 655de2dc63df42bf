// Batch issuance: a stable key per row (so a rerun finds what an earlier run wrote), the plan
// (issue, already issued, duplicate row), and issuing the planned rows with the demo seeds.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, issueBatch, planBatch, rowKey } from '../../src/credential/batch.js';
import { readCredentialClaims } from '../../src/credential/claims.js';
import { issueCredential } from '../../src/credential/issue.js';
import type { RosterRow } from '../../src/credential/roster.js';
import { parseCompactJws } from '../../src/jws/compact.js';
import { cleanup, NOW_S, tempDir } from '../helpers.js';
import { decodeJwt, demoSigner } from '../verify/tokens.js';

const TYPE = 'CMECertificateCredential';
const rsna = demoSigner('rsna');
const PRIYA = demoSigner('priya').did;
const OTHER = demoSigner('northbay').did;
const data = (activityId: string, creditsEarned = 10): Record<string, unknown> => ({
  name: 'Priya N. Halvorsen',
  activityTitle: 'Breast Imaging Update',
  activityId,
  provider: 'RSNA',
  providerAccreditation: 'ACCME',
  format: 'live',
  activityStartDate: '2026-03-01',
  activityEndDate: '2026-03-02',
  creditType: 'AMA PRA Category 1 Credit',
  creditsAvailable: 12,
  creditsEarned,
  topics: ['mammography'],
});
const row = (line: number, activityId: string, extra: Partial<RosterRow> = {}): RosterRow => ({
  line,
  subject: PRIYA,
  data: data(activityId),
  ...extra,
});

let dir: string;
beforeAll(() => {
  dir = tempDir('radcred-batch-unit-');
});
afterAll(() => cleanup(dir));

describe('canonicalJson and rowKey', () => {
  it('canonical JSON sorts object keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 'x' }, 3] })).toBe('{"a":[{"c":"x","d":2},3],"b":1}');
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it('the key ignores the order of the data fields and the line, and changes with type, subject, data or validUntil', () => {
    const a = row(2, 'X');
    const reordered: RosterRow = {
      line: 9,
      subject: PRIYA,
      data: Object.fromEntries(Object.entries(data('X')).reverse()),
    };
    expect(rowKey(TYPE, reordered)).toBe(rowKey(TYPE, a));
    const others = [
      rowKey('MedicalDegreeCredential', a),
      rowKey(TYPE, { ...a, subject: OTHER }),
      rowKey(TYPE, { ...a, data: data('X', 10.25) }),
      rowKey(TYPE, { ...a, validUntil: NOW_S + 86400 }),
    ];
    expect(new Set([rowKey(TYPE, a), ...others]).size).toBe(5);
    expect(rowKey(TYPE, a)).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe('planBatch', () => {
  it('plans every row of a fresh out-dir, one file per row named by its key', () => {
    const out = join(dir, 'fresh');
    const plan = planBatch(TYPE, [row(2, 'A'), row(3, 'B')], out);
    expect(plan.skipped).toEqual([]);
    expect(plan.toIssue.map((p) => [p.row.line, p.file])).toEqual([
      [2, join(out, `${rowKey(TYPE, row(2, 'A'))}.jwt`)],
      [3, join(out, `${rowKey(TYPE, row(3, 'B'))}.jwt`)],
    ]);
  });

  it('a row repeated in one roster is planned once; the repeat is skipped as duplicate-row', () => {
    const plan = planBatch(TYPE, [row(2, 'A'), row(3, 'B'), row(4, 'A')], join(dir, 'dups'));
    expect(plan.toIssue.map((p) => p.row.line)).toEqual([2, 3]);
    expect(plan.skipped).toEqual([{ line: 4, file: plan.toIssue[0]!.file, reason: 'duplicate-row' }]);
  });

  it('a row whose credential an earlier run wrote is skipped as already-issued', async () => {
    const out = join(dir, 'rerun');
    const first = planBatch(TYPE, [row(2, 'A'), row(3, 'B')], out);
    const [issued] = await collect(
      issueBatch({ signer: rsna, type: TYPE, planned: first.toIssue.slice(0, 1), now: NOW_S }),
    );
    mkdirSync(out, { recursive: true });
    writeFileSync(issued!.file, issued!.jwt + '\n');
    const again = planBatch(TYPE, [row(2, 'A'), row(3, 'B')], out);
    expect(again.skipped).toEqual([{ line: 2, file: issued!.file, reason: 'already-issued' }]);
    expect(again.toIssue.map((p) => p.row.line)).toEqual([3]);
    // what the issuer register needs of it, for a rerun that records what an earlier run did not
    const i = issued!;
    expect(again.existing).toEqual([
      { digest: i.digest, jti: i.jti, type: i.type, issuer: i.issuer, subject: i.subject, issuedAt: NOW_S },
    ]);
  });

  it("a damaged file, or a credential for another subject under the row's name, is issued again", async () => {
    const out = join(dir, 'damaged');
    mkdirSync(out, { recursive: true });
    const rows = [row(2, 'A'), row(3, 'B')];
    const plan = planBatch(TYPE, rows, out);
    writeFileSync(plan.toIssue[0]!.file, 'eyJhbGciOiJFZERTQSJ9.half-writ');
    const foreign = await issueCredential({
      signer: rsna,
      type: TYPE,
      subjectDid: OTHER,
      subject: data('B'),
      now: NOW_S,
    });
    writeFileSync(plan.toIssue[1]!.file, foreign.jwt + '\n');
    const again = planBatch(TYPE, rows, out);
    expect(again.skipped).toEqual([]);
    expect(again.toIssue.map((p) => p.row.line)).toEqual([2, 3]);
  });
});

/** Everything an async generator yields. */
async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('issueBatch', () => {
  it("issues one credential per planned row, with the row's subject, data and validUntil, reporting progress", async () => {
    const until = Date.parse('2027-12-31T00:00:00Z') / 1000;
    const from = NOW_S + 3600;
    const plan = planBatch(TYPE, [row(2, 'A'), row(3, 'B', { validUntil: until })], join(dir, 'issue'));
    const progress: number[] = [];
    const files = plan.toIssue.map((p) => p.file);
    const issued = await collect(
      issueBatch({
        signer: rsna,
        type: TYPE,
        planned: plan.toIssue,
        now: NOW_S,
        validFrom: from,
        onProgress: (d) => progress.push(d),
      }),
    );
    expect(progress).toEqual([1, 2]);
    expect(issued.map((i) => [i.line, i.file, i.subject, i.issuer, i.type])).toEqual([
      [2, files[0], PRIYA, rsna.did, TYPE],
      [3, files[1], PRIYA, rsna.did, TYPE],
    ]);
    // the plan is emptied as it is issued, so a 40,000-row roster does not stay in memory
    expect(plan.toIssue.every((p) => p === undefined)).toBe(true);
    const [a, b] = issued.map((i) => decodeJwt(i.jwt).payload);
    expect(a!.exp).toBeUndefined();
    expect(b!.exp).toBe(until);
    expect([a!.nbf, b!.nbf, a!.iat]).toEqual([from, from, NOW_S]);
    const view = readCredentialClaims(parseCompactJws(issued[0]!.jwt));
    expect(view.ok && view.view.subjectData).toEqual(data('A'));
    expect(view.ok && view.view.digest).toBe(issued[0]!.digest);
    expect(new Set(issued.map((i) => i.jti)).size).toBe(2);
  });

  it('refuses a row its type would refuse (nothing is signed unchecked)', async () => {
    const bad: RosterRow = { line: 2, subject: PRIYA, data: data('A', 12.25) };
    await expect(
      collect(issueBatch({ signer: rsna, type: TYPE, planned: [{ row: bad, file: join(dir, 'x.jwt') }], now: NOW_S })),
    ).rejects.toThrow(/creditsEarned/);
  });
});
