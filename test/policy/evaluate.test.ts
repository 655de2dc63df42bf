// Step 5 on its own (src/policy/evaluate.ts): required types counted only when verified and their
// own facts pass, each credential's facts, the policy's rules, every CME rule with its tally, and
// the appointment period, over real credentials (signed with the demo seeds, no schema, no
// keystore) marked verified or not. The issue 12 regressions are named as such.
import { describe, expect, it } from 'vitest';
import { CME_PRESETS } from '../../src/policy/cme-rules.js';
import type { CmeTally } from '../../src/policy/cme-tally.js';
import { at, cmeView, codes, evaluate, failed, ok, passes, statusCodes, TODAY, view } from './builders.js';

const LICENSE = 'MedicalLicenseCredential';
const BOARD = 'BoardCertificationCredential';
const COVERAGE = 'ProfessionalLiabilityCoverageCredential';
const license = (edit: Record<string, unknown> = {}) => view(LICENSE, edit);
const board = (edit: Record<string, unknown> = {}) => view(BOARD, edit);
const degree = () => view('MedicalDegreeCredential');
const tallyOf = (check: { details?: unknown }) => check.details as CmeTally;
const cmeChecks = (checks: ReturnType<typeof evaluate>) => checks.filter((c) => c.check === 'cme');

describe('required types', () => {
  it('REQUIRED_PRESENT when verified, REQUIRED_NOT_VERIFIED when presented but failed, REQUIRED_MISSING when absent', () => {
    const checks = evaluate([ok(license()), failed(degree())], {
      require: [LICENSE, 'MedicalDegreeCredential', BOARD],
    });
    expect(statusCodes(checks, 'required')).toEqual([
      ['pass', 'REQUIRED_PRESENT'],
      ['fail', 'REQUIRED_NOT_VERIFIED'],
      ['fail', 'REQUIRED_MISSING'],
    ]);
  });

  it('one verified credential of the type is enough, even beside one that failed', () => {
    expect(statusCodes(evaluate([failed(board()), ok(board())], { require: [BOARD] }), 'required')).toEqual([
      ['pass', 'REQUIRED_PRESENT'],
    ]);
  });

  it('regression (issue 12): a board certificate with status "revoked" does not satisfy a board requirement: REQUIRED_NOT_SATISFIED and BOARD_NOT_CERTIFIED', () => {
    const checks = evaluate([ok(board({ status: 'revoked' }))], { require: [BOARD] });
    expect(statusCodes(checks)).toEqual([
      ['fail', 'REQUIRED_NOT_SATISFIED'],
      ['fail', 'BOARD_NOT_CERTIFIED'],
    ]);
    expect(checks[0]!.message).toContain('status revoked');
    expect(passes(checks)).toBe(false);
  });

  it('a certified board certificate beside the revoked one satisfies it (the revoked one still fails its own check)', () => {
    const checks = evaluate([ok(board({ status: 'revoked' })), ok(board())], { require: [BOARD] });
    expect(statusCodes(checks)).toEqual([
      ['pass', 'REQUIRED_PRESENT'],
      ['fail', 'BOARD_NOT_CERTIFIED'],
      ['pass', 'BOARD_CERTIFIED'],
    ]);
  });

  it('a board certificate not meeting continuing certification, training in progress: REQUIRED_NOT_SATISFIED', () => {
    const cc = evaluate([ok(board({ continuingCertification: 'not meeting' }))], {
      require: [BOARD],
      board: { status: ['certified'], continuingCertification: ['meeting'] },
    });
    expect(statusCodes(cc)).toEqual([
      ['fail', 'REQUIRED_NOT_SATISFIED'],
      ['fail', 'BOARD_CC_NOT_MEETING'],
    ]);
    const gme = evaluate([ok(view('GraduateMedicalEducationCredential', { completionStatus: 'in progress' }))], {
      require: ['GraduateMedicalEducationCredential'],
    });
    expect(statusCodes(gme)).toEqual([['fail', 'REQUIRED_NOT_SATISFIED']]);
  });

  it('an attestation with a disclosure satisfies its requirement; the disclosure is a warning and the verdict passes', () => {
    const answers = [{ question: 'Any malpractice claims?', answer: 'yes', explanation: 'one claim, dismissed 2021' }];
    const checks = evaluate([ok(view('PractitionerAttestationCredential', { answers }))], {
      require: ['PractitionerAttestationCredential'],
    });
    expect(statusCodes(checks)).toEqual([
      ['pass', 'REQUIRED_PRESENT'],
      ['warn', 'ATTESTATION_DISCLOSURE'],
    ]);
    expect(passes(checks)).toBe(true);
  });

  it('a credential that did not verify is not judged at all (no facts checks for it)', () => {
    expect(evaluate([failed(board({ status: 'revoked' }))], {})).toEqual([]);
  });
});

