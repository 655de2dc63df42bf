// Step 5 on its own: required types, licenses, the CME rule, claims and the appointment period,
// over real credentials (signed with the demo seeds, no keystore) marked verified or not.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCredentialClaims, type CredentialView } from '../../src/credential/claims.js';
import { parseCompactJws } from '../../src/jws/compact.js';
import { CME_PRESETS } from '../../src/policy/cme-rules.js';
import type { CmeTally } from '../../src/policy/cme-tally.js';
import { evaluatePolicy, lapsesAt, type Policy, type PresentedCredential } from '../../src/policy/evaluate.js';
import { fixture, NOW_S } from '../helpers.js';
import { craftedCredential, demoSigner } from '../verify/tokens.js';

const priya = demoSigner('priya').did;
const subjectOf = (type: string) => JSON.parse(readFileSync(fixture('subjects', `${type}.json`), 'utf8')) as Record<string, unknown>;
const day = (date: string) => Date.parse(`${date}T00:00:00Z`) / 1000;

function view(type: string, issuer: string, edit: Record<string, unknown> = {}, times: { now?: number; validUntil?: number } = {}): CredentialView {
  const jwt = craftedCredential(demoSigner(issuer), type, priya, { ...subjectOf(type), ...edit }, {
    now: times.now ?? NOW_S - 86400, ...(times.validUntil !== undefined ? { validUntil: times.validUntil } : {}),
  });
  const claims = readCredentialClaims(parseCompactJws(jwt));
  if (!claims.ok) throw new Error(claims.message);
  return claims.view;
}
const ok = (v: CredentialView): PresentedCredential => ({ view: v, verified: true });
const failed = (v: CredentialView): PresentedCredential => ({ view: v, verified: false });
const evaluate = (presented: PresentedCredential[], policy: Partial<Policy>) => evaluatePolicy(presented, { require: [], ...policy }, NOW_S);
const codes = (checks: { code: string }[]) => checks.map((c) => c.code);

const license = (edit: Record<string, unknown> = {}) => view('MedicalLicenseCredential', 'tmb', edit);
const board = () => view('BoardCertificationCredential', 'abr');
const degree = () => view('MedicalDegreeCredential', 'lakeshore');
const cme = (creditsEarned: number, edit: Record<string, unknown> = {}) => view('CMECertificateCredential', 'rsna', { creditsEarned, activityId: `A-${Math.random().toString(36).slice(2, 10)}`, ...edit });

describe('required types', () => {
  it('REQUIRED_PRESENT when verified, REQUIRED_NOT_VERIFIED when presented but failed, REQUIRED_MISSING when absent', () => {
    const checks = evaluate([ok(license()), failed(degree())], { require: ['MedicalLicenseCredential', 'MedicalDegreeCredential', 'BoardCertificationCredential'] });
    const required = checks.filter((c) => c.check === 'required');
    expect(required.map((c) => [c.code, c.status])).toEqual([
      ['REQUIRED_PRESENT', 'pass'], ['REQUIRED_NOT_VERIFIED', 'fail'], ['REQUIRED_MISSING', 'fail'],
    ]);
  });

  it('one verified credential of the type is enough, even beside one that failed', () => {
    const checks = evaluate([failed(board()), ok(board())], { require: ['BoardCertificationCredential'] });
    expect(codes(checks)).toEqual(['REQUIRED_PRESENT']);
  });
});

describe('licenses', () => {
  it('active and unexpired: LICENSE_ACTIVE, naming the credential', () => {
    const l = license();
    const [check] = evaluate([ok(l)], {});
    expect(check).toMatchObject({ check: 'license', status: 'pass', code: 'LICENSE_ACTIVE', credential: l.digest });
  });

  it('status inactive (or suspended, expired, revoked): LICENSE_NOT_ACTIVE', () => {
    for (const status of ['inactive', 'suspended', 'expired', 'revoked']) {
      const checks = evaluate([ok(license({ status }))], {});
      expect(checks.map((c) => [c.code, c.status]), status).toEqual([['LICENSE_NOT_ACTIVE', 'fail']]);
    }
  });

  it('expirationDate in the past: LICENSE_EXPIRED; on the verification day itself still active', () => {
    expect(codes(evaluate([ok(license({ expirationDate: '2026-11-26' }))], {}))).toEqual(['LICENSE_EXPIRED']);
    expect(codes(evaluate([ok(license({ expirationDate: '2026-11-27' }))], {}))).toEqual(['LICENSE_ACTIVE']);
  });

  it('every license is checked; one that did not verify is left to the other checks', () => {
    const checks = evaluate([ok(license()), ok(license({ jurisdiction: 'US-CA', status: 'inactive' })), failed(license({ status: 'inactive' }))], {});
    expect(codes(checks)).toEqual(['LICENSE_ACTIVE', 'LICENSE_NOT_ACTIVE']);
  });
});

