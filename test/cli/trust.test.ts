// trust add DID --name TEXT --types TYPE... | trust list | trust remove DID   [--file FILE]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, radcred, tempDir } from '../helpers.js';
import { shortDid } from '../../src/cli/render/text.js';
import { demoSigner } from '../verify/tokens.js';

let dir: string;
let home: string;
const did = { lakeshore: '', tmb: '', rsna: '' };

beforeAll(() => {
  dir = tempDir('radcred-trust-');
  home = join(dir, 'office');
  did.lakeshore = demoSigner('lakeshore').did;
  did.tmb = demoSigner('tmb').did;
  did.rsna = demoSigner('rsna').did;
});
afterAll(() => cleanup(dir));

const trust = (args: string[]) => radcred(['--home', home, '--json', 'trust', ...args]);
const onDisk = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

describe('trust (the home trust.json)', () => {
  it('add writes a version 1 trust list in the home', async () => {
    const r = await trust([
      'add',
      did.lakeshore,
      '--name',
      'Lakeshore University School of Medicine',
      '--types',
      'MedicalDegreeCredential',
    ]);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ file: join(home, 'trust.json'), replaced: false });
    expect(onDisk(join(home, 'trust.json'))).toEqual({
      version: 1,
      issuers: [
        { did: did.lakeshore, name: 'Lakeshore University School of Medicine', types: ['MedicalDegreeCredential'] },
      ],
    });
  });

  it('--types takes several values, space- or comma-separated, and "*"', async () => {
    expect(
      (
        await trust([
          'add',
          did.tmb,
          '--name',
          'TMB',
          '--types',
          'MedicalLicenseCredential',
          'BoardCertificationCredential,CMECertificateCredential',
        ])
      ).code,
    ).toBe(0);
    expect((await trust(['add', did.rsna, '--name', 'RSNA', '--types', '*'])).code).toBe(0);
    const list = await trust(['list']);
    expect(list.code).toBe(0);
    const issuers = list.json().issuers;
    expect(issuers.map((i: { did: string }) => i.did)).toEqual([did.lakeshore, did.tmb, did.rsna]);
    expect(issuers[1].types).toEqual([
      'MedicalLicenseCredential',
      'BoardCertificationCredential',
      'CMECertificateCredential',
    ]);
    expect(issuers[2].types).toEqual(['*']);
    expect(list.json().issuers).toEqual(onDisk(join(home, 'trust.json')).issuers);
  });

  it('adding a DID again replaces its entry (one entry per DID)', async () => {
    const r = await trust([
      'add',
      did.tmb,
      '--name',
      'Texas Medical Board',
      '--types',
      'MedicalLicenseCredential',
      '--valid-until',
      '2030-01-01',
    ]);
    expect(r.code).toBe(0);
    expect(r.json().replaced).toBe(true);
    const tmb = onDisk(join(home, 'trust.json')).issuers.filter((i: { did: string }) => i.did === did.tmb);
    expect(tmb).toEqual([
      {
        did: did.tmb,
        name: 'Texas Medical Board',
        types: ['MedicalLicenseCredential'],
        validUntil: '2030-01-01T23:59:59Z',
      },
    ]); // a date-only end is the end of that day
  });

  it('remove drops exactly that issuer; removing it again is exit 3', async () => {
    const r = await trust(['remove', did.rsna]);
    expect(r.code).toBe(0);
    expect(onDisk(join(home, 'trust.json')).issuers.map((i: { did: string }) => i.did)).toEqual([
      did.lakeshore,
      did.tmb,
    ]);
    const again = await trust(['remove', did.rsna]);
    expect(again.code).toBe(3);
    expect(again.json().error.code).toBe('TRUST_NOT_FOUND');
  });

  it('human output is a table naming the trusted issuers, their DIDs shortened (--json keeps them whole)', async () => {
    const r = await radcred(['--home', home, 'trust', 'list']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+ISSUER\s+TRUSTED\s+TYPES$/);
    expect(r.stdout).toContain(shortDid(did.lakeshore));
    expect(r.stdout).not.toContain(did.lakeshore);
    expect(r.stdout).toMatch(
      new RegExp(`^Texas Medical Board +${shortDid(did.tmb)} +until 2030-01-01 +MedicalLicense$`, 'm'),
    );
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(100);
  });
});

