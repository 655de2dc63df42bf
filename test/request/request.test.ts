// A credentialing office's request: what createRequest signs (radcredRequest version 2, the whole
// policy under `policy`), what readRequest gives back and what it refuses (bad signatures, wrong
// typ, malformed claims, unknown keys, expiry, requests dated in the future); radcred 0.1's
// version 1 still read; and which credential types answer a request.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CME_PRESETS, type CmeRule } from '../../src/policy/cme-rules.js';
import type { Policy } from '../../src/policy/policy.js';
import { createRequest } from '../../src/request/create.js';
import { answeringTypes, DEFAULT_REQUEST_SECONDS, readRequest, REQUEST_TYP } from '../../src/request/request.js';
import { encodeBase64url } from '../../src/util/bytes.js';
import { NOW_S, ROOT, errorOfAsync } from '../helpers.js';
import { decodeJwt, demoSigner, flipSignatureBit, mallory, replacePayload, signCompactJws } from '../verify/tokens.js';

const northbay = demoSigner('northbay');
const LICENSE = 'MedicalLicenseCredential';
const BOARD = 'BoardCertificationCredential';
const REQUIRE = [LICENSE, BOARD];
const APPOINTMENT = Date.parse('2027-06-30T00:00:00Z') / 1000;
const CUSTOM: CmeRule = {
  name: 'northbay-mammo',
  description: 'Northbay breast imaging',
  window: { type: 'fixed', months: 12, anchor: '2026-07-01' },
  requirements: [{ label: 'mammography', credits: 40, category1: true, topics: ['mammography'] }],
};
/** A policy with every key there is. */
const FULL: Policy = {
  name: 'Northbay medical staff bylaws 2027',
  require: [LICENSE, BOARD, 'ProfessionalLiabilityCoverageCredential'],
  cme: [CME_PRESETS.abr!, CME_PRESETS.pa!, CUSTOM],
  license: { jurisdictions: ['US-PA', 'US-NJ'] },
  board: { status: ['certified'], continuingCertification: ['meeting', 'not required'] },
  coverage: { minPerClaimUSD: 1_000_000, minAggregateUSD: 3_000_000, throughAppointment: true },
  claims: { minLookbackYears: 10 },
  maxSourceAgeDays: 120,
  interpretationVolume: { minExams: 960, months: 24 },
  appointmentFrom: Date.parse('2027-01-01T00:00:00Z') / 1000,
  appointmentUntil: Date.parse('2028-12-31T23:59:59Z') / 1000,
};

const make = (policy: Partial<Policy> = {}, extra: { validForSeconds?: number } = {}) =>
  createRequest({
    signer: northbay,
    verifierName: 'Northbay General Hospital',
    policy: { require: REQUIRE, cme: [], ...policy },
    now: NOW_S,
    ...extra,
  });

/** Re-signs the request's payload after `edit`, keeping the typ (a well-signed but malformed request). */
function resigned(jwt: string, edit: (p: Record<string, any>) => void, signer = northbay): string {
  const payload = structuredClone(decodeJwt(jwt).payload);
  edit(payload);
  return signCompactJws(signer, payload, REQUEST_TYP);
}

