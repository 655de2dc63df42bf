// Each verified credential's own facts (src/policy/facts.ts): its checks (code and status) and
// whether it can satisfy a requirement for its type. Lapsed is not adverse: an inactive license
// elsewhere, relinquished privileges or a lapsed registration are warnings, while a suspension or
// revocation fails. Views are built directly (test/policy/builders.ts), never through a schema.
import { describe, expect, it } from 'vitest';
import type { CredentialView } from '../../src/credential/claims.js';
import { factsOf } from '../../src/policy/facts.js';
import type { Policy } from '../../src/policy/policy.js';
import { at, TODAY, view } from './builders.js';

const facts = (v: CredentialView, policy: Partial<Policy> = {}) =>
  factsOf(v, { policy: { require: [], cme: [], ...policy }, today: TODAY });
/** [ok, [status, code]...] */
const judged = (v: CredentialView, policy: Partial<Policy> = {}) => {
  const f = facts(v, policy);
  return [f.ok, ...f.checks.map((c) => [c.status, c.code])];
};

describe('MedicalLicenseCredential', () => {
  const license = (edit: Record<string, unknown> = {}) => view('MedicalLicenseCredential', edit);
  const PA_ONLY = { license: { jurisdictions: ['US-PA'] } };

  it('active and unexpired: LICENSE_ACTIVE, naming the credential; expiring today is still active', () => {
    const l = license();
    expect(facts(l).checks).toEqual([
      expect.objectContaining({ check: 'license', status: 'pass', code: 'LICENSE_ACTIVE', credential: l.digest }),
    ]);
    expect(judged(license({ expirationDate: TODAY }))).toEqual([true, ['pass', 'LICENSE_ACTIVE']]);
  });

  it('expirationDate yesterday: LICENSE_EXPIRED, and it cannot satisfy a requirement', () => {
    expect(judged(license({ expirationDate: '2026-11-26' }))).toEqual([false, ['fail', 'LICENSE_EXPIRED']]);
  });

  it.each(['suspended', 'revoked', 'probation', 'restricted'])(
    'status %s: LICENSE_NOT_ACTIVE (a failure wherever the license is)',
    (status) => {
      expect(judged(license({ status }))).toEqual([false, ['fail', 'LICENSE_NOT_ACTIVE']]);
      expect(judged(license({ status }), PA_ONLY)).toEqual([false, ['fail', 'LICENSE_NOT_ACTIVE']]);
    },
  );

  it.each(['inactive', 'expired'])(
    'status %s where the policy names no jurisdictions: LICENSE_NOT_ACTIVE',
    (status) => {
      expect(judged(license({ status }))).toEqual([false, ['fail', 'LICENSE_NOT_ACTIVE']]);
    },
  );

  it.each(['inactive', 'expired'])(
    "status %s outside the policy's jurisdictions: LICENSE_INACTIVE_ELSEWHERE, a warning",
    (status) => {
      const f = facts(license({ status }), PA_ONLY);
      expect([f.ok, f.checks.map((c) => [c.status, c.code])]).toEqual([
        false,
        [['warn', 'LICENSE_INACTIVE_ELSEWHERE']],
      ]);
      expect(f.checks[0]!.message).toBe(`US-TX license Q4821 is ${status} (outside US-PA: noted, not failed)`);
    },
  );

  it("active but past its expirationDate outside the policy's jurisdictions: LICENSE_INACTIVE_ELSEWHERE too", () => {
    expect(judged(license({ expirationDate: '2026-06-30' }), PA_ONLY)).toEqual([
      false,
      ['warn', 'LICENSE_INACTIVE_ELSEWHERE'],
    ]);
  });

  it('inactive in a jurisdiction the policy names: LICENSE_NOT_ACTIVE, a failure', () => {
    expect(judged(license({ status: 'inactive' }), { license: { jurisdictions: ['US-TX'] } })).toEqual([
      false,
      ['fail', 'LICENSE_NOT_ACTIVE'],
    ]);
  });

  it('restrictions: LICENSE_ACTIVE and a LICENSE_RESTRICTED warning naming them', () => {
    const f = facts(license({ restrictions: ['no fluoroscopy'] }));
    expect([f.ok, f.checks.map((c) => [c.status, c.code])]).toEqual([
      true,
      [
        ['pass', 'LICENSE_ACTIVE'],
        ['warn', 'LICENSE_RESTRICTED'],
      ],
    ]);
    expect(f.checks[1]!.message).toContain('no fluoroscopy');
  });
});

