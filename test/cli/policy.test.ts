// Step 5 through `verify --request`: required types (counted only when their facts pass), licenses,
// CME rules (presets, custom rule files given to `request create --cme FILE`, two at once), a
// policy file's bylaws, claims shown as a warning, and credentials that lapse during the
// appointment. Presentations are signed in-process from the demo seeds.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCredentialClaims, type CredentialView } from '../../src/credential/claims.js';
import { issueCredential } from '../../src/credential/issue.js';
import { parseCompactJws } from '../../src/jws/compact.js';
import { createPresentation } from '../../src/presentation/present.js';
import { cleanup, fixture, importDemoIdentities, NOW, NOW_S, radcred, tempDir, type RunResult } from '../helpers.js';
import { demoSigner, flipSignatureBit } from '../verify/tokens.js';

const TODAY = '2026-11-27';
const LICENSE = 'MedicalLicenseCredential';
const BOARD = 'BoardCertificationCredential';
const DEGREE = 'MedicalDegreeCredential';
const COVERAGE = 'ProfessionalLiabilityCoverageCredential';

let dir: string;
let office: string;
let northbay: string;
const v: Record<string, CredentialView> = {};
const req: Record<string, { file: string; challenge: string }> = {};

const subjectOf = (type: string) =>
  JSON.parse(readFileSync(fixture('subjects', `${type}.json`), 'utf8')) as Record<string, unknown>;
const viewOf = (jwt: string) => {
  const claims = readCredentialClaims(parseCompactJws(jwt));
  if (!claims.ok) throw new Error(claims.message);
  return claims.view;
};

async function credential(
  name: string,
  type: string,
  issuer: string,
  edit: Record<string, unknown> = {},
  validUntil?: string,
): Promise<CredentialView> {
  const issued = await issueCredential({
    signer: demoSigner(issuer),
    type,
    subjectDid: demoSigner('priya').did,
    subject: { ...subjectOf(type), ...edit },
    now: NOW_S - 86400,
    ...(validUntil ? { validUntil: Date.parse(validUntil) / 1000 } : {}),
  });
  v[name] = viewOf(issued.jwt);
  return v[name];
}

const cme = async (
  name: string,
  activityId: string,
  creditsEarned: number,
  activityEndDate: string,
  extra: Record<string, unknown> = {},
  issuer = 'rsna',
) =>
  await credential(name, 'CMECertificateCredential', issuer, {
    // each certificate here states its own topics: the fixture's topicCredits (for its topics) are left out (undefined is not signed)
    topicCredits: undefined,
    activityId,
    activityTitle: `Activity ${name}`,
    creditsAvailable: 75,
    creditsEarned,
    activityStartDate: activityEndDate,
    activityEndDate,
    ...extra,
  });

const run = (args: string[], now = NOW) => radcred(['--home', office, '--now', now, '--json', ...args], { cwd: dir });

async function request(name: string, args: string[]): Promise<void> {
  const out = join(dir, `${name}.request.jwt`);
  const r = await run(['request', 'create', '--verifier', 'northbay', ...args, '--out', out]);
  if (r.code !== 0) throw new Error(`request ${name}: ${r.stderr}`);
  req[name] = { file: out, challenge: r.json().challenge };
}

/** Presents the named credentials (or views) for the request, signed by Priya's seed, and verifies it against the request. */
async function verifyAnswer(
  reqName: string,
  creds: (string | CredentialView)[],
  humanToo = false,
): Promise<RunResult & { human?: RunResult }> {
  const vp = await createPresentation({
    signer: demoSigner('priya'),
    audience: northbay,
    challenge: req[reqName]!.challenge,
    now: NOW_S,
    credentials: creds.map((c) => (typeof c === 'string' ? v[c]! : c)),
  });
  const file = join(dir, `vp-${Math.random().toString(36).slice(2)}.jwt`);
  writeFileSync(file, vp.jwt + '\n');
  const args = ['verify', file, '--request', req[reqName]!.file, '--any-issuer', '--no-ledger'];
  const r = await run(args);
  if (!humanToo) return r;
  return { ...r, human: await radcred(['--home', office, '--now', NOW, ...args]) };
}

