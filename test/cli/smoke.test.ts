import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, fixture, importDemoIdentities, NOW, radcred, tempDir } from '../helpers.js';

describe('credential loop smoke', () => {
  const home = tempDir();
  afterAll(() => cleanup(home));

  it('issues, stores, presents and verifies', async () => {
    const dids = await importDemoIdentities(home, ['tmb', 'priya', 'northbay']);
    const issued = await radcred([
      '--home',
      home,
      '--now',
      NOW,
      '--json',
      'issue',
      'MedicalLicenseCredential',
      '--issuer',
      'tmb',
      '--subject',
      dids.priya!,
      '--data',
      fixture('subjects', 'MedicalLicenseCredential.json'),
      '--out',
      `${home}/license.jwt`,
    ]);
    expect(issued.code).toBe(0);
    expect(issued.json().digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await radcred(['--home', home, 'wallet', 'add', `${home}/license.jwt`])).code).toBe(0);
    expect(
      (
        await radcred([
          '--home',
          home,
          'trust',
          'add',
          dids.tmb!,
          '--name',
          'TMB',
          '--types',
          'MedicalLicenseCredential',
        ])
      ).code,
    ).toBe(0);
    const vp = await radcred([
      '--home',
      home,
      '--now',
      NOW,
      'present',
      '--holder',
      'priya',
      '--audience',
      dids.northbay!,
      '--challenge',
      'c1',
      '--all',
      '--out',
      `${home}/vp.jwt`,
    ]);
    expect(vp.code).toBe(0);
    const v = await radcred([
      '--home',
      home,
      '--now',
      NOW,
      '--json',
      'verify',
      `${home}/vp.jwt`,
      '--audience',
      dids.northbay!,
      '--challenge',
      'c1',
      '--no-ledger',
    ]);
    expect(v.code).toBe(0);
    expect(v.json().verified).toBe(true);
  });
});
