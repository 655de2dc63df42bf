// demo [--dir DIR]: the whole story, then an independent check of what it left behind.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, radcred, tempDir } from '../helpers.js';
import { decodeJwt, demoSigner } from '../verify/tokens.js';

let dir: string;
beforeAll(() => {
  dir = tempDir('radcred-demo-test-');
});
afterAll(() => cleanup(dir));

describe('demo', () => {
  it('runs to the end in --dir (exit 0) and leaves the presentations there', async () => {
    const work = join(dir, 'human');
    const r = await radcred(['demo', '--dir', work]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(0);
    expect(existsSync(join(work, 'to-northbay.vp.jwt'))).toBe(true);
    expect(existsSync(join(work, 'tampered.vp.jwt'))).toBe(true);
  });

  it('--json reports verified and tamperedDetected, and an independent verify agrees', async () => {
    const work = join(dir, 'json');
    const r = await radcred(['--json', 'demo', '--dir', work]);
    expect(r.code, r.stderr).toBe(0);
    const data = r.json();
    expect(data).toMatchObject({ dir: work, verified: true, tamperedDetected: true, suspensionDetected: true });
    expect(data.steps.length).toBeGreaterThan(10);
    // only the verifications of the tampered presentation and of the suspended license failed
    expect(data.steps.filter((s: { exitCode: number }) => s.exitCode !== 0).map((s: { command: string; exitCode: number }) => [s.command.split(' ')[1], s.exitCode]))
      .toEqual([['verify', 1], ['verify', 1]]);

    const northbay = demoSigner('northbay').did;
    const challenge = decodeJwt(readFileSync(join(work, 'to-northbay.vp.jwt'), 'utf8')).payload.nonce;
    const check = (file: string) => radcred(['--home', join(work, 'northbay'), '--now', data.clock, '--json', 'verify', join(work, file),
      '--audience', northbay, '--challenge', challenge, '--no-ledger']);
    const genuine = await check('to-northbay.vp.jwt');
    expect(genuine.code).toBe(0);
    // the request asked for the license, the board certification and CME: not the diploma
    expect(genuine.json().results[0].credentials.map((c: { type: string }) => c.type).sort()).toEqual([
      'BoardCertificationCredential', 'CMECertificateCredential', 'CMECertificateCredential', 'CMECertificateCredential', 'MedicalLicenseCredential']);
    expect(genuine.json().results[0].holder).toBe(demoSigner('priya').did);
    const tampered = await check('tampered.vp.jwt');
    expect(tampered.code).toBe(1);
    // the edit broke both the license's signature and the holder's, which covered the old license
    const failed = tampered.json().results[0].checks.filter((c: { status: string }) => c.status === 'fail');
    expect(failed.map((c: { code: string; credential?: string }) => [c.code, c.credential === undefined ? 'holder' : 'credential']))
      .toEqual([['SIGNATURE_INVALID', 'holder'], ['SIGNATURE_INVALID', 'credential']]);

    // against the request: the policy holds, with the CME tally, and the license lapses before the appointment ends
    const withRequest = await radcred(['--home', join(work, 'northbay'), '--now', '2026-11-27T20:00:00Z', '--json', 'verify', join(work, 'to-northbay.vp.jwt'),
      '--request', join(work, 'northbay-request.jwt'), '--ledger', join(work, 'northbay-ledger')]);
    expect(withRequest.code).toBe(0);
    const policy = withRequest.json().results[0].checks.filter((c: { check: string }) => ['required', 'license', 'cme', 'expiry'].includes(c.check));
    expect(policy.map((c: { code: string }) => c.code)).toEqual(['REQUIRED_PRESENT', 'REQUIRED_PRESENT', 'LICENSE_ACTIVE', 'CME_MET', 'EXPIRES_DURING_APPOINTMENT']);
    expect(policy.find((c: { check: string }) => c.check === 'cme').details.requirements[0]).toMatchObject({ required: 75, earned: 75.75, short: 0 });

    // Northbay's pinned ledger copy, pulled after the suspension, says so; before it, active.
    const withLedger = (now: string) => radcred(['--home', join(work, 'northbay'), '--now', now, '--json', 'verify', join(work, 'to-northbay.vp.jwt'),
      '--audience', northbay, '--challenge', challenge, '--ledger', join(work, 'northbay-ledger')]);
    const after = await withLedger('2026-11-29T00:00:00Z');
    expect(after.code).toBe(1);
    expect(after.json().results[0].checks.filter((c: { status: string }) => c.status === 'fail').map((c: { code: string }) => c.code)).toEqual(['SUSPENDED']);
    // the same check through the request also reports the required license as not verified
    const afterWithRequest = await radcred(['--home', join(work, 'northbay'), '--now', '2026-11-29T00:00:00Z', '--json', 'verify', join(work, 'to-northbay.vp.jwt'),
      '--request', join(work, 'northbay-request.jwt'), '--ledger', join(work, 'northbay-ledger')]);
    expect(afterWithRequest.json().results[0].checks.filter((c: { status: string }) => c.status === 'fail').map((c: { code: string }) => c.code)).toEqual(['SUSPENDED', 'REQUIRED_NOT_VERIFIED']);
    const before = await withLedger('2026-11-27T20:00:00Z');
    expect(before.code).toBe(0);
  });
});