type Check = { check: string; status: string; code: string; credential?: string; details?: any };
const policyChecks = (r: RunResult, check: string) =>
  (r.json().results[0].checks as Check[]).filter((c) => c.check === check);
const statusCodes = (r: RunResult, check: string) => policyChecks(r, check).map((c) => [c.status, c.code]);

beforeAll(async () => {
  dir = tempDir('radcred-policy-cli-');
  office = join(dir, 'office');
  northbay = (await importDemoIdentities(office, ['northbay'])).northbay!;

  await credential('license', LICENSE, 'tmb');
  await credential('inactiveLicense', LICENSE, 'tmb', { status: 'inactive' });
  await credential('expiredLicense', LICENSE, 'tmb', { expirationDate: '2026-06-30' });
  await credential('shortLicense', LICENSE, 'tmb', {}, '2027-03-01T00:00:00Z');
  await credential('board', BOARD, 'abr');
  await credential('degree', DEGREE, 'lakeshore');
  await credential('coverage', COVERAGE, 'tmb'); // expirationDate 2027-01-01
  await credential('claims1', 'ClaimsHistoryCredential', 'tmb');
  await credential('claims0', 'ClaimsHistoryCredential', 'tmb', { claimCount: 0, claims: [] });
  v.tamperedDegree = viewOf(flipSignatureBit(v.degree!.jws.compact));

  await cme('am25', 'RSNA25-AM', 31.25, '2025-12-04', { topics: ['mammography', 'patient safety'] });
  await cme('am25copy', 'RSNA25-AM', 31.25, '2025-12-04', { topics: ['mammography', 'patient safety'] });
  await cme('bi26', 'RSNA-OL-BI26', 16, '2026-03-15', { topics: ['mammography'] });
  await cme('safety', 'RSNA-PS-26', 15, '2026-09-30', { topics: ['patient safety'] });
  await cme('old', 'RSNA22-AM', 40, '2022-12-01');
  await cme('cat2', 'RSNA-SDM-26', 30, '2026-05-01', { creditType: 'AMA PRA Category 2 Credit' });
  await cme('abrSame', 'RSNA25-AM', 12.75, '2025-12-04', {}, 'abr'); // same activityId, another issuer
  await cme('extra', 'RSNA-EX-26', 12.75, '2026-10-01');
  await cme('mammo24', 'ACR-BI-26', 24, '2026-08-20', { topics: ['mammography'] }, 'abr');
  await cme('childAbuse', 'PAMED-CA-26', 2, '2026-04-01', { topics: ['child abuse recognition'] });
  await cme('pain', 'PAMED-OP-26', 2, '2026-04-02', { topics: ['pain management'] });
  await credential('revokedBoard', BOARD, 'abr', { status: 'revoked', statusAsOf: '2026-11-20' });
  await credential('paLicense', LICENSE, 'tmb', { jurisdiction: 'US-PA', licenseNumber: 'MD487213' });
  await credential('nyInactive', LICENSE, 'tmb', {
    jurisdiction: 'US-NY',
    licenseNumber: '301245',
    status: 'inactive',
  });
  await credential('lowCoverage', COVERAGE, 'tmb', { limitPerClaimUSD: 100000, limitAggregateUSD: 300000 });
  await cme('mammo23', 'ACR-BI-26B', 23.75, '2026-08-21', { topics: ['mammography'] }, 'abr');
  v.tamperedCme = viewOf(flipSignatureBit((await cme('big', 'RSNA-BIG-26', 40, '2026-10-02')).jws.compact));

  writeFileSync(
    join(dir, 'mammo-rule.json'),
    JSON.stringify({
      name: 'northbay-mammo',
      description: 'Northbay breast imaging: 40 mammography credits in 24 months',
      windowMonths: 24,
      requirements: [{ label: 'mammography', credits: 40, topic: 'mammography' }],
    }),
  );
  await request('required', ['--require', LICENSE, BOARD, DEGREE]);
  await request('license', ['--require', LICENSE]);
  await request('abr', ['--cme', 'abr']);
  await request('mammo', ['--cme', 'mammo-rule.json']);
  await request('claims', ['--require', 'ClaimsHistoryCredential']);
  await request('appointment', ['--require', LICENSE, COVERAGE, '--appointment-until', '2027-06-30']);
  await request('board', ['--require', BOARD]);
  await request('abrPa', ['--cme', 'abr', '--cme', 'pa']);
  writeFileSync(
    join(dir, 'bylaws.json'),
    JSON.stringify({
      version: 1,
      require: [LICENSE, COVERAGE],
      license: { jurisdictions: ['US-PA'] },
      coverage: { minPerClaimUSD: 1000000, minAggregateUSD: 3000000 },
      claims: { minLookbackYears: 10 },
    }),
  );
  await request('bylaws', ['--policy', 'bylaws.json']);
});
afterAll(() => cleanup(dir));

