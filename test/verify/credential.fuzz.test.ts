// Property: verifying a VC-JWT file (steps 1 and 4) never throws, whatever the file holds: it
// reports malformed input or failed checks. A token whose bytes changed never verifies, and a
// re-signed one verifies only when signed by the key of the `iss` it names.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { issueCredential } from '../../src/credential/issue.js';
import { parseTrustList } from '../../src/trust/trust-list.js';
import type { FileResult, VerifyOptions } from '../../src/verify/types.js';
import { checkText } from '../../src/verify/verify.js';
import { resolveDids } from '../../src/identity/resolver.js';
import { fixture, NOW_S } from '../helpers.js';
import { fc, fuzzParams } from '../fuzz.js';
import { jwsParts, mutatedJson, mutatedText, numericDate, randomText, tokenFromTexts } from '../fuzz-mutations.js';
import { demoSigner, handmade, mallory, type SeedSigner } from './tokens.js';

const subject = (type: string) =>
  JSON.parse(readFileSync(fixture('subjects', `${type}.json`), 'utf8')) as Record<string, unknown>;
const holder = demoSigner('priya').did;
const SIGNERS: SeedSigner[] = [demoSigner('tmb'), demoSigner('lakeshore'), demoSigner('rsna'), mallory()];
const SEEDS = [
  (
    await issueCredential({
      signer: SIGNERS[0]!,
      type: 'MedicalLicenseCredential',
      subjectDid: holder,
      subject: subject('MedicalLicenseCredential'),
      now: NOW_S,
      validUntil: NOW_S + 365 * 86400,
    })
  ).jwt,
  (
    await issueCredential({
      signer: SIGNERS[1]!,
      type: 'MedicalDegreeCredential',
      subjectDid: holder,
      subject: subject('MedicalDegreeCredential'),
      now: NOW_S,
    })
  ).jwt,
  (
    await issueCredential({
      signer: SIGNERS[2]!,
      type: 'CMECertificateCredential',
      subjectDid: holder,
      subject: subject('CMECertificateCredential'),
      now: NOW_S,
    })
  ).jwt,
  (
    await issueCredential({
      signer: SIGNERS[2]!,
      type: 'ClaimsHistoryCredential',
      subjectDid: holder,
      subject: subject('ClaimsHistoryCredential'),
      now: NOW_S - 86400,
    })
  ).jwt,
];
// the signers' DIDs resolved once, as verify does before its checks (checkText is their synchronous part)
await resolveDids(SIGNERS.map((s) => s.did));
const decode = (part: string) => Buffer.from(part, 'base64url').toString('utf8');
const TRUST = parseTrustList(readFileSync(fixture('trust.json'), 'utf8'), 'trust.json');
const OPTIONS: VerifyOptions[] = [
  { now: NOW_S, trust: 'any', audience: 'any', ledger: 'skip' },
  { now: NOW_S, trust: TRUST, audience: undefined, ledger: undefined },
];