describe('facts of every verified credential, required or not', () => {
  it('privileges suspended: PRIVILEGES_ADVERSE fails the verdict; relinquished: PRIVILEGES_INACTIVE, a warning, and it passes', () => {
    const suspended = evaluate(
      [ok(view('ClinicalPrivilegesCredential', { status: 'suspended' }, { issuer: 'northbay' }))],
      {},
    );
    expect([statusCodes(suspended), passes(suspended)]).toEqual([[['fail', 'PRIVILEGES_ADVERSE']], false]);
    const relinquished = evaluate(
      [ok(view('ClinicalPrivilegesCredential', { status: 'relinquished' }, { issuer: 'northbay' }))],
      {},
    );
    expect([statusCodes(relinquished), passes(relinquished)]).toEqual([[['warn', 'PRIVILEGES_INACTIVE']], true]);
  });

  it('registration revoked: REGISTRATION_ADVERSE (fail); expired: REGISTRATION_LAPSED (warn)', () => {
    expect(
      statusCodes(evaluate([ok(view('ControlledSubstanceRegistrationCredential', { status: 'revoked' }))], {})),
    ).toEqual([['fail', 'REGISTRATION_ADVERSE']]);
    expect(
      statusCodes(evaluate([ok(view('ControlledSubstanceRegistrationCredential', { status: 'expired' }))], {})),
    ).toEqual([['warn', 'REGISTRATION_LAPSED']]);
  });

  it('ECFMG revoked: ECFMG_NOT_CERTIFIED, and a requirement for it is not satisfied', () => {
    const checks = evaluate([ok(view('ECFMGCertificationCredential', { status: 'revoked' }))], {
      require: ['ECFMGCertificationCredential'],
    });
    expect(statusCodes(checks)).toEqual([
      ['fail', 'REQUIRED_NOT_SATISFIED'],
      ['fail', 'ECFMG_NOT_CERTIFIED'],
    ]);
  });
});

describe('licenses', () => {
  it('active and unexpired: LICENSE_ACTIVE, naming the credential', () => {
    const l = license();
    expect(evaluate([ok(l)], {})).toEqual([
      expect.objectContaining({ check: 'license', status: 'pass', code: 'LICENSE_ACTIVE', credential: l.digest }),
    ]);
  });

  it('status inactive, suspended, expired or revoked, with no jurisdictions in the policy: LICENSE_NOT_ACTIVE', () => {
    for (const status of ['inactive', 'suspended', 'expired', 'revoked']) {
      expect(statusCodes(evaluate([ok(license({ status }))], {})), status).toEqual([['fail', 'LICENSE_NOT_ACTIVE']]);
    }
  });

  it('expirationDate in the past: LICENSE_EXPIRED; on the verification day itself still active', () => {
    expect(codes(evaluate([ok(license({ expirationDate: '2026-11-26' }))], {}))).toEqual(['LICENSE_EXPIRED']);
    expect(codes(evaluate([ok(license({ expirationDate: TODAY }))], {}))).toEqual(['LICENSE_ACTIVE']);
  });

  it('every verified license is checked; one that did not verify is left to the other checks', () => {
    const checks = evaluate(
      [
        ok(license()),
        ok(license({ jurisdiction: 'US-CA', status: 'inactive' })),
        failed(license({ status: 'inactive' })),
      ],
      {},
    );
    expect(codes(checks)).toEqual(['LICENSE_ACTIVE', 'LICENSE_NOT_ACTIVE']);
  });

  it('regression (issue 12): license.jurisdictions ["US-PA"] with only a US-TX license: LICENSE_JURISDICTION_MISSING, the verdict fails', () => {
    const checks = evaluate([ok(license())], { require: [LICENSE], license: { jurisdictions: ['US-PA'] } });
    expect(statusCodes(checks)).toEqual([
      ['pass', 'REQUIRED_PRESENT'],
      ['pass', 'LICENSE_ACTIVE'],
      ['fail', 'LICENSE_JURISDICTION_MISSING'],
    ]);
    expect(passes(checks)).toBe(false);
  });

  it('regression (issue 12): an inactive US-NY license beside an active US-PA one: LICENSE_INACTIVE_ELSEWHERE, a warning; the verdict passes', () => {
    const ny = license({ jurisdiction: 'US-NY', licenseNumber: '301245', status: 'inactive' });
    const pa = license({ jurisdiction: 'US-PA', licenseNumber: 'MD487213' });
    const checks = evaluate([ok(ny), ok(pa)], { require: [LICENSE], license: { jurisdictions: ['US-PA'] } });
    expect(checks.map((c) => [c.status, c.code, c.credential])).toEqual([
      ['pass', 'REQUIRED_PRESENT', undefined],
      ['warn', 'LICENSE_INACTIVE_ELSEWHERE', ny.digest],
      ['pass', 'LICENSE_ACTIVE', pa.digest],
      ['pass', 'LICENSE_JURISDICTION_MET', pa.digest],
    ]);
    expect(passes(checks)).toBe(true);
  });

  it('a suspended license elsewhere fails the verdict even beside an active one where the policy asks', () => {
    const checks = evaluate(
      [ok(license({ jurisdiction: 'US-NY', status: 'suspended' })), ok(license({ jurisdiction: 'US-PA' }))],
      { license: { jurisdictions: ['US-PA'] } },
    );
    expect(statusCodes(checks)).toEqual([
      ['fail', 'LICENSE_NOT_ACTIVE'],
      ['pass', 'LICENSE_ACTIVE'],
      ['pass', 'LICENSE_JURISDICTION_MET'],
    ]);
  });
});

