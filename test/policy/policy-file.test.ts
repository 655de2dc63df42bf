// The policy file (src/policy/policy-file.ts, `request create --policy FILE`): an office's bylaws,
// version 1, every key optional, read strictly: an unknown key (at the top or nested), a wrong
// type, an unknown preset or another version is POLICY_INVALID (bad input, exit 3) with the key
// named. Also mergeCme (src/policy/policy.ts): two different rules of one name are refused.
import { describe, expect, it } from 'vitest';
import { CME_PRESETS } from '../../src/policy/cme-rules.js';
import { parsePolicyFile } from '../../src/policy/policy-file.js';
import { mergeCme } from '../../src/policy/policy.js';
import { errorOf } from '../helpers.js';

const parse = (value: unknown) =>
  parsePolicyFile(typeof value === 'string' ? value : JSON.stringify(value), 'bylaws.json');
const DESIGN_EXAMPLE = {
  version: 1,
  require: ['MedicalLicenseCredential', 'BoardCertificationCredential'],
  license: { jurisdictions: ['US-PA'] },
  board: { status: ['certified'], continuingCertification: ['meeting', 'not required'] },
  coverage: { minPerClaimUSD: 1000000, minAggregateUSD: 3000000, throughAppointment: true },
  claims: { minLookbackYears: 10 },
  maxSourceAgeDays: 120,
  cme: ['abr', 'pa'],
};
const CUSTOM_RULE = {
  name: 'northbay-mammo',
  window: { type: 'rolling', months: 24 },
  requirements: [{ label: 'mammography', credits: 40, topics: ['mammography'] }],
};

/** The POLICY_INVALID a file gives; its message names `key` as the key at fault. */
function refused(value: unknown, key: string): string {
  const e = errorOf(() => parse(value));
  expect([e.code, e.kind]).toEqual(['POLICY_INVALID', 'input']);
  expect(e.message).toContain(`policy file bylaws.json: ${key} `);
  return e.message;
}

