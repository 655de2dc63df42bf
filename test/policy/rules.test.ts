// The policy's rules over the whole presentation (src/policy/rules.ts): a license in each of the
// hospital's jurisdictions, the claims history's look-back, each source's age at the decision,
// mammography interpretation volume, and what lapses during the appointment. Each at its edge.
import { describe, expect, it } from 'vitest';
import type { CredentialView } from '../../src/credential/claims.js';
import { factsOf } from '../../src/policy/facts.js';
import type { Policy } from '../../src/policy/policy.js';
import {
  appointmentChecks,
  claimsChecks,
  lapsesAt,
  licenseJurisdictions,
  sourceAgeChecks,
  sourceDate,
  volumeCheck,
} from '../../src/policy/rules.js';
import { NOW_S } from '../helpers.js';
import { at, statusCodes, TODAY, view } from './builders.js';

const DAY = 86_400;
const policyOf = (p: Partial<Policy>): Policy => ({ require: [], cme: [], ...p });
const license = (edit: Record<string, unknown> = {}) => view('MedicalLicenseCredential', edit);

describe('licenseJurisdictions: an active, unrestricted license in each listed jurisdiction', () => {
  const judge = (views: CredentialView[], jurisdictions: string[]) => {
    const policy = policyOf({ license: { jurisdictions } });
    return licenseJurisdictions(
      views.map((v) => ({ view: v, facts: factsOf(v, { policy, today: TODAY }) })),
      jurisdictions,
    );
  };

  it('regression (issue 12): a policy asking for US-PA with only a US-TX license: LICENSE_JURISDICTION_MISSING ("none was presented")', () => {
    const checks = judge([license()], ['US-PA']);
    expect(statusCodes(checks)).toEqual([['fail', 'LICENSE_JURISDICTION_MISSING']]);
    expect(checks[0]!.message).toBe('the policy requires an active, unrestricted US-PA license: none was presented');
  });

  it('a US-PA license presented that did not verify (the ledger says suspended) is named as such, not as "none was presented"', () => {
    const suspended = license({ jurisdiction: 'US-PA' });
    const checks = licenseJurisdictions([], ['US-PA'], [suspended]);
    expect(statusCodes(checks)).toEqual([['fail', 'LICENSE_JURISDICTION_MISSING']]);
    expect(checks[0]!.message).toBe(
      'the policy requires an active, unrestricted US-PA license: the US-PA license presented did not verify (see its checks above)',
    );
  });

  it('an active US-PA license: LICENSE_JURISDICTION_MET, naming it', () => {
    const pa = license({ jurisdiction: 'US-PA', licenseNumber: 'MD487213' });
    expect(judge([license(), pa], ['US-PA'])).toEqual([
      expect.objectContaining({ status: 'pass', code: 'LICENSE_JURISDICTION_MET', credential: pa.digest }),
    ]);
  });

  it("one check per jurisdiction, in the policy's order", () => {
    expect(statusCodes(judge([license({ jurisdiction: 'US-PA' })], ['US-NJ', 'US-PA']))).toEqual([
      ['fail', 'LICENSE_JURISDICTION_MISSING'],
      ['pass', 'LICENSE_JURISDICTION_MET'],
    ]);
  });

  it('a license there that is suspended, expired or restricted does not meet it, and the message says why', () => {
    for (const [edit, why] of [
      [{ jurisdiction: 'US-PA', status: 'suspended' }, 'is suspended'],
      [{ jurisdiction: 'US-PA', expirationDate: '2026-06-30' }, 'expired 2026-06-30'],
      [{ jurisdiction: 'US-PA', restrictions: ['no fluoroscopy'] }, 'restricted'],
    ] as [Record<string, unknown>, string][]) {
      const checks = judge([license(edit)], ['US-PA']);
      expect(statusCodes(checks), why).toEqual([['fail', 'LICENSE_JURISDICTION_MISSING']]);
      expect(checks[0]!.message).toContain(why);
    }
  });

  it('an expired license beside an active one in the same state: met by the active one', () => {
    expect(
      statusCodes(
        judge(
          [license({ jurisdiction: 'US-PA', expirationDate: '2024-12-31' }), license({ jurisdiction: 'US-PA' })],
          ['US-PA'],
        ),
      ),
    ).toEqual([['pass', 'LICENSE_JURISDICTION_MET']]);
  });
});

