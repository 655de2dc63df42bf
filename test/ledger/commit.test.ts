// Issuers without the operator key queue entries in DIR/pending/; `ledger integrate` sequences
// them all in one commit, rejects bad ones to pending/rejected/, and is safe to run again.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueEntries } from '../../src/ledger/commit.js';
import { cleanup, fixture, importDemoIdentities, NOW, NOW_S, radcred, tempDir, type RunResult } from '../helpers.js';
import { demoSigner, entry, listFiles } from './support.js';

const work = tempDir('radcred-pending-');
afterAll(() => cleanup(work));

const OP = join(work, 'operator-home'); // the ledger operator only
const ISS = join(work, 'issuer-home'); // an issuer without the operator key
const VER = join(work, 'verifier-home');
const L = join(work, 'ledger');
const PENDING = join(L, 'pending');
const holder = demoSigner('priya').did;
const at = (s: number) => new Date((NOW_S + s) * 1000).toISOString().replace('.000Z', 'Z');

const run = (home: string, args: string[], now = NOW) => radcred(['--home', home, '--now', now, '--json', ...args]);
const pendingFiles = () =>
  existsSync(PENDING)
    ? readdirSync(PENDING)
        .filter((f) => f.endsWith('.entry'))
        .sort()
    : [];
const status = async () => (await run(OP, ['ledger', 'status', L])).json();
const integrate = () => run(OP, ['ledger', 'integrate', L, '--operator', 'lakeshore']);
const partials = () => listFiles(join(L, 'tile', '0')).filter((f) => f.includes('.p/'));
const verifyStatus = async (file: string, now = at(3600)) => {
  const r = await run(VER, ['verify', file, '--any-issuer', '--ledger', L], now);
  const checks = r.json().results[0].checks as { check: string; code: string }[];
  return {
    code: r.code,
    anchor: checks.find((c) => c.check === 'anchor')!.code,
    status: checks.find((c) => c.check === 'status')!.code,
  };
};

let n = 0;
async function issuePending(): Promise<{ file: string; digest: string }> {
  const file = join(work, `cred${n++}.jwt`);
  const r = await run(ISS, [
    'issue',
    'MedicalLicenseCredential',
    '--issuer',
    'tmb',
    '--subject',
    holder,
    '--data',
    fixture('subjects', 'MedicalLicenseCredential.json'),
    '--out',
    file,
    '--ledger',
    L,
  ]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.json().ledger.mode).toBe('pending');
  expect(r.json().ledger.pending[0].startsWith(PENDING)).toBe(true);
  return { file, digest: r.json().digest };
}

function expectIntegrated(r: RunResult, exit: number, integrated: number) {
  expect(r.code, r.stderr).toBe(exit);
  expect(r.json().integrated).toBe(integrated);
}

const creds: { file: string; digest: string }[] = [];

beforeAll(async () => {
  await importDemoIdentities(OP, ['lakeshore']);
  await importDemoIdentities(ISS, ['tmb']);
  const init = await run(OP, ['ledger', 'init', L, '--origin', 'ledger.example/pending', '--operator', 'lakeshore']);
  expect(init.code, init.stderr).toBe(0);
  expect((await run(VER, ['ledger', 'pull', L, join(work, 'copy'), '--vkey', init.json().vkey])).code).toBe(0);
  // two entries committed before the queue starts, so the integration extends a partial tile
  const seed = run(OP, ['ledger', 'integrate', L, '--operator', 'lakeshore']);
  expect((await seed).code).toBe(0);
  queueEntries(L, [
    entry(demoSigner('rsna'), 'issue', 'sha256:' + 'a'.repeat(64), NOW_S),
    entry(demoSigner('rsna'), 'issue', 'sha256:' + 'b'.repeat(64), NOW_S),
  ]);
  expectIntegrated(await integrate(), 0, 2);
});

