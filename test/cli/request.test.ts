// request create|show; present --request (audience and challenge from the request, only what it
// asks for, refusing forged and expired requests); verify --request (audience, challenge, and a
// presentation made after the request expired). Step 5's checks are in policy.test.ts.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCredentialClaims, type CredentialView } from '../../src/credential/claims.js';
import { issueCredential } from '../../src/credential/issue.js';
import { parseCompactJws } from '../../src/jws/compact.js';
import { CME_PRESETS } from '../../src/policy/cme-rules.js';
import { createPresentation } from '../../src/presentation/present.js';
import { encodeBase64url } from '../../src/util/bytes.js';
import { cleanup, fixture, importDemoIdentities, NOW, NOW_S, radcred, tempDir, type RunResult } from '../helpers.js';
import { decodeJwt, demoSigner, mallory } from '../verify/tokens.js';

const LB = ['MedicalLicenseCredential', 'BoardCertificationCredential'];
const NORTHBAY_LABEL = 'Northbay General Hospital, Credentialing Office';
const at = (s: number) => String(NOW_S + s);

let dir: string;
let office: string;
let holder: string;
let dids: Record<string, string>;
const file: Record<string, string> = {};
const views: Record<string, CredentialView> = {};
const req: Record<string, { file: string; json: any }> = {};

const subjectOf = (type: string) =>
  JSON.parse(readFileSync(fixture('subjects', `${type}.json`), 'utf8')) as Record<string, unknown>;

async function credential(name: string, type: string, issuer: string, validUntil?: string) {
  const issued = await issueCredential({
    signer: demoSigner(issuer),
    type,
    subjectDid: demoSigner('priya').did,
    subject: subjectOf(type),
    now: NOW_S - 86400,
    ...(validUntil ? { validUntil: Date.parse(validUntil) / 1000 } : {}),
  });
  file[name] = join(dir, `${name}.jwt`);
  writeFileSync(file[name], issued.jwt + '\n');
  const claims = readCredentialClaims(parseCompactJws(issued.jwt));
  if (!claims.ok) throw new Error(claims.message);
  views[name] = claims.view;
}

const run = (home: string, args: string[], now = NOW) => radcred(['--home', home, '--now', now, '--json', ...args]);

async function createRequest(name: string, args: string[]): Promise<void> {
  const out = join(dir, `${name}.request.jwt`);
  const r = await run(office, ['request', 'create', '--verifier', 'northbay', ...args, '--out', out]);
  if (r.code !== 0) throw new Error(`request ${name}: ${r.stderr}`);
  req[name] = { file: out, json: r.json() };
}

/** The request file with one byte of its payload changed (the JSON stays valid). */
function oneByteChanged(path: string): string {
  const [h, p, s] = readFileSync(path, 'utf8').trim().split('.') as [string, string, string];
  const bytes = Buffer.from(p, 'base64url');
  const i = bytes.indexOf('Northbay');
  bytes[i] = 'M'.charCodeAt(0);
  const out = path.replace(/\.jwt$/, '.tampered.jwt');
  writeFileSync(out, `${h}.${encodeBase64url(bytes)}.${s}\n`);
  return out;
}

const present = (args: string[], out: string, now = NOW) =>
  run(holder, ['present', '--holder', 'priya', ...args, '--out', out], now);
const verify = (args: string[], now = NOW) => run(office, ['verify', ...args, '--any-issuer', '--no-ledger'], now);
const checks = (r: RunResult) =>
  r.json().results[0].checks as { check: string; status: string; code: string; credential?: string; details?: any }[];
const code = (r: RunResult, check: string) =>
  checks(r)
    .filter((c) => c.check === check)
    .map((c) => c.code);

/** A presentation signed in-process (no keystore): for clocks and audiences `present` would not allow. */
async function vpFile(
  name: string,
  audience: string,
  challenge: string,
  creds: string[],
  now: number,
): Promise<string> {
  const vp = await createPresentation({
    signer: demoSigner('priya'),
    audience,
    challenge,
    credentials: creds.map((c) => views[c]!),
    now,
  });
  const out = join(dir, `${name}.vp.jwt`);
  writeFileSync(out, vp.jwt + '\n');
  return out;
}

