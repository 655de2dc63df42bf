// Passphrases without a terminal, through the real command: one per identity (`--passphrase-file
// NAME=FILE`, `$RADCRED_PASSPHRASE_NAME`), so `issue --ledger` with an issuer and a different
// ledger operator runs unattended; errors that name the identity that needs one; the strength rule
// for new keys and its override; and `id passwd` with the new passphrase from a file or variable.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, DEMO_IDENTITIES, fixture, NOW, radcred, tempDir } from '../helpers.js';

const TMB_PASS = 'tmb keystore: bluebonnet 1927 armadillo';
const REGISTRY_PASS = 'registry keystore: pecan 88 lighthouse';
const NO_ENV = { RADCRED_PASSPHRASE: undefined };

let dir: string;
let home: string;
const at = (name: string) => join(dir, name);
const seedOf = (name: string) => DEMO_IDENTITIES.find((i) => i.name === name)!;

const cli = (args: string[], env: Record<string, string | undefined> = NO_ENV) =>
  radcred(['--home', home, '--now', NOW, '--json', ...args], { cwd: dir, env });

const issueArgs = (out: string) => [
  'issue',
  'MedicalLicenseCredential',
  '--issuer',
  'tmb',
  '--subject',
  'did:key:z6MkfYTuCR6MjTGpKaGXSKGs3LvDs8yxsoLs1qr8gcVT21ba',
  '--data',
  fixture('subjects', 'MedicalLicenseCredential.json'),
  '--valid-until',
  '2027-08-31',
  '--ledger',
  'ledger',
  '--out',
  out,
];
const ledgerSize = () => Number(readFileSync(at('ledger/checkpoint'), 'utf8').split('\n')[1]);

beforeAll(async () => {
  dir = tempDir('radcred-passphrases-');
  home = at('home');
  writeFileSync(at('tmb.pass'), TMB_PASS + '\n');
  writeFileSync(at('registry.pass'), REGISTRY_PASS + '\n');
  for (const name of ['tmb', 'registry']) {
    writeFileSync(at(`${name}.seed`), seedOf(name).seed);
    const r = await cli([
      '--passphrase-file',
      `${name}=${name}.pass`,
      'id',
      'import',
      name,
      '--seed-file',
      `${name}.seed`,
      '--key-type',
      seedOf(name).keyType,
    ]);
    expect(r.code, r.stderr).toBe(0);
  }
  const init = await cli(
    ['ledger', 'init', 'ledger', '--origin', 'ledger.tmb.example/credentials', '--operator', 'registry'],
    { RADCRED_PASSPHRASE_REGISTRY: REGISTRY_PASS },
  );
  expect(init.code, init.stderr).toBe(0);
});
afterAll(() => cleanup(dir));

