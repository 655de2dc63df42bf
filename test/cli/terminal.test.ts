// The prompts in a real terminal (tmux, test/tmux.ts): the real binary, keys typed, the screen read
// back with its escapes. present's choice without colour (NO_COLOR): [x]/[ ] and what each
// credential is, and no colour code drawn; `y` then Enter at a confirmation, with the passphrase
// prompt after it getting no empty line; a passphrase typed twice that differs, and a weak one,
// asked again; a revocation answered no, and nothing logged.
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, NOW, PASSPHRASE, tempDir } from '../helpers.js';
import { occurrences, SGR, startTerminal, type Terminal } from '../tmux.js';
import { buildWorld, changes, copyWorld, snapshot, type World } from './world.js';

const STRONG = 'tangerine glacier 42 wombat';
let root: string;
let world: World;
let n = 0;
let term: Terminal | undefined;
beforeAll(async () => {
  root = tempDir('radcred-terminal-');
  world = await buildWorld(join(root, 'world'));
}, 120_000);
afterAll(() => cleanup(root));
afterEach(async () => {
  await term?.close();
  term = undefined;
});

const fresh = () => copyWorld(world, join(root, `w-${++n}`));
const open = async (w: World, args: string[], env: Record<string, string> = {}) => {
  term = await startTerminal(['--now', NOW, ...args], { cwd: w.dir, env: { NO_COLOR: '1', ...env } });
  return term;
};