/** Verification never throws; its report is well formed. */
function verifyFuzzed(text: string, options: VerifyOptions): FileResult {
  const result = checkText('fuzzed.jwt', text, options);
  expect(result.checks.length).toBeGreaterThan(0);
  for (const c of result.checks) {
    expect(['pass', 'fail', 'warn', 'skip']).toContain(c.status);
    expect(c.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
    expect(typeof c.message).toBe('string');
  }
  expect(result.verified).toBe(result.checks.every((c) => c.status !== 'fail'));
  if (result.malformed) expect(result.verified).toBe(false);
  // the report is what --json prints
  expect(() => JSON.stringify(result)).not.toThrow();
  return result;
}

describe('verify a VC-JWT file (fuzz)', () => {
  it('the seeds verify', () => {
    for (const t of SEEDS) expect(verifyFuzzed(t, OPTIONS[0]!).verified).toBe(true);
  });

  it('random text and mutated tokens: a report, never a throw; changed tokens never verify', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          { weight: 5, arbitrary: fc.constantFrom(...SEEDS).chain((t) => fc.tuple(fc.constant(t), mutatedText(t))) },
          { weight: 1, arbitrary: randomText.map((t) => ['', t] as [string, string]) },
        ),
        fc.constantFrom(...OPTIONS),
        ([seed, text], options) => {
          const result = verifyFuzzed(text, options);
          if (text.trim() !== seed) expect(result.verified).toBe(false);
        },
      ),
      fuzzParams(150),
    );
  });

  it('mutated claims under the original signature never verify', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...SEEDS)
          .chain((t) => fc.tuple(fc.constant(t), mutatedJson(JSON.parse(decode(jwsParts(t)[1]))))),
        ([seed, json]) => {
          const [h, p, s] = jwsParts(seed);
          const text = `${h}.${Buffer.from(json).toString('base64url')}.${s}`;
          const result = verifyFuzzed(text, OPTIONS[0]!);
          if (Buffer.from(json).toString('base64url') !== p) expect(result.verified).toBe(false);
        },
      ),
      fuzzParams(120),
    );
  });

  it('mutated claims and headers, re-signed by some key: checked, never thrown; verified only under the key of iss', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...SEEDS)
          .chain((t) => fc.tuple(fc.constant(t), mutatedJson(JSON.parse(decode(jwsParts(t)[1]))))),
        fc.option(
          fc.constantFrom(...SEEDS).chain((t) => mutatedJson(JSON.parse(decode(jwsParts(t)[0])))),
          { freq: 3 },
        ),
        fc.constantFrom(...SIGNERS),
        fc.constantFrom(...OPTIONS),
        ([, payloadText], headerText, signer, options) => {
          const header = headerText ?? JSON.stringify({ alg: signer.alg, typ: 'JWT', kid: signer.kid });
          const result = verifyFuzzed(
            tokenFromTexts(header, payloadText, (input) => signer.sign(input)),
            options,
          );
          if (result.verified) expect((JSON.parse(payloadText) as { iss?: unknown }).iss).toBe(signer.did);
        },
      ),
      fuzzParams(200),
    );
  });
});

describe('verify a VC-JWT file: time claims (fuzz)', () => {
  it('any iat, nbf and exp, signed by the issuer: a report, never a throw', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SEEDS),
        numericDate,
        numericDate,
        numericDate,
        fc.constantFrom(...OPTIONS),
        (seed, iat, nbf, exp, options) => {
          const payload = JSON.parse(decode(jwsParts(seed)[1])) as Record<string, unknown>;
          Object.assign(payload, { iat, nbf, exp });
          const signer = SIGNERS.find((s) => s.did === payload.iss)!;
          verifyFuzzed(
            handmade({ alg: signer.alg, typ: 'JWT', kid: signer.kid }, payload, (input) => signer.sign(input)),
            options,
          );
        },
      ),
      fuzzParams(60),
    );
  });
});

describe('regressions found by fuzzing', () => {
  it('time claims beyond the range of a Date are a failed check, not a RangeError', () => {
    const signer = SIGNERS[1]!;
    for (const [k, v] of [
      ['nbf', 2 ** 53 - 1],
      ['exp', 8_640_000_000_001],
      ['iat', 1e15],
    ] as const) {
      const payload = {
        iss: signer.did,
        sub: holder,
        [k]: v,
        vc: {
          '@context': ['https://www.w3.org/2018/credentials/v1'],
          type: ['VerifiableCredential', 'MedicalDegreeCredential'],
          credentialSubject: subject('MedicalDegreeCredential'),
        },
      };
      const result = verifyFuzzed(
        handmade({ alg: signer.alg, kid: signer.kid }, payload, (input) => signer.sign(input)),
        OPTIONS[0]!,
      );
      expect(result.verified).toBe(false);
      expect(result.checks.find((c) => c.status === 'fail')?.code).toBe('DATE_NOT_SECONDS');
    }
  });
});
