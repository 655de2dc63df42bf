// Step 2 (and the signature half of step 4): the JWS header and signature against the signer's
// did:key. The algorithm comes from an allow-list and must match the key type; `kid` must be the
// verification method of `iss`; unknown critical headers are refused.
import { resolveDidKey, type DidKey } from '../identity/did-key.js';
import { keyTypeForAlg } from '../identity/key-types.js';
import { verifyBytes } from '../identity/keys.js';
import type { ParsedJws } from '../jws/compact.js';
import { outcome, type Check, type CheckCode, type Step } from './types.js';

const ALLOWED = new Set(['EdDSA', 'ES256', 'ES256K']);

/** The signature check of `who` (the presentation, a credential, a request) at pipeline `step`. */
export function checkSignature(jws: ParsedJws, who: string, step: Step = 4): { check: Check; signer?: DidKey } {
  const fail = (code: CheckCode, message: string) => ({ check: outcome(step, code, message) });
  const { alg, kid, crit } = jws.header;
  if (typeof alg !== 'string' || !ALLOWED.has(alg)) {
    return fail('ALG_NOT_ALLOWED', `${who} signature algorithm ${JSON.stringify(alg)} is not allowed (EdDSA, ES256, ES256K only)`);
  }
  if (crit !== undefined) return fail('CRIT_UNSUPPORTED', `${who} JWS has critical header parameters radcred does not understand`);
  const iss = jws.payload.iss;
  if (typeof iss !== 'string') return fail('ISS_MISSING', `${who} has no "iss" to verify against`);
  let signer: DidKey;
  try {
    signer = resolveDidKey(iss);
  } catch {
    return fail('DID_UNSUPPORTED', `${who} iss ${iss.slice(0, 80)} is not a signing did:key`);
  }
  if (kid !== undefined) {
    const fragment = signer.verificationMethod.slice(signer.did.length);
    if (typeof kid !== 'string' || (kid !== signer.verificationMethod && kid !== fragment)) {
      return fail('KID_MISMATCH', `${who} kid ${JSON.stringify(kid).slice(0, 100)} is not a key of the issuer ${iss}`);
    }
  }
  if (keyTypeForAlg(alg)?.keyType !== signer.keyType) {
    return fail('ALG_KEY_MISMATCH', `${who} uses ${alg}, but ${iss.slice(0, 60)}... is a ${signer.keyType} key`);
  }
  if (!verifyBytes(signer.keyType, signer.publicKey, Buffer.from(jws.signingInput, 'ascii'), jws.signature)) {
    return fail('SIGNATURE_INVALID', `${who} signature does not verify against ${iss}`);
  }
  return { check: outcome(step, 'SIGNATURE_VALID', `${who} signed by ${iss} (${alg})`), signer };
}