describe('createRequest', () => {
  it('signs a radcred-request+jwt, version 2: verifier DID and name, challenge, the policy (its CME rules whole), expiry', async () => {
    const { jwt, request } = await make(
      { cme: [CME_PRESETS.abr!], appointmentUntil: APPOINTMENT },
      { validForSeconds: 14 * 86400 },
    );
    const { header, payload } = decodeJwt(jwt);
    expect(header).toMatchObject({ typ: 'radcred-request+jwt', alg: 'EdDSA', kid: northbay.kid });
    expect(payload).toMatchObject({ iss: northbay.did, iat: NOW_S, exp: NOW_S + 14 * 86400, jti: request.jti });
    expect(payload.radcredRequest).toEqual({
      version: 2,
      verifierName: 'Northbay General Hospital',
      challenge: request.challenge,
      policy: { require: REQUIRE, cme: [CME_PRESETS.abr], appointmentUntil: '2027-06-30T00:00:00Z' },
    });
    expect(request).toMatchObject({
      verifier: northbay.did,
      expires: NOW_S + 14 * 86400,
      policy: { require: REQUIRE, cme: [CME_PRESETS.abr], appointmentUntil: APPOINTMENT },
    });
  });

  it('the policy claim leaves out what the policy does not ask (no cme, no rules, no appointment; no types)', async () => {
    expect(decodeJwt((await make()).jwt).payload.radcredRequest.policy).toEqual({ require: REQUIRE });
    expect(decodeJwt((await make({ require: [] })).jwt).payload.radcredRequest.policy).toEqual({});
  });

  it('expires after 30 days by default', async () => {
    expect(DEFAULT_REQUEST_SECONDS).toBe(30 * 86400);
    expect(decodeJwt((await make()).jwt).payload.exp).toBe(NOW_S + 30 * 86400);
  });

  it('every request has its own random challenge (at least 128 bits) and jti', async () => {
    const a = (await make()).request;
    const b = (await make()).request;
    expect(a.challenge).not.toBe(b.challenge);
    expect(a.jti).not.toBe(b.jti);
    expect(Buffer.from(a.challenge, 'base64url').length).toBeGreaterThanOrEqual(16);
  });

  it('names each required type once, and each CME rule once', async () => {
    const { request } = await make({ require: [LICENSE, LICENSE], cme: [CME_PRESETS.abr!, CME_PRESETS.abr!] });
    expect([request.policy.require, request.policy.cme]).toEqual([[LICENSE], [CME_PRESETS.abr]]);
  });

  it('refuses a required type that is not a type name (usage error), and two different rules of one name', async () => {
    for (const bad of ['', 'Medical License', 'x'.repeat(101), '1Credential', 'A;B']) {
      const e = await errorOfAsync(() => make({ require: [bad] }));
      expect([e.code, e.kind], bad).toEqual(['TYPE_INVALID', 'usage']);
    }
    const e = await errorOfAsync(() =>
      make({ cme: [CUSTOM, { ...CUSTOM, requirements: [{ label: 'total', credits: 1 }] }] }),
    );
    expect(e.code).toBe('POLICY_INVALID');
  });
});

describe('a request carries its CME rules whole', () => {
  it("a signed version-2 request naming a preset instead of a rule is REQUEST_INVALID (its meaning would follow radcred's presets)", async () => {
    const { jwt } = await make({ cme: [CME_PRESETS.abr!] });
    expect(decodeJwt(jwt).payload.radcredRequest.policy.cme[0]).toMatchObject({
      name: 'abr',
      window: { type: 'rolling', months: 36 },
    });
    const e = await errorOfAsync(() =>
      readRequest(
        resigned(jwt, (p) => {
          p.radcredRequest.policy.cme = ['abr'];
        }),
      ),
    );
    expect(e.code).toBe('REQUEST_INVALID');
    expect(e.message).toMatch(/never a preset name/);
  });
});

describe('coverage through the appointment needs the appointment end', () => {
  const through = { coverage: { throughAppointment: true } };

  it('createRequest refuses it without appointmentUntil (POLICY_INVALID, bad input), and signs it with one', async () => {
    const e = await errorOfAsync(() => make(through));
    expect([e.code, e.kind]).toEqual(['POLICY_INVALID', 'input']);
    expect(e.hint).toMatch(/--appointment-until/);
    expect((await make({ ...through, appointmentUntil: APPOINTMENT })).request.policy.coverage).toEqual({
      throughAppointment: true,
    });
  });

  it('a signed request asking for it without an end (another tool wrote it) is REQUEST_INVALID, never a rule that passes silently', async () => {
    const { jwt } = await make({ ...through, appointmentUntil: APPOINTMENT });
    const e = await errorOfAsync(() =>
      readRequest(
        resigned(jwt, (p) => {
          delete p.radcredRequest.policy.appointmentUntil;
        }),
      ),
    );
    expect(e.code).toBe('REQUEST_INVALID');
    expect(e.message).toMatch(/throughAppointment needs policy.appointmentUntil/);
  });
});