beforeAll(async () => {
  dir = tempDir('radcred-request-cli-');
  office = join(dir, 'office');
  holder = join(dir, 'holder');
  dids = await importDemoIdentities(office, ['northbay']);
  Object.assign(dids, await importDemoIdentities(holder, ['priya']));
  await credential('degree', 'MedicalDegreeCredential', 'lakeshore');
  await credential('license', 'MedicalLicenseCredential', 'tmb', '2027-08-31T23:59:59Z');
  await credential('board', 'BoardCertificationCredential', 'abr');
  await credential('cme', 'CMECertificateCredential', 'rsna');
  const added = await radcred(['--home', holder, 'wallet', 'add', file.degree!, file.license!, file.board!, file.cme!]);
  if (added.code !== 0) throw new Error(added.stdout + added.stderr);
  await createRequest('lb', ['--require', ...LB, '--valid-for', '14d', '--appointment-until', '2027-06-30']);
  await createRequest('cme', ['--require', 'MedicalLicenseCredential', '--cme', 'abr']);
  await createRequest('short', ['--require', 'MedicalLicenseCredential', '--valid-for', '1h']);
});
afterAll(() => cleanup(dir));

describe('request create', () => {
  it('writes a signed radcred-request+jwt: the verifier DID, its label as the name, a challenge, the requirements, an expiry', () => {
    const jwt = readFileSync(req.lb!.file, 'utf8').trim();
    const { header, payload } = decodeJwt(jwt);
    expect(header).toMatchObject({ typ: 'radcred-request+jwt', alg: 'EdDSA', kid: demoSigner('northbay').kid });
    expect(payload).toMatchObject({ iss: dids.northbay, iat: NOW_S, exp: NOW_S + 14 * 86400 });
    expect(payload.radcredRequest).toMatchObject({
      version: 2,
      verifierName: NORTHBAY_LABEL,
      policy: { require: LB, appointmentUntil: '2027-06-30T23:59:59Z' },
    }); // a date is its whole day
    expect(payload.radcredRequest.policy.cme).toBeUndefined();
    expect(payload.radcredRequest.challenge.length).toBeGreaterThanOrEqual(16);
    expect(req.lb!.json).toMatchObject({
      verifier: dids.northbay,
      verifierName: NORTHBAY_LABEL,
      challenge: payload.radcredRequest.challenge,
      require: LB,
      policy: { require: LB, appointmentUntil: '2027-06-30T23:59:59Z' },
      expires: '2026-12-11T18:00:00Z',
      jti: payload.jti,
      out: req.lb!.file,
    });
  });

  it('--cme abr puts the rule in the request; without --valid-for it is good for 30 days', () => {
    const { payload } = decodeJwt(readFileSync(req.cme!.file, 'utf8'));
    expect(payload.radcredRequest.policy.cme).toEqual([CME_PRESETS.abr]);
    expect(payload.exp - payload.iat).toBe(30 * 86400);
    expect(req.cme!.json.policy.cme.map((r: { name: string }) => r.name)).toEqual(['abr']);
  });

  it('two requests have different challenges (and jtis)', () => {
    const challenges = Object.values(req).map((r) => r.json.challenge);
    expect(new Set(challenges).size).toBe(challenges.length);
    expect(new Set(Object.values(req).map((r) => r.json.jti)).size).toBe(challenges.length);
  });

  it('usage errors before any key is unlocked (exit 2); an unknown verifier is exit 3', async () => {
    const out = join(dir, 'never.request.jwt');
    for (const [args, errorCode] of [
      [['--cme', 'abrr'], 'CME_RULE_UNKNOWN'],
      [['--require', 'Medical License'], 'TYPE_INVALID'],
      [['--valid-for', 'two weeks'], 'DURATION_INVALID'],
      [['--appointment-until', '2026-01-01'], 'APPOINTMENT_INVALID'],
      [['--appointment-until', 'soon'], 'TIME_INVALID'],
    ] as [string[], string][]) {
      const r = await run(office, ['request', 'create', '--verifier', 'northbay', ...args, '--out', out], NOW);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.json().error.code).toBe(errorCode);
    }
    const exists = await run(office, ['request', 'create', '--verifier', 'northbay', '--out', req.lb!.file]);
    expect([exists.code, exists.json().error.code]).toEqual([2, 'OUT_EXISTS']);
    const nobody = await run(office, ['request', 'create', '--verifier', 'nobody', '--out', out]);
    expect(nobody.code).toBe(3);
    expect(existsSync(out)).toBe(false);
  });
});