describe('coverage, claims and source age', () => {
  it('regression (issue 12): $100,000/$300,000 coverage against $1M/$3M: COVERAGE_BELOW_MINIMUM, the requirement not satisfied', () => {
    const checks = evaluate([ok(view(COVERAGE, { limitPerClaimUSD: 100_000, limitAggregateUSD: 300_000 }))], {
      require: [COVERAGE],
      coverage: { minPerClaimUSD: 1_000_000, minAggregateUSD: 3_000_000 },
    });
    expect(statusCodes(checks)).toEqual([
      ['fail', 'REQUIRED_NOT_SATISFIED'],
      ['fail', 'COVERAGE_BELOW_MINIMUM'],
    ]);
  });

  it('regression (issue 12): coverage.throughAppointment with the coverage ending 2027-01-01 before appointmentUntil 2027-06-30: COVERAGE_LAPSES', () => {
    const checks = evaluate([ok(view(COVERAGE))], {
      require: [COVERAGE],
      coverage: { throughAppointment: true },
      appointmentUntil: at('2027-06-30', '23:59:59'),
    });
    expect(statusCodes(checks).filter(([, code]) => code !== 'EXPIRES_DURING_APPOINTMENT')).toEqual([
      ['fail', 'REQUIRED_NOT_SATISFIED'],
      ['fail', 'COVERAGE_LAPSES'],
    ]);
    const inForce = evaluate([ok(view(COVERAGE, { expirationDate: '2027-06-30' }))], {
      require: [COVERAGE],
      coverage: { throughAppointment: true },
      appointmentUntil: at('2027-06-30', '23:59:59'),
    });
    expect(statusCodes(inForce)).toEqual([
      ['pass', 'REQUIRED_PRESENT'],
      ['pass', 'COVERAGE_IN_FORCE'],
    ]);
  });

  it('regression (issue 12): a claims look-back of 1 year against minLookbackYears 10: CLAIMS_LOOKBACK_SHORT; exactly 10 years: met', () => {
    const claims = { claims: { minLookbackYears: 10 } };
    expect(
      statusCodes(evaluate([ok(view('ClaimsHistoryCredential', { lookbackFrom: '2025-11-01' }))], claims)),
    ).toEqual([
      ['warn', 'CLAIMS_REPORTED'],
      ['fail', 'CLAIMS_LOOKBACK_SHORT'],
    ]);
    expect(statusCodes(evaluate([ok(view('ClaimsHistoryCredential'))], claims))).toEqual([
      ['warn', 'CLAIMS_REPORTED'],
      ['pass', 'CLAIMS_LOOKBACK_MET'],
    ]);
  });

  it('regression (issue 12): maxSourceAgeDays 120: a board status as of 120 days before is SOURCES_CURRENT, 121 days SOURCE_TOO_OLD', () => {
    expect(
      statusCodes(evaluate([ok(board({ statusAsOf: '2026-07-30' }))], { maxSourceAgeDays: 120 }), 'source-age'),
    ).toEqual([['pass', 'SOURCES_CURRENT']]);
    expect(
      statusCodes(evaluate([ok(board({ statusAsOf: '2026-07-29' }))], { maxSourceAgeDays: 120 }), 'source-age'),
    ).toEqual([['fail', 'SOURCE_TOO_OLD']]);
  });

  it('interpretation volume, when the policy asks: VOLUME_MET or VOLUME_BELOW_MINIMUM', () => {
    const volume = ok(
      view(
        'MammographyInterpretationVolumeCredential',
        { examCount: 1200, periodFrom: '2025-01-01', periodTo: '2026-10-31' },
        { issuer: 'northbay' },
      ),
    );
    expect(codes(evaluate([volume], { interpretationVolume: { minExams: 960, months: 24 } }))).toEqual(['VOLUME_MET']);
    expect(codes(evaluate([volume], { interpretationVolume: { minExams: 1201, months: 24 } }))).toEqual([
      'VOLUME_BELOW_MINIMUM',
    ]);
    expect(codes(evaluate([volume], {}))).toEqual([]);
  });
});

