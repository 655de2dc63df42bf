// verify FILE... : the --json report shape, --report, exit statuses 0/1/2/3, several files at once.
// (Each way a credential or presentation can fail is in test/verify/negative.test.ts.)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fixture, importDemoIdentities, NOW, NOW_S, radcred, radcredProcess, tempDir } from '../helpers.js';
import { flipSignatureBit } from '../verify/tokens.js';

const CHALLENGE = 'verify-cli-challenge';
let dir: string;
let home: string;
let dids: Record<string, string>;
let aud: string[];

beforeAll(async () => {
  dir = tempDir('radcred-verify-cli-');
  home = join(dir, 'home');
  dids = await importDemoIdentities(home, ['tmb', 'priya', 'northbay']);
  const steps: string[][] = [
    [
      'issue',
      'MedicalLicenseCredential',
      '--issuer',
      'tmb',
      '--subject',
      dids.priya!,
      '--data',
      fixture('subjects', 'MedicalLicenseCredential.json'),
      '--out',
      join(dir, 'license.jwt'),
    ],
    ['wallet', 'add', join(dir, 'license.jwt')],
    [
      'present',
      '--holder',
      'priya',
      '--audience',
      dids.northbay!,
      '--challenge',
      CHALLENGE,
      '--all',
      '--out',
      join(dir, 'vp.jwt'),
    ],
    ['trust', 'add', dids.tmb!, '--name', 'Texas Medical Board', '--types', 'MedicalLicenseCredential'],
  ];
  for (const args of steps) {
    const r = await radcred(['--home', home, '--now', NOW, ...args]);
    if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  }
  writeFileSync(join(dir, 'tampered.jwt'), flipSignatureBit(readFileSync(join(dir, 'vp.jwt'), 'utf8')));
  writeFileSync(join(dir, 'empty.jwt'), '');
  aud = ['--audience', dids.northbay!, '--challenge', CHALLENGE];
});
afterAll(() => cleanup(dir));

/** verify run from `dir`, so files can be named relatively */
const verify = (args: string[]) => radcred(['--home', home, '--now', NOW, ...args], { cwd: dir });

