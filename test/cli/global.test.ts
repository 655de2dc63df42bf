// Global options, help, version, usage errors, and the shape of output (one JSON document, no colour off a terminal).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  fixture,
  importDemoIdentities,
  NOW,
  radcred,
  radcredOnTerminal,
  radcredProcess,
  ROOT,
  tempDir,
} from '../helpers.js';
import { run } from '../../src/cli/main.js';
import { decodeJwt } from '../verify/tokens.js';

const COMMANDS = ['id', 'types', 'issue', 'wallet', 'present', 'disclosures', 'verify', 'trust', 'demo'];
let dir: string;
let home: string;
let dids: Record<string, string>;

beforeAll(async () => {
  dir = tempDir('radcred-global-');
  home = join(dir, 'home');
  dids = await importDemoIdentities(home, ['lakeshore', 'priya']);
});
afterAll(() => cleanup(dir));

describe('help and version (the real executable)', () => {
  it('--version and -V print the package version, exit 0', async () => {
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    for (const flag of ['--version', '-V']) {
      const r = await radcredProcess([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
  });

  it('with --json, the version and the help are JSON documents too', async () => {
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    for (const args of [
      ['--json', '--version'],
      ['-V', '--json'],
      ['id', 'list', '--version', '--json'],
    ]) {
      const r = await radcredProcess(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.json()).toEqual({ version });
    }
    for (const [args, usage] of [
      [['--json', '--help'], 'Usage: radcred [options] [command]'],
      [['--json', 'help'], 'Usage: radcred [options] [command]'],
      [['help', 'wallet', '--json'], 'Usage: radcred wallet'],
      [['verify', '--help', '--json'], 'Usage: radcred verify'],
    ] as const) {
      const r = await radcredProcess([...args]);
      expect(r.code, args.join(' ')).toBe(0);
      expect(Object.keys(r.json())).toEqual(['help']);
      expect(r.json().help.startsWith(usage)).toBe(true);
      expect(r.stderr).toBe('');
    }
  });

  it("--help lists every command, exit 0; a command's --help lists its options", async () => {
    const r = await radcredProcess(['--help']);
    expect(r.code).toBe(0);
    for (const command of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    const verify = await radcredProcess(['verify', '--help']);
    expect(verify.code).toBe(0);
    for (const option of [
      '--audience',
      '--challenge',
      '--any-audience',
      '--trust',
      '--any-issuer',
      '--no-ledger',
      '--report',
    ])
      expect(verify.stdout).toContain(option);
  });

  it('errors keep their exit status through the real process, with no stack trace', async () => {
    const r = await radcredProcess(['--home', home, 'id', 'show', 'nobody']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^radcred: error: /m);
    expect(r.stderr).not.toMatch(/^ {4}at /m);
    expect(r.stdout).toBe('');
    const usage = await radcredProcess(['--home', home, 'id', 'list', '--frobnicate']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^radcred: error: /m);
  });
});

describe('usage errors (exit 2)', () => {
  it.each([
    ['an unknown option', ['--frobnicate', 'id', 'list']],
    ['an unknown option after the subcommand', ['id', 'list', '--frobnicate']],
    ['an unknown command', ['frobnicate']],
    ['an unknown subcommand', ['wallet', 'frobnicate']],
    ['no command at all', []],
    ['a missing argument', ['id', 'show']],
    ['a missing required option', ['issue', 'MedicalDegreeCredential', '--issuer', 'lakeshore']],
    ['a --now that is not a time', ['--now', 'yesterday', 'wallet', 'list']],
  ])('%s', async (_name, args) => {
    const r = await radcred(['--home', home, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.length).toBeGreaterThan(0);
    expect(r.stderr).not.toMatch(/^ {4}at /m);
  });

  it('with --json, a usage error is one JSON document on stdout', async () => {
    const r = await radcred(['--home', home, '--json', 'id', 'list', '--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.json().error).toMatchObject({
      code: 'UNKNOWN_OPTION',
      hint: expect.stringContaining('radcred id list --help'),
    });
    const now = await radcred(['--home', home, '--json', '--now', 'yesterday', 'wallet', 'list']);
    expect(now.code).toBe(2);
    expect(now.json().error.code).toBe('TIME_INVALID');
  });
});

describe('global options', () => {
  it('work placed after the subcommand as before it', async () => {
    const before = await radcred(['--home', home, '--json', 'id', 'list']);
    const after = await radcred(['id', 'list', '--home', home, '--json']);
    expect(after.code).toBe(0);
    expect(after.json()).toEqual(before.json());
    expect(after.json().identities.map((i: { name: string }) => i.name)).toEqual(['lakeshore', 'priya']);
    const issued = await radcred([
      'issue',
      'MedicalDegreeCredential',
      '--issuer',
      'lakeshore',
      '--subject',
      dids.priya!,
      '--data',
      fixture('subjects', 'MedicalDegreeCredential.json'),
      '--home',
      home,
      '--now',
      '1700000000',
      '--json',
      '--no-input',
    ]);
    expect(issued.code).toBe(0);
    expect(decodeJwt(issued.json().jwt).payload.iat).toBe(1700000000);
  });

  it('--home defaults to $RADCRED_HOME', async () => {
    const r = await radcred(['--json', 'id', 'list'], { env: { RADCRED_HOME: home } });
    expect(r.json().identities.map((i: { name: string }) => i.name)).toEqual(['lakeshore', 'priya']);
    const elsewhere = await radcred(['--json', 'id', 'list'], { env: { RADCRED_HOME: join(dir, 'other') } });
    expect(elsewhere.json().identities).toEqual([]);
    // --home wins over the environment
    const both = await radcred(['--home', home, '--json', 'id', 'list'], { env: { RADCRED_HOME: join(dir, 'other') } });
    expect(both.json().identities).toHaveLength(2);
  });

  it('--now takes ISO 8601 or unix seconds', async () => {
    const iso = await radcred([
      '--home',
      home,
      '--now',
      NOW,
      '--json',
      'issue',
      'MedicalDegreeCredential',
      '--issuer',
      'lakeshore',
      '--subject',
      dids.priya!,
      '--data',
      fixture('subjects', 'MedicalDegreeCredential.json'),
    ]);
    expect(decodeJwt(iso.json().jwt).payload.iat).toBe(Date.parse(NOW) / 1000);
  });

  it('--json output is exactly one JSON document, for results and for errors', async () => {
    for (const args of [
      ['id', 'list'],
      ['id', 'show', 'priya'],
      ['types'],
      ['id', 'show', 'nobody'],
      ['wallet', 'show', 'deadbeefdead'],
    ]) {
      const r = await radcred(['--home', home, '--json', ...args]);
      expect(() => JSON.parse(r.stdout)).not.toThrow();
      expect(r.stdout.trim().startsWith('{')).toBe(true);
    }
  });

  it('no colour off a terminal, nor with NO_COLOR on one', async () => {
    const plain = await radcred(['--home', home, 'id', 'show', 'nobody']);
    expect(plain.stderr + plain.stdout).not.toMatch(/\u001b\[/);
    // on a (pretend) terminal: colour, unless NO_COLOR is set
    const onTerminal = async (env: Record<string, string>) => {
      let out = '';
      const write = (t: string) => (out += t);
      const code = await run(['--home', home, 'id', 'show', 'nobody'], {
        stdout: { write, isTTY: true },
        stderr: { write, isTTY: true },
        stdinIsTTY: false,
        env,
        cwd: dir,
      });
      expect(code).toBe(3);
      return out;
    };
    expect(await onTerminal({})).toMatch(/\u001b\[/);
    expect(await onTerminal({ NO_COLOR: '1' })).not.toMatch(/\u001b\[/);
  });
});

describe('--json and colour', () => {
  const SGR = /\u001b\[[0-9;]*m/;

  it('on a terminal, warnings and errors are in colour, but never with --json', async () => {
    const home = tempDir();
    const env = { NO_COLOR: undefined };
    const warned = await radcredOnTerminal(['--home', home, 'wallet', 'list', '--type', 'MedicalLicence'], { env });
    expect(warned.stderr).toMatch(SGR); // the check can see colour
    const quiet = await radcredOnTerminal(['--home', home, '--json', 'wallet', 'list', '--type', 'MedicalLicence'], {
      env,
    });
    expect(quiet.stderr).toContain('radcred: warning:');
    expect(quiet.stderr).not.toMatch(SGR);
    const failed = await radcredOnTerminal(['--home', home, '--json', 'wallet', 'show', 'nothing-here'], { env });
    expect(failed.code).toBe(3);
    expect(failed.stderr).toContain('radcred: error:');
    expect(failed.stderr).not.toMatch(SGR);
    cleanup(home);
  });
});