describe('CME', () => {
  it('CME_MET / CME_NOT_MET with the tally in details; only verified certificates count', () => {
    const a = cmeView(40),
      b = cmeView(35);
    const met = evaluate([ok(a), ok(b)], { cme: [CME_PRESETS.abr!] });
    expect(statusCodes(met)).toEqual([['pass', 'CME_MET']]);
    expect(
      tallyOf(met[0]!)
        .counted.map((c) => c.digest)
        .sort(),
    ).toEqual([a.digest, b.digest].sort());

    const short = evaluate([ok(a), failed(b)], { cme: [CME_PRESETS.abr!] });
    expect(statusCodes(short)).toEqual([['fail', 'CME_NOT_MET']]);
    expect(tallyOf(short[0]!).counted.map((c) => c.digest)).toEqual([a.digest]);
    expect(short[0]!.message).toBe(
      `abr: 35 Category 1 credits short in the 36 months to ${TODAY}; 1 certificate(s) in the window (1 certificate(s) that did not verify not counted)`,
    );
  });

  it('no CME rule, no CME check (certificates presented or not); a rule with no certificates fails', () => {
    expect(cmeChecks(evaluate([ok(cmeView(10))], {}))).toEqual([]);
    expect(codes(evaluate([ok(license())], { cme: [CME_PRESETS.abr!] }))).toContain('CME_NOT_MET');
  });

  it('regression (issue 12): two rules at once are both evaluated, in order; one met and one not fails', () => {
    const checks = evaluate([ok(cmeView(75))], { cme: [CME_PRESETS.abr!, CME_PRESETS.pa!] });
    expect(statusCodes(checks)).toEqual([
      ['pass', 'CME_MET'],
      ['fail', 'CME_NOT_MET'],
    ]);
    expect(cmeChecks(checks).map((c) => tallyOf(c).rule)).toEqual(['abr', 'pa']);
    expect(passes(checks)).toBe(false);
  });

  it("a certificate's topicCredits reach the tally: documented mammography credits count for mqsa, undocumented ones do not", () => {
    const tagged = cmeView(31.25, { topics: ['mammography', 'patient safety'] });
    expect(tallyOf(evaluate([ok(tagged)], { cme: [CME_PRESETS.mqsa!] })[0]!).requirements[0]!.earned).toBe(0);
    const documented = cmeView(31.25, {
      topics: ['mammography', 'patient safety'],
      topicCredits: [
        { topic: 'mammography', credits: 15 },
        { topic: 'patient safety', credits: 16.25 },
      ],
    });
    expect(codes(evaluate([ok(documented)], { cme: [CME_PRESETS.mqsa!] }))).toEqual(['CME_MET']);
  });

  it('AOA Category 1-A and AAFP Prescribed certificates count as Category 1 through step 5 too', () => {
    const checks = evaluate(
      [
        ok(cmeView(25)),
        ok(cmeView(25, { creditType: 'AOA Category 1-A Credit' })),
        ok(cmeView(25, { creditType: 'AAFP Prescribed Credit' })),
      ],
      { cme: [CME_PRESETS.abr!] },
    );
    expect(codes(checks)).toEqual(['CME_MET']);
  });
});