describe('BoardCertificationCredential', () => {
  const board = (edit: Record<string, unknown> = {}) => view('BoardCertificationCredential', edit);

  it('certified: BOARD_CERTIFIED', () => {
    expect(judged(board())).toEqual([true, ['pass', 'BOARD_CERTIFIED']]);
  });

  it.each(['revoked', 'suspended', 'expired', 'not certified', 'inactive'])(
    'status %s: BOARD_NOT_CERTIFIED, and it cannot satisfy a requirement',
    (status) => {
      const f = facts(board({ status }));
      expect([f.ok, f.checks.map((c) => [c.status, c.code])]).toEqual([false, [['fail', 'BOARD_NOT_CERTIFIED']]]);
      expect(f.why).toContain(`status ${status} as of 2026-11-02`);
    },
  );

  it('the policy may accept other statuses', () => {
    expect(judged(board({ status: 'inactive' }), { board: { status: ['certified', 'inactive'] } })).toEqual([
      true,
      ['pass', 'BOARD_CERTIFIED'],
    ]);
  });

  it('continuing certification: BOARD_CC_NOT_MEETING for "not meeting" or none stated when the policy asks; BOARD_CERTIFIED for "meeting"', () => {
    const policy = { board: { status: ['certified'], continuingCertification: ['meeting', 'not required'] } };
    expect(judged(board({ continuingCertification: 'not meeting' }), policy)).toEqual([
      false,
      ['fail', 'BOARD_CC_NOT_MEETING'],
    ]);
    expect(facts(board({ continuingCertification: undefined }), policy).why).toContain(
      'continuing certification not stated',
    );
    expect(judged(board({ continuingCertification: 'meeting' }), policy)).toEqual([true, ['pass', 'BOARD_CERTIFIED']]);
    expect(judged(board({ continuingCertification: 'not meeting' }))).toEqual([true, ['pass', 'BOARD_CERTIFIED']]); // no rule, not judged
  });
});

describe('ProfessionalLiabilityCoverageCredential', () => {
  // the fixture: $1,000,000 / $3,000,000, claims-made, 2026-01-01 to 2027-01-01
  const coverage = (edit: Record<string, unknown> = {}) => view('ProfessionalLiabilityCoverageCredential', edit);
  const MINIMUMS = { coverage: { minPerClaimUSD: 1_000_000, minAggregateUSD: 3_000_000 } };

  it('in force and at the minimums exactly: COVERAGE_IN_FORCE', () => {
    expect(judged(coverage(), MINIMUMS)).toEqual([true, ['pass', 'COVERAGE_IN_FORCE']]);
  });

  it('$100,000/$300,000 against $1,000,000/$3,000,000: COVERAGE_BELOW_MINIMUM, naming both limits', () => {
    const f = facts(coverage({ limitPerClaimUSD: 100_000, limitAggregateUSD: 300_000 }), MINIMUMS);
    expect([f.ok, f.checks.map((c) => [c.status, c.code])]).toEqual([false, [['fail', 'COVERAGE_BELOW_MINIMUM']]]);
    expect(f.checks[0]!.message).toContain('per claim $100,000 < $1,000,000, aggregate $300,000 < $3,000,000');
  });

  it('a dollar below either minimum: COVERAGE_BELOW_MINIMUM', () => {
    expect(judged(coverage({ limitPerClaimUSD: 999_999 }), MINIMUMS)).toEqual([
      false,
      ['fail', 'COVERAGE_BELOW_MINIMUM'],
    ]);
    expect(judged(coverage({ limitAggregateUSD: 2_999_999 }), MINIMUMS)).toEqual([
      false,
      ['fail', 'COVERAGE_BELOW_MINIMUM'],
    ]);
  });

  it('not in force on the decision day (not yet, or no longer): COVERAGE_NOT_IN_FORCE; in force on its last day', () => {
    expect(judged(coverage({ effectiveDate: '2026-11-28' }))).toEqual([false, ['fail', 'COVERAGE_NOT_IN_FORCE']]);
    expect(judged(coverage({ expirationDate: '2026-11-26' }))).toEqual([false, ['fail', 'COVERAGE_NOT_IN_FORCE']]);
    expect(judged(coverage({ expirationDate: TODAY }))).toEqual([true, ['pass', 'COVERAGE_IN_FORCE']]);
  });

  it('throughAppointment: ending 2027-01-01 before an appointment until 2027-06-30 is COVERAGE_LAPSES; through its last second, in force', () => {
    const through = { coverage: { throughAppointment: true } };
    expect(judged(coverage(), { ...through, appointmentUntil: at('2027-06-30', '23:59:59') })).toEqual([
      false,
      ['fail', 'COVERAGE_LAPSES'],
    ]);
    expect(judged(coverage(), { ...through, appointmentUntil: at('2027-01-02', '00:00:00') })).toEqual([
      false,
      ['fail', 'COVERAGE_LAPSES'],
    ]);
    expect(judged(coverage(), { ...through, appointmentUntil: at('2027-01-01', '23:59:59') })).toEqual([
      true,
      ['pass', 'COVERAGE_IN_FORCE'],
    ]);
    // without the rule, an appointment past the expiry is the expiry check's (a warning), not the coverage's
    expect(judged(coverage(), { appointmentUntil: at('2027-06-30', '23:59:59') })).toEqual([
      true,
      ['pass', 'COVERAGE_IN_FORCE'],
    ]);
  });
});