describe('readRequest', () => {
  it('reads back what was signed: the whole policy, every key of it', async () => {
    const { jwt, request } = await make(FULL);
    const read = await readRequest(jwt, NOW_S);
    expect(read).toEqual(request);
    expect(read.policy).toEqual(FULL);
    expect(await readRequest(jwt + '\n')).toEqual(request);
  });

  it('regression: a request that requires no type (only a CME rule, or nothing) reads back', async () => {
    for (const policy of [
      { require: [], cme: [CME_PRESETS.abr!] },
      { require: [], cme: [] },
    ]) {
      const { jwt, request } = await make(policy);
      expect(decodeJwt(jwt).payload.radcredRequest.policy.require).toBeUndefined();
      expect((await readRequest(jwt)).policy).toEqual(request.policy);
    }
  });

  it('a policy with only some rules reads back with only those', async () => {
    const policy = {
      require: [BOARD],
      cme: [CME_PRESETS.tx!],
      board: { status: ['certified', 'inactive'] },
      maxSourceAgeDays: 180,
    };
    expect((await readRequest((await make(policy)).jwt)).policy).toEqual(policy);
  });

  it('a changed payload byte: REQUEST_SIGNATURE_INVALID (a verification failure)', async () => {
    const { jwt } = await make();
    const [h, p, s] = jwt.split('.') as [string, string, string];
    const bytes = Buffer.from(p, 'base64url');
    bytes[bytes.indexOf('Northbay')] = 'M'.charCodeAt(0);
    const e = await errorOfAsync(() => readRequest(`${h}.${encodeBase64url(bytes)}.${s}`));
    expect([e.code, e.kind]).toEqual(['REQUEST_SIGNATURE_INVALID', 'verify']);
  });

  it("a flipped signature bit, or a payload signed by someone else in the office's name: REQUEST_SIGNATURE_INVALID", async () => {
    const { jwt } = await make();
    expect((await errorOfAsync(() => readRequest(flipSignatureBit(jwt)))).code).toBe('REQUEST_SIGNATURE_INVALID');
    const forged = signCompactJws({ ...mallory(), kid: northbay.kid }, decodeJwt(jwt).payload, REQUEST_TYP);
    expect((await errorOfAsync(() => readRequest(forged))).code).toBe('REQUEST_SIGNATURE_INVALID');
    // the policy loosened by whoever carries the request: the signature no longer covers it
    const loosened = replacePayload(jwt, (p) => {
      p.radcredRequest.policy.require = [];
    });
    expect((await errorOfAsync(() => readRequest(loosened))).code).toBe('REQUEST_SIGNATURE_INVALID');
  });

  it('a JWT that is not a request (another typ, e.g. a credential): REQUEST_INVALID, bad input', async () => {
    const asJwt = signCompactJws(northbay, decodeJwt((await make()).jwt).payload);
    const e = await errorOfAsync(() => readRequest(asJwt));
    expect([e.code, e.kind]).toEqual(['REQUEST_INVALID', 'input']);
  });

  it('not a compact JWS at all: bad input', async () => {
    expect((await errorOfAsync(() => readRequest('not a jwt'))).kind).toBe('input');
  });

  const malformed: [string, (p: Record<string, any>) => void, string, string?][] = [
    [
      'no radcredRequest claim',
      (p) => {
        delete p.radcredRequest;
      },
      'REQUEST_INVALID',
    ],
    [
      'version 3',
      (p) => {
        p.radcredRequest.version = 3;
      },
      'REQUEST_INVALID',
    ],
    [
      'an unknown key in radcredRequest',
      (p) => {
        p.radcredRequest.require = ['MedicalLicenseCredential'];
      },
      'REQUEST_INVALID',
      'radcredRequest has an unknown key "require"',
    ],
    [
      'no policy',
      (p) => {
        delete p.radcredRequest.policy;
      },
      'REQUEST_INVALID',
      'radcredRequest.policy is missing',
    ],
    [
      'a policy that is not an object',
      (p) => {
        p.radcredRequest.policy = ['MedicalLicenseCredential'];
      },
      'REQUEST_INVALID',
    ],
    [
      'an unknown key in policy',
      (p) => {
        p.radcredRequest.policy.requires = [];
      },
      'REQUEST_INVALID',
      'policy.requires is not a policy key',
    ],
    [
      "a version key in policy (a policy file's, not a request's)",
      (p) => {
        p.radcredRequest.policy.version = 1;
      },
      'REQUEST_INVALID',
      'policy.version',
    ],
    [
      'an unknown nested key in policy',
      (p) => {
        p.radcredRequest.policy.coverage = { minPerClaim: 1 };
      },
      'REQUEST_INVALID',
      'policy.coverage.minPerClaim',
    ],
    [
      'a wrong type in policy',
      (p) => {
        p.radcredRequest.policy.maxSourceAgeDays = '120';
      },
      'REQUEST_INVALID',
      'policy.maxSourceAgeDays',
    ],
    [
      'require not a list',
      (p) => {
        p.radcredRequest.policy.require = 'MedicalLicenseCredential';
      },
      'REQUEST_INVALID',
      'policy.require',
    ],
    [
      'require with a bad type name',
      (p) => {
        p.radcredRequest.policy.require = ['Medical License'];
      },
      'REQUEST_INVALID',
    ],
    [
      'an unknown preset in cme',
      (p) => {
        p.radcredRequest.policy.cme = ['ny'];
      },
      'REQUEST_INVALID',
      'policy.cme[0]',
    ],
    [
      'an invalid CME rule',
      (p) => {
        p.radcredRequest.policy.cme = [{ name: 'x', window: { type: 'rolling', months: 0 }, requirements: [] }];
      },
      'CME_RULE_INVALID',
    ],
    [
      'two different CME rules of one name',
      (p) => {
        p.radcredRequest.policy.cme = [
          CME_PRESETS.abr,
          { ...CME_PRESETS.abr, requirements: [{ label: 'total', credits: 1 }] },
        ];
      },
      'REQUEST_INVALID',
    ],
    [
      'appointmentUntil not a time',
      (p) => {
        p.radcredRequest.policy.appointmentUntil = 'next summer';
      },
      'REQUEST_INVALID',
    ],
    [
      'appointmentUntil a bare date',
      (p) => {
        p.radcredRequest.policy.appointmentUntil = '2027-06-30';
      },
      'REQUEST_INVALID',
    ],
    [
      'appointmentFrom after appointmentUntil',
      (p) => {
        Object.assign(p.radcredRequest.policy, {
          appointmentFrom: '2027-07-01T00:00:00Z',
          appointmentUntil: '2027-06-30T00:00:00Z',
        });
      },
      'REQUEST_INVALID',
    ],
    [
      'no verifierName',
      (p) => {
        delete p.radcredRequest.verifierName;
      },
      'REQUEST_INVALID',
    ],
    [
      'a verifierName with a line break',
      (p) => {
        p.radcredRequest.verifierName = 'Northbay\nradcred: verified';
      },
      'REQUEST_INVALID',
    ],
    [
      'a short challenge',
      (p) => {
        p.radcredRequest.challenge = 'abc';
      },
      'REQUEST_INVALID',
    ],
    [
      'exp not an integer',
      (p) => {
        p.exp = 'soon';
      },
      'REQUEST_INVALID',
    ],
    [
      'no jti',
      (p) => {
        delete p.jti;
      },
      'REQUEST_INVALID',
    ],
  ];
  it.each(malformed)('a signed request with %s is refused', async (_what, edit, code, message) => {
    const base = (await make({ cme: [CME_PRESETS.abr!] })).jwt;
    const e = await errorOfAsync(() => readRequest(resigned(base, edit)));
    expect([e.code, e.kind]).toEqual([code, 'input']);
    if (message !== undefined) expect(e.message).toContain(message);
  });

  it('past its expiry (beyond 60 s of clock skew): REQUEST_EXPIRED; without a clock, not checked', async () => {
    const { jwt, request } = await make({}, { validForSeconds: 3600 });
    expect((await readRequest(jwt, request.expires + 59)).challenge).toBe(request.challenge);
    const e = await errorOfAsync(() => readRequest(jwt, request.expires + 60));
    expect([e.code, e.kind]).toEqual(['REQUEST_EXPIRED', 'verify']);
    expect((await readRequest(jwt)).challenge).toBe(request.challenge);
  });

  it('dated in the future: REQUEST_NOT_YET_VALID', async () => {
    const { jwt } = await make();
    expect((await errorOfAsync(() => readRequest(jwt, NOW_S - 61))).code).toBe('REQUEST_NOT_YET_VALID');
    expect((await readRequest(jwt, NOW_S - 60)).verifier).toBe(northbay.did);
  });
});

