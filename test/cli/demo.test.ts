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
    expect(data).toMatchObject({
      dir: work,
      verified: true,
      tamperedDetected: true,
      suspensionDetected: true,
      record: 'northbay-record.jwt',
      recordChecked: true,
    });
    // Northbay's record, and its page: the record checks on its own, two years on
    expect(readFileSync(join(work, 'northbay-record.html'), 'utf8')).toContain('Priya N. Halvorsen');
    const record = await radcred([
      '--home',
      join(work, 'northbay'),
      '--now',
      '2028-12-01T00:00:00Z',
      '--json',
      'record',
      'check',
      join(work, 'northbay-record.jwt'),
    ]);
    expect(record.code, record.stderr).toBe(0);
    expect(record.json()).toMatchObject({
      valid: true,
      recorded: { verified: true },
      practitioner: { name: 'Priya N. Halvorsen', npi: '1234567893' },
    });
    expect(data.steps.length).toBeGreaterThan(10);
    // only the verifications meant to fail did: the tampered presentation, coverage below the
    // minimum, the board not meeting continuing certification, the suspended license
    expect(
      data.steps
        .filter((s: { exitCode: number }) => s.exitCode !== 0)
        .map((s: { command: string; exitCode: number }) => [s.command.split(' ')[1], s.exitCode]),
    ).toEqual([
      ['verify', 1],
      ['verify', 1],
      ['verify', 1],
      ['verify', 1],
    ]);

    const northbay = demoSigner('northbay').did;
    const challenge = decodeJwt(readFileSync(join(work, 'to-northbay.vp.jwt'), 'utf8')).payload.nonce;
    const check = (file: string) =>
      radcred([
        '--home',
        join(work, 'northbay'),
        '--now',
        data.clock,
        '--json',
        'verify',
        join(work, file),
        '--audience',
        northbay,
        '--challenge',
        challenge,
        '--no-ledger',
      ]);
    const genuine = await check('to-northbay.vp.jwt');
    expect(genuine.code).toBe(0);
    // the bylaws asked for licenses, board, coverage, claims, the attestation and CME: not the diploma
    expect(
      genuine
        .json()
        .results[0].credentials.map((c: { type: string }) => c.type)
        .sort(),
    ).toEqual([
      'BoardCertificationCredential',
      ...Array(7).fill('CMECertificateCredential'),
      'ClaimsHistoryCredential',
      'MedicalLicenseCredential',
      'MedicalLicenseCredential',
      'PractitionerAttestationCredential',
      'ProfessionalLiabilityCoverageCredential',
    ]);
    expect(genuine.json().results[0].holder).toBe(demoSigner('priya').did);
    const tampered = await check('tampered.vp.jwt');
    expect(tampered.code).toBe(1);
    // the edit broke both the license's signature and the holder's, which covered the old license
    const failed = tampered.json().results[0].checks.filter((c: { status: string }) => c.status === 'fail');
    expect(
      failed.map((c: { code: string; credential?: string }) => [
        c.code,
        c.credential === undefined ? 'holder' : 'credential',
      ]),
    ).toEqual([
      ['SIGNATURE_INVALID', 'holder'],
      ['SIGNATURE_INVALID', 'credential'],
    ]);

    // against the request: the policy holds, with the CME tally, and the license lapses before the appointment ends
    const withRequest = await radcred([
      '--home',
      join(work, 'northbay'),
      '--now',
      '2026-11-27T20:00:00Z',
      '--json',
      'verify',
      join(work, 'to-northbay.vp.jwt'),
      '--request',
      join(work, 'northbay-request.jwt'),
      '--ledger',
      join(work, 'northbay-ledger'),
    ]);
    expect(withRequest.code).toBe(0);
    const policy = withRequest
      .json()
      .results[0].checks.filter((c: { check: string }) => ['required', 'license', 'cme', 'expiry'].includes(c.check));
    // (the order of the credentials inside follows the wallet's, so the codes are compared as a set)
    expect(policy.map((c: { code: string }) => c.code).sort()).toEqual(
      [
        ...Array(5).fill('REQUIRED_PRESENT'),
        'LICENSE_ACTIVE',
        'LICENSE_ACTIVE',
        'LICENSE_JURISDICTION_MET',
        'CME_MET',
        'CME_MET',
        'EXPIRES_DURING_APPOINTMENT',
        'EXPIRES_DURING_APPOINTMENT',
        'EXPIRES_BEFORE_APPOINTMENT',
      ].sort(),
    );
    // pa first (the policy file's order): 103.25 of 100 in the 2025-26 cycle; then abr
    const cme = policy.filter((c: { check: string }) => c.check === 'cme');
    expect(cme[0].details).toMatchObject({ rule: 'pa', met: true });
    expect(cme[0].details.requirements[0]).toMatchObject({ required: 100, earned: 103.25, short: 0 });
    expect(cme[1].details).toMatchObject({ rule: 'abr', met: true });

    // Northbay's pinned ledger copy, pulled after the suspension, says so; before it, active.
    const withLedger = (now: string) =>
      radcred([
        '--home',
        join(work, 'northbay'),
        '--now',
        now,
        '--json',
        'verify',
        join(work, 'to-northbay.vp.jwt'),
        '--audience',
        northbay,
        '--challenge',
        challenge,
        '--ledger',
        join(work, 'northbay-ledger'),
      ]);
    const after = await withLedger('2026-11-29T00:00:00Z');
    expect(after.code).toBe(1);
    expect(
      after
        .json()
        .results[0].checks.filter((c: { status: string }) => c.status === 'fail')
        .map((c: { code: string }) => c.code),
    ).toEqual(['SUSPENDED']);
    // through the request, the bylaws' Pennsylvania license is then missing (the Texas one still verifies)
    const afterWithRequest = await radcred([
      '--home',
      join(work, 'northbay'),
      '--now',
      '2026-11-29T00:00:00Z',
      '--json',
      'verify',
      join(work, 'to-northbay.vp.jwt'),
      '--request',
      join(work, 'northbay-request.jwt'),
      '--ledger',
      join(work, 'northbay-ledger'),
    ]);
    expect(
      afterWithRequest
        .json()
        .results[0].checks.filter((c: { status: string }) => c.status === 'fail')
        .map((c: { code: string }) => c.code),
    ).toEqual(['SUSPENDED', 'LICENSE_JURISDICTION_MISSING']);
    const before = await withLedger('2026-11-27T20:00:00Z');
    expect(before.code).toBe(0);
  });
});