describe('parsePolicyFile', () => {
  it('reads the example of DESIGN.md: every rule, and the presets in full', () => {
    expect(parse(DESIGN_EXAMPLE)).toEqual({
      require: ['MedicalLicenseCredential', 'BoardCertificationCredential'],
      license: { jurisdictions: ['US-PA'] },
      board: { status: ['certified'], continuingCertification: ['meeting', 'not required'] },
      coverage: { minPerClaimUSD: 1000000, minAggregateUSD: 3000000, throughAppointment: true },
      claims: { minLookbackYears: 10 },
      maxSourceAgeDays: 120,
      cme: [CME_PRESETS.abr, CME_PRESETS.pa],
    });
  });

  it('every key is optional: {} and {"version": 1} ask for nothing', () => {
    expect(parse({})).toEqual({ require: [], cme: [] });
    expect(parse({ version: 1 })).toEqual({ require: [], cme: [] });
  });

  it('a name, interpretation volume, a custom rule beside a preset; a board rule without status accepts "certified"', () => {
    const p = parse({
      name: 'Northbay bylaws 2027',
      interpretationVolume: { minExams: 960, months: 24 },
      cme: ['MQSA', CUSTOM_RULE],
      board: { continuingCertification: ['meeting'] },
    });
    expect(p).toMatchObject({
      name: 'Northbay bylaws 2027',
      interpretationVolume: { minExams: 960, months: 24 },
      board: { status: ['certified'], continuingCertification: ['meeting'] },
    });
    expect(p.cme).toEqual([CME_PRESETS.mqsa, { ...CUSTOM_RULE, description: 'custom rule northbay-mammo' }]);
  });

  it('a type or a jurisdiction named twice is kept once', () => {
    const p = parse({
      require: ['MedicalLicenseCredential', 'MedicalLicenseCredential'],
      license: { jurisdictions: ['US-PA', 'US-PA', 'US-NJ'] },
    });
    expect([p.require, p.license]).toEqual([['MedicalLicenseCredential'], { jurisdictions: ['US-PA', 'US-NJ'] }]);
  });

  it.each([
    ['an unknown top-level key', { ...DESIGN_EXAMPLE, requires: ['MedicalLicenseCredential'] }, 'requires'],
    ["an appointment (a request's, not the bylaws')", { appointmentUntil: '2027-06-30' }, 'appointmentUntil'],
    [
      'an unknown key in coverage (minPerClaim for minPerClaimUSD)',
      { coverage: { minPerClaim: 1000000 } },
      'coverage.minPerClaim',
    ],
    ['an unknown key in license', { license: { jurisdiction: ['US-PA'] } }, 'license.jurisdiction'],
    ['an unknown key in board', { board: { statuses: ['certified'] } }, 'board.statuses'],
    ['an unknown key in claims', { claims: { minLookbackYears: 10, since: '2016-01-01' } }, 'claims.since'],
    [
      'an unknown key in interpretationVolume',
      { interpretationVolume: { minExams: 960, months: 24, modality: 'mammography' } },
      'interpretationVolume.modality',
    ],
    ['a string for a number (maxSourceAgeDays "120")', { maxSourceAgeDays: '120' }, 'maxSourceAgeDays'],
    ['maxSourceAgeDays 0', { maxSourceAgeDays: 0 }, 'maxSourceAgeDays'],
    [
      'a string for a number (coverage.minPerClaimUSD "1000000")',
      { coverage: { minPerClaimUSD: '1000000' } },
      'coverage.minPerClaimUSD',
    ],
    ['cents in a dollar minimum', { coverage: { minAggregateUSD: 3000000.5 } }, 'coverage.minAggregateUSD'],
    ['a negative minimum', { coverage: { minPerClaimUSD: -1 } }, 'coverage.minPerClaimUSD'],
    ['throughAppointment "yes"', { coverage: { throughAppointment: 'yes' } }, 'coverage.throughAppointment'],
    ['a coverage rule naming no minimum', { coverage: {} }, 'coverage'],
    ['coverage that is not an object', { coverage: 1000000 }, 'coverage'],
    ['claims.minLookbackYears "10"', { claims: { minLookbackYears: '10' } }, 'claims.minLookbackYears'],
    ['claims without minLookbackYears', { claims: {} }, 'claims.minLookbackYears'],
    ['claims.minLookbackYears 31', { claims: { minLookbackYears: 31 } }, 'claims.minLookbackYears'],
    ['require that is not a list', { require: 'MedicalLicenseCredential' }, 'require'],
    ['an empty require', { require: [] }, 'require'],
    ['require with a name that is not a type', { require: ['Medical License'] }, 'require'],
    ['license.jurisdictions that is not a list', { license: { jurisdictions: 'US-PA' } }, 'license.jurisdictions'],
    [
      'a jurisdiction that is not ISO 3166-2',
      { license: { jurisdictions: ['Pennsylvania'] } },
      'license.jurisdictions',
    ],
    ['license without jurisdictions', { license: {} }, 'license.jurisdictions'],
    ['a board status the board does not use', { board: { status: ['active'] } }, 'board.status'],
    [
      'a continuing certification value it does not use',
      { board: { continuingCertification: ['yes'] } },
      'board.continuingCertification',
    ],
    ['cme that is not a list', { cme: 'abr' }, 'cme'],
    ['an empty cme list', { cme: [] }, 'cme'],
    ['an unknown preset name in cme', { cme: ['abr', 'ny'] }, 'cme[1]'],
    ['version 2', { ...DESIGN_EXAMPLE, version: 2 }, 'version'],
    ['version "1"', { version: '1' }, 'version'],
    ['a name on two lines', { name: 'Northbay\nApproved by the board' }, 'name'],
    [
      'interpretationVolume.minExams 0',
      { interpretationVolume: { minExams: 0, months: 24 } },
      'interpretationVolume.minExams',
    ],
  ])('refuses %s: POLICY_INVALID naming the key', (_what, value, key) => {
    refused(value, key as string);
  });

  it('the message says what the key takes', () => {
    expect(refused({ coverage: { minPerClaim: 1 } }, 'coverage.minPerClaim')).toContain(
      'coverage takes minPerClaimUSD, minAggregateUSD, throughAppointment',
    );
    expect(refused({ cme: ['ny'] }, 'cme[0]')).toContain('"ny" is not a preset (abr, tx, ca, pa, mqsa)');
    expect(refused({ versions: 1 }, 'versions')).toContain('is not a policy key');
  });

  it.each([
    ['not JSON', '{"version": 1,'],
    ['a JSON list', '[{"version": 1}]'],
    ['a JSON string', '"abr"'],
  ])('a file that is %s: POLICY_INVALID', (_what, text) => {
    const e = errorOf(() => parse(text));
    expect([e.code, e.kind]).toEqual(['POLICY_INVALID', 'input']);
  });

  it('a rule object in cme is read as strictly as a rule file: CME_RULE_INVALID (bad input), saying where', () => {
    const e = errorOf(() => parse({ cme: ['abr', { ...CUSTOM_RULE, windowMonth: 24 }] }));
    expect([e.code, e.kind]).toEqual(['CME_RULE_INVALID', 'input']);
    expect(e.message).toContain('bylaws.json, cme[1]');
  });
});

describe('mergeCme', () => {
  it('the same rule twice is kept once, in the order given', () => {
    expect(
      mergeCme([CME_PRESETS.abr!, CME_PRESETS.pa!, JSON.parse(JSON.stringify(CME_PRESETS.abr))]).map((r) => r.name),
    ).toEqual(['abr', 'pa']);
  });

  it('two different rules of one name: POLICY_INVALID (or the code asked for)', () => {
    const other = { ...CME_PRESETS.abr!, requirements: [{ label: 'total', credits: 1 }] };
    expect(errorOf(() => mergeCme([CME_PRESETS.abr!, other])).code).toBe('POLICY_INVALID');
    expect(errorOf(() => mergeCme([CME_PRESETS.abr!, other], 'REQUEST_INVALID')).code).toBe('REQUEST_INVALID');
  });
});