describe('ClinicalPrivilegesCredential', () => {
  const privileges = (edit: Record<string, unknown> = {}) =>
    view('ClinicalPrivilegesCredential', edit, { issuer: 'northbay' });

  it.each(['active', 'provisional'])('%s and unexpired: PRIVILEGES_ACTIVE', (status) => {
    expect(judged(privileges({ status }))).toEqual([true, ['pass', 'PRIVILEGES_ACTIVE']]);
  });

  it.each(['suspended', 'revoked'])('%s: PRIVILEGES_ADVERSE, a failure', (status) => {
    expect(judged(privileges({ status }))).toEqual([false, ['fail', 'PRIVILEGES_ADVERSE']]);
  });

  it('relinquished: PRIVILEGES_INACTIVE, a warning (noted, not failed)', () => {
    expect(judged(privileges({ status: 'relinquished' }))).toEqual([false, ['warn', 'PRIVILEGES_INACTIVE']]);
  });

  it('active but past expirationDate: PRIVILEGES_INACTIVE, a warning', () => {
    expect(judged(privileges({ expirationDate: '2026-10-31' }))).toEqual([false, ['warn', 'PRIVILEGES_INACTIVE']]);
  });
});

describe('ControlledSubstanceRegistrationCredential', () => {
  const registration = (edit: Record<string, unknown> = {}) => view('ControlledSubstanceRegistrationCredential', edit);

  it('active and unexpired: REGISTRATION_ACTIVE, with its schedules', () => {
    const f = facts(registration());
    expect([f.ok, f.checks.map((c) => [c.status, c.code])]).toEqual([true, [['pass', 'REGISTRATION_ACTIVE']]]);
    expect(f.checks[0]!.message).toContain('schedules 2, 2N, 3, 3N, 4, 5');
  });

  it.each(['revoked', 'surrendered'])('%s: REGISTRATION_ADVERSE, a failure', (status) => {
    expect(judged(registration({ status }))).toEqual([false, ['fail', 'REGISTRATION_ADVERSE']]);
  });

  it.each(['expired', 'inactive'])('%s: REGISTRATION_LAPSED, a warning', (status) => {
    expect(judged(registration({ status }))).toEqual([false, ['warn', 'REGISTRATION_LAPSED']]);
  });

  it('active but past expirationDate: REGISTRATION_LAPSED', () => {
    expect(judged(registration({ expirationDate: '2026-05-31' }))).toEqual([false, ['warn', 'REGISTRATION_LAPSED']]);
  });
});

describe('ECFMGCertificationCredential', () => {
  it('certified: ECFMG_CERTIFIED; revoked: ECFMG_NOT_CERTIFIED, a failure', () => {
    expect(judged(view('ECFMGCertificationCredential'))).toEqual([true, ['pass', 'ECFMG_CERTIFIED']]);
    expect(judged(view('ECFMGCertificationCredential', { status: 'revoked' }))).toEqual([
      false,
      ['fail', 'ECFMG_NOT_CERTIFIED'],
    ]);
  });
});

describe('PractitionerAttestationCredential', () => {
  it('no explanation given: ATTESTATION_CLEAN', () => {
    expect(judged(view('PractitionerAttestationCredential'))).toEqual([true, ['pass', 'ATTESTATION_CLEAN']]);
  });

  it('an answer with an explanation: ATTESTATION_DISCLOSURE, a warning showing it; the attestation still satisfies a requirement', () => {
    const answers = [
      { question: 'Are you unable to perform the privileges requested?', answer: 'no' },
      {
        question: 'Has any license or privilege been limited, suspended or revoked?',
        answer: 'yes',
        explanation: 'California license on probation 2019-2020, ended',
      },
    ];
    const f = facts(view('PractitionerAttestationCredential', { answers }));
    expect([f.ok, f.checks.map((c) => [c.status, c.code])]).toEqual([true, [['warn', 'ATTESTATION_DISCLOSURE']]]);
    expect(f.checks[0]!.message).toContain('yes: California license on probation 2019-2020, ended');
  });
});

describe('GraduateMedicalEducationCredential, and types without facts of their own', () => {
  it('completed training satisfies a requirement; training in progress does not, and says why', () => {
    expect(facts(view('GraduateMedicalEducationCredential'))).toEqual({ ok: true, checks: [] });
    const f = facts(view('GraduateMedicalEducationCredential', { completionStatus: 'in progress' }));
    expect([f.ok, f.checks]).toEqual([false, []]);
    expect(f.why).toContain('is in progress, not completed');
  });

  it('a degree and a CME certificate satisfy as they are, with no checks of their own', () => {
    for (const type of ['MedicalDegreeCredential', 'CMECertificateCredential'])
      expect(facts(view(type)), type).toEqual({ ok: true, checks: [] });
  });
});
