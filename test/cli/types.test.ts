// types | types show TYPE
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture, radcred } from '../helpers.js';

// The contract's required subject fields (DESIGN.md "Credential types").
const REQUIRED: Record<string, string[]> = {
  MedicalDegreeCredential: ['name', 'degree', 'school', 'conferralDate'],
  GraduateMedicalEducationCredential: [
    'name',
    'trainingType',
    'specialty',
    'programName',
    'startDate',
    'endDate',
    'completionStatus',
  ],
  BoardCertificationCredential: ['name', 'board', 'certificate', 'initialCertificationDate', 'status', 'statusAsOf'],
  MedicalLicenseCredential: [
    'name',
    'jurisdiction',
    'licenseNumber',
    'licenseType',
    'status',
    'issuedDate',
    'expirationDate',
  ],
  CMECertificateCredential: [
    'name',
    'activityTitle',
    'activityId',
    'provider',
    'providerAccreditation',
    'format',
    'activityStartDate',
    'activityEndDate',
    'creditType',
    'creditsAvailable',
    'creditsEarned',
  ],
  ProfessionalLiabilityCoverageCredential: [
    'name',
    'carrier',
    'policyNumber',
    'coverageType',
    'limitPerClaimUSD',
    'limitAggregateUSD',
    'effectiveDate',
    'expirationDate',
  ],
  ClaimsHistoryCredential: ['name', 'lookbackFrom', 'lookbackTo', 'claimCount', 'claims'],
  ClinicalPrivilegesCredential: ['name', 'facility', 'privileges', 'status', 'grantedDate', 'expirationDate'],
  ControlledSubstanceRegistrationCredential: [
    'name',
    'registrationNumber',
    'authority',
    'jurisdiction',
    'schedules',
    'status',
    'expirationDate',
  ],
  ECFMGCertificationCredential: ['name', 'ecfmgNumber', 'certificationDate', 'status'],
  PractitionerAttestationCredential: ['name', 'attestedDate', 'answers'],
  MammographyInterpretationVolumeCredential: ['name', 'facility', 'periodFrom', 'periodTo', 'examCount'],
};

describe('types', () => {
  it('lists the built-in types with their schema ids (--json) and names them for humans', async () => {
    const r = await radcred(['--json', 'types']);
    expect(r.code).toBe(0);
    const types = r.json().types as { type: string; description: string; schema: string }[];
    expect(types.map((t) => t.type)).toEqual(expect.arrayContaining(Object.keys(REQUIRED)));
    for (const t of types) {
      expect(t.description.length).toBeGreaterThan(0);
      expect(typeof t.schema).toBe('string');
    }
    expect(new Set(types.map((t) => t.schema)).size).toBe(types.length);
    const human = await radcred(['types']);
    expect(human.code).toBe(0);
    for (const t of types) expect(human.stdout).toContain(t.type);
  });

  it('lists all twelve built-in types, in the DESIGN.md order, one entry each for humans', async () => {
    const r = await radcred(['--json', 'types']);
    expect(r.json().types.map((t: { type: string }) => t.type)).toEqual(Object.keys(REQUIRED));
    const human = await radcred(['types']);
    // a description too long for 100 columns continues under itself
    for (const line of human.stdout.trim().split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    const lines = human.stdout
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith(' '));
    expect(lines).toHaveLength(12);
    Object.keys(REQUIRED).forEach((type, i) => expect(lines[i]).toMatch(new RegExp(`^${type}\\s+\\S`)));
  });

  it.each(Object.keys(REQUIRED))('types show %s --json prints exactly the subject JSON Schema', async (type) => {
    const r = await radcred(['--json', 'types', 'show', type]);
    expect(r.code).toBe(0);
    const schema = r.json();
    const listed = (await radcred(['--json', 'types'])).json().types.find((t: { type: string }) => t.type === type);
    expect(schema.$id).toBe(listed.schema);
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(expect.arrayContaining(REQUIRED[type]!));
    for (const field of REQUIRED[type]!) expect(schema.properties).toHaveProperty(field);
    // the subject carries no id (that is --subject)
    expect(schema.required).not.toContain('id');
    // every field of the fixture subject is one the schema defines
    const subject = JSON.parse(readFileSync(fixture('subjects', `${type}.json`), 'utf8'));
    for (const field of Object.keys(subject)) expect(schema.properties).toHaveProperty(field);
  });

  it('types show without --json shows the schema and an example for humans', async () => {
    const r = await radcred(['types', 'show', 'MedicalLicenseCredential']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('urn:radcred:schema:MedicalLicenseCredential');
    expect(r.stdout).toContain('licenseNumber');
  });

  it('an unknown type is a usage error (exit 2)', async () => {
    const r = await radcred(['--json', 'types', 'show', 'DriversLicenseCredential']);
    expect(r.code).toBe(2);
    expect(r.json().error.code).toBe('TYPE_UNKNOWN');
  });
});
