// Property: reading a request file (present --request, verify --request, request show) returns a
// checked request or throws a RadcredError, for any file; whatever it returns can be shown to the
// holder. A request whose bytes were changed is never accepted (the office's signature covers it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRequest, requestData } from '../../src/cli/commands/request.js';
import { plainStyle } from '../../src/cli/style.js';
import { CME_PRESETS } from '../../src/policy/cme-rules.js';
import { createRequest } from '../../src/request/create.js';
import { parseRequest, REQUEST_TYP } from '../../src/request/request.js';
import { resolveDids } from '../../src/identity/resolver.js';
import { NOW_S, ROOT } from '../helpers.js';
import { fc, fuzzParams } from '../fuzz.js';
import {
  jwsParts,
  mutatedJson,
  mutatedText,
  numericDate,
  outcome,
  randomText,
  tokenFromTexts,
} from '../fuzz-mutations.js';
import { demoSigner, handmade, mallory } from '../verify/tokens.js';

const office = demoSigner('northbay');
const SEEDS = [
  (
    await createRequest({
      signer: office,
      verifierName: 'Northbay General',
      now: NOW_S,
      policy: {
        name: 'Northbay bylaws',
        require: ['MedicalLicenseCredential', 'BoardCertificationCredential'],
        cme: [CME_PRESETS.tx!, CME_PRESETS.pa!],
        license: { jurisdictions: ['US-PA'] },
        board: { status: ['certified'], continuingCertification: ['meeting'] },
        coverage: { minPerClaimUSD: 1_000_000, minAggregateUSD: 3_000_000, throughAppointment: true },
        claims: { minLookbackYears: 10 },
        maxSourceAgeDays: 120,
        interpretationVolume: { minExams: 960, months: 24 },
        appointmentFrom: NOW_S + 30 * 86400,
        appointmentUntil: NOW_S + 700 * 86400,
      },
    })
  ).jwt,
  (
    await createRequest({
      signer: demoSigner('tmb'),
      verifierName: 'TMB',
      policy: { require: [], cme: [] },
      now: NOW_S,
      validForSeconds: 3600,
    })
  ).jwt,
  // version 1, as radcred 0.1 wrote it
  readFileSync(join(ROOT, 'test', 'fixtures', 'legacy-v0.1', 'northbay-request.jwt'), 'utf8').trim(),
];
const decode = (part: string) => Buffer.from(part, 'base64url').toString('utf8');
const SIGNERS = [office, demoSigner('tmb'), mallory()];
// the signers' DIDs resolved once, as readRequest would (parseRequest is its synchronous part)
await resolveDids(SIGNERS.map((s) => s.did));

function read(text: string, now: number | undefined) {
  const r = outcome(() => parseRequest(text, now), ['input', 'verify']);
  if (r.ok) {
    const q = r.value;
    expect(typeof q.verifier).toBe('string');
    expect(q.verifierName.length).toBeGreaterThan(0);
    expect(q.challenge.length).toBeGreaterThanOrEqual(16);
    expect(q.policy.require.every((t) => typeof t === 'string')).toBe(true);
    expect(Array.isArray(q.policy.cme)).toBe(true);
    // what `present --request` and `request show` print about it
    expect(() => describeRequest(q, plainStyle)).not.toThrow();
    expect(() => JSON.stringify(requestData(q))).not.toThrow();
  }
  return r;
}

describe('readRequest (fuzz)', () => {
  it('the seeds read back', () => {
    for (const t of SEEDS) {
      const r = read(t, NOW_S);
      expect(r.ok ? 'ok' : r.error.message).toBe('ok');
    }
  });

  it('random text and mutated request files: a request or a RadcredError; changed bytes are never accepted', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          { weight: 5, arbitrary: fc.constantFrom(...SEEDS).chain((t) => fc.tuple(fc.constant(t), mutatedText(t))) },
          { weight: 1, arbitrary: randomText.map((t) => ['', t] as [string, string]) },
        ),
        fc.option(fc.constant(NOW_S)),
        ([seed, text], now) => {
          const r = read(text, now ?? undefined);
          if (r.ok) expect(text.trim()).toBe(seed);
        },
      ),
      fuzzParams(120),
    );
  });

  it('mutated claims re-signed by some key: a request or a RadcredError; accepted only as signed by its iss', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SEEDS).chain((t) => mutatedJson(JSON.parse(decode(jwsParts(t)[1])))),
        fc.option(
          fc.constantFrom(...SEEDS).chain((t) => mutatedJson(JSON.parse(decode(jwsParts(t)[0])))),
          { freq: 4 },
        ),
        fc.constantFrom(...SIGNERS),
        fc.option(fc.constant(NOW_S)),
        (payloadText, headerText, signer, now) => {
          const header = headerText ?? JSON.stringify({ alg: signer.alg, typ: REQUEST_TYP, kid: signer.kid });
          const r = read(
            tokenFromTexts(header, payloadText, (input) => signer.sign(input)),
            now ?? undefined,
          );
          if (r.ok) expect(r.value.verifier).toBe(signer.did);
        },
      ),
      fuzzParams(150),
    );
  });

  it('any iat, exp and appointment period, signed by the office: a request or a RadcredError', () => {
    const appointment = fc.oneof(
      fc.constantFrom<unknown>(
        undefined,
        '2028-01-01',
        '2028-01-01T00:00:00Z',
        '+275760-09-13T00:00:00Z',
        '-271821-04-20',
        '1',
        'x',
        5,
      ),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(
      fc.property(
        numericDate,
        numericDate,
        appointment,
        appointment,
        fc.option(fc.constant(NOW_S)),
        (iat, exp, appointmentFrom, appointmentUntil, now) => {
          const payload = JSON.parse(decode(jwsParts(SEEDS[0]!)[1])) as Record<string, any>;
          Object.assign(payload, { iat, exp });
          Object.assign(payload.radcredRequest.policy, { appointmentFrom, appointmentUntil });
          read(
            handmade({ alg: office.alg, typ: REQUEST_TYP, kid: office.kid }, payload, (input) => office.sign(input)),
            now ?? undefined,
          );
        },
      ),
      fuzzParams(60),
    );
  });
});

describe('regressions found by fuzzing', () => {
  it('iat or exp beyond the range of a Date (or negative) is REQUEST_INVALID, not a RangeError when shown', () => {
    for (const [iat, exp] of [
      [4882881278319097, NOW_S + 3600],
      [NOW_S, 2 ** 53 - 1],
      [NOW_S, -1987093092],
    ]) {
      const payload = JSON.parse(decode(jwsParts(SEEDS[0]!)[1])) as Record<string, unknown>;
      Object.assign(payload, { iat, exp });
      const r = read(
        handmade({ alg: office.alg, typ: REQUEST_TYP, kid: office.kid }, payload, (input) => office.sign(input)),
        undefined,
      );
      expect(r.ok ? 'accepted' : r.error.code).toBe('REQUEST_INVALID');
    }
  });
});
