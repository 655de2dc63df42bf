// Property: parseCompactJws (step 1 of every verification, and every request and wallet file)
// returns a strict parse or throws an input RadcredError for any text; a token whose signing
// input or signature was changed never passes the signature check.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { issueCredential } from '../../src/credential/issue.js';
import { MAX_JWS_BYTES, parseCompactJws, type ParsedJws } from '../../src/jws/compact.js';
import { checkSignature } from '../../src/verify/signature.js';
import { fixture, NOW_S } from '../helpers.js';
import { fc, fuzzParams } from '../fuzz.js';
import {
  jwsParts,
  mutatedJson,
  mutatedText,
  outcome,
  randomText,
  reencodings,
  textNear,
  tokenFromTexts,
} from '../fuzz-mutations.js';
import { demoSigner } from '../verify/tokens.js';
import { resolveDids } from '../../src/identity/resolver.js';

const subject = (type: string) =>
  JSON.parse(readFileSync(fixture('subjects', `${type}.json`), 'utf8')) as Record<string, unknown>;
const holder = demoSigner('priya').did;
const TOKENS = [
  (
    await issueCredential({
      signer: demoSigner('tmb'),
      type: 'MedicalLicenseCredential',
      subjectDid: holder,
      subject: subject('MedicalLicenseCredential'),
      now: NOW_S,
    })
  ).jwt, // ES256
  (
    await issueCredential({
      signer: demoSigner('lakeshore'),
      type: 'MedicalDegreeCredential',
      subjectDid: holder,
      subject: subject('MedicalDegreeCredential'),
      now: NOW_S,
    })
  ).jwt, // EdDSA
  (
    await issueCredential({
      signer: demoSigner('rsna'),
      type: 'CMECertificateCredential',
      subjectDid: holder,
      subject: subject('CMECertificateCredential'),
      now: NOW_S,
    })
  ).jwt, // ES256K
];
// the issuers' DIDs resolved once, as verify would before checking signatures
await resolveDids([demoSigner('tmb').did, demoSigner('lakeshore').did, demoSigner('rsna').did]);
const ORIGINAL = new Map(TOKENS.map((t) => [t, parseCompactJws(t)]));
const token = fc.constantFrom(...TOKENS);

function parse(text: string) {
  const r = outcome(() => parseCompactJws(text), ['input']);
  if (!r.ok) expect(r.error.code).toMatch(/^JWS_(MALFORMED|TOO_LARGE)$/);
  return r;
}

/** A parse of changed bytes must not verify: the signature covers header.payload exactly. */
function expectRejectedUnlessUnchanged(parsed: ParsedJws, original: ParsedJws): void {
  const unchanged = parsed.signingInput === original.signingInput && parsed.signature.equals(original.signature);
  if (!unchanged) expect(checkSignature(parsed, 'credential').check.status).toBe('fail');
}

describe('parseCompactJws (fuzz)', () => {
  it('the seeds parse and verify', () => {
    for (const t of TOKENS) expect(checkSignature(parseCompactJws(t), 'credential').check.status).toBe('pass');
  });

  it('random text: a strict parse or JWS_MALFORMED', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          randomText,
          fc.tuple(randomText, randomText, randomText).map((p) => p.join('.')),
        ),
        (text) => {
          parse(text);
        },
      ),
      fuzzParams(80),
    );
  });

  it('mutated tokens: parse or JWS_MALFORMED; changed bytes never verify', () => {
    fc.assert(
      fc.property(
        token.chain((t) => fc.tuple(fc.constant(t), mutatedText(t))),
        ([seed, text]) => {
          const r = parse(text);
          if (r.ok) expectRejectedUnlessUnchanged(r.value, ORIGINAL.get(seed)!);
        },
      ),
      fuzzParams(200),
    );
  });

  it('mutated parts between the dots (base64url of anything, or one part edited)', () => {
    const part = fc.oneof(
      fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('base64url')),
      randomText,
    );
    fc.assert(
      fc.property(token, fc.integer({ min: 0, max: 2 }), part, (t, i, replacement) => {
        const parts = jwsParts(t);
        parts[i] = i === 2 ? replacement : mutatedPart(parts[i]!, replacement);
        const r = parse(parts.join('.'));
        if (r.ok) expectRejectedUnlessUnchanged(r.value, ORIGINAL.get(t)!);
      }),
      fuzzParams(80),
    );
  });

  it('another spelling of the same base64url bytes is refused (one decoding, one encoding)', () => {
    fc.assert(
      fc.property(
        token,
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: reencodings.length - 1 }),
        (t, i, k) => {
          const parts = jwsParts(t);
          const respelled = reencodings[k]!(parts[i]!);
          fc.pre(respelled !== parts[i]);
          parts[i] = respelled;
          const r = parse(parts.join('.'));
          expect(r.ok).toBe(false);
        },
      ),
      fuzzParams(60),
    );
  });

  it('structurally mutated header or payload JSON (wrong types, duplicate keys) under the old signature', () => {
    fc.assert(
      fc.property(
        token.chain((t) => {
          const { header, payload } = ORIGINAL.get(t)!;
          return fc
            .tuple(fc.constant(t), fc.boolean())
            .chain(([t2, inHeader]) =>
              fc.tuple(fc.constant(t2), fc.constant(inHeader), mutatedJson(inHeader ? header : payload)),
            );
        }),
        ([t, inHeader, json]) => {
          const original = ORIGINAL.get(t)!;
          const [h, p, s] = jwsParts(t);
          const text = inHeader
            ? tokenFromTexts(json, Buffer.from(p, 'base64url').toString('utf8'), s)
            : tokenFromTexts(Buffer.from(h, 'base64url').toString('utf8'), json, s);
          const r = parse(text);
          if (r.ok) expectRejectedUnlessUnchanged(r.value, original);
        },
      ),
      fuzzParams(120),
    );
  });

  it('limits: oversized and deeply nested tokens are refused as input errors', () => {
    const [h, , s] = jwsParts(TOKENS[0]!);
    const deep = (n: number) =>
      `${h}.${Buffer.from(`{"a":${'['.repeat(n)}${']'.repeat(n)}}`).toString('base64url')}.${s}`;
    expect(parse(deep(31)).ok).toBe(true);
    expect(parse(deep(40)).ok).toBe(false);
    expect(parse(deep(100_000)).ok).toBe(false);
    const big = parse(`${h}.${'A'.repeat(MAX_JWS_BYTES)}.${s}`);
    expect(big.ok ? 'parsed' : big.error.code).toBe('JWS_TOO_LARGE');
  });
});

/** One JSON part re-encoded after a small text edit of its decoded JSON (or replaced outright). */
function mutatedPart(part: string, replacement: string): string {
  const json = Buffer.from(part, 'base64url').toString('utf8');
  const cut = replacement.length % (json.length + 1);
  return Buffer.from(json.slice(0, cut) + replacement + json.slice(cut + 1)).toString('base64url');
}
