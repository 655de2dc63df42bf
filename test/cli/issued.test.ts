// The issuer register through the CLI: `issue` (to a file, to stdout, a roster) records every
// credential; `issued list` shows them and filters; an issuer who kept no file revokes, suspends,
// reinstates and proves by jti; a register that cannot be written warns without failing the
// issuance; a torn last line is tolerated, a damaged one is exit 3; a rerun of a roster records
// what a killed run issued but never recorded, including what crash recovery moved into place.
import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderIssued } from '../../src/cli/commands/issued.js';
import { plainStyle } from '../../src/cli/style.js';
import { cleanup, fixture, importDemoIdentities, NOW, radcred, tempDir, type RunResult } from '../helpers.js';
import { demoSigner } from '../ledger/support.js';

const work = tempDir('radcred-issued-');
afterAll(() => cleanup(work));
const HOME = join(work, 'issuer'); // tmb and rsna issue; registry operates the ledger
const L = join(work, 'ledger');
const ORIGIN = 'ledger.example/register';
const PRIYA = demoSigner('priya').did;
const MARCUS = 'did:key:z6MkvqEqwVjs7KdSPj6QzJwEjKHF2SjGRPEMc3GKFNtDSG32';
const LICENSE = fixture('subjects', 'MedicalLicenseCredential.json');
let vkey: string;

const run = (args: string[], home = HOME) => radcred(['--home', home, '--now', NOW, '--json', ...args], { cwd: work });
const ok = (r: RunResult) => {
  expect(r.code, r.stderr).toBe(0);
  return r.json();
};
const refused = (r: RunResult, exit: number, code: string) => {
  expect(r.code, r.stderr).toBe(exit);
  expect(r.json().error.code).toBe(code);
  expect(r.json().error.hint).toBeTruthy();
  return r.json().error;
};
const list = async (extra: string[] = [], home = HOME) =>
  ok(await run(['issued', 'list', ...extra], home)).issued as any[];
const register = (home = HOME) => join(home, 'issued.jsonl');

async function issueLicense(name: string, extra: string[] = ['--ledger', L], home = HOME) {
  const file = join(work, `${name}.jwt`);
  const j = ok(
    await run(
      [
        'issue',
        'MedicalLicenseCredential',
        '--issuer',
        'tmb',
        '--subject',
        PRIYA,
        '--data',
        LICENSE,
        '--out',
        file,
        ...extra,
      ],
      home,
    ),
  );
  return { file, digest: j.digest as string, jti: j.jti as string, json: j };
}

beforeAll(async () => {
  await importDemoIdentities(HOME, ['tmb', 'rsna', 'registry']);
  vkey = ok(await run(['ledger', 'init', L, '--origin', ORIGIN, '--operator', 'registry'])).vkey;
});