describe('verify --json', () => {
  it('prints {verified, results:[{file, checks:[{check,status,code,message}]}]}, files as the user named them', async () => {
    const r = await verify(['--json', 'verify', 'vp.jwt', 'license.jwt', '--any-audience', '--no-ledger']);
    expect(r.code).toBe(0);
    const report = r.json();
    expect(report.verified).toBe(true);
    expect(report.results.map((x: { file: string }) => x.file)).toEqual(['vp.jwt', 'license.jwt']);
    expect(report.results.map((x: { kind: string }) => x.kind)).toEqual(['presentation', 'credential']);
    for (const result of report.results) {
      expect(result.verified).toBe(true);
      expect(result.checks.length).toBeGreaterThan(0);
      for (const c of result.checks) {
        expect(typeof c.check).toBe('string');
        expect(['pass', 'fail', 'warn', 'skip']).toContain(c.status);
        expect(c.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
        expect(typeof c.message).toBe('string');
        expect([1, 2, 3, 4, 5]).toContain(c.step);
      }
      expect(result.credentials).toHaveLength(1);
      expect(result.credentials[0]).toMatchObject({
        type: 'MedicalLicenseCredential',
        issuer: dids.tmb,
        subject: dids.priya,
        issuerName: 'Texas Medical Board',
      });
    }
    // checks on a credential inside the presentation name it by digest
    const inner = report.results[0].checks.filter((c: { credential?: string }) => c.credential !== undefined);
    expect(new Set(inner.map((c: { credential: string }) => c.credential))).toEqual(
      new Set([report.results[0].credentials[0].digest]),
    );
    expect(r.stderr).toBe('');
  });

  it('uses the home trust.json when no --trust is given', async () => {
    const r = await verify(['--json', 'verify', 'vp.jwt', ...aud, '--no-ledger']);
    expect(
      r
        .json()
        .results[0].checks.some(
          (c: { code: string; status: string }) => c.code === 'ISSUER_TRUSTED' && c.status === 'pass',
        ),
    ).toBe(true);
  });

  it('the clock is --now: the same presentation has expired a week and a day later', async () => {
    const r = await radcred(
      ['--home', home, '--now', String(NOW_S + 8 * 86400), '--json', 'verify', 'vp.jwt', ...aud, '--no-ledger'],
      { cwd: dir },
    );
    expect(r.code).toBe(1);
  });
});

describe('verify exit statuses', () => {
  it('0 verified, 1 not verified, 3 malformed (the worst file decides)', async () => {
    expect((await verify(['verify', 'vp.jwt', ...aud, '--no-ledger'])).code).toBe(0);
    expect((await verify(['verify', 'tampered.jwt', ...aud, '--no-ledger'])).code).toBe(1);
    expect((await verify(['verify', 'vp.jwt', 'tampered.jwt', ...aud, '--no-ledger'])).code).toBe(1);
    expect((await verify(['verify', 'empty.jwt', ...aud, '--no-ledger'])).code).toBe(3);
    expect((await verify(['verify', 'tampered.jwt', 'empty.jwt', 'vp.jwt', ...aud, '--no-ledger'])).code).toBe(3);
  });

  it('2 for usage errors: no file, half an audience, conflicting options, an unknown option', async () => {
    for (const args of [
      ['verify', ...aud, '--no-ledger'],
      ['verify', 'vp.jwt', '--audience', dids.northbay!, '--no-ledger'],
      ['verify', 'vp.jwt', ...aud, '--any-audience', '--no-ledger'],
      ['verify', 'vp.jwt', ...aud, '--any-issuer', '--trust', 'trust.json', '--no-ledger'],
      ['verify', 'vp.jwt', ...aud, '--no-ledger', '--ledgr', 'x'],
    ]) {
      const r = await verify(['--json', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(typeof r.json().error.code).toBe('string');
    }
  });

  it('human output has the same exit status and no JSON', async () => {
    const ok = await verify(['verify', 'vp.jwt', ...aud, '--no-ledger']);
    const bad = await verify(['verify', 'tampered.jwt', ...aud, '--no-ledger']);
    expect([ok.code, bad.code]).toEqual([0, 1]);
    for (const r of [ok, bad]) {
      expect(r.stdout.length).toBeGreaterThan(0);
      expect(() => JSON.parse(r.stdout)).toThrow();
      expect(r.stdout).not.toMatch(/\u001b\[/);
    }
    // the failing code is shown to the human too
    expect(bad.stdout).toContain('SIGNATURE_INVALID');
  });
});

describe('verify --report', () => {
  it('writes the same JSON report as --json prints, also when not verified', async () => {
    const report = join(dir, 'report.json');
    const r = await verify(['--json', 'verify', 'vp.jwt', 'tampered.jwt', ...aud, '--no-ledger', '--report', report]);
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(report, 'utf8'))).toEqual(r.json());
  });

  it('writes the JSON report when the output is for humans', async () => {
    const report = join(dir, 'human-report.json');
    const human = await verify(['verify', 'vp.jwt', ...aud, '--no-ledger', '--report', 'human-report.json']);
    expect(human.code).toBe(0);
    const json = await verify(['--json', 'verify', 'vp.jwt', ...aud, '--no-ledger']);
    expect(JSON.parse(readFileSync(report, 'utf8'))).toEqual(json.json());
  });

  it('a malformed file is in the report too (exit 3)', async () => {
    const report = join(dir, 'malformed-report.json');
    const r = await verify(['verify', 'empty.jwt', ...aud, '--no-ledger', '--report', report]);
    expect(r.code).toBe(3);
    const written = JSON.parse(readFileSync(report, 'utf8'));
    expect(written.verified).toBe(false);
    expect(written.results[0]).toMatchObject({ file: 'empty.jwt', malformed: true });
  });
});

describe('verify with the real executable', () => {
  it('global options after the subcommand; exit 0 for the good presentation, 1 for the tampered one', async () => {
    const ok = await radcredProcess(
      ['verify', 'vp.jwt', ...aud, '--no-ledger', '--home', home, '--now', NOW, '--json'],
      { cwd: dir },
    );
    expect(ok.code).toBe(0);
    expect(ok.json().verified).toBe(true);
    const bad = await radcredProcess(
      ['verify', 'tampered.jwt', ...aud, '--no-ledger', '--home', home, '--now', NOW, '--json'],
      { cwd: dir },
    );
    expect(bad.code).toBe(1);
    const failing = bad
      .json()
      .results[0].checks.filter((c: { status: string }) => c.status === 'fail')
      .map((c: { code: string }) => c.code);
    expect(failing).toEqual(['SIGNATURE_INVALID']);
  });
});
