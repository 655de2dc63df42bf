// verify --record / --report FILE.html and record show, through the real binary: the usage rules
// (exit 2, each with its code and a hint, nothing written), the signer unlocked before anything is
// verified, the page and the record written together, and `record show` for a person.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, radcredProcess, tempDir } from '../helpers.js';
import { buildWorld, changes, copyWorld, snapshot, type World } from './world.js';

let root: string;
let world: World;
let n = 0;
const NOW = '2026-11-27T19:00:00Z';
beforeAll(async () => {
  root = tempDir('radcred-record-cli-');
  world = await buildWorld(join(root, 'world'));
}, 120_000);
afterAll(() => cleanup(root));

const fresh = () => copyWorld(world, join(root, `case-${++n}`));
const run = (w: World, args: string[], env: Record<string, string> = {}) =>
  radcredProcess(['--home', w.homes.verifier, '--now', NOW, ...args], { cwd: w.dir, env });
const verifyArgs = (w: World) => ['verify', w.files.vp, '--request', w.files.request, '--ledger', w.files.copy];

async function refused(args: string[], exit: number, code: string, env: Record<string, string> = {}): Promise<void> {
  const w = fresh();
  const before = snapshot(w.dir);
  const r = await run(w, ['--json', ...args(w)], env);
  expect(r.code, r.stderr).toBe(exit);
  expect(JSON.parse(r.stdout).error.code).toBe(code);
  expect(r.stderr).toMatch(/^hint: /m);
  expect(changes(before, snapshot(w.dir))).toEqual([]);
}

describe('verify --record: the usage rules, checked before anything is verified', () => {
  it('--record without --signer: RECORD_SIGNER_REQUIRED (exit 2)', () =>
    refused((w) => [...verifyArgs(w), '--record', 'r.jwt'], 2, 'RECORD_SIGNER_REQUIRED'));
  it('--record with two files: RECORD_ONE_FILE (exit 2)', () =>
    refused(
      (w) => [...verifyArgs(w), w.files.license, '--record', 'r.jwt', '--signer', 'northbay'],
      2,
      'RECORD_ONE_FILE',
    ));
  it('--reviewer or --attach without a record or a page: RECORD_OPTION_ALONE (exit 2)', async () => {
    await refused((w) => [...verifyArgs(w), '--reviewer', 'Dana'], 2, 'RECORD_OPTION_ALONE');
    await refused(
      (w) => [...verifyArgs(w), '--attach', 'npdb=clear', '--report', 'report.json'],
      2,
      'RECORD_OPTION_ALONE',
    );
  });
  it('--attach that is not KIND=TEXT, or a reviewer with a line break: OPTION_INVALID (exit 2)', async () => {
    await refused(
      (w) => [...verifyArgs(w), '--record', 'r.jwt', '--signer', 'northbay', '--attach', 'NPDB clear'],
      2,
      'OPTION_INVALID',
    );
    await refused(
      (w) => [...verifyArgs(w), '--record', 'r.jwt', '--signer', 'northbay', '--reviewer', 'Dana\nFAKE: VERIFIED'],
      2,
      'OPTION_INVALID',
    );
  });
  it('--record over the presentation, or the same file as --report: OUT_SAME_FILE', async () => {
    await refused(
      (w) => [...verifyArgs(w), '--record', w.files.vp, '--signer', 'northbay', '--force'],
      2,
      'OUT_SAME_FILE',
    );
    await refused(
      (w) => [...verifyArgs(w), '--record', 'same.html', '--report', 'same.html', '--signer', 'northbay'],
      2,
      'OUT_SAME_FILE',
    );
  });
  it('--force never replaces what radcred reads: the request, the trust list, the record shown', async () => {
    await refused(
      (w) => [...verifyArgs(w), '--record', w.files.request, '--signer', 'northbay', '--force'],
      2,
      'OUT_SAME_FILE',
    );
    await refused(
      (w) => [...verifyArgs(w), '--record', w.files.trust, '--signer', 'northbay', '--force'],
      2,
      'OUT_SAME_FILE',
    );
    await refused(
      (w) => [...verifyArgs(w), '--report', `${w.homes.verifier}/pins/x.html`, '--force'],
      2,
      'OUT_SAME_FILE',
    );
    await refused((w) => ['record', 'show', w.files.record, '--html', w.files.record, '--force'], 2, 'OUT_SAME_FILE');
  });
  it('an existing --record file without --force: refused; a directory: OUT_IS_DIRECTORY', async () => {
    await refused((w) => [...verifyArgs(w), '--record', w.files.license, '--signer', 'northbay'], 2, 'OUT_EXISTS');
    await refused((w) => [...verifyArgs(w), '--record', w.files.ledger, '--signer', 'northbay'], 2, 'OUT_IS_DIRECTORY');
  });
  it('a wrong passphrase for the signer: exit 3 before anything is verified or written', () =>
    refused((w) => [...verifyArgs(w), '--record', 'r.jwt', '--signer', 'northbay'], 3, 'KEYSTORE_PASSPHRASE', {
      RADCRED_PASSPHRASE: 'not it',
    }));
  it('an unknown signer: IDENTITY_NOT_FOUND (exit 3)', () =>
    refused((w) => [...verifyArgs(w), '--record', 'r.jwt', '--signer', 'nobody'], 3, 'IDENTITY_NOT_FOUND'));
});

