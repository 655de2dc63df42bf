// Errors and hints that point the right way: a ledger directory that is missing or no ledger is
// said to be so (never "pass --vkey" to a command without one); a warning has the warning prefix;
// a request or record file that holds no JWT is named, with what it should hold; a directory given
// as --report is told a report's name; a keystore whose did was edited is damaged, not a wrong
// passphrase; a --passphrase-file NAME that is no identity is questioned; a date radcred would sign
// past the last second did-jwt-vc reads is refused with what to change, never a crash.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fixture, NOW, PASSPHRASE, radcred, tempDir, unwrapped } from '../helpers.js';
import { buildWorld, copyWorld, type World } from './world.js';

let work: string;
let world: World;
beforeAll(async () => {
  work = tempDir('radcred-hints-');
  mkdirSync(join(work, 'world'));
  world = await buildWorld(join(work, 'world'));
  writeFileSync(join(world.dir, 'j.json'), '{"not": "a request"}\n');
  writeFileSync(join(world.dir, 'page.html'), '<!doctype html><p>a.b.c.d</p>\n');
}, 120_000);
afterAll(() => cleanup(work));

const run = (args: string[], env?: Record<string, string | undefined>) =>
  radcred(['--now', NOW, ...args], { cwd: world.dir, ...(env ? { env } : {}) });
const jsonError = async (args: string[]) => (await run(['--json', ...args])).json().error;

describe('a ledger directory that is missing or no ledger', () => {
  it('ledger status: missing, a file, a home, a plain directory are LEDGER_NOT_FOUND, said as such', async () => {
    mkdirSync(join(world.dir, 'empty-dir'), { recursive: true });
    for (const [dir, what] of [
      ['nonexistent', 'does not exist'],
      ['j.json', 'is a file, not a ledger directory'],
      [world.homes.holder, 'is a radcred home, not a ledger'],
      ['empty-dir', 'is not a ledger (no checkpoint)'],
    ]) {
      const r = await run(['ledger', 'status', dir!]);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toContain(what);
      expect(r.stderr).not.toContain('--vkey');
      expect((await jsonError(['ledger', 'status', dir!])).code).toBe('LEDGER_NOT_FOUND');
    }
  });

  it('issue --ledger and integrate with a missing ledger: LEDGER_NOT_FOUND too', async () => {
    const i = ['--home', world.homes.issuer];
    expect((await jsonError([...i, 'ledger', 'integrate', 'nonexistent', '--operator', 'registry'])).code).toBe(
      'LEDGER_NOT_FOUND',
    );
    expect((await jsonError([...i, 'revoke', world.files.license, '--issuer', 'tmb', '--ledger', 'nope'])).code).toBe(
      'LEDGER_NOT_FOUND',
    );
  });

  it('a ledger without its vkey file: --vkey is suggested only to the commands that take it', async () => {
    const copy = join(work, 'no-vkey');
    cpSync(join(world.dir, world.files.ledger), copy, { recursive: true });
    rmSync(join(copy, 'vkey'));
    const status = await jsonError(['ledger', 'status', copy]);
    expect(status.code).toBe('VKEY_MISSING');
    expect(status.hint).not.toContain('--vkey');
    // the issuer's home has no pin for it, so audit would read the copy's own key
    const audit = await jsonError(['--home', world.homes.issuer, 'ledger', 'audit', copy]);
    expect(audit.code).toBe('VKEY_MISSING');
    expect(audit.hint).toContain('--vkey');
  });

  it('a ledger read without --vkey or pin: a warning with its prefix, and in --json warnings', async () => {
    for (const command of ['entries', 'audit']) {
      const args = ['--home', world.homes.issuer, 'ledger', command, world.files.ledger];
      const r = await run(args);
      expect(r.code, r.stderr).toBe(0);
      expect(unwrapped(r.stderr)).toMatch(/^radcred: warning: no --vkey and no pin: trusting the ledger's own vkey/m);
      expect((await run(['--json', ...args])).json().warnings).toEqual([expect.stringContaining('no --vkey')]);
    }
  });
});

describe('a request or record file that holds no JWT', () => {
  const V = () => ['--home', world.homes.verifier];

  it('verify --request, present --request, request show: the file is named, and what a request file holds', async () => {
    const commands = [
      [...V(), 'verify', world.files.vp, '--request', 'j.json', '--ledger', world.files.copy],
      [...V(), 'request', 'show', 'page.html'],
      ['--home', world.homes.holder, 'present', '--holder', 'priya', '--request', 'j.json', '--all', '--out', 'x.jwt'],
    ];
    for (const args of commands) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(3);
      const error = await jsonError(args);
      expect(error.code).toBe('JWS_MALFORMED');
      expect(error.message).toMatch(/^(j\.json|page\.html): not a compact JWS/);
      expect(error.hint).toContain("a request file holds the office's request");
    }
  });

  it('a JWT that is no request (a credential) is named too', async () => {
    const error = await jsonError([...V(), 'request', 'show', world.files.license]);
    expect(error).toMatchObject({ code: 'REQUEST_INVALID', message: expect.stringMatching(/^license\.jwt: /) });
  });

  it('record show and record check name the file', async () => {
    for (const command of ['show', 'check']) {
      const error = await jsonError([...V(), 'record', command, 'page.html']);
      expect(error.code).toBe('RECORD_MALFORMED');
      expect(error.message).toMatch(/^page\.html: not a verification record/);
    }
  });

  it('--report DIR: the hint names a report file (.html or .json), not a JWT', async () => {
    mkdirSync(join(world.dir, 'reports'), { recursive: true });
    const args = [...V(), 'verify', world.files.vp, '--request', world.files.request, '--ledger', world.files.copy];
    const error = await jsonError([...args, '--report', 'reports']);
    expect(error.code).toBe('OUT_IS_DIRECTORY');
    expect(error.hint).toContain(join('reports', 'report.html'));
    expect(error.hint).not.toContain('.jwt');
  });
});

