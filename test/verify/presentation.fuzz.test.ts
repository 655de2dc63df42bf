// Property: verifying a VP-JWT file (steps 1-5) never throws, whatever the file holds. A
// presentation whose bytes changed never verifies; one re-signed by its holder verifies only
// with the credentials it was made with, each unchanged.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCredentialClaims } from '../../src/credential/claims.js';
import { issueCredential } from '../../src/credential/issue.js';
import { parseCompactJws } from '../../src/jws/compact.js';
import { CME_PRESETS } from '../../src/policy/cme-rules.js';
import { createPresentation } from '../../src/presentation/present.js';
import type { VerifyOptions } from '../../src/verify/types.js';
import { checkText } from '../../src/verify/verify.js';
import { resolveDids } from '../../src/identity/resolver.js';
import { fixture, NOW_S } from '../helpers.js';
import { fc, fuzzParams } from '../fuzz.js';
import { jwsParts, mutatedJson, mutatedText, numericDate, randomText, tokenFromTexts } from '../fuzz-mutations.js';
import { demoSigner, handmade, mallory } from './tokens.js';

const subject = (type: string) =>
  JSON.parse(readFileSync(fixture('subjects', `${type}.json`), 'utf8')) as Record<string, unknown>;
const priya = demoSigner('priya');
const office = demoSigner('northbay');
const CHALLENGE = 'fuzz-challenge-0123456789';
const VCS = [
  (
    await issueCredential({
      signer: demoSigner('tmb'),
      type: 'MedicalLicenseCredential',
      subjectDid: priya.did,
      subject: subject('MedicalLicenseCredential'),
      now: NOW_S,
    })
  ).jwt,
  (
    await issueCredential({
      signer: demoSigner('rsna'),
      type: 'CMECertificateCredential',
      subjectDid: priya.did,
      subject: subject('CMECertificateCredential'),
      now: NOW_S,
    })
  ).jwt,
];
const view = (jwt: string) => {
  const c = readCredentialClaims(parseCompactJws(jwt));
  if (!c.ok) throw new Error(c.message);
  return c.view;
};
const VP = (
  await createPresentation({
    signer: priya,
    audience: office.did,
    challenge: CHALLENGE,
    credentials: VCS.map(view),
    now: NOW_S,
  })
).jwt;
const VP_PAYLOAD = JSON.parse(Buffer.from(jwsParts(VP)[1], 'base64url').toString('utf8')) as Record<string, any>;
const HOLDERS = [priya, mallory(), office];
// every signer's DID resolved once, as verify does before its checks (checkText is their synchronous part)
await resolveDids([...HOLDERS, demoSigner('tmb'), demoSigner('rsna')].map((s) => s.did));

const OPTIONS: VerifyOptions[] = [
  { now: NOW_S, trust: 'any', audience: { audience: office.did, challenge: CHALLENGE }, ledger: 'skip' },
  {
    now: NOW_S,
    trust: 'any',
    audience: 'any',
    ledger: 'skip',
    policy: { require: ['MedicalLicenseCredential'], cme: [CME_PRESETS.tx!], appointmentUntil: NOW_S + 400 * 86400 },
    request: { issuedAt: NOW_S - 3600, expires: NOW_S + 3600 },
  },
];

function verifyFuzzed(text: string, options: VerifyOptions) {
  const result = checkText('fuzzed-vp.jwt', text, options);
  for (const c of result.checks) {
    expect(['pass', 'fail', 'warn', 'skip']).toContain(c.status);
    expect(c.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
  }
  expect(result.verified).toBe(result.checks.every((c) => c.status !== 'fail'));
  expect(() => JSON.stringify(result)).not.toThrow();
  return result;
}

/** The VCs a presentation payload carries (as JSON.parse reads it: the last of duplicate keys wins). */
function carried(payloadText: string): unknown[] {
  try {
    const vcs = (JSON.parse(payloadText) as { vp?: { verifiableCredential?: unknown } }).vp?.verifiableCredential;
    return Array.isArray(vcs) ? vcs : [];
  } catch {
    return [];
  }
}

const signedBy = (signer: typeof priya, payloadText: string, headerText?: string) =>
  tokenFromTexts(headerText ?? JSON.stringify({ alg: signer.alg, typ: 'JWT', kid: signer.kid }), payloadText, (input) =>
    signer.sign(input),
  );

describe('verify a VP-JWT file (fuzz)', () => {
  it('the seed verifies', () => {
    expect(verifyFuzzed(VP, OPTIONS[0]!).verified).toBe(true);
  });

  it('mutated presentation files: a report, never a throw; changed bytes never verify', () => {
    fc.assert(
      fc.property(
        fc.oneof({ weight: 6, arbitrary: mutatedText(VP) }, { weight: 1, arbitrary: randomText }),
        fc.constantFrom(...OPTIONS),
        (text, options) => {
          const result = verifyFuzzed(text, options);
          if (text.trim() !== VP) expect(result.verified).toBe(false);
        },
      ),
      fuzzParams(100),
    );
  });

  it('mutated claims re-signed by some holder: verified only by the key of iss, with the very credentials presented', () => {
    fc.assert(
      fc.property(
        mutatedJson(VP_PAYLOAD),
        fc.option(mutatedJson({ alg: 'EdDSA', typ: 'JWT', kid: priya.kid }), { freq: 4 }),
        fc.constantFrom(...HOLDERS),
        fc.constantFrom(...OPTIONS),
        (payloadText, headerText, signer, options) => {
          const result = verifyFuzzed(signedBy(signer, payloadText, headerText ?? undefined), options);
          if (result.verified) {
            expect((JSON.parse(payloadText) as { iss?: unknown }).iss).toBe(signer.did);
            for (const vc of carried(payloadText)) expect(VCS).toContain((vc as string).trim());
          }
        },
      ),
      fuzzParams(120),
    );
  });

  it('a credential inside mutated, the presentation re-signed by its holder: never verified', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: VCS.length - 1 }).chain((i) => fc.tuple(fc.constant(i), mutatedText(VCS[i]!))),
        fc.constantFrom(...OPTIONS),
        ([i, vc], options) => {
          const payload = structuredClone(VP_PAYLOAD);
          payload.vp.verifiableCredential[i] = vc;
          const result = verifyFuzzed(signedBy(priya, JSON.stringify(payload)), options);
          if (vc.trim() !== VCS[i]) expect(result.verified).toBe(false);
        },
      ),
      fuzzParams(100),
    );
  });

  it('any iat, nbf and exp of the presentation: a report, never a throw', () => {
    fc.assert(
      fc.property(numericDate, numericDate, numericDate, fc.constantFrom(...OPTIONS), (iat, nbf, exp, options) => {
        const payload = { ...structuredClone(VP_PAYLOAD), iat, nbf, exp };
        verifyFuzzed(
          handmade({ alg: priya.alg, typ: 'JWT', kid: priya.kid }, payload, (input) => priya.sign(input)),
          options,
        );
      }),
      fuzzParams(40),
    );
  });

  it('more credentials than the limit: a failed shape check (not malformed: the JWT is well formed), none of them checked', () => {
    const payload = structuredClone(VP_PAYLOAD);
    payload.vp.verifiableCredential = new Array(1001).fill(VCS[0]);
    const result = verifyFuzzed(signedBy(priya, JSON.stringify(payload)), OPTIONS[0]!);
    expect(result.malformed).toBe(false);
    expect(result.checks.map((c) => c.code)).toEqual(['JWS_WELL_FORMED', 'PRESENTATION_TOO_LARGE']);
  });
});