describe('issue --ledger with an issuer key and a different ledger-operator key, unattended', () => {
  it('two --passphrase-file NAME=FILE: committed directly', async () => {
    const before = ledgerSize();
    const r = await cli([
      '--passphrase-file',
      'tmb=tmb.pass',
      '--passphrase-file',
      'registry=registry.pass',
      ...issueArgs('by-files.jwt'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().ledger.mode).toBe('committed');
    expect(ledgerSize()).toBe(before + 1);
  });

  it('the two variables $RADCRED_PASSPHRASE_TMB and $RADCRED_PASSPHRASE_REGISTRY: committed directly', async () => {
    const before = ledgerSize();
    const r = await cli(issueArgs('by-env.jwt'), {
      ...NO_ENV,
      RADCRED_PASSPHRASE_TMB: TMB_PASS,
      RADCRED_PASSPHRASE_REGISTRY: REGISTRY_PASS,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().ledger.mode).toBe('committed');
    expect(ledgerSize()).toBe(before + 1);
  });

  it('NAME=FILE wins over FILE for every identity, and the command line over the environment', async () => {
    writeFileSync(at('wrong.pass'), 'not the passphrase of anyone\n');
    const r = await cli(
      ['--passphrase-file', 'registry.pass', '--passphrase-file', 'tmb=tmb.pass', ...issueArgs('mixed.jwt')],
      { RADCRED_PASSPHRASE: 'wrong', RADCRED_PASSPHRASE_TMB: 'wrong', RADCRED_PASSPHRASE_REGISTRY: 'wrong' },
    );
    expect(r.code, r.stderr).toBe(0);
  });

  it("without the operator's passphrase: PASSPHRASE_REQUIRED names registry and why, the hint its own sources; nothing logged or written", async () => {
    const before = ledgerSize();
    const r = await cli(['--passphrase-file', 'tmb=tmb.pass', ...issueArgs('no-operator.jwt')]);
    expect(r.code).toBe(2);
    const { error } = r.json();
    expect(error.code).toBe('PASSPHRASE_REQUIRED');
    expect(error.message).toBe('a passphrase is needed to unlock registry (the ledger operator)');
    expect(error.hint).toContain('--passphrase-file registry=FILE');
    expect(error.hint).toContain('RADCRED_PASSPHRASE_REGISTRY');
    expect(ledgerSize()).toBe(before);
    expect(readdirSync(dir)).not.toContain('no-operator.jwt');
  });

  it('one passphrase for both (the old way) fails on the operator: the message names it and where the passphrase came from', async () => {
    const r = await cli(issueArgs('shared.jwt'), { RADCRED_PASSPHRASE: TMB_PASS });
    expect(r.code).toBe(3);
    const { error } = r.json();
    expect(error.code).toBe('KEYSTORE_PASSPHRASE');
    expect(error.message).toBe(
      'wrong passphrase for identity registry (the ledger operator), from $RADCRED_PASSPHRASE',
    );
    expect(error.hint).toContain('--passphrase-file registry=FILE');
    expect(r.stderr).not.toContain(TMB_PASS);
  });

  it('two files for one identity are refused (OPTION_REPEATED) before anything is read', async () => {
    const r = await cli([
      '--passphrase-file',
      'tmb=tmb.pass',
      '--passphrase-file',
      'tmb=registry.pass',
      ...issueArgs('twice.jwt'),
    ]);
    expect(r.code).toBe(2);
    expect(r.json().error.code).toBe('OPTION_REPEATED');
  });
});

describe('the strength rule for new keys, from a file or a variable', () => {
  it.each([
    ['create', ['id', 'create', 'weak-create']],
    ['import', ['id', 'import', 'weak-import', '--seed-file', 'tmb.seed', '--key-type', 'p256']],
  ])(
    'id %s: a weak passphrase is PASSPHRASE_WEAK (exit 2), with the override in the hint; no keystore written',
    async (_what, args) => {
      writeFileSync(at('weak.pass'), 'password1234\n');
      for (const [flags, env] of [
        [['--passphrase-file', 'weak.pass'], NO_ENV],
        [[], { RADCRED_PASSPHRASE: 'short' }],
      ] as const) {
        const r = await cli([...flags, ...args], env);
        expect(r.code).toBe(2);
        const { error } = r.json();
        expect(error.code).toBe('PASSPHRASE_WEAK');
        expect(error.hint).toContain('--allow-weak-passphrase');
        expect(r.stdout + r.stderr).not.toMatch(/password1234|"short"/);
      }
      expect(readdirSync(join(home, 'identities'))).not.toContain(`${args[2]}.json`);
      const allowed = await cli([...args, '--allow-weak-passphrase'], { RADCRED_PASSPHRASE: 'short' });
      expect(allowed.code, allowed.stderr).toBe(0);
    },
  );

  it('id create reads $RADCRED_PASSPHRASE_NAME for the new identity', async () => {
    const r = await cli(['id', 'create', 'office-2'], {
      ...NO_ENV,
      RADCRED_PASSPHRASE_OFFICE_2: 'office two: juniper 55 canyon',
    });
    expect(r.code, r.stderr).toBe(0);
    const issued = await cli(['request', 'create', '--verifier', 'office-2', '--out', 'office-2.request.jwt'], {
      ...NO_ENV,
      RADCRED_PASSPHRASE_OFFICE_2: 'office two: juniper 55 canyon',
    });
    expect(issued.code, issued.stderr).toBe(0);
  });

  it('a taken name is refused before the passphrase is looked at', async () => {
    const r = await cli(['id', 'create', 'tmb'], NO_ENV);
    expect(r.json().error.code).toBe('IDENTITY_EXISTS');
  });
});

describe('id passwd, unattended', () => {
  const NEW = 'tmb, new: mesquite 31 roadrunner';
  const keystore = () => join(home, 'identities', 'tmb.json');

  it('the current passphrase from its usual source, the new one from --new-passphrase-file; the old one stops working', async () => {
    writeFileSync(at('new.pass'), NEW + '\n');
    const r = await cli([
      '--passphrase-file',
      'tmb=tmb.pass',
      'id',
      'passwd',
      'tmb',
      '--new-passphrase-file',
      'new.pass',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ name: 'tmb', changed: true, keystore: keystore() });
    expect(statSync(keystore()).mode & 0o777).toBe(0o600);
    const old = await cli([
      '--passphrase-file',
      'tmb=tmb.pass',
      '--passphrase-file',
      'registry=registry.pass',
      ...issueArgs('old.jwt'),
    ]);
    expect(old.json().error.code).toBe('KEYSTORE_PASSPHRASE');
    const fresh = await cli(['--passphrase-file', 'registry=registry.pass', ...issueArgs('new.jwt')], {
      ...NO_ENV,
      RADCRED_PASSPHRASE_TMB: NEW,
    });
    expect(fresh.code, fresh.stderr).toBe(0);
  });

  it('the new one from $RADCRED_NEW_PASSPHRASE; a weak one refused first, the keystore unchanged', async () => {
    const before = readFileSync(keystore());
    const weak = await cli(['id', 'passwd', 'tmb'], {
      ...NO_ENV,
      RADCRED_PASSPHRASE_TMB: NEW,
      RADCRED_NEW_PASSPHRASE: 'aaaaaaaaaaaaaaaa',
    });
    expect(weak.code).toBe(2);
    expect(weak.json().error.code).toBe('PASSPHRASE_WEAK');
    const wrongOld = await cli(['id', 'passwd', 'tmb'], {
      ...NO_ENV,
      RADCRED_PASSPHRASE_TMB: 'not it',
      RADCRED_NEW_PASSPHRASE: TMB_PASS,
    });
    expect(wrongOld.code).toBe(3);
    expect(wrongOld.json().error.code).toBe('KEYSTORE_PASSPHRASE');
    expect(readFileSync(keystore()).equals(before)).toBe(true);
    const back = await cli(['id', 'passwd', 'tmb'], {
      ...NO_ENV,
      RADCRED_PASSPHRASE_TMB: NEW,
      RADCRED_NEW_PASSPHRASE: TMB_PASS,
    });
    expect(back.code, back.stderr).toBe(0);
    expect(readdirSync(join(home, 'identities')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('the current passphrase as the new one: PASSPHRASE_UNCHANGED (exit 2), the keystore as it was', async () => {
    const before = readFileSync(keystore());
    const r = await cli(['id', 'passwd', 'tmb'], {
      ...NO_ENV,
      RADCRED_PASSPHRASE_TMB: TMB_PASS,
      RADCRED_NEW_PASSPHRASE: TMB_PASS,
    });
    expect(r.code).toBe(2);
    expect(r.json().error.code).toBe('PASSPHRASE_UNCHANGED');
    expect(r.stderr).not.toContain('no longer opens');
    expect(readFileSync(keystore()).equals(before)).toBe(true);
  });

  it('no new passphrase and no terminal: PASSPHRASE_REQUIRED naming --new-passphrase-file, before the keystore is opened', async () => {
    const r = await cli(['id', 'passwd', 'tmb'], { ...NO_ENV, RADCRED_PASSPHRASE_TMB: 'not even checked' });
    expect(r.code).toBe(2);
    expect(r.json().error.code).toBe('PASSPHRASE_REQUIRED');
    expect(r.json().error.hint).toContain('--new-passphrase-file');
  });
});
