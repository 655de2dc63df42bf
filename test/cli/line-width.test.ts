// Human output stays within 100 columns when piped (and on a terminal of 100): the README's "By hand"
// flow, the other commands a user runs on such homes, and the demo, each run in-process, every line
// of stdout and stderr checked. A line may be wider only when it is one token (a JWT, a DID, a path)
// that no wrap could shorten.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fixture, NOW, radcred, tempDir } from '../helpers.js';
import { buildWorld, type World } from './world.js';

const WIDTH = 100;

/** The lines of a run's output wider than the width that are not a single token. */
const tooWide = (text: string, width = WIDTH): string[] =>
  text.split('\n').filter((line) => line.length > width && /\S\s+\S/.test(line.trim()));

let work: string;
let world: World;
beforeAll(async () => {
  work = tempDir('radcred-width-');
  mkdirSync(join(work, 'world'));
  world = await buildWorld(join(work, 'world'));
}, 120_000);
afterAll(() => cleanup(work));

/** Runs each command line in `cwd`, expecting its exit status, and gathers the lines too wide. */
async function wideLines(cwd: string, lines: [args: string[], exit?: number][]): Promise<string[]> {
  const found: string[] = [];
  for (const [args, exit = 0] of lines) {
    const r = await radcred(['--now', NOW, ...args], { cwd });
    expect(r.code, `radcred ${args.join(' ')}: ${r.stderr}`).toBe(exit);
    for (const line of tooWide(r.stdout + r.stderr)) found.push(`radcred ${args.join(' ')}\n  ${line}`);
  }
  return found;
}