describe('the record and the page', () => {
  it('written together; record show --html gives the same page; the JSON names the record', async () => {
    const w = fresh();
    const r = await run(w, [
      '--json',
      ...verifyArgs(w),
      '--record',
      'r.jwt',
      '--signer',
      'northbay',
      '--reviewer',
      'Dana K. Whitfield',
      '--attach',
      'npdb=no reports',
      '--report',
      'r.html',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.record).toMatchObject({
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      jti: expect.stringMatching(/^urn:uuid:/),
    });
    const page = readFileSync(join(w.dir, 'r.html'), 'utf8');
    expect(page).toMatch(/^<!DOCTYPE html>/i);
    expect(page).not.toContain('Verification report — unsigned');
    expect(page).toContain('Dana K. Whitfield');
    expect(page).toContain(out.record.digest);
    const shown = await run(w, ['record', 'show', 'r.jwt', '--html', 'shown.html']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(readFileSync(join(w.dir, 'shown.html'), 'utf8')).toBe(page);
  });

  it('--report FILE.html without a record: the page, the office named by the request', async () => {
    const w = fresh();
    const r = await run(w, [...verifyArgs(w), '--report', 'page.html']);
    expect(r.code, r.stderr).toBe(0);
    const page = readFileSync(join(w.dir, 'page.html'), 'utf8');
    expect(page).toContain('Northbay');
    // it must not pass for the signed record
    expect(page).toContain('Verification report — unsigned');
    expect(page).toMatch(/<title>Unsigned verification report: /);
    expect(existsSync(join(w.dir, 'page.json'))).toBe(false);
  });

  it('a file that is not a JWT: exit 3, a warning, no record and no page (a JSON report still says why)', async () => {
    const w = fresh();
    writeFileSync(join(w.dir, 'junk.jwt'), 'not a jwt\n');
    const r = await run(w, [
      'verify',
      'junk.jwt',
      '--any-audience',
      '--no-ledger',
      '--record',
      'r.jwt',
      '--signer',
      'northbay',
      '--report',
      'r.html',
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/warning: no record or page was written/);
    expect(existsSync(join(w.dir, 'r.jwt')) || existsSync(join(w.dir, 'r.html'))).toBe(false);
    const json = await run(w, ['verify', 'junk.jwt', '--any-audience', '--no-ledger', '--report', 'r.json']);
    expect(json.code).toBe(3);
    expect(JSON.parse(readFileSync(join(w.dir, 'r.json'), 'utf8')).results[0].malformed).toBe(true);
  });

  it('--report FILE.json is still the JSON report', async () => {
    const w = fresh();
    const r = await run(w, [...verifyArgs(w), '--report', 'report.json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(w.dir, 'report.json'), 'utf8')).verified).toBe(true);
  });

  it('record show prints who, when, whom and each item, within 100 columns', async () => {
    const r = await run(world, ['record', 'show', world.files.record], { NO_COLOR: '1' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Verification record: Northbay/);
    expect(r.stdout).toMatch(/practitioner +Priya N\. Halvorsen, NPI 1234567893/);
    expect(r.stdout).toMatch(/ok +Medical license +US-TX Q4821, active, until 2027-08-31 · Texas Medical Board/);
    expect(r.stdout).toMatch(/signature +valid/);
    for (const line of r.stdout.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(100);
  });

  it('record show of an altered record: exit 1, the signature named INVALID, no page written', async () => {
    const w = fresh();
    const text = readFileSync(join(w.dir, w.files.record), 'utf8').trim();
    const [h, p, sig] = text.split('.') as [string, string, string];
    writeFileSync(join(w.dir, 'altered.jwt'), `${h}.${p}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}\n`);
    const r = await run(w, ['record', 'show', 'altered.jwt', '--html', 'altered.html'], { NO_COLOR: '1' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/signature +INVALID/);
    expect(r.stderr).toMatch(/^hint: .*no page was written/m);
    expect(existsSync(join(w.dir, 'altered.html'))).toBe(false);
  });
});

describe("verify's console output", () => {
  it('names the office and the practitioner, a line per credential, and stays within 100 columns', async () => {
    const r = await run(world, [...verifyArgs(world)], { NO_COLOR: '1' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^Northbay .* verifies Priya N\. Halvorsen \(NPI 1234567893\)/);
    expect(r.stdout).toMatch(
      /^ {2}credentials\n {4}ok {4}Medical license +US-TX Q4821, active, until 2027-08-31 · Texas Medical Board$/m,
    );
    expect(r.stdout).toContain('1 credential(s) passed all their own checks (--verbose shows each)');
    for (const line of r.stdout.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(100);
    const verbose = await run(world, [...verifyArgs(world), '--verbose'], { NO_COLOR: '1' });
    expect(verbose.stdout).toMatch(/pass {2}anchor {5}issue entry 0 in ledger\.tmb\.example\/credentials/);
  });
});
