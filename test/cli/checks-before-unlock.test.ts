// Input that can be refused without a key is refused before the passphrase is needed, and
// relative credential references resolve against the CLI's working directory.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fixture, importDemoIdentities, NOW, radcred, tempDir } from '../helpers.js';

let home: string;
let dids: Record<string, string>;
const noPassphrase = { env: { RADCRED_PASSPHRASE: undefined } };

beforeAll(async () => {
  home = tempDir();
  dids = await importDemoIdentities(home, ['tmb', 'priya', 'northbay']);
  const issued = await radcred([
    '--home',
    home,
    '--now',
    NOW,
    'issue',
    'MedicalLicenseCredential',
    '--issuer',
    'tmb',
    '--subject',
    dids.priya!,
    '--data',
    fixture('subjects', 'MedicalLicenseCredential.json'),
    '--out',
    join(home, 'license.jwt'),
  ]);
  expect(issued.code).toBe(0);
  expect((await radcred(['--home', home, 'wallet', 'add', join(home, 'license.jwt')])).code).toBe(0);
});
afterAll(() => cleanup(home));

describe('checks before unlocking a key', () => {
  it('issue refuses bad subject data (exit 3) before asking for a passphrase', async () => {
    const bad = join(home, 'bad.json');
    writeFileSync(bad, JSON.stringify({ name: 'x' }));
    const r = await radcred(
      [
        '--home',
        home,
        '--json',
        '--no-input',
        'issue',
        'MedicalLicenseCredential',
        '--issuer',
        'tmb',
        '--subject',
        dids.priya!,
        '--data',
        bad,
      ],
      noPassphrase,
    );
    expect(r.code).toBe(3);
    expect(r.json().error.code).toBe('SUBJECT_INVALID');
  });

  it('issue refuses an existing --out (exit 2) before asking for a passphrase', async () => {
    const r = await radcred(
      [
        '--home',
        home,
        '--json',
        '--no-input',
        'issue',
        'MedicalLicenseCredential',
        '--issuer',
        'tmb',
        '--subject',
        dids.priya!,
        '--data',
        fixture('subjects', 'MedicalLicenseCredential.json'),
        '--out',
        join(home, 'license.jwt'),
      ],
      noPassphrase,
    );
    expect(r.code).toBe(2);
    expect(r.json().error.code).toBe('OUT_EXISTS');
  });

  it('present refuses an existing --out (exit 2) before asking for a passphrase', async () => {
    const r = await radcred(
      [
        '--home',
        home,
        '--json',
        '--no-input',
        'present',
        '--holder',
        'priya',
        '--audience',
        dids.northbay!,
        '--challenge',
        'c',
        '--all',
        '--out',
        join(home, 'license.jwt'),
      ],
      noPassphrase,
    );
    expect(r.code).toBe(2);
    expect(r.json().error.code).toBe('OUT_EXISTS');
  });
});

describe('references', () => {
  it('--select naming the same credential twice presents it once', async () => {
    const list = (await radcred(['--home', home, '--json', 'wallet', 'list'])).json();
    const { digest, jti } = list.credentials[0];
    const out = join(home, 'twice.vp.jwt');
    const r = await radcred([
      '--home',
      home,
      '--now',
      NOW,
      '--json',
      'present',
      '--holder',
      'priya',
      '--audience',
      dids.northbay!,
      '--challenge',
      'c',
      '--select',
      digest.slice(7, 19),
      jti,
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    expect(r.json().credentials).toHaveLength(1);
  });

  it('a relative credential file resolves against the working directory', async () => {
    const r = await radcred(['--home', home, '--json', 'wallet', 'show', 'license.jwt'], { cwd: home });
    expect(r.code).toBe(0);
    expect(r.json().type).toBe('MedicalLicenseCredential');
  });
});
