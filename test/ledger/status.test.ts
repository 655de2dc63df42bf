// A credential's standing through the CLI: issue --ledger, suspend, reinstate, revoke, and what
// verify --ledger reports for it now and at earlier times; only the issuer may change a status;
// revocation is final; the verifier's pin and its age.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fixture, importDemoIdentities, NOW, NOW_S, radcred, tempDir, type RunResult } from '../helpers.js';
import { demoSigner } from './support.js';

const work = tempDir('radcred-status-');
afterAll(() => cleanup(work));

const OP = join(work, 'operator-home'); // holds the ledger operator (lakeshore) and two issuers
const VER = join(work, 'verifier-home');
const L = join(work, 'ledger');
const ORIGIN = 'ledger.example/status';
const holder = demoSigner('priya').did;
const at = (offsetSeconds: number) => new Date((NOW_S + offsetSeconds) * 1000).toISOString().replace('.000Z', 'Z');
const DAY = 86_400;

const run = (home: string, now: string, args: string[]) => radcred(['--home', home, '--now', now, '--json', ...args]);

async function issue(
  name: string,
  now = NOW,
  extra: string[] = [],
): Promise<{ file: string; digest: string; r: RunResult }> {
  const file = join(work, `${name}.jwt`);
  const r = await run(OP, now, [
    'issue',
    'MedicalLicenseCredential',
    '--issuer',
    'tmb',
    '--subject',
    holder,
    '--data',
    fixture('subjects', 'MedicalLicenseCredential.json'),
    '--valid-from',
    at(-30 * DAY),
    '--out',
    file,
    '--ledger',
    L,
    ...extra,
  ]);
  expect(r.code, r.stderr).toBe(0);
  return { file, digest: r.json().digest, r };
}

const change = (
  kind: 'revoke' | 'suspend' | 'reinstate',
  cred: string,
  now: string,
  issuer = 'tmb',
  extra: string[] = [],
) => run(OP, now, [kind, cred, '--issuer', issuer, '--ledger', L, ...extra]);

const verify = (file: string, now: string, extra: string[] = [], home = VER) =>
  run(home, now, ['verify', file, '--any-issuer', '--ledger', L, ...extra]);
const check = (r: RunResult, name: string) =>
  r.json().results[0].checks.find((c: { check: string }) => c.check === name);

beforeAll(async () => {
  await importDemoIdentities(OP, ['lakeshore', 'tmb', 'rsna']);
  const init = await run(OP, NOW, ['ledger', 'init', L, '--origin', ORIGIN, '--operator', 'lakeshore']);
  expect(init.code, init.stderr).toBe(0);
  // the verifier pins the (empty) ledger; later verifications read the operator's directory,
  // which must stay consistent with that pin
  const pull = await run(VER, NOW, ['ledger', 'pull', L, join(work, 'verifier-copy'), '--vkey', init.json().vkey]);
  expect(pull.code, pull.stderr).toBe(0);
});

describe('issue --ledger', () => {
  it('commits directly when the home holds the operator key, and verify finds it active', async () => {
    const before = (await run(OP, NOW, ['ledger', 'status', L])).json().size;
    const { file, r } = await issue('active');
    expect(r.json().ledger).toMatchObject({ mode: 'committed', checkpoint: { size: before + 1 } });
    const status = (await run(OP, NOW, ['ledger', 'status', L])).json();
    expect(status).toMatchObject({ origin: ORIGIN, size: before + 1, newestEntryTime: NOW });
    const v = await verify(file, NOW);
    expect(v.code, v.stdout).toBe(0);
    expect(check(v, 'anchor').code).toBe('ANCHORED');
    expect(check(v, 'status').code).toBe('STATUS_ACTIVE');
    // the report names the checkpoint it used
    const used = await verify(file, NOW);
    expect(used.json().ledgers).toEqual([
      expect.objectContaining({ origin: ORIGIN, size: status.size, root: status.root, pinned: true }),
    ]);
  });
});

