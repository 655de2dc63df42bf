// Large audits check signatures in worker threads (the real executable, from dist/): the verdict
// and the first bad index must be exactly what the single-threaded audit finds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, NOW_S, radcredProcess, tempDir } from '../helpers.js';
import { append, labelDigest, entry, impostor, newLedger, seedHex, seedSigner, staleDist } from './support.js';
import type { Operator } from '../../src/ledger/ledger.js';

const SIZE = 6000; // above the 4096 entries from which an audit starts workers
const FORGED_AT = 4321;
let dir: string;
let op: Operator;

beforeAll(() => {
  expect(staleDist()).toBeUndefined();
  dir = tempDir('radcred-audit-workers-');
  const operator = seedSigner(seedHex(1), 'ed25519', 'operator');
  const issuer = seedSigner(seedHex(2), 'ed25519', 'issuer');
  const other = seedSigner(seedHex(3), 'ed25519', 'other');
  op = newLedger(`${dir}/good`, 'test.example/workers', operator);
  const entries = Array.from({ length: SIZE }, (_, i) => entry(issuer, 'issue', labelDigest(`w ${i}`), NOW_S));
  append(`${dir}/good`, op, entries);
  const forged = newLedger(`${dir}/forged`, 'test.example/forged', operator);
  // The same ledger, but one entry claims the issuer while another key signed it.
  append(
    `${dir}/forged`,
    forged,
    entries.map((e, i) =>
      i === FORGED_AT ? entry(impostor(issuer, other), 'issue', labelDigest(`w ${i}`), NOW_S) : e,
    ),
  );
});
afterAll(() => cleanup(dir));

describe('audit with signature workers', () => {
  it('passes a clean ledger and counts every entry', async () => {
    const r = await radcredProcess([
      '--home',
      `${dir}/h`,
      '--json',
      'ledger',
      'audit',
      `${dir}/good`,
      '--vkey',
      op.vkey.text,
    ]);
    expect(r.code).toBe(0);
    expect(r.json().counts).toMatchObject({ entries: SIZE, issue: SIZE });
  });

  it('names the forged entry (LEDGER_ENTRY_SIGNATURE at its index, exit 4)', async () => {
    const vkey = (await import('node:fs')).readFileSync(`${dir}/forged/vkey`, 'utf8').trim();
    const r = await radcredProcess([
      '--home',
      `${dir}/h`,
      '--json',
      'ledger',
      'audit',
      `${dir}/forged`,
      '--vkey',
      vkey,
    ]);
    expect(r.code).toBe(4);
    expect(r.json().error.code).toBe('LEDGER_ENTRY_SIGNATURE');
    expect(r.json().error.details.index).toBe(FORGED_AT);
  });
});