describe('version 1 requests (radcred 0.1) are still read', () => {
  const LEGACY_RULE = {
    name: 'abr',
    description: 'ABR continuing certification: 75 Category 1 credits in 36 months',
    windowMonths: 36,
    requirements: [{ label: 'Category 1', credits: 75, creditType: 'AMA PRA Category 1 Credit' }],
  };
  const v1 = async (edit: (r: Record<string, any>) => void = () => {}) =>
    resigned((await make()).jwt, (p) => {
      p.radcredRequest = {
        version: 1,
        verifierName: 'Northbay General Hospital',
        challenge: p.radcredRequest.challenge,
        require: REQUIRE,
        cme: LEGACY_RULE,
        appointmentUntil: '2027-06-30T23:59:59Z',
      };
      edit(p.radcredRequest);
    });

  it('require, the one CME rule (windowMonths read as a rolling window) and appointmentUntil become the policy', async () => {
    expect((await readRequest(await v1())).policy).toEqual({
      require: REQUIRE,
      cme: [
        {
          name: 'abr',
          description: LEGACY_RULE.description,
          window: { type: 'rolling', months: 36 },
          requirements: LEGACY_RULE.requirements,
        },
      ],
      appointmentUntil: Date.parse('2027-06-30T23:59:59Z') / 1000,
    });
  });

  it('without cme or appointmentUntil: just the required types', async () => {
    expect(
      (
        await readRequest(
          await v1((r) => {
            delete r.cme;
            delete r.appointmentUntil;
          }),
        )
      ).policy,
    ).toEqual({ require: REQUIRE, cme: [] });
  });

  it.each([
    [
      'require not a list',
      (r: Record<string, any>) => {
        r.require = LICENSE;
      },
      'REQUEST_INVALID',
    ],
    [
      'require missing',
      (r: Record<string, any>) => {
        delete r.require;
      },
      'REQUEST_INVALID',
    ],
    [
      'an invalid CME rule',
      (r: Record<string, any>) => {
        r.cme = { name: 'x', windowMonths: 0, requirements: [] };
      },
      'CME_RULE_INVALID',
    ],
    [
      'appointmentUntil not a time',
      (r: Record<string, any>) => {
        r.appointmentUntil = 'next summer';
      },
      'REQUEST_INVALID',
    ],
  ])('a version 1 request with %s is refused', async (_what, edit, code) => {
    expect((await errorOfAsync(async () => readRequest(await v1(edit)))).code).toBe(code);
  });

  it('the request Northbay wrote with radcred 0.1 (test/fixtures/legacy-v0.1) reads as it was', async () => {
    const request = await readRequest(
      readFileSync(join(ROOT, 'test', 'fixtures', 'legacy-v0.1', 'northbay-request.jwt'), 'utf8'),
    );
    expect(request).toMatchObject({
      verifier: northbay.did,
      verifierName: 'Northbay General Hospital, Credentialing Office',
      challenge: 'OIDirMn_7yphLrdqEhtjupWO',
    });
    expect(request.policy).toEqual({
      require: REQUIRE,
      cme: [
        {
          name: 'abr',
          description: LEGACY_RULE.description,
          window: { type: 'rolling', months: 36 },
          requirements: LEGACY_RULE.requirements,
        },
      ],
      appointmentUntil: Date.parse('2028-12-31T23:59:59Z') / 1000,
    });
    expect(answeringTypes(request)).toEqual(new Set([...REQUIRE, 'CMECertificateCredential']));
  });
});

