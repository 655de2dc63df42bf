// A new key's passphrase on a terminal (the prompts mocked; test/cli/terminal.test.ts types into
// a real one): asked twice, asked again after a mismatch or a weak one, three tries in all, and
// what each failure leaves (nothing). Also a passphrase mistyped when unlocking: asked again.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fixture, NOW, radcredOnTerminal, tempDir } from '../helpers.js';

const prompts = vi.hoisted(() => ({ promptConfirm: vi.fn(), promptPassword: vi.fn(), promptMultiSelect: vi.fn() }));
vi.mock('../../src/cli/prompts.js', () => prompts);

const STRONG = 'tangerine glacier 42 wombat';
const OTHER = 'plum harbour 77 kettle';
let dir: string;
let home: string;
const NO_ENV = { RADCRED_PASSPHRASE: undefined };

/** The prompts answer these, in order; returns the questions asked. */
function typed(...answers: string[]): () => string[] {
  for (const a of answers) prompts.promptPassword.mockResolvedValueOnce(a);
  return () => prompts.promptPassword.mock.calls.map((c) => String(c[1]));
}
const terminal = (args: string[], env: Record<string, string | undefined> = NO_ENV) =>
  radcredOnTerminal(['--home', home, '--now', NOW, '--json', ...args], { cwd: dir, env });
const identities = () => readdirSync(join(home, 'identities')).sort();

beforeAll(() => {
  dir = tempDir('radcred-newpass-');
  home = join(dir, 'home');
});
afterAll(() => cleanup(dir));
beforeEach(() => prompts.promptPassword.mockReset());

describe('id create on a terminal', () => {
  it('asks twice and creates', async () => {
    const asked = typed(STRONG, STRONG);
    const r = await terminal(['id', 'create', 'first']);
    expect(r.code, r.stderr).toBe(0);
    expect(asked()).toEqual(['New passphrase for first', 'Repeat the new passphrase for first']);
    expect(r.stderr).toContain('12 or more characters');
  });

  it('a mismatch is said and asked again; the second try creates', async () => {
    const asked = typed(STRONG, OTHER, STRONG, STRONG);
    const r = await terminal(['id', 'create', 'second']);
    expect(r.code, r.stderr).toBe(0);
    expect(asked()).toHaveLength(4);
    expect(r.stderr).toContain('the two passphrases differ. Try again (2 of 3).');
  });

  it('a weak one is said and asked again, without asking to repeat it', async () => {
    const asked = typed('password1234', 'short', STRONG, STRONG);
    const r = await terminal(['id', 'create', 'third']);
    expect(r.code, r.stderr).toBe(0);
    expect(asked()).toEqual([
      'New passphrase for third',
      'New passphrase for third',
      'New passphrase for third',
      'Repeat the new passphrase for third',
    ]);
    expect(r.stderr).toContain('too weak: it is only common words and digits');
    expect(r.stderr).toContain('too weak: it has 5 characters, fewer than 12. Try again (3 of 3).');
    expect(r.stdout + r.stderr).not.toContain('password1234');
  });

  it('three mismatches: PASSPHRASE_MISMATCH (exit 2), no keystore', async () => {
    typed(STRONG, OTHER, STRONG, OTHER, STRONG, OTHER);
    const r = await terminal(['id', 'create', 'never']);
    expect(r.code).toBe(2);
    expect(r.json().error.code).toBe('PASSPHRASE_MISMATCH');
    expect(identities()).not.toContain('never.json');
  });

  it('three weak ones: PASSPHRASE_WEAK (exit 2) with the override in the hint; an empty one counts as a try', async () => {
    typed('', 'aaaaaaaaaaaaaa', 'qwertyuiopasdf');
    const r = await terminal(['id', 'create', 'weakling']);
    expect(r.code).toBe(2);
    expect(r.json().error.code).toBe('PASSPHRASE_WEAK');
    expect(r.json().error.hint).toContain('--allow-weak-passphrase');
    expect(identities()).not.toContain('weakling.json');
  });

  it('--allow-weak-passphrase takes a weak one (still typed twice)', async () => {
    const asked = typed('demo', 'demo');
    const r = await terminal(['id', 'create', 'demo-key', '--allow-weak-passphrase']);
    expect(r.code, r.stderr).toBe(0);
    expect(asked()).toHaveLength(2);
  });

  it('a file or variable is used as it is: no prompt', async () => {
    const r = await terminal(['id', 'create', 'from-env'], { RADCRED_PASSPHRASE_FROM_ENV: STRONG });
    expect(r.code, r.stderr).toBe(0);
    expect(prompts.promptPassword).not.toHaveBeenCalled();
  });
});

describe('unlocking on a terminal', () => {
  it('a mistyped passphrase is asked for again (up to three tries), naming the identity', async () => {
    const asked = typed('wrong once', 'wrong twice', STRONG);
    const r = await terminal(['request', 'create', '--verifier', 'first', '--out', 'r1.jwt']);
    expect(r.code, r.stderr).toBe(0);
    expect(asked()).toEqual(Array(3).fill('Passphrase for first (to sign the request)'));
    expect(r.stderr).toContain('wrong passphrase for first. Try again (2 of 3).');
  });

  it('three wrong ones: KEYSTORE_PASSPHRASE (exit 3), nothing written', async () => {
    typed('a', 'b', 'c');
    const r = await terminal(['request', 'create', '--verifier', 'first', '--out', 'r2.jwt']);
    expect(r.code).toBe(3);
    expect(r.json().error.message).toBe('wrong passphrase for identity first (to sign the request), 3 times');
    expect(readdirSync(dir)).not.toContain('r2.jwt');
  });

  it('an identity unlocked twice in one command (an issuer operating its own ledger) is asked for once', async () => {
    typed(STRONG);
    expect(
      (await terminal(['ledger', 'init', 'own-ledger', '--origin', 'own.example/log', '--operator', 'first'])).code,
    ).toBe(0);
    prompts.promptPassword.mockReset();
    const asked = typed(STRONG);
    const r = await terminal([
      'issue',
      'MedicalDegreeCredential',
      '--issuer',
      'first',
      '--subject',
      'did:key:z6MkfYTuCR6MjTGpKaGXSKGs3LvDs8yxsoLs1qr8gcVT21ba',
      '--data',
      fixture('subjects', 'MedicalDegreeCredential.json'),
      '--ledger',
      'own-ledger',
      '--out',
      'own.jwt',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().ledger.mode).toBe('committed');
    expect(asked()).toEqual(['Passphrase for first (the issuer)']);
  });

  it('id passwd asks for the current passphrase, then the new one twice', async () => {
    const asked = typed(STRONG, OTHER, OTHER);
    const r = await terminal(['id', 'passwd', 'first']);
    expect(r.code, r.stderr).toBe(0);
    expect(asked()).toEqual([
      'Passphrase for first (the current one)',
      'New passphrase for first',
      'Repeat the new passphrase for first',
    ]);
    prompts.promptPassword.mockReset();
    const asked2 = typed(OTHER);
    expect((await terminal(['request', 'create', '--verifier', 'first', '--out', 'r3.jwt'])).code).toBe(0);
    expect(asked2()).toEqual(['Passphrase for first (to sign the request)']);
  });
});