describe('CME license cycles (tx: 22 Tex. Admin. Code § 166.2(a))', () => {
  // 24 Category 1 with 2 in ethics, and 24 more: tx is met in any cycle holding 2026-06-15
  const txCredits = () => [
    cmeView(22, { activityEndDate: '2026-06-15' }),
    cmeView(2, { topics: ['ethics'], activityEndDate: '2026-06-15' }),
    cmeView(24, { creditType: 'AMA PRA Category 2 Credit', activityEndDate: '2026-06-15' }),
  ];
  const tx = { cme: [CME_PRESETS.tx!] };

  it('the verified TX license places the window: 24 months to its expiry (2027-08-31)', () => {
    const [check] = cmeChecks(evaluate([ok(license()), ...txCredits().map(ok)], tx));
    expect([check!.code, tallyOf(check!).windowFrom, tallyOf(check!).windowTo]).toEqual([
      'CME_MET',
      '2025-08-31',
      TODAY,
    ]);
  });

  it('no TX license: CME_NOT_MET, and the message says why', () => {
    const [check] = cmeChecks(evaluate(txCredits().map(ok), tx));
    expect(check!.status).toBe('fail');
    expect(check!.message).toBe(
      'tx: the window is the US-TX license cycle, and no verified US-TX license was presented; 0 certificate(s) in the window',
    );
  });

  it('a California license does not place a Texas window; nor does an expired Texas license, or one that did not verify', () => {
    for (const presented of [
      [ok(license({ jurisdiction: 'US-CA' }))],
      [ok(license({ expirationDate: '2026-10-31' }))],
      [failed(license())],
    ]) {
      expect(cmeChecks(evaluate([...presented, ...txCredits().map(ok)], tx)).map((c) => c.code)).toEqual([
        'CME_NOT_MET',
      ]);
    }
  });

  it('several TX licenses: the latest expiry places the window (a certificate of 2025-06-01 is in the earlier cycle only)', () => {
    const june25 = cmeView(1, { activityEndDate: '2025-06-01' });
    const earlier = license({ expirationDate: '2027-02-28' }),
      later = license({ expirationDate: '2027-08-31' });
    const both = tallyOf(cmeChecks(evaluate([ok(earlier), ok(later), ok(june25), ...txCredits().map(ok)], tx))[0]!);
    expect(both.windowFrom).toBe('2025-08-31');
    expect(both.excluded).toEqual([
      { digest: june25.digest, activityId: june25.subjectData.activityId, reason: 'outside-window' },
    ]);
    const earlierOnly = tallyOf(cmeChecks(evaluate([ok(earlier), ok(june25), ...txCredits().map(ok)], tx))[0]!);
    expect(earlierOnly.windowFrom).toBe('2025-02-28');
    expect(earlierOnly.counted.map((c) => c.digest)).toContain(june25.digest);
  });
});

describe('appointment period', () => {
  const until = at('2027-06-30', '23:59:59');

  it('EXPIRES_DURING_APPOINTMENT for a credential whose exp, or subject expirationDate, falls before the end', () => {
    const coverage = view(COVERAGE); // expirationDate 2027-01-01, no exp
    const shortLived = view('MedicalDegreeCredential', {}, { validUntil: at('2027-03-01', '00:00:00') });
    const checks = evaluate([ok(coverage), ok(shortLived), ok(license()), ok(degree())], { appointmentUntil: until });
    expect(checks.filter((c) => c.check === 'expiry').map((c) => [c.status, c.code, c.credential])).toEqual([
      ['warn', 'EXPIRES_DURING_APPOINTMENT', coverage.digest],
      ['warn', 'EXPIRES_DURING_APPOINTMENT', shortLived.digest],
    ]);
  });

  it('with appointmentFrom, a credential lapsing before the appointment begins: EXPIRES_BEFORE_APPOINTMENT', () => {
    const l = license({ expirationDate: '2026-12-31' });
    const checks = evaluate([ok(l)], { appointmentFrom: at('2027-01-01', '00:00:00'), appointmentUntil: until });
    expect(checks.filter((c) => c.check === 'expiry').map((c) => [c.code, c.credential])).toEqual([
      ['EXPIRES_BEFORE_APPOINTMENT', l.digest],
    ]);
  });

  it('a lapsed license elsewhere (noted already) and suspended privileges (failed already) are not flagged again', () => {
    const ny = license({ jurisdiction: 'US-NY', status: 'inactive', expirationDate: '2027-01-31' });
    const suspended = view('ClinicalPrivilegesCredential', { status: 'suspended' }, { issuer: 'northbay' }); // expirationDate 2026-12-31
    const checks = evaluate([ok(ny), ok(suspended), ok(view(COVERAGE))], {
      license: { jurisdictions: ['US-TX'] },
      appointmentUntil: until,
    });
    expect(checks.filter((c) => c.check === 'expiry').map((c) => c.code)).toEqual(['EXPIRES_DURING_APPOINTMENT']);
  });

  it('no appointment period, no expiry checks', () => {
    expect(evaluate([ok(view(COVERAGE))], {}).filter((c) => c.check === 'expiry')).toEqual([]);
  });
});