describe('suspend, reinstate, revoke', () => {
  let cred: { file: string; digest: string };
  beforeAll(async () => {
    cred = await issue('lifecycle');
    expect((await change('suspend', cred.file, at(1 * DAY), 'tmb', ['--reason', 'under review'])).code).toBe(0);
  });

  it('a suspended credential verifies as SUSPENDED (exit 1)', async () => {
    const v = await verify(cred.file, at(2 * DAY));
    expect(v.code).toBe(1);
    expect(check(v, 'anchor').code).toBe('ANCHORED');
    expect(check(v, 'status').code).toBe('SUSPENDED');
  });

  it('--now in the past: active before the suspension, not yet anchored before the issue entry', async () => {
    const before = await verify(cred.file, at(DAY / 2));
    expect(before.code, before.stdout).toBe(0);
    expect(check(before, 'status').code).toBe('STATUS_ACTIVE');
    const earlier = await verify(cred.file, at(-DAY));
    expect(earlier.code).toBe(1);
    expect(check(earlier, 'anchor').code).toBe('NOT_YET_ANCHORED');
    expect(check(earlier, 'validity').status).toBe('pass'); // valid from 30 days before: only the anchor is missing
  });

  it('only the issuer can change the status: NOT_ISSUER (exit 3)', async () => {
    const r = await change('reinstate', cred.file, at(3 * DAY), 'rsna');
    expect(r.code).toBe(3);
    expect(r.json().error.code).toBe('NOT_ISSUER');
    const lakeshore = await change('revoke', cred.digest, at(3 * DAY), 'lakeshore');
    expect(lakeshore.code).toBe(3);
    expect(lakeshore.json().error.code).toBe('NOT_ISSUER');
    expect(check(await verify(cred.file, at(3 * DAY)), 'status').code).toBe('SUSPENDED');
  });

  it('suspending a suspended credential is a STATUS_TRANSITION error', async () => {
    const r = await change('suspend', cred.digest, at(3 * DAY));
    expect(r.code).toBe(3);
    expect(r.json().error.code).toBe('STATUS_TRANSITION');
  });

  it('reinstate restores STATUS_ACTIVE; the suspension still shows for its period', async () => {
    const r = await change('reinstate', cred.digest.slice('sha256:'.length, 'sha256:'.length + 12), at(4 * DAY));
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ kind: 'reinstate', credential: cred.digest, mode: 'committed' });
    const v = await verify(cred.file, at(5 * DAY));
    expect(v.code, v.stdout).toBe(0);
    expect(check(v, 'status').code).toBe('STATUS_ACTIVE');
    expect(check(await verify(cred.file, at(3 * DAY)), 'status').code).toBe('SUSPENDED');
    const again = await change('reinstate', cred.digest, at(5 * DAY));
    expect(again.code).toBe(3);
    expect(again.json().error.code).toBe('STATUS_TRANSITION');
  });

  it('revocation is final', async () => {
    const r = await change('revoke', cred.digest, at(6 * DAY), 'tmb', ['--reason', 'license surrendered']);
    expect(r.code, r.stderr).toBe(0);
    const v = await verify(cred.file, at(7 * DAY));
    expect(v.code).toBe(1);
    expect(check(v, 'status').code).toBe('REVOKED');
    for (const kind of ['reinstate', 'suspend', 'revoke'] as const) {
      const again = await change(kind, cred.digest, at(8 * DAY));
      expect(again.code, kind).toBe(3);
      expect(again.json().error.code, kind).toBe('STATUS_TRANSITION');
    }
    expect(check(await verify(cred.file, at(8 * DAY)), 'status').code).toBe('REVOKED');
    // before the revocation it was active (reinstated)
    expect(check(await verify(cred.file, at(5 * DAY)), 'status').code).toBe('STATUS_ACTIVE');
  });

  it('a status change for a credential the ledger does not know is refused (exit 3)', async () => {
    const r = await change('revoke', 'sha256:' + '0'.repeat(64), at(8 * DAY));
    expect(r.code).toBe(3);
    expect(r.json().error.code).toBe('CREDENTIAL_NOT_LOGGED');
  });

  it('reinstate takes no --reason; --reason must be one line', async () => {
    const r = await run(OP, at(9 * DAY), ['reinstate', cred.digest, '--issuer', 'tmb', '--ledger', L, '--reason', 'x']);
    expect(r.code).toBe(2);
    const two = await issue('reason');
    const multi = await change('suspend', two.digest, at(9 * DAY), 'tmb', ['--reason', 'one\ntwo']);
    expect(multi.code).toBe(2);
    expect(multi.json().error.code).toBe('REASON_INVALID');
  });
});

describe("the verifier's pin", () => {
  let file: string;
  beforeAll(async () => {
    file = (await issue('pinned')).file;
  });

  it('without a pin for the ledger, anchor checks fail with LEDGER_NOT_PINNED', async () => {
    const v = await verify(file, NOW, [], join(work, 'unpinned-home'));
    expect(v.code).toBe(1);
    expect(check(v, 'anchor').code).toBe('LEDGER_NOT_PINNED');
    expect(check(v, 'status').status).toBe('fail');
    expect(v.json().ledgers).toEqual([expect.objectContaining({ origin: ORIGIN, pinned: false })]);
  });

  it('--max-ledger-age: stale is LEDGER_STALE (exit 1), fresh passes', async () => {
    // the pin was confirmed by the pull at NOW
    const fresh = await verify(file, at(2 * DAY), ['--max-ledger-age', '3d']);
    expect(fresh.code, fresh.stdout).toBe(0);
    expect(check(fresh, 'freshness')).toMatchObject({ status: 'pass', code: 'LEDGER_FRESH' });
    const stale = await verify(file, at(2 * DAY), ['--max-ledger-age', '36h']);
    expect(stale.code).toBe(1);
    expect(check(stale, 'freshness')).toMatchObject({ status: 'fail', code: 'LEDGER_STALE' });
    expect(check(stale, 'status').code).toBe('STATUS_ACTIVE');
    // a new pull confirms the pin again
    const pull = await run(VER, at(2 * DAY), ['ledger', 'pull', L, join(work, 'verifier-copy')]);
    expect(pull.code, pull.stderr).toBe(0);
    expect((await verify(file, at(2 * DAY), ['--max-ledger-age', '36h'])).code).toBe(0);
  });

  it('--max-ledger-age with --no-ledger is a usage error', async () => {
    const r = await run(VER, NOW, ['verify', file, '--any-issuer', '--no-ledger', '--max-ledger-age', '1d']);
    expect(r.code).toBe(2);
  });
});