describe('issuing records each credential', () => {
  it('issue --out --ledger: jti, digest, type, issuer, subject, time, validUntil and the ledger origin; no subject data', async () => {
    const c = await issueLicense('first', ['--ledger', L, '--valid-until', '2028-08-31T23:59:59Z']);
    const [r] = (await list()).filter((x) => x.jti === c.jti);
    expect(r).toEqual({
      jti: c.jti,
      digest: c.digest,
      type: 'MedicalLicenseCredential',
      issuer: c.json.issuer,
      issuerName: 'tmb',
      subject: PRIYA,
      time: NOW,
      validUntil: '2028-08-31T23:59:59Z',
      ledger: ORIGIN,
    });
    const text = readFileSync(register(), 'utf8');
    for (const value of Object.values(JSON.parse(readFileSync(LICENSE, 'utf8')) as Record<string, unknown>)) {
      if (typeof value === 'string' && value.length > 3) expect(text).not.toContain(value);
    }
  });

  it('issue to stdout without --ledger: recorded too, with ledger null', async () => {
    const r = await radcred([
      '--home',
      HOME,
      '--now',
      NOW,
      'issue',
      'MedicalLicenseCredential',
      '--issuer',
      'tmb',
      '--subject',
      MARCUS,
      '--data',
      LICENSE,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const jwt = r.stdout.trim();
    const jti = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()).jti;
    expect((await list()).find((x) => x.jti === jti)).toMatchObject({ subject: MARCUS, ledger: null });
  });

  it('a 6-row roster is recorded in one append, each row once; a rerun records nothing twice', async () => {
    const before = (await list()).length;
    const out = join(work, 'roster-out');
    const j = ok(
      await run([
        'issue',
        'CMECertificateCredential',
        '--issuer',
        'rsna',
        '--batch',
        fixture('rosters', 'rsna-cme.csv'),
        '--out-dir',
        out,
        '--ledger',
        L,
      ]),
    );
    expect(j.issued).toBe(6);
    const cme = await list(['--type', 'CMECertificateCredential']);
    expect(cme.map((r) => r.digest).sort()).toEqual(j.credentials.map((c: { digest: string }) => c.digest).sort());
    expect(new Set(cme.map((r) => r.jti)).size).toBe(6);
    expect(
      cme.every((r) => r.ledger === ORIGIN && r.issuerName === 'rsna' && r.issuer === demoSigner('rsna').did),
    ).toBe(true);
    const again = ok(
      await run([
        'issue',
        'CMECertificateCredential',
        '--issuer',
        'rsna',
        '--batch',
        fixture('rosters', 'rsna-cme.csv'),
        '--out-dir',
        out,
        '--ledger',
        L,
      ]),
    );
    expect(again.issued).toBe(0);
    expect((await list()).length).toBe(before + 6);
  });
});

describe('issued list', () => {
  it('--subject and --type filter; both together; an unknown type is an empty list (exit 0)', async () => {
    const all = await list();
    expect((await list(['--subject', MARCUS])).map((r) => r.jti)).toEqual(
      all.filter((r) => r.subject === MARCUS).map((r) => r.jti),
    );
    expect(
      (await list(['--type', 'MedicalLicenseCredential'])).every((r) => r.type === 'MedicalLicenseCredential'),
    ).toBe(true);
    const both = await list(['--subject', PRIYA, '--type', 'CMECertificateCredential']);
    expect(both.length).toBe(all.filter((r) => r.subject === PRIYA && r.type === 'CMECertificateCredential').length);
    expect(both.length).toBeGreaterThan(0);
    expect(await list(['--type', 'NoSuchCredential'])).toEqual([]);
  });

  it('human output: a header and one row per credential (date, type, subject, jti, ledger), within 100 columns', async () => {
    const r = await radcred(['--home', HOME, 'issued', 'list']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ISSUED\s+TYPE\s+SUBJECT\s+JTI\s+LEDGER$/);
    const all = await list();
    expect(lines).toHaveLength(all.length + 1);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(100);
    const cme = all.find((x) => x.type === 'CMECertificateCredential')!;
    const row = lines.find((l) => l.includes(cme.jti.slice('urn:uuid:'.length)))!;
    expect(row).toMatch(/^2026-11-27 {2}CMECertificate {2}z6MkfY…T21ba {2}/);
    expect(row.endsWith('ledger.exa…/register')).toBe(true); // the origin, cut in the middle to fit
  });

  it('the longest type and origin names are cut to fit 100 columns, not wrapped', () => {
    const r = {
      jti: 'urn:uuid:3f1c2a4b-1111-4222-8333-444455556666',
      digest: `sha256:${'a'.repeat(64)}`,
      issuer: 'did:key:zX',
      issuerName: 'x',
      time: NOW,
    };
    const text = renderIssued(
      [
        {
          ...r,
          type: 'ControlledSubstanceRegistrationCredential',
          subject: 'did:web:credentialing.example.org:staff:halvorsen',
          ledger: `${'very-long-host.'.repeat(4)}example/ledger`,
        },
        { ...r, type: 'MammographyInterpretationVolumeCredential', subject: PRIYA, ledger: null },
      ],
      plainStyle,
    );
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    expect(text).toContain('3f1c2a4b-1111-4222-8333-444455556666');
    expect(text).toMatch(/ {2}very-long…e\/ledger$/m); // cut in the middle: host and path end stay
  });

  it('narrower than 90 columns, each jti goes whole on a line under its row (60 and 80 columns)', () => {
    const record = {
      jti: 'urn:uuid:3f1c2a4b-1111-4222-8333-444455556666',
      digest: `sha256:${'a'.repeat(64)}`,
      issuer: 'did:key:zX',
      issuerName: 'x',
      time: NOW,
      type: 'MedicalLicenseCredential',
      subject: PRIYA,
      ledger: 'registry.example.org/radcred',
    };
    for (const width of [60, 80]) {
      const lines = renderIssued([record], plainStyle, undefined, width).split('\n');
      for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(width);
      expect(lines).toEqual([
        expect.stringMatching(/^ISSUED {6}TYPE {12}SUBJECT {7}LEDGER$/),
        '  JTI',
        expect.stringMatching(/^2026-11-27 {2}MedicalLicense {2}z6MkfY…T21ba {2}regis/),
        '  3f1c2a4b-1111-4222-8333-444455556666',
      ]);
    }
    expect(renderIssued([record], plainStyle, undefined, 100).split('\n')[1]).toContain(
      '  3f1c2a4b-1111-4222-8333-444455556666  registry',
    );
  });

  it('an empty register says so; --json is {"issued": []}', async () => {
    const empty = join(work, 'empty-home');
    mkdirSync(empty);
    expect(await list([], empty)).toEqual([]);
    const r = await radcred(['--home', empty, 'issued', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no credentials/);
  });
});

describe('revoke, suspend, reinstate and prove by jti, with the credential file gone', () => {
  let license: { file: string; digest: string; jti: string };
  beforeAll(async () => {
    license = await issueLicense('deleted');
    unlinkSync(license.file);
  });
  const change = (kind: string, ref: string, extra: string[] = []) =>
    run([kind, ref, '--issuer', 'tmb', '--ledger', L, ...extra]);

  it('suspend by jti, reinstate by the bare UUID `issued list` shows', async () => {
    expect(ok(await change('suspend', license.jti, ['--reason', 'under review']))).toMatchObject({
      kind: 'suspend',
      credential: license.digest,
      mode: 'committed',
    });
    expect(ok(await change('reinstate', license.jti.slice('urn:uuid:'.length)))).toMatchObject({
      kind: 'reinstate',
      credential: license.digest,
    });
  });

  it('ledger prove by jti writes a proof that check-proof accepts', async () => {
    const out = join(work, 'by-jti.tlog-proof');
    const j = ok(await run(['ledger', 'prove', L, license.jti, '--out', out]));
    expect(j.credential).toBe(license.digest);
    ok(await run(['ledger', 'check-proof', out, '--entry', `${out}.entry`, '--vkey', vkey]));
  });

  it('revoke by jti; then the ledger refuses a second change (the jti named the same credential)', async () => {
    ok(await change('revoke', license.jti, ['--reason', 'license surrendered']));
    refused(await change('suspend', license.jti), 3, 'STATUS_TRANSITION');
  });

  it('a roster credential, its file removed, is revoked by jti', async () => {
    const [cme] = await list(['--type', 'CMECertificateCredential']);
    rmSync(join(work, 'roster-out'), { recursive: true });
    expect(ok(await run(['revoke', cme.jti, '--issuer', 'rsna', '--ledger', L]))).toMatchObject({
      credential: cme.digest,
    });
  });

  it('a jti that matches nothing is CREDENTIAL_NOT_FOUND (exit 3), pointing to `radcred issued list`', async () => {
    for (const cmd of [
      ['revoke', 'urn:uuid:00000000-0000-4000-8000-000000000000', '--issuer', 'tmb', '--ledger', L],
      ['ledger', 'prove', L, 'no-such-jti', '--out', join(work, 'x.proof')],
    ]) {
      expect(refused(await run(cmd), 3, 'CREDENTIAL_NOT_FOUND').hint).toContain('radcred issued list');
    }
  });

  it('a credential the register records without a ledger: CREDENTIAL_NOT_LOGGED says so', async () => {
    const unlogged = await issueLicense('unlogged', []);
    expect(refused(await change('revoke', unlogged.jti), 3, 'CREDENTIAL_NOT_LOGGED').hint).toContain(
      'without --ledger',
    );
  });

  it('a jti found only in the wallet still resolves (the holder side)', async () => {
    const holderHome = join(work, 'holder'); // no register of its own
    await importDemoIdentities(holderHome, ['priya']);
    const c = await issueLicense('walleted');
    ok(await run(['wallet', 'add', c.file], holderHome));
    expect(ok(await run(['ledger', 'prove', L, c.jti, '--out', join(work, 'w.proof')], holderHome)).credential).toBe(
      c.digest,
    );
    // the bare UUID `issued list` shows names it in the wallet too
    expect(ok(await run(['wallet', 'show', c.jti.slice('urn:uuid:'.length)], holderHome)).digest).toBe(c.digest);
  });
});

describe('when the register cannot be written or read', () => {
  it('a register that cannot be written warns, and the issuance succeeds (exit 0)', async () => {
    const home = join(work, 'unwritable');
    await importDemoIdentities(home, ['tmb']);
    mkdirSync(register(home)); // a directory where the file should be: every open fails
    const r = await run(
      [
        'issue',
        'MedicalLicenseCredential',
        '--issuer',
        'tmb',
        '--subject',
        PRIYA,
        '--data',
        LICENSE,
        '--out',
        join(work, 'unwritable.jwt'),
      ],
      home,
    );
    const j = ok(r);
    expect(j.warnings.join(' ')).toMatch(/recording it in the issuer register .* failed/);
    expect(r.stderr).toContain('radcred: warning:');
    expect(readFileSync(join(work, 'unwritable.jwt'), 'utf8')).toMatch(/^ey/);
  });

  it('a torn last line is tolerated by list and cut off by the next issue', async () => {
    const home = join(work, 'torn');
    await importDemoIdentities(home, ['tmb']);
    const first = await issueLicense('torn-1', [], home);
    appendFileSync(register(home), '{"jti":"urn:uuid:12345678-');
    expect((await list([], home)).map((r) => r.jti)).toEqual([first.jti]);
    const second = await issueLicense('torn-2', [], home);
    expect((await list([], home)).map((r) => r.jti)).toEqual([first.jti, second.jti]);
  });

  it('a damaged middle line is ISSUED_DAMAGED (exit 3) for list and for a jti; issuing still records', async () => {
    const home = join(work, 'damaged');
    await importDemoIdentities(home, ['tmb', 'registry']);
    const a = await issueLicense('damaged-1', ['--ledger', L], home);
    await issueLicense('damaged-2', [], home);
    const lines = readFileSync(register(home), 'utf8').split('\n');
    writeFileSync(register(home), [lines[0]!.slice(0, 30), ...lines.slice(1)].join('\n'));
    expect(refused(await run(['issued', 'list'], home), 3, 'ISSUED_DAMAGED').details).toEqual({ line: 1 });
    refused(await run(['revoke', a.jti, '--issuer', 'tmb', '--ledger', L], home), 3, 'ISSUED_DAMAGED');
    ok(await run(['revoke', a.digest, '--issuer', 'tmb', '--ledger', L], home)); // the digest needs no register
    const c = await issueLicense('damaged-3', [], home);
    expect(c.json.warnings).toBeUndefined();
    expect(readFileSync(register(home), 'utf8')).toContain(c.jti);
  });
});

describe('a rerun records what a killed run issued but did not record', () => {
  const ROSTER = fixture('rosters', 'rsna-cme.csv');
  const batch = (home: string, out: string) =>
    run(
      ['issue', 'CMECertificateCredential', '--issuer', 'rsna', '--batch', ROSTER, '--out-dir', out, '--ledger', L],
      home,
    );

  it('killed between moving the files into place and appending: the rerun records every row, once', async () => {
    const home = join(work, 'rerun');
    await importDemoIdentities(home, ['rsna', 'registry']);
    const out = join(work, 'rerun-out');
    const first = ok(await batch(home, out));
    const recorded = await list([], home);
    writeFileSync(register(home), readFileSync(register(home), 'utf8').split('\n').slice(0, 2).join('\n') + '\n'); // only 2 of 6 lines made it
    const again = ok(await batch(home, out));
    expect(again.issued).toBe(0);
    expect((await list([], home)).map((r) => r.digest).sort()).toEqual(recorded.map((r) => r.digest).sort());
    expect((await list([], home)).map((r) => r.digest).sort()).toEqual(
      first.credentials.map((c: { digest: string }) => c.digest).sort(),
    );
    expect((await list([], home)).every((r) => r.ledger === ORIGIN)).toBe(true);
    ok(await batch(home, out));
    expect(await list([], home)).toHaveLength(6);
  });

  it("the credentials crash recovery moves out of a dead run's staging directory are recorded", async () => {
    const home = join(work, 'recovered');
    await importDemoIdentities(home, ['rsna', 'registry']);
    const out = join(work, 'recovered-out');
    const first = ok(await batch(home, out));
    // as if the run had died after its ledger commit, before moving two files in and before its append
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const staging = join(out, `.staging-${dead}-abc123`);
    mkdirSync(staging);
    const moved = first.credentials.slice(0, 2) as { file: string; digest: string }[];
    for (const c of moved) renameSync(c.file, join(staging, c.file.slice(out.length + 1)));
    rmSync(register(home));
    const again = ok(await batch(home, out));
    expect(again.issued).toBe(0); // both were anchored: moved in, not issued again
    expect(readdirSync(out).filter((f) => f.startsWith('.staging-'))).toEqual([]);
    expect((await list([], home)).map((r) => r.digest).sort()).toEqual(
      first.credentials.map((c: { digest: string }) => c.digest).sort(),
    );
  });
});
