// id export NAME --out FILE [--yes]: the private key as a JWK in a new 0600 file (never stdout,
// never an overwrite), only after an explicit confirmation, and only with the passphrase.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, DEMO_IDENTITIES, importDemoIdentities, radcred, radcredOnTerminal, tempDir } from '../helpers.js';

const prompts = vi.hoisted(() => ({ promptConfirm: vi.fn(), promptPassword: vi.fn(), promptMultiSelect: vi.fn() }));
vi.mock('../../src/cli/prompts.js', () => prompts);

let dir: string;
let home: string;
let dids: Record<string, string>;
const NAMES = ['lakeshore', 'tmb', 'rsna']; // ed25519, p256, secp256k1
let n = 0;
const outFile = () => join(dir, `export-${n++}.jwk`);

beforeAll(async () => {
  dir = tempDir('radcred-export-');
  home = join(dir, 'home');
  dids = await importDemoIdentities(home, NAMES);
});
afterAll(() => cleanup(dir));
beforeEach(() => {
  prompts.promptConfirm.mockReset();
});

const exportCli = (args: string[], env?: Record<string, string | undefined>) =>
  radcred(['--home', home, '--json', 'id', 'export', ...args], env ? { env } : {});

/** A run on a terminal (stdin and stderr TTYs), with the prompts mocked. */
const onTerminal = (args: string[]) => radcredOnTerminal(['--home', home, ...args], { cwd: dir });

const filesIn = (d: string) => readdirSync(d).sort();

describe('id export: round trip', () => {
  it.each(NAMES.map((name) => [name, DEMO_IDENTITIES.find((i) => i.name === name)!.keyType]))(
    '%s (%s): export --yes, then id import --jwk in another home gives the same DID',
    async (name, keyType) => {
      const out = outFile();
      const r = await exportCli([name, '--out', out, '--yes']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.json()).toEqual({ name, did: dids[name], out });
      expect(statSync(out).mode & 0o777).toBe(0o600);
      const jwk = JSON.parse(readFileSync(out, 'utf8'));
      expect(jwk.kty).toBe(keyType === 'ed25519' ? 'OKP' : 'EC');
      expect(Buffer.from(jwk.d, 'base64url').toString('hex')).toBe(DEMO_IDENTITIES.find((i) => i.name === name)!.seed);
      const imported = await radcred([
        '--home',
        join(dir, `other-${name}`),
        '--json',
        'id',
        'import',
        name,
        '--jwk',
        out,
      ]);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.json()).toMatchObject({ did: dids[name], keyType });
    },
  );

  it('the private key appears only in the file: not on stdout or stderr, in JSON or for humans', async () => {
    const jsonOut = outFile();
    const humanOut = outFile();
    const json = await exportCli(['lakeshore', '--out', jsonOut, '--yes']);
    const human = await radcred(['--home', home, 'id', 'export', 'lakeshore', '--out', humanOut, '--yes']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(humanOut);
    const d = JSON.parse(readFileSync(jsonOut, 'utf8')).d as string;
    const seed = DEMO_IDENTITIES.find((i) => i.name === 'lakeshore')!.seed;
    for (const text of [json.stdout, json.stderr, human.stdout, human.stderr]) {
      expect(text).not.toContain(d);
      expect(text).not.toContain(seed);
      expect(text).not.toMatch(/"d"\s*:/);
    }
  });
});

describe('id export: refusals', () => {
  it('without --yes and without a terminal: exit 2, CONFIRMATION_REQUIRED with a hint naming --yes, nothing written', async () => {
    for (const flags of [[], ['--no-input']]) {
      const out = outFile();
      const r = await radcred(['--home', home, '--json', ...flags, 'id', 'export', 'tmb', '--out', out]);
      expect(r.code).toBe(2);
      expect(r.json().error.code).toBe('CONFIRMATION_REQUIRED');
      expect(r.json().error.hint).toContain('--yes');
      expect(existsSync(out)).toBe(false);
    }
  });

  it('--no-input on a terminal still needs --yes (no prompt)', async () => {
    const out = outFile();
    const r = await onTerminal(['--no-input', 'id', 'export', 'tmb', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--yes');
    expect(prompts.promptConfirm).not.toHaveBeenCalled();
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an existing file (exit 2, OUT_EXISTS) before any passphrase, and leaves it as it was', async () => {
    const out = outFile();
    writeFileSync(out, 'not yours\n');
    const r = await exportCli(['tmb', '--out', out, '--yes'], { RADCRED_PASSPHRASE: undefined });
    expect(r.code).toBe(2);
    expect(r.json().error.code).toBe('OUT_EXISTS');
    expect(readFileSync(out, 'utf8')).toBe('not yours\n');
  });

  it('never writes to stdout: --out - is a usage error', async () => {
    const r = await exportCli(['tmb', '--out', '-', '--yes']);
    expect(r.code).toBe(2);
    expect(r.json().error.code).toBe('OUT_STDOUT');
    expect(r.stdout).not.toMatch(/"d"\s*:/);
  });

  it('--out is required (exit 2)', async () => {
    expect((await exportCli(['tmb', '--yes'])).code).toBe(2);
  });

  it('a wrong passphrase: exit 3, KEYSTORE_PASSPHRASE, nothing written (no temp file either)', async () => {
    const before = filesIn(dir);
    const out = outFile();
    const r = await exportCli(['rsna', '--out', out, '--yes'], { RADCRED_PASSPHRASE: 'not the passphrase' });
    expect(r.code).toBe(3);
    expect(r.json().error.code).toBe('KEYSTORE_PASSPHRASE');
    expect(filesIn(dir)).toEqual(before);
  });

  it('no passphrase without a terminal: exit 2, PASSPHRASE_REQUIRED', async () => {
    const out = outFile();
    const r = await exportCli(['rsna', '--out', out, '--yes'], { RADCRED_PASSPHRASE: undefined });
    expect(r.code).toBe(2);
    expect(r.json().error.code).toBe('PASSPHRASE_REQUIRED');
    expect(existsSync(out)).toBe(false);
  });

  it('an unknown identity: exit 3, IDENTITY_NOT_FOUND', async () => {
    const r = await exportCli(['nobody', '--out', outFile(), '--yes']);
    expect(r.code).toBe(3);
    expect(r.json().error.code).toBe('IDENTITY_NOT_FOUND');
  });
});

describe('id export: the confirmation prompt on a terminal', () => {
  it('asks, with No as the default; declining is exit 2 (PROMPT_CANCELLED) and writes nothing', async () => {
    prompts.promptConfirm.mockResolvedValue(false);
    const out = outFile();
    const r = await onTerminal(['id', 'export', 'tmb', '--out', out]);
    expect(prompts.promptConfirm).toHaveBeenCalledTimes(1);
    const [, message, initial] = prompts.promptConfirm.mock.calls[0]!;
    expect(message).toContain('tmb');
    expect(initial).toBe(false);
    expect(r.stderr).toContain('UNENCRYPTED'); // what it means, said before the question
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cancelled');
    expect(existsSync(out)).toBe(false);
  });

  it('confirming exports', async () => {
    prompts.promptConfirm.mockResolvedValue(true);
    const out = outFile();
    const r = await onTerminal(['--json', 'id', 'export', 'tmb', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ name: 'tmb', did: dids.tmb, out });
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it('--yes on a terminal does not ask', async () => {
    const out = outFile();
    const r = await onTerminal(['id', 'export', 'tmb', '--out', out, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(prompts.promptConfirm).not.toHaveBeenCalled();
  });
});
