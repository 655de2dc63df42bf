// Every built-in type end to end: `issue TYPE --data fixtures/subjects/TYPE.json` succeeds, the
// credential verifies (schema check included), and subject data the type refuses is exit 3
// naming the field. Issuers are the demo parties plus four created here (the board, a carrier,
// the DEA, ECFMG); Northbay's medical staff office grants privileges and counts mammograms.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialType } from '../../src/credential/types.js';
import { cleanup, fixture, importDemoIdentities, NOW, radcred, tempDir } from '../helpers.js';
import { decodeJwt } from '../verify/tokens.js';

let dir: string;
let home: string;
let dids: Record<string, string>;

beforeAll(async () => {
  dir = tempDir('radcred-issue-types-');
  home = join(dir, 'home');
  dids = await importDemoIdentities(home, ['lakeshore', 'tmb', 'rsna', 'priya', 'northbay']);
  for (const [name, keyType, label] of [
    ['abr', 'p256', 'American Board of Radiology'],
    ['lspm', 'ed25519', 'Lone Star Physicians Mutual'],
    ['dea', 'p256', 'Drug Enforcement Administration'],
    ['ecfmg', 'ed25519', 'ECFMG'],
  ]) {
    const r = await radcred([
      '--home',
      home,
      '--now',
      NOW,
      '--json',
      'id',
      'create',
      name!,
      '--key-type',
      keyType!,
      '--label',
      label!,
    ]);
    if (r.code !== 0) throw new Error(`id create ${name} failed: ${r.stderr}`);
    dids[name!] = r.json().did;
  }
});
afterAll(() => cleanup(dir));

const subjectFile = (type: string) => fixture('subjects', `${type}.json`);
const subjectOf = (type: string) => JSON.parse(readFileSync(subjectFile(type), 'utf8')) as Record<string, any>;

function dataFile(name: string, data: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(data));
  return file;
}

const issue = (type: string, issuer: string, extra: string[], data = subjectFile(type)) =>
  radcred([
    '--home',
    home,
    '--now',
    NOW,
    '--json',
    'issue',
    type,
    '--issuer',
    issuer,
    '--subject',
    dids.priya!,
    '--data',
    data,
    ...extra,
  ]);

const ISSUERS: [string, string][] = [
  ['MedicalDegreeCredential', 'lakeshore'],
  ['GraduateMedicalEducationCredential', 'lakeshore'],
  ['BoardCertificationCredential', 'abr'],
  ['MedicalLicenseCredential', 'tmb'],
  ['CMECertificateCredential', 'rsna'],
  ['ProfessionalLiabilityCoverageCredential', 'lspm'],
  ['ClaimsHistoryCredential', 'lspm'],
  ['ClinicalPrivilegesCredential', 'northbay'],
  ['ControlledSubstanceRegistrationCredential', 'dea'],
  ['ECFMGCertificationCredential', 'ecfmg'],
  // the practitioner signs their own attestation: issuer and holder are one
  ['PractitionerAttestationCredential', 'priya'],
  ['MammographyInterpretationVolumeCredential', 'northbay'],
];