describe('claimsChecks: claims shown, the look-back judged', () => {
  // the fixture: one dismissed claim, look-back 2016-11-01 to 2026-10-31
  const history = (edit: Record<string, unknown> = {}) => view('ClaimsHistoryCredential', edit);
  const TEN = policyOf({ claims: { minLookbackYears: 10 } });

  it('one claim: CLAIMS_REPORTED, a warning; none: NO_CLAIMS; without a look-back rule nothing else', () => {
    expect(statusCodes(claimsChecks([history()], policyOf({})))).toEqual([['warn', 'CLAIMS_REPORTED']]);
    expect(statusCodes(claimsChecks([history({ claimCount: 0, claims: [] })], policyOf({})))).toEqual([
      ['pass', 'NO_CLAIMS'],
    ]);
  });

  it('regression (issue 12): a look-back of 1 year against minLookbackYears 10: CLAIMS_LOOKBACK_SHORT', () => {
    const checks = claimsChecks([history({ lookbackFrom: '2025-11-01' })], TEN);
    expect(statusCodes(checks)).toEqual([
      ['warn', 'CLAIMS_REPORTED'],
      ['fail', 'CLAIMS_LOOKBACK_SHORT'],
    ]);
  });

  it('exactly 10 years (2016-11-01 to 2026-10-31, both days covered): CLAIMS_LOOKBACK_MET; a day less (from 2016-11-02): short', () => {
    expect(statusCodes(claimsChecks([history()], TEN))).toEqual([
      ['warn', 'CLAIMS_REPORTED'],
      ['pass', 'CLAIMS_LOOKBACK_MET'],
    ]);
    expect(statusCodes(claimsChecks([history({ lookbackFrom: '2016-10-01' })], TEN))).toEqual([
      ['warn', 'CLAIMS_REPORTED'],
      ['pass', 'CLAIMS_LOOKBACK_MET'],
    ]);
    expect(statusCodes(claimsChecks([history({ lookbackFrom: '2016-11-02' })], TEN))).toEqual([
      ['warn', 'CLAIMS_REPORTED'],
      ['fail', 'CLAIMS_LOOKBACK_SHORT'],
    ]);
  });

  it('each history is judged, naming its credential', () => {
    const a = history({ claimCount: 0, claims: [] }),
      b = history({ lookbackFrom: '2025-11-01' });
    expect(claimsChecks([a, b], TEN).map((c) => [c.code, c.credential])).toEqual([
      ['NO_CLAIMS', a.digest],
      ['CLAIMS_LOOKBACK_MET', a.digest],
      ['CLAIMS_REPORTED', b.digest],
      ['CLAIMS_LOOKBACK_SHORT', b.digest],
    ]);
  });
});

describe("sourceAgeChecks: each source's as-of date at the decision", () => {
  const board = (statusAsOf: string) => view('BoardCertificationCredential', { statusAsOf });

  it('maxSourceAgeDays 120: vouched 120 days before (2026-07-30) is SOURCES_CURRENT; 121 days (2026-07-29) is SOURCE_TOO_OLD', () => {
    expect(statusCodes(sourceAgeChecks([board('2026-07-30')], 120, NOW_S))).toEqual([['pass', 'SOURCES_CURRENT']]);
    const old = board('2026-07-29');
    const checks = sourceAgeChecks([old], 120, NOW_S);
    expect(checks.map((c) => [c.status, c.code, c.credential])).toEqual([['fail', 'SOURCE_TOO_OLD', old.digest]]);
    expect(checks[0]!.message).toBe(
      `BoardCertificationCredential: its source vouched 2026-07-29, more than 120 days before ${TODAY}`,
    );
  });

  it('one check for all current sources; one per stale source', () => {
    const current = [board('2026-11-01'), license()];
    expect(statusCodes(sourceAgeChecks(current, 120, NOW_S))).toEqual([['pass', 'SOURCES_CURRENT']]);
    expect(
      sourceAgeChecks([...current, board('2026-01-01'), board('2025-01-01')], 120, NOW_S).map((c) => c.code),
    ).toEqual(['SOURCE_TOO_OLD', 'SOURCE_TOO_OLD']);
  });

  it('without an as-of date, the day the credential was issued: a license issued 121 days before is too old', () => {
    expect(
      statusCodes(sourceAgeChecks([view('MedicalLicenseCredential', {}, { iat: NOW_S - 121 * DAY })], 120, NOW_S)),
    ).toEqual([['fail', 'SOURCE_TOO_OLD']]);
    expect(
      statusCodes(sourceAgeChecks([view('MedicalLicenseCredential', {}, { iat: NOW_S - 120 * DAY })], 120, NOW_S)),
    ).toEqual([['pass', 'SOURCES_CURRENT']]);
  });

  it('what happened once does not age: a degree, a CME certificate, an ECFMG certificate are not judged', () => {
    const old = { iat: NOW_S - 3000 * DAY };
    expect(
      sourceAgeChecks(
        ['MedicalDegreeCredential', 'CMECertificateCredential', 'ECFMGCertificationCredential'].map((t) =>
          view(t, {}, old),
        ),
        120,
        NOW_S,
      ),
    ).toEqual([]);
  });

  it("sourceDate: statusAsOf, attestedDate, a claims history's lookbackTo, else the issue day", () => {
    expect(sourceDate(board('2026-11-02'))).toBe('2026-11-02');
    expect(sourceDate(view('PractitionerAttestationCredential'))).toBe('2026-11-20');
    expect(sourceDate(view('ClaimsHistoryCredential'))).toBe('2026-10-31');
    expect(sourceDate(view('MedicalLicenseCredential', {}, { iat: at('2026-09-01') }))).toBe('2026-09-01');
  });
});