describe('pending entries', () => {
  let saved: string;

  it('an issuer without the operator key queues to pending/; nothing is committed yet', async () => {
    const before = await status();
    for (let i = 0; i < 4; i++) creds.push(await issuePending());
    expect(pendingFiles().length).toBe(4);
    const after = await status();
    expect(after.size).toBe(before.size);
    expect(after.root).toBe(before.root);
    expect(after.pending).toBe(4);
    const v = await verifyStatus(creds[0]!.file);
    expect(v.code).toBe(1);
    expect(v.anchor).toBe('NOT_ANCHORED');
    // a status change needs the issue entry committed first
    const early = await run(ISS, ['suspend', creds[0]!.digest, '--issuer', 'tmb', '--ledger', L]);
    expect(early.code).toBe(3);
    expect(early.json().error.code).toBe('CREDENTIAL_NOT_LOGGED');
    saved = join(work, 'saved-pending');
    mkdirSync(saved);
    for (const f of pendingFiles()) copyFileSync(join(PENDING, f), join(saved, f));
  });

  it('ledger integrate commits every pending entry in ONE commit', async () => {
    const before = await status();
    const tilesBefore = partials();
    const r = await integrate();
    expectIntegrated(r, 0, 4);
    expect(r.json()).toMatchObject({ duplicates: 0, rejected: [], checkpoint: { size: before.size + 4 } });
    expect((await status()).size).toBe(before.size + 4);
    // one commit writes one new partial tile, for the new size only: no intermediate sizes
    expect(partials().filter((p) => !tilesBefore.includes(p))).toEqual([`000.p/${before.size + 4}`]);
    expect(pendingFiles()).toEqual([]);
    for (const c of creds)
      expect(await verifyStatus(c.file)).toEqual({ code: 0, anchor: 'ANCHORED', status: 'STATUS_ACTIVE' });
  });

  it('integrating again is harmless', async () => {
    const cp = readFileSync(join(L, 'checkpoint'));
    expectIntegrated(await integrate(), 0, 0);
    expect(readFileSync(join(L, 'checkpoint')).equals(cp)).toBe(true);
  });

  it('entries already in the ledger (a crash after the commit left them queued) are dropped as duplicates', async () => {
    const cp = readFileSync(join(L, 'checkpoint'));
    for (const f of readdirSync(saved)) copyFileSync(join(saved, f), join(PENDING, f));
    const r = await integrate();
    expectIntegrated(r, 0, 0);
    expect(r.json().duplicates).toBe(4);
    expect(readFileSync(join(L, 'checkpoint')).equals(cp)).toBe(true);
    expect(pendingFiles()).toEqual([]);
  });

  it('a pending entry with a bad signature, or by a non-issuer, is rejected to pending/rejected/ and integrate exits 1; the good ones go in', async () => {
    const before = await status();
    // good: the issuer suspends creds[1] (queued, since this home has no operator key)
    const s = await run(
      ISS,
      ['suspend', creds[1]!.digest, '--issuer', 'tmb', '--ledger', L, '--reason', 'audit'],
      at(60),
    );
    expect(s.code, s.stderr).toBe(0);
    expect(s.json().mode).toBe('pending');
    // bad signature: a copy of a valid entry with one signature character changed
    const valid = entry(demoSigner('tmb'), 'issue', 'sha256:' + 'c'.repeat(64), NOW_S + 30).toString('utf8');
    const sigAt = valid.indexOf('signature ') + 'signature '.length + 5;
    const forged = valid.slice(0, sigAt) + (valid[sigAt] === 'A' ? 'B' : 'A') + valid.slice(sigAt + 1);
    writeFileSync(join(PENDING, '20261127T180030Z-0issue-forged.entry'), forged);
    // validly signed, but by someone who did not issue creds[2]
    queueEntries(L, [entry(demoSigner('rsna'), 'revoke', creds[2]!.digest, NOW_S + 40, 'not mine')]);
    expect(pendingFiles().length).toBe(3);

    const r = await integrate();
    expectIntegrated(r, 1, 1);
    const rejected = r.json().rejected as { file: string; code: string }[];
    expect(rejected.map((x) => x.code).sort()).toEqual(['ENTRY_NOT_ISSUER', 'ENTRY_SIGNATURE']);
    expect(readdirSync(join(PENDING, 'rejected')).sort()).toEqual(rejected.map((x) => x.file).sort());
    expect(pendingFiles()).toEqual([]);
    expect((await status()).size).toBe(before.size + 1);
    expect((await verifyStatus(creds[1]!.file, at(120))).status).toBe('SUSPENDED');
    expect((await verifyStatus(creds[2]!.file, at(120))).status).toBe('STATUS_ACTIVE');
    // and the ledger still audits clean
    const a = await run(VER, ['ledger', 'audit', L]);
    expect(a.code, a.stderr).toBe(0);
  });

  it('status transitions are checked against the queue too: a reinstate of a revoked credential is rejected', async () => {
    const tmb = demoSigner('tmb');
    queueEntries(L, [
      entry(tmb, 'revoke', creds[3]!.digest, NOW_S + 100, 'final'),
      entry(tmb, 'reinstate', creds[3]!.digest, NOW_S + 200),
    ]);
    const r = await integrate();
    expectIntegrated(r, 1, 1);
    expect(r.json().rejected.map((x: { code: string }) => x.code)).toEqual(['STATUS_TRANSITION']);
    expect((await verifyStatus(creds[3]!.file, at(300))).status).toBe('REVOKED');
  });

  it('integrate needs the operator key', async () => {
    const r = await run(ISS, ['ledger', 'integrate', L, '--operator', 'tmb']);
    expect(r.code).toBe(3);
    expect(r.json().error.code).toBe('NOT_OPERATOR');
  });
});