describe('CME', () => {
  it('CME_MET / CME_SHORT with the tally in details; only verified certificates count', () => {
    const a = cme(40, { creditsAvailable: 75 });
    const b = cme(35, { creditsAvailable: 75 });
    const met = evaluate([ok(a), ok(b)], { cme: CME_PRESETS.abr! });
    expect(met.map((c) => [c.check, c.status, c.code])).toEqual([['cme', 'pass', 'CME_MET']]);
    const tally = met[0]!.details as CmeTally;
    expect(tally.counted.map((c) => c.digest).sort()).toEqual([a.digest, b.digest].sort());
    expect(tally.met).toBe(true);

    const short = evaluate([ok(a), failed(b)], { cme: CME_PRESETS.abr! });
    expect(short.map((c) => [c.status, c.code])).toEqual([['fail', 'CME_SHORT']]);
    const t = short[0]!.details as CmeTally;
    expect(t.counted.map((c) => c.digest)).toEqual([a.digest]);
    expect(t.summary).toBe('35 Category 1 credits short in the 36 months to 2026-11-27');
  });

  it('no CME rule, no CME check (certificates presented or not)', () => {
    expect(evaluate([ok(cme(10))], {}).filter((c) => c.check === 'cme')).toEqual([]);
  });

  it('a CME rule with no certificates fails', () => {
    expect(codes(evaluate([ok(license())], { cme: CME_PRESETS.ca! }))).toContain('CME_SHORT');
  });
});

describe('claims history', () => {
  it('one claim: a warning (CLAIMS_REPORTED), not a failure', () => {
    const h = view('ClaimsHistoryCredential', 'tmb');
    expect(evaluate([ok(h)], {}).map((c) => [c.check, c.status, c.code, c.credential])).toEqual([['claims', 'warn', 'CLAIMS_REPORTED', h.digest]]);
  });

  it('zero claims: NO_CLAIMS, a pass', () => {
    const h = view('ClaimsHistoryCredential', 'tmb', { claimCount: 0, claims: [] });
    expect(evaluate([ok(h)], {}).map((c) => [c.status, c.code])).toEqual([['pass', 'NO_CLAIMS']]);
  });
});

describe('appointment period', () => {
  const until = day('2027-06-30');

  it('EXPIRES_DURING_APPOINTMENT for a credential whose exp, or subject expirationDate, falls before the end', () => {
    const coverage = view('ProfessionalLiabilityCoverageCredential', 'tmb'); // expirationDate 2027-01-01, no exp
    const shortLived = view('MedicalDegreeCredential', 'lakeshore', {}, { validUntil: day('2027-03-01') });
    const l = license(); // expirationDate 2027-08-31
    const checks = evaluate([ok(coverage), ok(shortLived), ok(l), ok(degree())], { appointmentUntil: until });
    const expiry = checks.filter((c) => c.check === 'expiry');
    expect(expiry.map((c) => [c.status, c.code, c.credential])).toEqual([
      ['warn', 'EXPIRES_DURING_APPOINTMENT', coverage.digest],
      ['warn', 'EXPIRES_DURING_APPOINTMENT', shortLived.digest],
    ]);
  });

  it('a license lapsing the day before the appointment ends is flagged; one lapsing on its last day is not', () => {
    const before = license({ expirationDate: '2027-06-29' });
    const onTheDay = license({ expirationDate: '2027-06-30' });
    const checks = evaluate([ok(before), ok(onTheDay)], { appointmentUntil: day('2027-06-30') + 86399 });
    expect(checks.filter((c) => c.check === 'expiry').map((c) => c.credential)).toEqual([before.digest]);
  });

  it('no appointment period, no expiry checks', () => {
    expect(evaluate([ok(view('ProfessionalLiabilityCoverageCredential', 'tmb'))], {}).filter((c) => c.check === 'expiry')).toEqual([]);
  });
});

describe('lapsesAt', () => {
  it('exp, or the end of the subject expirationDate, whichever is first; none for a credential without either', () => {
    expect(lapsesAt(license())).toBe(day('2027-08-31') + 86399);
    const withExp = view('MedicalLicenseCredential', 'tmb', {}, { validUntil: day('2027-01-15') });
    expect(lapsesAt(withExp)).toBe(day('2027-01-15'));
    const expLater = view('MedicalLicenseCredential', 'tmb', { expirationDate: '2027-01-10' }, { validUntil: day('2027-09-01') });
    expect(lapsesAt(expLater)).toBe(day('2027-01-10') + 86399);
    expect(lapsesAt(degree())).toBeUndefined();
    expect(lapsesAt(cme(5))).toBeUndefined();
  });
});
