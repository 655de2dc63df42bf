// @domain (not for src/cli: a building block of the domain operations)
// Step 2 (and the signature half of step 4): the JWS header and signature against the signer's
// DID document. The algorithm comes from an allow-list and must match the key type; `typ`, where
// present, must say what the JWT is; the key is the verification method of `iss` that `kid` names
// (resolved with did-resolver and key-did-resolver: identity/resolver.ts); unknown critical
// headers are refused. The signature itself is checked natively, by node:crypto.
import { keyTypeForAlg } from '../identity/key-types.js';
import { verifyBytes } from '../identity/keys.js';
import { signingKey, type Purpose } from '../identity/resolver.js';
import type { ParsedJws } from '../jws/compact.js';
import { outcome, type Check, type CheckCode, type Step } from './types.js';

const ALLOWED = new Set(['EdDSA', 'ES256', 'ES256K']);

export type Signed = 'presentation' | 'credential' | 'request';

/**
 * What `typ` may say (compared without case and without an `application/` prefix, RFC 7515 §4.1.9):
 * `JWT`, or the media type of what it is (VC-JOSE-COSE's `vc+jwt`, `vp+jwt`; radcred's request).
 */
const TYPS: Record<Signed, readonly string[]> = {
  credential: ['jwt', 'vc+jwt', 'vc+ld+jwt'],
  presentation: ['jwt', 'vp+jwt', 'vp+ld+jwt'],
  request: ['radcred-request+jwt'],
};
const PURPOSE: Record<Signed, Purpose> = {
  credential: 'assertionMethod',
  presentation: 'authentication',
  request: 'assertionMethod',
};

/** The signature check of `what` (the presentation, a credential, a request) at pipeline `step`. */
export function checkSignature(jws: ParsedJws, what: Signed, step: Step = 4): { check: Check } {
  const fail = (code: CheckCode, message: string) => ({ check: outcome(step, code, message) });
  const { alg, kid, crit, typ } = jws.header;
  if (typeof alg !== 'string' || !ALLOWED.has(alg)) {
    return fail(
      'ALG_NOT_ALLOWED',
      `${what} signature algorithm ${JSON.stringify(alg)} is not allowed (EdDSA, ES256, ES256K only)`,
    );
  }
  if (crit !== undefined)
    return fail('CRIT_UNSUPPORTED', `${what} JWS has critical header parameters radcred does not understand`);
  if (
    typ !== undefined &&
    (typeof typ !== 'string' || !TYPS[what].includes(typ.toLowerCase().replace(/^application\//, '')))
  ) {
    return fail(
      'TYP_UNEXPECTED',
      `${what} JWS header typ ${JSON.stringify(typ).slice(0, 60)} does not say it is a ${what} (${TYPS[what].join(', ')})`,
    );
  }
  const iss = jws.payload.iss;
  if (typeof iss !== 'string') return fail('ISS_MISSING', `${what} has no "iss" to verify against`);
  const key = signingKey(iss, kid, PURPOSE[what]);
  if (!key.ok) return fail(key.code, `${what}: ${key.message}`);
  if (keyTypeForAlg(alg)?.keyType !== key.keyType) {
    return fail('ALG_KEY_MISMATCH', `${what} uses ${alg}, but ${iss.slice(0, 60)}... is a ${key.keyType} key`);
  }
  if (!verifyBytes(key.keyType, key.publicKey, Buffer.from(jws.signingInput, 'ascii'), jws.signature)) {
    return fail('SIGNATURE_INVALID', `${what} signature does not verify against ${key.verificationMethod}`);
  }
  return {
    check: outcome(
      step,
      'SIGNATURE_VALID',
      `${what} signed by ${iss} (${alg}, ${key.verificationMethod.slice(iss.length) || 'its key'})`,
    ),
  };
}