describe('required types', () => {
  it('REQUIRED_PRESENT for each verified type; REQUIRED_NOT_VERIFIED for one that failed; exit 1', async () => {
    const r = await verifyAnswer('required', ['license', 'board', 'tamperedDegree']);
    expect(r.code).toBe(1);
    expect(statusCodes(r, 'required')).toEqual([
      ['pass', 'REQUIRED_PRESENT'],
      ['pass', 'REQUIRED_PRESENT'],
      ['fail', 'REQUIRED_NOT_VERIFIED'],
    ]);
  });

  it('REQUIRED_MISSING for each type not presented', async () => {
    const r = await verifyAnswer('required', ['license']);
    expect(r.code).toBe(1);
    expect(statusCodes(r, 'required')).toEqual([
      ['pass', 'REQUIRED_PRESENT'],
      ['fail', 'REQUIRED_MISSING'],
      ['fail', 'REQUIRED_MISSING'],
    ]);
  });

  it('all present and verified: exit 0', async () => {
    const r = await verifyAnswer('required', ['license', 'board', 'degree']);
    expect(r.code, r.stdout).toBe(0);
    expect(r.json().verified).toBe(true);
  });
});

describe('licenses', () => {
  it('active and unexpired: LICENSE_ACTIVE, exit 0', async () => {
    const r = await verifyAnswer('license', ['license']);
    expect(r.code).toBe(0);
    expect(policyChecks(r, 'license').map((c) => [c.status, c.code, c.credential])).toEqual([
      ['pass', 'LICENSE_ACTIVE', v.license!.digest],
    ]);
  });

  it('subject status "inactive": LICENSE_NOT_ACTIVE, exit 1', async () => {
    const r = await verifyAnswer('license', ['inactiveLicense']);
    expect(r.code).toBe(1);
    expect(statusCodes(r, 'license')).toEqual([['fail', 'LICENSE_NOT_ACTIVE']]);
  });

  it('expirationDate in the past (the credential itself has no exp): LICENSE_EXPIRED, and the required license is not satisfied; exit 1', async () => {
    const r = await verifyAnswer('license', ['expiredLicense']);
    expect(r.code).toBe(1);
    expect(statusCodes(r, 'license')).toEqual([['fail', 'LICENSE_EXPIRED']]);
    // the credential's own checks pass: it is the policy that fails (a required type counts only when its facts pass)
    expect((r.json().results[0].checks as Check[]).filter((c) => c.status === 'fail').map((c) => c.code)).toEqual([
      'REQUIRED_NOT_SATISFIED',
      'LICENSE_EXPIRED',
    ]);
  });
});

