// What a terminal is shown and asked before a change that cannot be undone (the prompts mocked;
// test/cli/terminal.test.ts answers a real one): revoke and wallet remove show the credential and
// ask, default no; --yes, or no terminal (scripts), does not ask. And present's choice of
// credentials: each line says what it is, who issued it and where it stands.
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, radcred, radcredOnTerminal, tempDir } from '../helpers.js';
import { buildWorld, changes, copyWorld, snapshot, type World } from './world.js';

const prompts = vi.hoisted(() => ({ promptConfirm: vi.fn(), promptPassword: vi.fn(), promptMultiSelect: vi.fn() }));
vi.mock('../../src/cli/prompts.js', async (original) => ({ ...(await original<object>()), ...prompts }));

let root: string;
let world: World;
let n = 0;
beforeAll(async () => {
  root = tempDir('radcred-confirm-');
  world = await buildWorld(join(root, 'world'));
}, 120_000);
afterAll(() => cleanup(root));
beforeEach(() => {
  prompts.promptConfirm.mockReset();
  prompts.promptMultiSelect.mockReset();
});

const fresh = () => copyWorld(world, join(root, `w-${++n}`));
const revokeArgs = (w: World) => [
  '--home',
  w.homes.issuer,
  'revoke',
  w.files.license,
  '--issuer',
  'tmb',
  '--ledger',
  w.files.ledger,
  '--reason',
  'board order',
];

