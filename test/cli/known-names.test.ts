// Names for DIDs (src/cli/known-names.ts) as the lists show them: this home's identities by label,
// the trust list's issuers by the office's name; --json keeps each DID whole and adds the name.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayName, knownNames } from '../../src/cli/known-names.js';
import { cleanup, fixture, importDemoIdentities, NOW, radcred, tempDir } from '../helpers.js';
import { demoSigner } from '../verify/tokens.js';

let dir: string;
let home: string;
let dids: Record<string, string>;
const cli = (args: string[]) => radcred(['--home', home, '--now', NOW, ...args]);

beforeAll(async () => {
  dir = tempDir('radcred-names-');
  home = join(dir, 'home');
  // one home that issues (tmb, labelled) and holds (priya), so both sides of a credential are known
  dids = await importDemoIdentities(home, ['tmb', 'priya']);
  const rsna = demoSigner('rsna').did;
  expect(
    (
      await cli([
        'trust',
        'add',
        rsna,
        '--name',
        'Radiological Society of North America',
        '--types',
        'CMECertificateCredential',
      ])
    ).code,
  ).toBe(0);
  expect(
    (
      await cli([
        'trust',
        'add',
        dids.tmb!,
        '--name',
        'TMB as the office calls it',
        '--types',
        'MedicalLicenseCredential',
      ])
    ).code,
  ).toBe(0);
  const out = join(dir, 'license.jwt');
  const issued = await cli([
    'issue',
    'MedicalLicenseCredential',
    '--issuer',
    'tmb',
    '--subject',
    dids.priya!,
    '--data',
    fixture('subjects', 'MedicalLicenseCredential.json'),
    '--out',
    out,
  ]);
  expect(issued.code, issued.stderr).toBe(0);
  expect((await cli(['wallet', 'add', out])).code).toBe(0);
  dids.rsna = rsna;
});
afterAll(() => cleanup(dir));

describe('knownNames', () => {
  it("this home's identities by label (else name) win over the trust list; other DIDs are unknown", () => {
    const names = knownNames(home);
    expect(names.nameOf(dids.tmb!)).toBe('Texas Medical Board'); // its label, not the trust list's name
    expect(names.nameOf(dids.priya!)).toBe('Dr. Priya N. Halvorsen');
    expect(names.nameOf(dids.rsna!)).toBe('Radiological Society of North America');
    expect(names.nameOf('did:key:z6MkunknownXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX')).toBeUndefined();
    expect(displayName(names, 'did:key:z6MkunknownXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX')).toBe('z6Mkun…XXXXX');
  });

  it('a damaged trust list costs the names, not the listing', async () => {
    const damaged = join(dir, 'damaged-home');
    await importDemoIdentities(damaged, ['priya']);
    writeFileSync(join(damaged, 'trust.json'), '{ not json');
    expect(knownNames(damaged).nameOf(dids.priya!)).toBe('Dr. Priya N. Halvorsen');
    expect((await radcred(['--home', damaged, 'wallet', 'list'])).code).toBe(0);
  });
});

describe('the lists use them', () => {
  it('wallet list: a header, the issuer by name; --json keeps the DID and adds issuerName', async () => {
    const human = await cli(['wallet', 'list']);
    expect(human.stdout).toMatch(
      /^ID\s+TYPE\s+UNTIL\s+ISSUER\n[0-9a-f]{12} {2}MedicalLicense +2027-08-31 +Texas Medical Board\n$/,
    );
    const json = await cli(['--json', 'wallet', 'list']);
    expect(json.json().credentials[0]).toMatchObject({ issuer: dids.tmb, issuerName: 'Texas Medical Board' });
  });

  it('issued list: the subject by name; --json adds subjectName', async () => {
    const human = await cli(['issued', 'list']);
    expect(human.stdout).toMatch(
      /^ISSUED\s+TYPE\s+SUBJECT\s+JTI\s+LEDGER\n\S+ {2}MedicalLicense {2}Dr\. Priya N\. Halvorsen {2}/,
    );
    expect((await cli(['--json', 'issued', 'list'])).json().issued[0]).toMatchObject({
      subject: dids.priya,
      subjectName: 'Dr. Priya N. Halvorsen',
    });
  });

  it('id list: a header, the DID whole', async () => {
    const human = await cli(['id', 'list']);
    expect(human.stdout.split('\n')[0]).toMatch(/^NAME\s+KEY\s+LABEL\s+DID$/);
    expect(human.stdout).toContain(dids.priya);
    for (const line of human.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });
});