describe('present: the choice of credentials', () => {
  const presentArgs = (w: World) => [
    '--home',
    w.homes.holder,
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

  it('under NO_COLOR: [ ] and [x] markers, the kind, summary and issuer by name, and no colour code at all', async () => {
    const w = fresh();
    copyFileSync(join(w.dir, w.files.trust), join(w.dir, w.homes.holder, 'trust.json'));
    const t = await open(w, presentArgs(w), { RADCRED_PASSPHRASE: PASSPHRASE });
    let screen = await t.waitFor('Credentials to present');
    expect(screen).toContain('> [ ] Medical license: US-TX Q4821, active, until 2027-08-31 — Texas Medical Board');
    expect(screen).not.toMatch(SGR);
    await t.press('Space');
    screen = await t.waitFor('> [x] Medical license');
    expect(screen).not.toMatch(SGR);
    await t.press('Enter');
    screen = await t.waitFor('presented 1 credential');
    expect(await t.exitCode()).toBe(0);
    expect(screen).not.toMatch(SGR);
    expect(existsSync(join(w.dir, 'vp-new.jwt'))).toBe(true);
  });

  it('on a terminal without NO_COLOR, the prompt is in colour (so the check above can see colour)', async () => {
    const w = fresh();
    term = await startTerminal(['--now', NOW, ...presentArgs(w)], {
      cwd: w.dir,
      env: { RADCRED_PASSPHRASE: PASSPHRASE },
    });
    expect(await term.waitFor('Credentials to present')).toMatch(SGR);
    await term.press('C-c');
    expect(await term.exitCode()).toBe(2); // PROMPT_CANCELLED
  });
});

describe('confirmations take a line', () => {
  it('id export: y, then Enter; the passphrase prompt after it gets no empty line', async () => {
    const w = fresh();
    const t = await open(w, ['--home', w.homes.issuer, 'id', 'export', 'tmb', '--out', 'tmb.jwk']);
    await t.waitFor('Export the private key of tmb? [y/N]');
    await t.type('y');
    await t.waitFor(/Export the private key of tmb\?.* (y|true)\s*$/m);
    await t.press('Enter');
    // a Confirm that took the y alone would pass this Enter on: an empty passphrase, and the end
    await t.waitFor(/Passphrase for tmb \(to export its private key\)|the passphrase is empty/);
    await t.type(PASSPHRASE);
    await t.press('Enter');
    const screen = await t.waitFor(/exported the private key of tmb|the passphrase is empty/);
    expect(screen).not.toContain('the passphrase is empty');
    expect(await t.exitCode()).toBe(0);
    expect(existsSync(join(w.dir, 'tmb.jwk'))).toBe(true);
  });

  it('revoke: the credential is shown; n then Enter cancels (exit 2) and nothing is logged', async () => {
    const w = fresh();
    const before = snapshot(w.dir);
    const t = await open(
      w,
      ['--home', w.homes.issuer, 'revoke', w.files.license, '--issuer', 'tmb', '--ledger', w.files.ledger],
      { RADCRED_PASSPHRASE: PASSPHRASE },
    );
    const screen = await t.waitFor('Revoke it?');
    expect(screen).toContain('Medical license: US-TX Q4821, active, until 2027-08-31');
    expect(screen).toContain('Texas Medical Board');
    await t.type('n');
    await t.press('Enter');
    await t.waitFor('revocation cancelled; nothing was logged');
    expect(await t.exitCode()).toBe(2);
    expect(changes(before, snapshot(w.dir))).toEqual([]);
  });

  it('Ctrl-D at a confirmation or a passphrase prompt cancels (exit 2, with a hint), never a silent exit 0', async () => {
    const w = fresh();
    const before = snapshot(w.dir);
    let t = await open(
      w,
      ['--home', w.homes.issuer, 'revoke', w.files.license, '--issuer', 'tmb', '--ledger', w.files.ledger],
      { RADCRED_PASSPHRASE: PASSPHRASE },
    );
    await t.waitFor('Revoke it?');
    await t.press('C-d');
    let screen = await t.waitFor('hint:');
    expect(screen).toContain('radcred: error: cancelled at the prompt');
    expect(await t.exitCode()).toBe(2);
    await t.close();
    t = await open(w, ['--home', w.homes.issuer, 'id', 'export', 'tmb', '--out', 'tmb.jwk', '--yes']);
    await t.waitFor('Passphrase');
    await t.press('C-d');
    screen = await t.waitFor('hint:');
    expect(screen).toContain('radcred: error: cancelled at the prompt');
    expect(await t.exitCode()).toBe(2);
    expect(changes(before, snapshot(w.dir))).toEqual([]);
  });
});

describe('a new passphrase, typed twice', () => {
  const typeLine = async (t: Terminal, text: string) => {
    await t.type(text);
    await t.press('Enter');
  };

  it('id create: passphrases that differ are said, and asked again', async () => {
    const w = fresh();
    const t = await open(w, ['--home', w.homes.holder, 'id', 'create', 'alice']);
    await t.waitFor('New passphrase for alice');
    await typeLine(t, STRONG);
    await t.waitFor('Repeat the new passphrase for alice');
    await typeLine(t, 'tangerine glacier 42 wombats');
    await t.waitFor('the two passphrases differ. Try again (2 of 3).');
    await t.waitFor((s) => occurrences(s, 'New passphrase for alice') === 2);
    await typeLine(t, STRONG);
    await t.waitFor((s) => occurrences(s, 'Repeat the new passphrase for alice') === 2);
    await typeLine(t, STRONG);
    await t.waitFor(/did {7}did:key:z6Mk/);
    expect(await t.exitCode()).toBe(0);
  });

  it('id create: a weak passphrase is said, and asked again', async () => {
    const w = fresh();
    const t = await open(w, ['--home', w.homes.holder, 'id', 'create', 'bob']);
    await t.waitFor('New passphrase for bob');
    await typeLine(t, 'password1234');
    await t.waitFor('that passphrase is too weak: it is only common words and digits');
    await t.waitFor((s) => occurrences(s, 'New passphrase for bob') === 2);
    expect(occurrences(await t.screen(), 'Repeat the new passphrase')).toBe(0);
    await typeLine(t, STRONG);
    await t.waitFor('Repeat the new passphrase for bob');
    await typeLine(t, STRONG);
    await t.waitFor(/did {7}did:key:z6Mk/);
    expect(await t.exitCode()).toBe(0);
  });
});