describe('volumeCheck: mammography interpretations in the months before the decision (MQSA continuing experience)', () => {
  const volume = (edit: Record<string, unknown>) =>
    view('MammographyInterpretationVolumeCredential', edit, { issuer: 'northbay' });
  const RULE = { minExams: 960, months: 24 };

  it('960 in periods inside the 24 months: VOLUME_MET; 959: VOLUME_BELOW_MINIMUM', () => {
    expect(
      statusCodes([
        volumeCheck(
          [
            volume({ periodFrom: '2025-01-01', periodTo: '2025-12-31', examCount: 500 }),
            volume({ periodFrom: '2026-01-01', periodTo: '2026-10-31', examCount: 460 }),
          ],
          RULE,
          NOW_S,
        ),
      ]),
    ).toEqual([['pass', 'VOLUME_MET']]);
    expect(statusCodes([volumeCheck([volume({ examCount: 959 })], RULE, NOW_S)])).toEqual([
      ['fail', 'VOLUME_BELOW_MINIMUM'],
    ]);
  });

  it('a period starting before the 24 months (2024-11-26) or ending after the decision does not count', () => {
    expect(volumeCheck([volume({ periodFrom: '2024-11-27', examCount: 960 })], RULE, NOW_S).code).toBe('VOLUME_MET');
    expect(volumeCheck([volume({ periodFrom: '2024-11-26', examCount: 5000 })], RULE, NOW_S).code).toBe(
      'VOLUME_BELOW_MINIMUM',
    );
    expect(volumeCheck([volume({ periodTo: '2026-11-28', examCount: 5000 })], RULE, NOW_S).code).toBe(
      'VOLUME_BELOW_MINIMUM',
    );
  });

  it('no volume credential at all: VOLUME_BELOW_MINIMUM with 0 interpretations', () => {
    expect(volumeCheck([], RULE, NOW_S)).toMatchObject({
      status: 'fail',
      code: 'VOLUME_BELOW_MINIMUM',
      message: `0 interpretations in the 24 months to ${TODAY}; the policy needs 960`,
    });
  });
});

describe('lapsesAt and appointmentChecks', () => {
  it('lapsesAt: exp, or the end of the subject expirationDate, whichever is first; none without either', () => {
    expect(lapsesAt(license())).toBe(at('2027-08-31', '23:59:59'));
    expect(lapsesAt(view('MedicalLicenseCredential', {}, { validUntil: at('2027-01-15', '00:00:00') }))).toBe(
      at('2027-01-15', '00:00:00'),
    );
    expect(
      lapsesAt(view('MedicalLicenseCredential', { expirationDate: '2027-01-10' }, { validUntil: at('2027-09-01') })),
    ).toBe(at('2027-01-10', '23:59:59'));
    expect(lapsesAt(view('MedicalDegreeCredential'))).toBeUndefined();
  });

  it('a credential lapsing before the appointment ends: EXPIRES_DURING_APPOINTMENT; before it begins: EXPIRES_BEFORE_APPOINTMENT; on its last day: nothing', () => {
    const from = at('2027-01-01', '00:00:00'),
      until = at('2027-06-30', '23:59:59');
    const before = license({ expirationDate: '2026-12-31' }),
      during = license({ expirationDate: '2027-06-29' }),
      onTheDay = license({ expirationDate: '2027-06-30' });
    expect(
      appointmentChecks([before, during, onTheDay], from, until).map((c) => [c.status, c.code, c.credential]),
    ).toEqual([
      ['warn', 'EXPIRES_BEFORE_APPOINTMENT', before.digest],
      ['warn', 'EXPIRES_DURING_APPOINTMENT', during.digest],
    ]);
    // with no start given, everything lapsing before the end is "during"
    expect(appointmentChecks([before], undefined, until).map((c) => c.code)).toEqual(['EXPIRES_DURING_APPOINTMENT']);
  });
});
