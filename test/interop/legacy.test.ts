// Everything radcred issued before its credentials were made with did-jwt-vc still verifies, as it
// did: the files of test/fixtures/legacy-v0.1 (see its README), through the real binary, against
// their own pinned ledger copy, request and trust list.
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, radcredProcess, ROOT, tempDir } from '../helpers.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'legacy-v0.1');
const BEFORE_SUSPENSION = '2026-11-27T19:00:00Z';
const AFTER_SUSPENSION = '2026-11-28T19:00:00Z';

let dir: string;
beforeAll(() => {
  dir = tempDir('radcred-legacy-');
  mkdirSync(join(dir, 'home', 'pins'), { recursive: true });
  cpSync(join(FIXTURES, 'pin.json'), join(dir, 'home', 'pins', 'registry.example.org%2Fradcred.json'));
  cpSync(join(FIXTURES, 'trust.json'), join(dir, 'home', 'trust.json'));
  cpSync(join(FIXTURES, 'ledger'), join(dir, 'copy'), { recursive: true });
});
afterAll(() => cleanup(dir));

const verify = (now: string, args: string[]) =>
  radcredProcess([
    '--home',
    join(dir, 'home'),
    '--now',
    now,
    '--json',
    'verify',
    ...args,
    '--ledger',
    join(dir, 'copy'),
  ]);
const statusOf = (result: { checks: { check: string; code: string; credential?: string }[] }, digest: string) =>
  result.checks.find((c) => c.check === 'status' && c.credential === digest)?.code;

describe('credentials and presentations of radcred 0.1', () => {
  it('the presentation answers its request: VERIFIED before the suspension, the license SUSPENDED after', async () => {
    const args = [join(FIXTURES, 'to-northbay.vp.jwt'), '--request', join(FIXTURES, 'northbay-request.jwt')];
    const before = await verify(BEFORE_SUSPENSION, args);
    expect(before.code, before.stdout).toBe(0);
    const result = before.json().results[0];
    expect(result.credentials.map((c: { type: string }) => c.type).sort()).toEqual([
      'BoardCertificationCredential',
      'CMECertificateCredential',
      'CMECertificateCredential',
      'CMECertificateCredential',
      'MedicalLicenseCredential',
    ]);
    const license = result.credentials.find((c: { type: string }) => c.type === 'MedicalLicenseCredential').digest;
    const after = await verify(AFTER_SUSPENSION, args);
    expect(after.code).toBe(1);
    expect(statusOf(after.json().results[0], license)).toBe('SUSPENDED');
  });

  it.each(['degree.jwt', 'license.jwt', 'board.jwt', 'cme-rsna25.jwt'])('%s verifies on its own', async (file) => {
    const r = await verify(BEFORE_SUSPENSION, [join(FIXTURES, file)]);
    expect(r.code, r.stdout).toBe(0);
  });
});