describe('keystores and passphrase files', () => {
  it('a keystore whose did was edited is KEYSTORE_INVALID (it does not match its own key), not a wrong passphrase', async () => {
    const w = copyWorld(world, join(work, 'edited-did'));
    const file = join(w.dir, w.homes.holder, 'identities', 'priya.json');
    const ks = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...ks, did: w.dids.northbay }), { mode: 0o600 });
    const args = ['--home', w.homes.holder, '--json', 'present', '--holder', 'priya'];
    const r = await radcred(['--now', NOW, ...args, '--request', w.files.request, '--all', '--out', 'again.jwt'], {
      cwd: w.dir,
    });
    expect(r.code).toBe(3);
    expect(r.json().error.code).toBe('KEYSTORE_INVALID');
    expect(r.json().error.message).toContain(`its did was changed (the key is ${w.dids.priya})`);
  });

  it('--passphrase-file NAME=FILE for a NAME that is no identity here: a warning with did you mean', async () => {
    writeFileSync(join(world.dir, 'tmb.pass'), `${PASSPHRASE}\n`);
    const args = ['--home', world.homes.issuer, '--passphrase-file', 'tbm=tmb.pass', 'id', 'export', 'tmb'];
    const r = await run([...args, '--out', 'tmb.jwk', '--yes', '--json'], { RADCRED_PASSPHRASE: PASSPHRASE });
    expect(r.code, r.stderr).toBe(0);
    expect(unwrapped(r.stderr)).toContain(
      'radcred: warning: --passphrase-file tbm=...: no identity tbm in this home; did you mean tmb?',
    );
    // a NAME the command creates is not questioned
    const created = await run(
      ['--home', world.homes.issuer, '--passphrase-file', 'newcomer=tmb.pass'].concat(['id', 'create', 'newcomer']),
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).not.toContain('warning');
  });
});

describe('dates radcred would sign after 5138-11-16 (the last second did-jwt-vc reads)', () => {
  it('issue, present, request create and verify --record: VALIDITY_INVALID (exit 2), nothing written', async () => {
    const { homes, files, dids } = world;
    // a degree never lapses, so it can still be presented at so late a clock
    const degree = [
      ...['--home', homes.issuer, 'issue', 'MedicalDegreeCredential', '--issuer', 'tmb', '--subject', dids.priya!],
      ...['--data', fixture('subjects', 'MedicalDegreeCredential.json'), '--out', 'degree.jwt'],
    ];
    expect((await run(degree)).code).toBe(0);
    expect((await run(['--home', homes.holder, 'wallet', 'add', 'degree.jwt'])).code).toBe(0);
    const cases: string[][] = [
      [
        ...['--home', homes.issuer, '--now', NOW, 'issue', 'MedicalLicenseCredential', '--issuer', 'tmb'],
        ...['--subject', dids.priya!, '--data', files.data, '--valid-until', '9999-12-31', '--out', 'late.jwt'],
      ],
      [
        ...['--home', homes.holder, '--now', '5100-01-01', 'present', '--holder', 'priya'],
        ...['--audience', dids.northbay!, '--challenge', 'c'.repeat(16), '--select', 'degree.jwt'],
        ...['--valid-for', '100y'],
        ...['--out', 'late.jwt'],
      ],
      [
        ...['--home', homes.verifier, '--now', '9999-12-01', 'request', 'create', '--verifier', 'northbay'],
        ...['--require', 'MedicalLicenseCredential', '--out', 'late.jwt'],
      ],
      [
        ...['--home', homes.verifier, '--now', '5200-01-01', 'verify', files.vp, '--request', files.request],
        ...['--ledger', files.copy, '--record', 'late.jwt', '--signer', 'northbay'],
      ],
    ];
    for (const args of cases) {
      const r = await radcred(['--json', ...args], { cwd: world.dir });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.json().error).toMatchObject({
        code: 'VALIDITY_INVALID',
        message: expect.stringContaining('after 5138-11-16T09:46:39Z, the last second did-jwt-vc reads'),
      });
      expect(existsSync(join(world.dir, 'late.jwt'))).toBe(false);
    }
  });
});
