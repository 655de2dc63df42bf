// wallet list --expiring DURATION: only credentials that lapse within the period, by their exp or
// by an expiration date in their subject (a license with no exp still lapses); --json gives `lapses`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCredential } from '../../src/credential/issue.js';
import { cleanup, fixture, importDemoIdentities, NOW, NOW_S, radcred, tempDir } from '../helpers.js';
import { demoSigner } from '../verify/tokens.js';

const DAY = 86400;
let dir: string;
let home: string;
const digest: Record<string, string> = {};

const subjectOf = (type: string) =>
  JSON.parse(readFileSync(fixture('subjects', `${type}.json`), 'utf8')) as Record<string, unknown>;
const iso = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');

beforeAll(async () => {
  dir = tempDir('radcred-expiry-');
  home = join(dir, 'home');
  await importDemoIdentities(home, ['priya']);
  const files: string[] = [];
  const put = async (
    name: string,
    type: string,
    issuer: string,
    edit: Record<string, unknown> = {},
    validUntil?: number,
  ) => {
    const issued = await issueCredential({
      signer: demoSigner(issuer),
      type,
      subjectDid: demoSigner('priya').did,
      subject: { ...subjectOf(type), ...edit },
      now: NOW_S - DAY,
      ...(validUntil !== undefined ? { validUntil } : {}),
    });
    digest[name] = issued.digest;
    files.push(join(dir, `${name}.jwt`));
    writeFileSync(files.at(-1)!, issued.jwt + '\n');
  };
  await put('licenseSoon', 'MedicalLicenseCredential', 'tmb', { expirationDate: '2027-01-31' }); // 65 days, no exp
  await put('licenseLater', 'MedicalLicenseCredential', 'tmb', { jurisdiction: 'US-CA', licenseNumber: 'A123456' }); // 2027-08-31, no exp
  await put('licenseExpSoon', 'MedicalLicenseCredential', 'tmb', { jurisdiction: 'US-NY' }, NOW_S + 30 * DAY); // exp before its expirationDate
  await put('coverage', 'ProfessionalLiabilityCoverageCredential', 'tmb'); // expirationDate 2027-01-01
  await put('degree', 'MedicalDegreeCredential', 'lakeshore'); // never lapses
  await put('cme', 'CMECertificateCredential', 'rsna'); // never lapses
  await put('boardAt90', 'BoardCertificationCredential', 'abr', {}, NOW_S + 90 * DAY); // exactly at the horizon
  await put('boardAfter90', 'BoardCertificationCredential', 'abr', { diplomateId: '48214' }, NOW_S + 90 * DAY + 1); // a second past it
  const r = await radcred(['--home', home, 'wallet', 'add', ...files]);
  if (r.code !== 0) throw new Error(r.stdout + r.stderr);
});
afterAll(() => cleanup(dir));

const list = (args: string[]) => radcred(['--home', home, '--now', NOW, '--json', 'wallet', 'list', ...args]);
const listed = async (args: string[]) => {
  const r = await list(args);
  expect(r.code, r.stderr).toBe(0);
  return r.json().credentials as { digest: string; type: string; lapses?: string }[];
};
const names = (creds: { digest: string }[]) =>
  creds.map((c) => Object.keys(digest).find((k) => digest[k] === c.digest)).sort();

describe('wallet list --expiring', () => {
  it('90d lists only what lapses within 90 days, counting a license expirationDate without exp', async () => {
    expect(names(await listed(['--expiring', '90d']))).toEqual([
      'boardAt90',
      'coverage',
      'licenseExpSoon',
      'licenseSoon',
    ]);
  });

  it('--json gives when each lapses: exp, or the end of the subject expirationDate, whichever is first', async () => {
    const creds = await listed(['--expiring', '90d']);
    const lapses = Object.fromEntries(creds.map((c) => [names([c])[0], c.lapses]));
    expect(lapses).toEqual({
      licenseSoon: '2027-01-31T23:59:59Z',
      licenseExpSoon: iso(NOW_S + 30 * DAY),
      coverage: '2027-01-01T23:59:59Z',
      boardAt90: iso(NOW_S + 90 * DAY),
    });
  });

  it('a longer period takes in more; a shorter one less', async () => {
    expect(names(await listed(['--expiring', '1y']))).toEqual([
      'boardAfter90',
      'boardAt90',
      'coverage',
      'licenseExpSoon',
      'licenseLater',
      'licenseSoon',
    ]);
    expect(names(await listed(['--expiring', '35d']))).toEqual(['licenseExpSoon']);
    expect(names(await listed(['--expiring', '36d']))).toEqual(['coverage', 'licenseExpSoon']);
  });

  it('combines with --type', async () => {
    expect(names(await listed(['--expiring', '90d', '--type', 'MedicalLicenseCredential']))).toEqual([
      'licenseExpSoon',
      'licenseSoon',
    ]);
  });

  it('without --expiring every credential is listed, with lapses where it has one', async () => {
    const creds = await listed([]);
    expect(creds).toHaveLength(8);
    expect(
      creds
        .filter((c) => c.lapses === undefined)
        .map((c) => names([c])[0])
        .sort(),
    ).toEqual(['cme', 'degree']);
  });

  it('`expired` in --json agrees with `lapses`: a license past its expirationDate has expired, with or without exp', async () => {
    const r = await radcred(['--home', home, '--now', '2027-02-15', '--json', 'wallet', 'list']);
    const expired = Object.fromEntries(
      (r.json().credentials as { digest: string; expired: boolean }[]).map((c) => [names([c])[0], c.expired]),
    );
    expect(expired).toEqual({
      licenseSoon: true,
      licenseExpSoon: true,
      coverage: true,
      boardAt90: false,
      boardAfter90: false,
      licenseLater: false,
      degree: false,
      cme: false,
    });
  });

  it('a duration that is not one is a usage error (exit 2)', async () => {
    for (const bad of ['90', 'ninety days', '-5d', '90days']) {
      const r = await list(['--expiring', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.json().error.code).toBe('DURATION_INVALID');
    }
  });

  it('--expiring 3m is refused as ambiguous (exit 2, a hint for either meaning); 3mo is three 30-day months', async () => {
    const r = await list(['--expiring', '3m']);
    expect(r.code).toBe(2);
    expect(r.json().error).toEqual({
      code: 'DURATION_AMBIGUOUS',
      message: '--expiring: "3m" could mean minutes or months',
      hint: 'write 3min for minutes or 3mo for months',
    });
    expect(names((await list(['--expiring', '3mo'])).json().credentials)).toEqual(
      names((await list(['--expiring', '90d'])).json().credentials),
    );
  });
});