describe('answeringTypes: the types a request asks for, required or looked at by a rule', () => {
  const types = async (policy: Partial<Policy>) => answeringTypes((await make({ require: [], ...policy })).request);

  it('the required types, plus CME certificates when the request has a CME rule', async () => {
    expect(answeringTypes((await make()).request)).toEqual(new Set(REQUIRE));
    expect(answeringTypes((await make({ cme: [CME_PRESETS.abr!] })).request)).toEqual(
      new Set([...REQUIRE, 'CMECertificateCredential']),
    );
    expect(await types({ cme: [CME_PRESETS.mqsa!] })).toEqual(new Set(['CMECertificateCredential']));
  });

  it.each([
    ['a board rule', { board: { status: ['certified'] } }, [BOARD]],
    ['a license rule', { license: { jurisdictions: ['US-PA'] } }, [LICENSE]],
    ['a coverage rule', { coverage: { minPerClaimUSD: 1_000_000 } }, ['ProfessionalLiabilityCoverageCredential']],
    ['a claims rule', { claims: { minLookbackYears: 10 } }, ['ClaimsHistoryCredential']],
    [
      'an interpretation volume rule',
      { interpretationVolume: { minExams: 960, months: 24 } },
      ['MammographyInterpretationVolumeCredential'],
    ],
    [
      'a license-cycle CME rule (tx: its window is placed by the TX license)',
      { cme: [CME_PRESETS.tx!] },
      ['CMECertificateCredential', LICENSE],
    ],
    ['a fixed-cycle CME rule (pa: no license needed)', { cme: [CME_PRESETS.pa!] }, ['CMECertificateCredential']],
  ] as [string, Partial<Policy>, string[]][])('%s asks for %j', async (_what, policy, expected) => {
    expect(await types(policy)).toEqual(new Set(expected));
  });

  it('a request that names nothing (or only a source age) restricts nothing', async () => {
    expect(await types({})).toBeUndefined();
    expect(await types({ maxSourceAgeDays: 120 })).toBeUndefined();
  });
});