describe('CME (abr: 75 Category 1 credits in 36 months)', () => {
  it('short: CME_NOT_MET, exit 1, the tally in details (counted, excluded, the shortfall sentence)', async () => {
    // 31.25 + 16 + 15 = 62.25 Category 1; the copy counts once, the 2022 meeting is outside, Category 2 does not count
    const r = await verifyAnswer('abr', ['am25', 'am25copy', 'bi26', 'safety', 'old', 'cat2'], true);
    expect(r.code).toBe(1);
    const [check] = policyChecks(r, 'cme');
    expect([check!.status, check!.code]).toEqual(['fail', 'CME_NOT_MET']);
    const tally = check!.details;
    expect(tally.requirements).toEqual([{ label: 'Category 1', required: 75, earned: 62.25, short: 12.75 }]);
    expect(tally.summary).toBe(`12.75 Category 1 credits short in the 36 months to ${TODAY}`);
    expect(tally).toMatchObject({ rule: 'abr', windowFrom: '2023-11-27', windowTo: TODAY, met: false });
    const countedIds = tally.counted.map((c: { activityId: string }) => c.activityId).sort();
    expect(countedIds).toEqual(['RSNA-OL-BI26', 'RSNA-PS-26', 'RSNA-SDM-26', 'RSNA25-AM']);
    expect(tally.counted.map((c: { digest: string }) => c.digest)).not.toContain(v.old!.digest);
    expect(tally.excluded.map((e: { activityId: string; reason: string }) => [e.activityId, e.reason]).sort()).toEqual([
      ['RSNA22-AM', 'outside-window'],
      ['RSNA25-AM', 'duplicate'],
    ]);
    // the human report says the same and lists what counted
    expect(r.human!.code).toBe(1);
    expect(r.human!.stdout).toContain(`12.75 Category 1 credits short in the 36 months to ${TODAY}`);
    for (const name of ['am25', 'bi26', 'safety']) expect(r.human!.stdout).toContain(`Activity ${name}`);
  });

  it('met: CME_MET, exit 0; the same activityId from another issuer counts separately', async () => {
    const r = await verifyAnswer('abr', ['am25', 'bi26', 'safety', 'abrSame']);
    expect(r.code, r.stdout).toBe(0);
    const [check] = policyChecks(r, 'cme');
    expect([check!.status, check!.code]).toEqual(['pass', 'CME_MET']);
    expect(check!.details.requirements[0]).toMatchObject({ earned: 75, short: 0 });
    expect(check!.details.counted.map((c: { digest: string }) => c.digest).sort()).toEqual(
      [v.am25!, v.bi26!, v.safety!, v.abrSame!].map((x) => x.digest).sort(),
    );
  });

  it('a certificate that does not verify is not counted', async () => {
    const r = await verifyAnswer('abr', ['am25', 'bi26', v.tamperedCme!]);
    expect(r.code).toBe(1);
    const [check] = policyChecks(r, 'cme');
    expect(check!.code).toBe('CME_NOT_MET');
    expect(check!.details.requirements[0].earned).toBe(47.25);
    expect(check!.details.counted.map((c: { digest: string }) => c.digest)).not.toContain(v.tamperedCme!.digest);
  });
});

describe('custom CME rule files (request create --cme FILE)', () => {
  it("a valid rule file (radcred 0.1's spelling: windowMonths, topic) is carried in the request, read as a rolling window, and applied", async () => {
    const shown = await run(['request', 'show', req.mammo!.file]);
    expect(shown.json().policy.cme).toEqual([
      {
        name: 'northbay-mammo',
        description: 'Northbay breast imaging: 40 mammography credits in 24 months',
        window: { type: 'rolling', months: 24 },
        requirements: [{ label: 'mammography', credits: 40, topics: ['mammography'] }],
      },
    ]);
    const met = await verifyAnswer('mammo', ['bi26', 'mammo24']); // 16 + 24, each certificate of the one topic mammography
    expect(met.code, met.stdout).toBe(0);
    expect(statusCodes(met, 'cme')).toEqual([['pass', 'CME_MET']]);
    const short = await verifyAnswer('mammo', ['bi26', 'mammo23']); // 16 + 23.75
    expect(short.code).toBe(1);
    expect(policyChecks(short, 'cme')[0]!.details.requirements).toEqual([
      { label: 'mammography', required: 40, earned: 39.75, short: 0.25 },
    ]);
  });

  it('corrected (issue 12): a certificate tagged with two topics and no topicCredits gives a topic minimum nothing (RSNA 2025 counted whole before)', async () => {
    const short = await verifyAnswer('mammo', ['am25', 'bi26']); // 31.25 tagged mammography and patient safety, 16 mammography
    expect(short.code).toBe(1);
    const [check] = policyChecks(short, 'cme');
    expect(check!.code).toBe('CME_NOT_MET');
    expect(check!.details.requirements).toEqual([{ label: 'mammography', required: 40, earned: 16, short: 24 }]);
    expect(check!.details.summary).toBe(`24 mammography credits short in the 24 months to ${TODAY}`);
  });

  it.each([
    ['not JSON', '{"name": "x", '],
    ['a JSON list', '[{"name": "x"}]'],
    ['an empty object', '{}'],
    ['windowMonths 0', JSON.stringify({ name: 'x', windowMonths: 0, requirements: [{ label: 'total', credits: 10 }] })],
    [
      'credits not a quarter',
      JSON.stringify({ name: 'x', windowMonths: 24, requirements: [{ label: 'total', credits: 10.1 }] }),
    ],
    ['no requirements', JSON.stringify({ name: 'x', windowMonths: 24, requirements: [] })],
    [
      'a misspelt field',
      JSON.stringify({
        name: 'x',
        windowMonths: 24,
        requirements: [{ label: 'Category 1', credits: 10, creditTyp: 'AMA PRA Category 1 Credit' }],
      }),
    ],
  ])('a rule file that is %s: exit 3, CME_RULE_INVALID, no request written', async (what, text) => {
    const rule = join(dir, `bad-rule-${what.replaceAll(' ', '-')}.json`);
    writeFileSync(rule, text);
    const out = join(dir, 'never.request.jwt');
    const r = await run(['request', 'create', '--verifier', 'northbay', '--cme', rule, '--out', out]);
    expect(r.code).toBe(3);
    expect(r.json().error.code).toBe('CME_RULE_INVALID');
    expect(() => readFileSync(out)).toThrow();
  });

  it('an unknown preset name that is not a file: exit 2, CME_RULE_UNKNOWN', async () => {
    const r = await run([
      'request',
      'create',
      '--verifier',
      'northbay',
      '--cme',
      'ny',
      '--out',
      join(dir, 'never.request.jwt'),
    ]);
    expect([r.code, r.json().error.code]).toEqual([2, 'CME_RULE_UNKNOWN']);
  });
});