describe('revoke', () => {
  it('on a terminal: shows the credential and asks (default no); no is PROMPT_CANCELLED, exit 2, and nothing is logged', async () => {
    const w = fresh();
    prompts.promptConfirm.mockResolvedValue(false);
    const before = snapshot(w.dir);
    const r = await radcredOnTerminal(revokeArgs(w), { cwd: w.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/PROMPT_CANCELLED|revocation cancelled; nothing was logged/);
    const [, question, initial] = prompts.promptConfirm.mock.calls[0]!;
    expect(question).toContain('final');
    expect(initial).toBe(false);
    expect(r.stderr).toContain('About to revoke:');
    expect(r.stderr).toContain('Medical license: US-TX Q4821, active, until 2027-08-31');
    expect(r.stderr).toMatch(/issuer {3}Texas Medical Board \(did:key:zDn/);
    expect(r.stderr).toContain('ledger   active');
    expect(changes(before, snapshot(w.dir))).toEqual([]);
    expect(prompts.promptPassword).not.toHaveBeenCalled(); // asked before the key is unlocked
  });

  it('on a terminal, yes: revoked', async () => {
    const w = fresh();
    prompts.promptConfirm.mockResolvedValue(true);
    const r = await radcredOnTerminal(['--json', ...revokeArgs(w)], { cwd: w.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().kind).toBe('revoke');
  });

  it('--yes on a terminal, and any run without a terminal (scripts), do not ask', async () => {
    for (const run of [
      (w: World) => radcredOnTerminal([...revokeArgs(w), '--yes'], { cwd: w.dir }),
      (w: World) => radcred(revokeArgs(w), { cwd: w.dir }),
    ]) {
      const r = await run(fresh());
      expect(r.code, r.stderr).toBe(0);
    }
    expect(prompts.promptConfirm).not.toHaveBeenCalled();
  });

  it('suspend, which can be undone, does not ask', async () => {
    const w = fresh();
    const r = await radcredOnTerminal(
      ['--home', w.homes.issuer, 'suspend', w.files.license, '--issuer', 'tmb', '--ledger', w.files.ledger],
      { cwd: w.dir },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(prompts.promptConfirm).not.toHaveBeenCalled();
  });

  it('an impossible revocation is refused before the question (a revoked credential, the wrong issuer)', async () => {
    const w = fresh();
    expect((await radcred(revokeArgs(w), { cwd: w.dir })).code).toBe(0);
    const again = await radcredOnTerminal(['--json', ...revokeArgs(w)], { cwd: w.dir });
    expect(again.json().error.code).toBe('STATUS_TRANSITION');
    const wrong = await radcredOnTerminal(
      [
        '--json',
        '--home',
        w.homes.issuer,
        'revoke',
        w.files.suspended,
        '--issuer',
        'registry',
        '--ledger',
        w.files.ledger,
      ],
      { cwd: w.dir },
    );
    expect(wrong.json().error.code).toBe('NOT_ISSUER');
    expect(prompts.promptConfirm).not.toHaveBeenCalled();
  });
});

describe('wallet remove', () => {
  const removeArgs = (w: World) => ['--home', w.homes.holder, 'wallet', 'remove', w.files.license];
  const walletFile = (w: World) => join(w.dir, w.homes.holder, 'credentials');

  it('on a terminal: shows the credential and asks; no leaves the wallet as it was', async () => {
    const w = fresh();
    prompts.promptConfirm.mockResolvedValue(false);
    const before = snapshot(walletFile(w));
    const r = await radcredOnTerminal(removeArgs(w), { cwd: w.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('About to remove from the wallet:');
    expect(r.stderr).toContain('Medical license: US-TX Q4821');
    expect(changes(before, snapshot(walletFile(w)))).toEqual([]);
  });

  it('yes, --yes, or no terminal: removed', async () => {
    prompts.promptConfirm.mockResolvedValue(true);
    const runs = [
      (w: World) => radcredOnTerminal(removeArgs(w), { cwd: w.dir }),
      (w: World) => radcredOnTerminal([...removeArgs(w), '--yes'], { cwd: w.dir }),
      (w: World) => radcred(removeArgs(w), { cwd: w.dir }),
    ];
    for (const run of runs) {
      const w = fresh();
      const r = await run(w);
      expect(r.code, r.stderr).toBe(0);
      expect(snapshot(walletFile(w)).size).toBe(0);
    }
    expect(prompts.promptConfirm).toHaveBeenCalledTimes(1);
  });
});

describe("present's choice of credentials", () => {
  const presentArgs = (w: World, now: string) => [
    '--home',
    w.homes.holder,
    '--now',
    now,
    '--json',
    'present',
    '--holder',
    'priya',
    '--audience',
    w.dids.northbay!,
    '--challenge',
    'c-1',
    '--out',
    'vp-new.jwt',
  ];
  /** A world whose holder knows the issuer by the verifier's trust list. */
  const withTrust = () => {
    const w = fresh();
    copyFileSync(join(w.dir, w.files.trust), join(w.dir, w.homes.holder, 'trust.json'));
    return w;
  };

  it('each line: the kind, the one-line summary, the issuer by name; the choice presents it', async () => {
    const w = withTrust();
    prompts.promptMultiSelect.mockImplementation(async (_ctx, _message, choices: { name: string }[]) => [
      choices[0]!.name,
    ]);
    const r = await radcredOnTerminal(presentArgs(w, '2026-11-27T18:00:00Z'), { cwd: w.dir });
    expect(r.code, r.stderr).toBe(0);
    const [, message, choices] = prompts.promptMultiSelect.mock.calls[0]!;
    expect(message).toBe('Credentials to present');
    expect(choices).toEqual([
      {
        name: expect.stringMatching(/^Medical license [0-9a-f]{8}$/),
        message: 'Medical license: US-TX Q4821, active, until 2027-08-31 — Texas Medical Board',
      },
    ]);
    expect(r.json().credentials).toHaveLength(1);
    expect(existsSync(join(w.dir, 'vp-new.jwt'))).toBe(true);
  });

  it('without a name for the issuer: a shortened DID; soon to lapse: said', async () => {
    const w = fresh();
    prompts.promptMultiSelect.mockResolvedValue([]);
    await radcredOnTerminal(presentArgs(w, '2027-08-20T00:00:00Z'), { cwd: w.dir });
    const [, , [choice]] = prompts.promptMultiSelect.mock.calls[0]!;
    // the summary is cut first, so the issuer and the standing always show (100 columns, less the marker)
    expect(choice.message).toMatch(
      /^Medical license: US-TX Q4821, active, \S*… — did:key:zDn\S{3}…\S{5} \(expires soon, 2027-08-31\)$/,
    );
    expect([...choice.message].length).toBeLessThanOrEqual(93);
    expect(choice.disabled).toBeUndefined();
  });

  it('expired credentials are shown but cannot be chosen; with nothing else, NOTHING_SELECTED before any prompt', async () => {
    const w = fresh();
    const r = await radcredOnTerminal(presentArgs(w, '2027-09-01T00:00:00Z'), { cwd: w.dir });
    expect(r.code).toBe(2);
    expect(r.json().error.code).toBe('NOTHING_SELECTED');
    expect(prompts.promptMultiSelect).not.toHaveBeenCalled();
  });
});