describe("request create --policy FILE (the office's bylaws) and repeated --cme", () => {
  const BYLAWS = {
    version: 1,
    name: 'Northbay medical staff bylaws 2027',
    require: ['MedicalLicenseCredential', 'BoardCertificationCredential'],
    license: { jurisdictions: ['US-PA'] },
    board: { status: ['certified'], continuingCertification: ['meeting', 'not required'] },
    coverage: { minPerClaimUSD: 1000000, minAggregateUSD: 3000000, throughAppointment: true },
    claims: { minLookbackYears: 10 },
    maxSourceAgeDays: 120,
    interpretationVolume: { minExams: 960, months: 24 },
    cme: ['abr'],
  };
  const policyFile = (name: string, content: unknown) => {
    const path = join(dir, `${name}.policy.json`);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return path;
  };
  const create = (args: string[], json = true) => {
    const out = join(dir, `policy-${Math.random().toString(36).slice(2)}.request.jwt`);
    const base = [
      '--home',
      office,
      '--now',
      NOW,
      ...(json ? ['--json'] : []),
      'request',
      'create',
      '--verifier',
      'northbay',
      ...args,
      '--out',
      out,
    ];
    return radcred(base).then((r) => ({ ...r, out }));
  };

  it("the request carries the whole policy: the file's, with the flags' types, CME rules and appointment added; request show gives it back", async () => {
    const r = await create([
      '--policy',
      policyFile('bylaws', BYLAWS),
      '--require',
      'MedicalDegreeCredential',
      '--cme',
      'pa',
      '--cme',
      'abr',
      '--appointment-from',
      '2027-01-01',
      '--appointment-until',
      '2028-12-31',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const { version: _v, cme: _c, require: _r, ...rules } = BYLAWS;
    const policy = {
      ...rules,
      require: [...BYLAWS.require, 'MedicalDegreeCredential'],
      cme: [CME_PRESETS.abr, CME_PRESETS.pa],
      appointmentFrom: '2027-01-01T00:00:00Z',
      appointmentUntil: '2028-12-31T23:59:59Z',
    };
    expect(decodeJwt(readFileSync(r.out, 'utf8')).payload.radcredRequest).toMatchObject({ version: 2, policy });
    expect(r.json().policy).toEqual(policy);
    const shown = await run(holder, ['request', 'show', r.out]);
    expect([shown.code, shown.json().policy]).toEqual([0, policy]);
    // and in words, one rule a line
    const human = await radcred(['--home', holder, '--now', NOW, 'request', 'show', r.out]);
    for (const line of [
      'policy     Northbay medical staff bylaws 2027',
      'license    active and unrestricted in US-PA',
      'claims     a history of at least 10 years',
      'coverage   at least $1,000,000 per claim, $3,000,000 aggregate, in force through the appointment',
      'appointment from 2027-01-01 until 2028-12-31',
    ]) {
      expect(human.stdout).toContain(line);
    }
  });

  it('--cme given twice puts both rules in the request; the same rule from the file and a flag is carried once', async () => {
    const r = await create(['--cme', 'abr', '--cme', 'pa']);
    expect(r.code, r.stderr).toBe(0);
    expect(
      decodeJwt(readFileSync(r.out, 'utf8')).payload.radcredRequest.policy.cme.map((c: { name: string }) => c.name),
    ).toEqual(['abr', 'pa']);
    const same = await create(['--policy', policyFile('abr-only', { cme: ['abr'] }), '--cme', 'ABR']);
    expect(same.json().policy.cme).toEqual([CME_PRESETS.abr]);
  });

  it.each([
    ['an unknown top-level key', { ...BYLAWS, requires: ['MedicalLicenseCredential'] }, 'requires'],
    ['an unknown nested key (coverage.minPerClaim)', { coverage: { minPerClaim: 1000000 } }, 'coverage.minPerClaim'],
    ['a string for a number', { maxSourceAgeDays: '120' }, 'maxSourceAgeDays'],
    ['require that is not a list', { require: 'MedicalLicenseCredential' }, 'require'],
    ['an unknown preset name in cme', { cme: ['abr', 'ny'] }, 'cme[1]'],
    ['version 2', { ...BYLAWS, version: 2 }, 'version'],
    ['not JSON', '{"version": 1,', undefined],
  ] as [string, unknown, string | undefined][])(
    'a policy file with %s: exit 3, POLICY_INVALID naming the key, no request written',
    async (what, content, key) => {
      const file = policyFile(`bad-${what.replace(/\W+/g, '-')}`, content);
      const r = await create(['--policy', file]);
      expect(r.code).toBe(3);
      expect(r.json().error.code).toBe('POLICY_INVALID');
      if (key !== undefined) expect(r.json().error.message).toContain(`: ${key} `);
      expect(existsSync(r.out)).toBe(false);
      // without --json, the same on stderr, and nothing on stdout
      const human = await create(['--policy', file], false);
      expect(human.code).toBe(3);
      expect(human.stdout).toBe('');
      expect(human.stderr).toMatch(/^radcred: error: policy file /m);
      if (key !== undefined) expect(human.stderr).toContain(`: ${key} `);
    },
  );

  it('a policy file that does not exist: exit 3', async () => {
    const r = await create(['--policy', join(dir, 'no-such.policy.json')]);
    expect(r.code).toBe(3);
  });

  it('--appointment-from after --appointment-until: exit 2, APPOINTMENT_INVALID', async () => {
    const r = await create(['--appointment-from', '2027-07-01', '--appointment-until', '2027-06-30']);
    expect([r.code, r.json().error.code]).toEqual([2, 'APPOINTMENT_INVALID']);
  });
});

describe('request show', () => {
  it('shows who asks for what, and whether the request has expired', async () => {
    const r = await run(holder, ['request', 'show', req.lb!.file]);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({
      verifier: dids.northbay,
      verifierName: NORTHBAY_LABEL,
      require: LB,
      challenge: req.lb!.json.challenge,
      expired: false,
    });
    const later = await run(holder, ['request', 'show', req.short!.file], at(7200));
    expect(later.code).toBe(0);
    expect(later.json().expired).toBe(true);
    const human = await radcred(['--home', holder, '--now', NOW, 'request', 'show', req.cme!.file]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(NORTHBAY_LABEL);
  });

  it('a request with one payload byte changed: exit 1, REQUEST_SIGNATURE_INVALID; a credential is not a request: exit 3', async () => {
    const bad = await run(holder, ['request', 'show', oneByteChanged(req.lb!.file)]);
    expect([bad.code, bad.json().error.code]).toEqual([1, 'REQUEST_SIGNATURE_INVALID']);
    const notRequest = await run(holder, ['request', 'show', file.license!]);
    expect([notRequest.code, notRequest.json().error.code]).toEqual([3, 'REQUEST_INVALID']);
  });
});

describe('present --request', () => {
  it('takes the audience and challenge from the request and offers only what it asks for (no degree, no CME)', async () => {
    const out = join(dir, 'lb.vp.jwt');
    const r = await present(['--request', req.lb!.file, '--all'], out);
    expect(r.code, r.stderr).toBe(0);
    const { payload } = decodeJwt(readFileSync(out, 'utf8'));
    expect(payload).toMatchObject({ aud: dids.northbay, nonce: req.lb!.json.challenge });
    expect(
      r
        .json()
        .credentials.map((c: { type: string }) => c.type)
        .sort(),
    ).toEqual([...LB].sort());
    expect(r.json().request).toMatchObject({ verifier: dids.northbay, challenge: req.lb!.json.challenge });
  });

  it('a request with a CME rule: CME certificates are offered too', async () => {
    const out = join(dir, 'cme.vp.jwt');
    const r = await present(['--request', req.cme!.file, '--all'], out);
    expect(r.code, r.stderr).toBe(0);
    expect(
      r
        .json()
        .credentials.map((c: { type: string }) => c.type)
        .sort(),
    ).toEqual(['CMECertificateCredential', 'MedicalLicenseCredential']);
  });

  it('--select of a requested credential works; of an unrequested one is exit 2 NOT_REQUESTED, nothing written', async () => {
    const ok = join(dir, 'selected.vp.jwt');
    const r = await present(['--request', req.lb!.file, '--select', file.license!], ok);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().credentials.map((c: { digest: string }) => c.digest)).toEqual([views.license!.digest]);
    const out = join(dir, 'degree.vp.jwt');
    const bad = await present(['--request', req.lb!.file, '--select', file.license!, file.degree!], out);
    expect([bad.code, bad.json().error.code]).toEqual([2, 'NOT_REQUESTED']);
    expect(existsSync(out)).toBe(false);
  });

  it('--request with --audience (or --challenge) is exit 2', async () => {
    const a = await present(['--request', req.lb!.file, '--audience', dids.northbay!, '--all'], join(dir, 'x1.jwt'));
    const c = await present(['--request', req.lb!.file, '--challenge', 'mine', '--all'], join(dir, 'x2.jwt'));
    expect([a.code, c.code]).toEqual([2, 2]);
  });

  it('a request whose signature does not verify is refused: exit 1, REQUEST_SIGNATURE_INVALID, nothing written or logged', async () => {
    const before = (await run(holder, ['disclosures'])).json().disclosures.length;
    const out = join(dir, 'forged.vp.jwt');
    const r = await present(['--request', oneByteChanged(req.cme!.file), '--all'], out);
    expect([r.code, r.json().error.code]).toEqual([1, 'REQUEST_SIGNATURE_INVALID']);
    expect(existsSync(out)).toBe(false);
    expect((await run(holder, ['disclosures'])).json().disclosures).toHaveLength(before);
  });

  it('a request past its expiry is refused: exit 1, REQUEST_EXPIRED', async () => {
    const out = join(dir, 'late.vp.jwt');
    const r = await present(['--request', req.short!.file, '--all'], out, at(3600 + 120));
    expect([r.code, r.json().error.code]).toEqual([1, 'REQUEST_EXPIRED']);
    expect(existsSync(out)).toBe(false);
    // within the hour it is answered
    const inTime = await present(['--request', req.short!.file, '--all'], join(dir, 'in-time.vp.jwt'), at(1800));
    expect(inTime.code, inTime.stderr).toBe(0);
  });
});

describe('verify --request', () => {
  it('checks audience and challenge from the request, then its required types', async () => {
    const r = await verify([join(dir, 'lb.vp.jwt'), '--request', req.lb!.file]);
    expect(r.code, r.stdout).toBe(0);
    expect(code(r, 'audience')).toEqual(['AUDIENCE_MATCH']);
    expect(code(r, 'challenge')).toEqual(['CHALLENGE_MATCH']);
    expect(code(r, 'required')).toEqual(['REQUIRED_PRESENT', 'REQUIRED_PRESENT']);
  });

  it('a presentation answering another request fails CHALLENGE_MISMATCH', async () => {
    const r = await verify([join(dir, 'cme.vp.jwt'), '--request', req.lb!.file]);
    expect(r.code).toBe(1);
    expect(r.json().verified).toBe(false);
    expect(checks(r).find((c) => c.check === 'challenge')).toMatchObject({
      status: 'fail',
      code: 'CHALLENGE_MISMATCH',
    });
  });

  it('a presentation addressed to someone else fails AUDIENCE_MISMATCH', async () => {
    const vp = await vpFile('elsewhere', mallory().did, req.lb!.json.challenge, ['license', 'board'], NOW_S);
    const r = await verify([vp, '--request', req.lb!.file]);
    expect(r.code).toBe(1);
    expect(checks(r).find((c) => c.check === 'audience')).toMatchObject({ status: 'fail', code: 'AUDIENCE_MISMATCH' });
  });

  it('a presentation made after the request expired fails REQUEST_EXPIRED; one made in time still verifies later', async () => {
    const late = await vpFile('after-expiry', dids.northbay!, req.short!.json.challenge, ['license'], NOW_S + 7200);
    const r = await verify([late, '--request', req.short!.file], at(7300));
    expect(r.code).toBe(1);
    expect(
      checks(r)
        .filter((c) => c.status === 'fail')
        .map((c) => c.code),
    ).toEqual(['REQUEST_EXPIRED']);
    const inTime = await verify([join(dir, 'in-time.vp.jwt'), '--request', req.short!.file], at(7300));
    expect(inTime.code, inTime.stdout).toBe(0);
    expect(checks(inTime).some((c) => c.code === 'REQUEST_EXPIRED')).toBe(false);
  });

  it('--request with --audience/--challenge or --any-audience is exit 2', async () => {
    const vp = join(dir, 'lb.vp.jwt');
    for (const extra of [['--audience', dids.northbay!, '--challenge', req.lb!.json.challenge], ['--any-audience']]) {
      const r = await verify([vp, '--request', req.lb!.file, ...extra]);
      expect(r.code, extra.join(' ')).toBe(2);
    }
  });

  it('a request whose signature does not verify is not used: exit 1, REQUEST_SIGNATURE_INVALID', async () => {
    const r = await verify([join(dir, 'lb.vp.jwt'), '--request', oneByteChanged(req.lb!.file)]);
    expect([r.code, r.json().error.code]).toEqual([1, 'REQUEST_SIGNATURE_INVALID']);
  });
});