describe('claims history', () => {
  it('one claim: warn CLAIMS_REPORTED, and the presentation still verifies', async () => {
    const r = await verifyAnswer('claims', ['claims1']);
    expect(r.code, r.stdout).toBe(0);
    expect(r.json().verified).toBe(true);
    expect(policyChecks(r, 'claims').map((c) => [c.status, c.code, c.credential])).toEqual([
      ['warn', 'CLAIMS_REPORTED', v.claims1!.digest],
    ]);
  });

  it('no claims: NO_CLAIMS', async () => {
    const r = await verifyAnswer('claims', ['claims0']);
    expect(r.code).toBe(0);
    expect(statusCodes(r, 'claims')).toEqual([['pass', 'NO_CLAIMS']]);
  });
});

describe('appointment period (until 2027-06-30)', () => {
  it('warn EXPIRES_DURING_APPOINTMENT for each credential lapsing before it ends; still verified', async () => {
    const r = await verifyAnswer('appointment', ['license', 'coverage', 'shortLicense']);
    expect(r.code, r.stdout).toBe(0);
    expect(r.json().verified).toBe(true);
    const expiry = policyChecks(r, 'expiry');
    expect(expiry.every((c) => c.status === 'warn' && c.code === 'EXPIRES_DURING_APPOINTMENT')).toBe(true);
    expect(expiry.map((c) => c.credential).sort()).toEqual([v.coverage!.digest, v.shortLicense!.digest].sort());
  });

  it('nothing lapsing during the appointment: no expiry warning', async () => {
    const r = await verifyAnswer('appointment', ['license']);
    expect(policyChecks(r, 'expiry')).toEqual([]);
    // (the coverage is required and missing)
    expect(statusCodes(r, 'required')).toEqual([
      ['pass', 'REQUIRED_PRESENT'],
      ['fail', 'REQUIRED_MISSING'],
    ]);
  });
});