describe('every line within 100 columns', () => {
  it("the README's By hand flow, with and without a ledger", async () => {
    const dir = join(work, 'by-hand');
    mkdirSync(dir);
    const [T, P, N] = [
      ['--home', 'tmb'],
      ['--home', 'priya'],
      ['--home', 'northbay'],
    ];
    const data = fixture('subjects', 'MedicalLicenseCredential.json');
    const found = await wideLines(dir, [
      [[...T, 'id', 'create', 'tmb', '--key-type', 'p256', '--label', 'Texas Medical Board']],
      [[...P, 'id', 'create', 'priya']],
      [[...N, 'id', 'create', 'northbay']],
    ]);
    const didOf = async (home: string[], name: string) =>
      (await radcred([...home, '--json', 'id', 'show', name], { cwd: dir })).json().did as string;
    const [priya, tmb, northbay] = [await didOf(P, 'priya'), await didOf(T, 'tmb'), await didOf(N, 'northbay')];
    const audience = ['--audience', northbay];
    found.push(
      ...(await wideLines(dir, [
        [[...T, 'issue', 'MedicalLicenseCredential', '--issuer', 'tmb', '--subject', priya, '--data', data]],
        [
          [
            ...T,
            'issue',
            'MedicalLicenseCredential',
            '--issuer',
            'tmb',
            '--subject',
            priya,
            '--data',
            data,
            '--out',
            'license.jwt',
          ],
        ],
        [[...P, 'wallet', 'add', 'license.jwt']],
        [[...N, 'trust', 'add', tmb, '--name', 'Texas Medical Board', '--types', 'MedicalLicenseCredential']],
        [[...P, 'present', '--holder', 'priya', ...audience, '--challenge', '7f3a9c', '--all', '--out', 'vp.jwt']],
        [[...N, 'verify', 'vp.jwt', ...audience, '--challenge', '7f3a9c', '--no-ledger']],
        [[...T, 'id', 'create', 'tmb-ledger']],
        [[...T, 'ledger', 'init', 'ledger', '--origin', 'ledger.tmb.example/credentials', '--operator', 'tmb-ledger']],
        [
          [
            ...T,
            'issue',
            'MedicalLicenseCredential',
            '--issuer',
            'tmb',
            '--subject',
            priya,
            '--data',
            data,
            '--out',
            'logged-license.jwt',
            '--ledger',
            'ledger',
          ],
        ],
        [[...P, 'wallet', 'add', 'logged-license.jwt']],
        [
          [
            ...P,
            'present',
            '--holder',
            'priya',
            ...audience,
            '--challenge',
            '9b1d4e',
            '--select',
            'logged-license.jwt',
            '--out',
            'logged-vp.jwt',
          ],
        ],
        [[...N, 'ledger', 'pull', 'ledger', 'northbay-copy', '--vkey', 'ledger/vkey']],
        [[...N, 'verify', 'logged-vp.jwt', ...audience, '--challenge', '9b1d4e', '--ledger', 'northbay-copy']],
        [[...T, 'suspend', 'logged-license.jwt', '--issuer', 'tmb', '--ledger', 'ledger', '--reason', 'Board order']],
        [[...N, 'ledger', 'pull', 'ledger', 'northbay-copy']],
        [[...N, 'verify', 'logged-vp.jwt', ...audience, '--challenge', '9b1d4e', '--ledger', 'northbay-copy'], 1],
        [[...T, 'id', 'list']],
        [[...T, 'id', 'show', 'tmb']],
        [[...T, 'issued', 'list']],
        [[...P, 'wallet', 'list']],
        [[...P, 'wallet', 'list', '--type', 'MedicalLicenseCredentialX']],
        [[...P, 'wallet', 'show', 'license.jwt']],
        [[...P, 'disclosures']],
        [[...N, 'trust', 'list']],
        [[...N, 'ledger', 'status', 'northbay-copy']],
        [[...N, 'ledger', 'entries', 'northbay-copy']],
        [[...N, 'ledger', 'audit', 'northbay-copy']],
      ])),
    );
    expect(found).toEqual([]);
  }, 120_000);

  it('the other commands, on a world of issuer, holder and verifier', async () => {
    const { homes, files } = world;
    const [I, H, V] = [
      ['--home', homes.issuer],
      ['--home', homes.holder],
      ['--home', homes.verifier],
    ];
    const deep = join('a-rather-long-directory-name-for-exports', 'and-another-one-below-it', 'registry.jwk');
    mkdirSync(join(world.dir, dirname(deep)), { recursive: true });
    const [header, row] = readFileSync(join(world.dir, files.roster), 'utf8').trim().split('\n');
    writeFileSync(join(world.dir, 'bad-row.csv'), `${header}\n${row}\n${row!.replace(/^[^,]+/, 'not-a-did')}\n`);
    const found = await wideLines(world.dir, [
      [[...I, 'id', 'export', 'tmb', '--out', deep, '--yes']],
      [[...I, 'id', 'show', 'registry']],
      [['types']],
      [['types', 'show', 'ProfessionalLiabilityCoverageCredential']],
      [[...I, 'ledger', 'prove', files.ledger, files.license, '--out', 'again.proof']],
      [[...I, 'ledger', 'check-proof', files.proof, '--entry', files.entry, '--vkey', files.vkey]],
      [[...V, 'request', 'show', files.request]],
      [[...V, 'request', 'create', '--verifier', 'northbay', '--cme', 'abr', '--cme', 'tx', '--out', 'r2.jwt']],
      [[...V, 'verify', files.vp, '--request', files.request, '--ledger', files.copy, '--report', 'report.html']],
      [[...V, 'record', 'show', files.record]],
      [[...V, 'record', 'check', files.record, '--ledger', files.copy]],
      [[...V, 'ledger', 'entries', files.copy, '--issuer', world.dids.tmb!]],
      [[...H, 'present', '--holder', 'priya', '--request', files.request, '--all', '--out', 'vp2.jwt']],
      [[...I, 'issue', 'MedicalLicenseCredential', '--issuer', 'tmb', '--batch', 'bad-row.csv', '--out-dir', 'x'], 1],
    ]);
    expect(found).toEqual([]);
  }, 120_000);

  it('the lists and summaries on a terminal of 60 and 80 columns stay within it', async () => {
    const { homes, files } = world;
    const [I, H, V] = [
      ['--home', homes.issuer],
      ['--home', homes.holder],
      ['--home', homes.verifier],
    ];
    const commands = [
      [...I, 'issued', 'list'],
      [...I, 'id', 'list'],
      [...I, 'id', 'show', 'tmb'],
      [...H, 'wallet', 'list'],
      [...H, 'wallet', 'list', '--type', 'MedicalLicenseCredentialX'],
      [...H, 'disclosures'],
      [...V, 'trust', 'list'],
      [...V, 'request', 'show', files.request],
      [...V, 'verify', files.vp, '--request', files.request, '--ledger', files.copy],
      [...V, 'ledger', 'entries', files.copy],
      ['types'],
    ];
    for (const columns of [60, 80]) {
      for (const args of commands) {
        const r = await radcred(['--now', NOW, ...args], { cwd: world.dir, columns });
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
        expect(tooWide(r.stdout + r.stderr, columns), `${columns} columns: radcred ${args.join(' ')}`).toEqual([]);
      }
    }
  });

  it('the demo (each command given 96 columns, indented by four)', async () => {
    const r = await radcred(['demo', '--dir', join(work, 'demo')]);
    expect(r.code, r.stderr).toBe(0);
    expect(tooWide(r.stdout + r.stderr)).toEqual([]);
  }, 120_000);
});