describe('issue and verify every built-in type', () => {
  it.each(ISSUERS)('%s: the fixture issues (by %s) and verifies with the schema checked', async (type, issuer) => {
    const out = join(dir, `${type}.jwt`);
    const r = await issue(type, issuer, ['--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ type, issuer: dids[issuer], subject: dids.priya, out });
    const { payload } = decodeJwt(readFileSync(out, 'utf8'));
    expect(payload.vc.type).toEqual(['VerifiableCredential', type]);
    expect(payload.vc.credentialSubject).toEqual(subjectOf(type));
    expect(payload.vc.credentialSchema.id).toBe(credentialType(type)!.schema.$id);

    const v = await radcred(['--now', NOW, '--json', 'verify', out, '--any-issuer', '--no-ledger']);
    expect(v.code, v.stdout).toBe(0);
    const report = v.json();
    expect(report.verified).toBe(true);
    const checks = report.results[0].checks as { code: string; status: string }[];
    expect(checks).toContainEqual(expect.objectContaining({ code: 'SCHEMA_VALID', status: 'pass' }));
    expect(report.results[0].credentials[0]).toMatchObject({ type, issuer: dids[issuer], subject: dids.priya });
  });

  it.each(ISSUERS.map(([type]) => type))('types show %s --json is the schema issue checks against', async (type) => {
    const r = await radcred(['--json', 'types', 'show', type]);
    expect(r.code).toBe(0);
    expect(r.json()).toEqual(JSON.parse(JSON.stringify(credentialType(type)!.schema)));
  });

  it('types show for a new type shows the fixture as the example', async () => {
    const r = await radcred(['types', 'show', 'ClaimsHistoryCredential']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('urn:radcred:schema:ClaimsHistoryCredential:1');
    expect(r.stdout).toContain('"claimCount": 1');
  });
});

describe('issue refuses what the new types refuse (exit 3, the field named)', () => {
  const refused = async (type: string, issuer: string, data: Record<string, unknown>, name: string) => {
    const r = await issue(type, issuer, [], dataFile(name, data));
    expect(r.code).toBe(3);
    const error = r.json().error;
    expect(error.code).toBe('SUBJECT_INVALID');
    return (error.details as { field: string }[]).map((d) => d.field).sort();
  };

  it('patient data in a claim', async () => {
    const history = subjectOf('ClaimsHistoryCredential');
    history.claims[0].patientName = 'Jane Doe';
    expect(await refused('ClaimsHistoryCredential', 'lspm', history, 'patient.json')).toEqual([
      '/claims/0/patientName',
    ]);
  });

  it('a claim count that does not match, and a claim outside the look-back', async () => {
    const history = subjectOf('ClaimsHistoryCredential');
    history.claimCount = 0;
    history.claims[0].reportedDate = '2015-06-01';
    history.claims[0].incidentDate = '2015-01-20'; // still before the report
    expect(await refused('ClaimsHistoryCredential', 'lspm', history, 'count.json')).toEqual([
      '/claimCount',
      '/claims/0/reportedDate',
    ]);
  });

  it('coverage whose aggregate is below the per-claim limit and whose retroactive date follows the policy start', async () => {
    const coverage = {
      ...subjectOf('ProfessionalLiabilityCoverageCredential'),
      limitAggregateUSD: 500000,
      retroactiveDate: '2026-02-01',
    };
    expect(await refused('ProfessionalLiabilityCoverageCredential', 'lspm', coverage, 'coverage.json')).toEqual([
      '/limitAggregateUSD',
      '/retroactiveDate',
    ]);
  });

  it('training that ends before it starts, with a status not in the list', async () => {
    const gme = {
      ...subjectOf('GraduateMedicalEducationCredential'),
      endDate: '2013-06-30',
      completionStatus: 'graduated',
    };
    expect(await refused('GraduateMedicalEducationCredential', 'lakeshore', gme, 'gme.json')).toEqual([
      '/completionStatus',
      '/endDate',
    ]);
  });

  it('privileges that expire the day they are granted', async () => {
    const privileges = { ...subjectOf('ClinicalPrivilegesCredential'), expirationDate: '2025-07-01' };
    expect(await refused('ClinicalPrivilegesCredential', 'northbay', privileges, 'privileges.json')).toEqual([
      '/expirationDate',
    ]);
  });

  it('a DEA registration number with a wrong check digit, and a schedule DEA does not have', async () => {
    const registration = {
      ...subjectOf('ControlledSubstanceRegistrationCredential'),
      registrationNumber: 'BH4821308',
      schedules: ['2', '6'],
    };
    expect(await refused('ControlledSubstanceRegistrationCredential', 'dea', registration, 'dea.json')).toEqual([
      '/registrationNumber',
      '/schedules/1',
    ]);
  });

  it('an attestation that answers "yes" without saying why', async () => {
    const attestation = subjectOf('PractitionerAttestationCredential');
    attestation.answers[2].answer = 'yes';
    expect(await refused('PractitionerAttestationCredential', 'priya', attestation, 'attestation.json')).toEqual([
      '/answers/2/explanation',
    ]);
  });

  it('completed training that ends after the issuing day (--now), whatever --valid-from says', async () => {
    const gme = { ...subjectOf('GraduateMedicalEducationCredential'), endDate: '2026-11-28' };
    expect(await refused('GraduateMedicalEducationCredential', 'lakeshore', gme, 'gme-future.json')).toEqual([
      '/endDate',
    ]);
    const r = await issue(
      'GraduateMedicalEducationCredential',
      'lakeshore',
      ['--valid-from', '2026-12-01'],
      dataFile('gme-future-2.json', gme),
    );
    expect(r.code).toBe(3);
    expect(r.json().error.details.map((d: { field: string }) => d.field)).toEqual(['/endDate']);
  });

  it('a board status dated before the certification', async () => {
    const board = { ...subjectOf('BoardCertificationCredential'), statusAsOf: '2016-01-01' };
    expect(await refused('BoardCertificationCredential', 'abr', board, 'board.json')).toEqual(['/statusAsOf']);
  });
});