describe('trust --file', () => {
  it('works on the given file (before or after the subcommand) and leaves the home list alone', async () => {
    const file = join(dir, 'northbay-trust.json');
    const homeBefore = readFileSync(join(home, 'trust.json'), 'utf8');
    expect(
      (
        await radcred([
          '--home',
          home,
          '--json',
          'trust',
          '--file',
          file,
          'add',
          did.rsna,
          '--name',
          'RSNA',
          '--types',
          'CMECertificateCredential',
        ])
      ).code,
    ).toBe(0);
    expect((await trust(['add', did.lakeshore, '--name', 'Lakeshore', '--types', '*', '--file', file])).code).toBe(0);
    expect(onDisk(file).issuers.map((i: { did: string }) => i.did)).toEqual([did.rsna, did.lakeshore]);
    const list = await trust(['list', '--file', file]);
    expect(list.json()).toMatchObject({ file, issuers: onDisk(file).issuers });
    expect((await trust(['remove', did.rsna, '--file', file])).code).toBe(0);
    expect(onDisk(file).issuers.map((i: { did: string }) => i.did)).toEqual([did.lakeshore]);
    expect(readFileSync(join(home, 'trust.json'), 'utf8')).toBe(homeBefore);
  });

  it('listing a --file that does not exist is FILE_NOT_FOUND (a typo must not read as an empty list); add creates it', async () => {
    const r = await trust(['list', '--file', join(dir, 'nothing-yet.json')]);
    expect(r.code).toBe(3);
    expect(r.json().error.code).toBe('FILE_NOT_FOUND');
    expect(existsSync(join(dir, 'nothing-yet.json'))).toBe(false);
  });
});

describe('trust refusals', () => {
  it('a DID that is not a signing did:key is exit 3 and nothing is written', async () => {
    const file = join(dir, 'refusals.json');
    for (const bad of [
      'did:web:example.org',
      'did:key:z6LSeu9HkTHSfLLeUs2nnzUSNedgDUevfNQgQjQC23ZCit6F',
      'lakeshore',
    ]) {
      const r = await trust(['add', bad, '--name', 'X', '--types', '*', '--file', file]);
      expect(r.code).toBe(3);
      expect(r.json().error.code).toBe('DID_INVALID');
    }
    expect(existsSync(file)).toBe(false);
  });

  it('an entry the trust list could not be read back with (bad type name, empty name) is refused, and the list stays usable', async () => {
    const file = join(dir, 'guarded.json');
    expect(
      (await trust(['add', did.tmb, '--name', 'TMB', '--types', 'MedicalLicenseCredential', '--file', file])).code,
    ).toBe(0);
    const before = readFileSync(file, 'utf8');
    for (const args of [
      ['--name', 'X', '--types', 'Medical License'],
      ['--name', 'X', '--types', 'Bad-Type'],
      ['--name', '', '--types', '*'],
      ['--name', 'X', '--types', ','],
    ]) {
      const r = await trust(['add', did.lakeshore, ...args, '--file', file]);
      expect(r.code).toBe(2);
      expect(r.json().error.code).toBe('TRUST_ENTRY_INVALID');
      expect(readFileSync(file, 'utf8')).toBe(before);
    }
    expect((await trust(['list', '--file', file])).code).toBe(0);
  });

  it('bad --valid-from/--valid-until times are usage errors; missing --name or --types too', async () => {
    const r = await trust(['add', did.lakeshore, '--name', 'X', '--types', '*', '--valid-until', 'someday']);
    expect(r.code).toBe(2);
    expect(r.json().error.code).toBe('TIME_INVALID');
    expect((await trust(['add', did.lakeshore, '--types', '*'])).code).toBe(2);
    expect((await trust(['add', did.lakeshore, '--name', 'X'])).code).toBe(2);
  });

  it('a damaged trust list is exit 3 for list, add and remove (never silently replaced)', async () => {
    const file = join(dir, 'damaged.json');
    writeFileSync(file, '{"version": 2, "issuers": []}');
    for (const args of [['list'], ['add', did.lakeshore, '--name', 'X', '--types', '*'], ['remove', did.lakeshore]]) {
      const r = await trust([...args, '--file', file]);
      expect(r.code).toBe(3);
      expect(r.json().error.code).toBe('TRUST_LIST_INVALID');
    }
    expect(readFileSync(file, 'utf8')).toBe('{"version": 2, "issuers": []}');
  });
});