describe('a required type counts only when its own facts pass', () => {
  it('regression (issue 12): a board certificate with status "revoked" that verifies: REQUIRED_NOT_SATISFIED and BOARD_NOT_CERTIFIED, exit 1', async () => {
    const r = await verifyAnswer('board', ['revokedBoard']);
    expect(r.code).toBe(1);
    expect(statusCodes(r, 'required')).toEqual([['fail', 'REQUIRED_NOT_SATISFIED']]);
    expect(policyChecks(r, 'board').map((c) => [c.status, c.code, c.credential])).toEqual([
      ['fail', 'BOARD_NOT_CERTIFIED', v.revokedBoard!.digest],
    ]);
    // every check of the credential itself passed: it is its facts that fail the policy
    expect((r.json().results[0].checks as Check[]).filter((c) => c.status === 'fail').map((c) => c.code)).toEqual([
      'REQUIRED_NOT_SATISFIED',
      'BOARD_NOT_CERTIFIED',
    ]);
    expect((await verifyAnswer('board', ['board'])).code).toBe(0);
  });
});

describe('two CME rules at once (request create --cme abr --cme pa): every rule must be met', () => {
  it('regression (issue 12): both rules are in the request, and both are evaluated', async () => {
    const shown = await run(['request', 'show', req.abrPa!.file]);
    expect(shown.json().policy.cme.map((c: { name: string }) => c.name)).toEqual(['abr', 'pa']);
    const r = await verifyAnswer('abrPa', ['am25', 'bi26', 'safety', 'abrSame']);
    expect(policyChecks(r, 'cme').map((c) => [c.status, c.code, c.details.rule])).toEqual([
      ['pass', 'CME_MET', 'abr'],
      ['fail', 'CME_NOT_MET', 'pa'],
    ]);
  });

  it('abr met (75 Category 1) and pa not (no child-abuse or opioid hours, 75 of 100): exit 1', async () => {
    const r = await verifyAnswer('abrPa', ['am25', 'bi26', 'safety', 'abrSame']);
    expect(r.code).toBe(1);
    expect(r.json().verified).toBe(false);
    const pa = policyChecks(r, 'cme')[1]!.details;
    expect(pa.summary).toBe(
      '25 total credits short, 2 child abuse recognition credits short, 2 pain management or opioids credits short in the cycle 2025-01-01 to 2026-12-31',
    );
  });

  it('both met: exit 0', async () => {
    const r = await verifyAnswer('abrPa', ['am25', 'bi26', 'safety', 'abrSame', 'childAbuse', 'pain', 'cat2']);
    expect(r.code, r.stdout).toBe(0);
    expect(statusCodes(r, 'cme')).toEqual([
      ['pass', 'CME_MET'],
      ['pass', 'CME_MET'],
    ]);
  });
});

describe('the bylaws of a policy file (request create --policy FILE)', () => {
  it('regression (issue 12): only a US-TX license for a US-PA hospital, and $100,000/$300,000 coverage against $1M/$3M: LICENSE_JURISDICTION_MISSING, COVERAGE_BELOW_MINIMUM, exit 1', async () => {
    const r = await verifyAnswer('bylaws', ['license', 'lowCoverage', 'claims1']);
    expect(r.code).toBe(1);
    expect(statusCodes(r, 'license')).toEqual([
      ['pass', 'LICENSE_ACTIVE'],
      ['fail', 'LICENSE_JURISDICTION_MISSING'],
    ]);
    expect(statusCodes(r, 'coverage')).toEqual([['fail', 'COVERAGE_BELOW_MINIMUM']]);
    expect(statusCodes(r, 'required')).toEqual([
      ['pass', 'REQUIRED_PRESENT'],
      ['fail', 'REQUIRED_NOT_SATISFIED'],
    ]);
  });

  it('regression (issue 12): an inactive US-NY license beside an active US-PA one is a warning; with coverage and a 10-year claims history the presentation verifies', async () => {
    const r = await verifyAnswer('bylaws', ['nyInactive', 'paLicense', 'coverage', 'claims1']);
    expect(r.code, r.stdout).toBe(0);
    expect(policyChecks(r, 'license').map((c) => [c.status, c.code, c.credential])).toEqual([
      ['warn', 'LICENSE_INACTIVE_ELSEWHERE', v.nyInactive!.digest],
      ['pass', 'LICENSE_ACTIVE', v.paLicense!.digest],
      ['pass', 'LICENSE_JURISDICTION_MET', v.paLicense!.digest],
    ]);
    expect(statusCodes(r, 'claims')).toEqual([
      ['warn', 'CLAIMS_REPORTED'],
      ['pass', 'CLAIMS_LOOKBACK_MET'],
    ]);
  });
});
