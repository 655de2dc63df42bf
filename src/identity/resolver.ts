// Resolving DIDs as the VC-JWT ecosystem does: did-resolver with key-did-resolver, once per DID
// per process. The DID document decides which key verifies a JWT: the verification method its
// `kid` names (or, without a kid, the first one) among those the document lists for the purpose
// (`assertionMethod` for credentials and requests, `authentication` for presentations).
//
// The pipeline checks synchronously, so resolution is done first (resolveDids, async) and looked
// up after (signingKey, sync). radcred's own strict did:key decoder still runs first, refusing
// non-canonical encodings, key-agreement keys and points off the curve, and the key the document
// names must be the key the DID encodes: the library is the source of the document, not a way
// around those checks.
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { Resolver, type DIDDocument, type VerificationMethod } from 'did-resolver';
import { getResolver } from 'key-did-resolver';
import { RadcredError } from '../errors.js';
import { decodeBase58 } from '../util/bytes.js';
import { resolveDidKey, type DidKey } from './did-key.js';
import { publicKeyFromBytes } from './keys.js';
import type { KeyType } from './key-types.js';

export type Purpose = 'assertionMethod' | 'authentication';

export interface ResolvedDid {
  did: string;
  document: DIDDocument;
  key: DidKey;
}

let resolver: Resolver | undefined;
/** did -> its resolution, or why it failed; filled by resolveDids, read by signingKey */
const resolved = new Map<string, ResolvedDid | RadcredError>();
const MAX_CACHED = 10_000;

async function resolveOne(did: string): Promise<ResolvedDid | RadcredError> {
  let key: DidKey;
  try {
    key = resolveDidKey(did);
  } catch (e) {
    if (e instanceof RadcredError) return e;
    throw e;
  }
  resolver ??= new Resolver(getResolver());
  const result = await resolver.resolve(did);
  const document = result.didDocument;
  if (result.didResolutionMetadata.error !== undefined || document === null) {
    return new RadcredError(
      'DID_INVALID',
      `${did.slice(0, 80)} does not resolve: ${String(result.didResolutionMetadata.error ?? 'no document')}`,
    );
  }
  return { did, document, key };
}

/** Resolves every DID not yet resolved in this process (their errors are kept for signingKey). */
export async function resolveDids(dids: Iterable<string>): Promise<void> {
  const wanted = [...new Set(dids)].filter((d) => typeof d === 'string' && !resolved.has(d));
  if (resolved.size + wanted.length > MAX_CACHED) resolved.clear();
  for (const did of wanted) resolved.set(did, await resolveOne(did));
}

/** The DID document of `did` (resolved now if need be): what `id show` prints. */
export async function didDocumentOf(did: string): Promise<DIDDocument> {
  await resolveDids([did]);
  const r = resolved.get(did)!;
  if (r instanceof RadcredError) throw r;
  return r.document;
}

/** The raw public key bytes a verification method carries (JWK, base58 or multibase). */
function keyOf(vm: VerificationMethod, keyType: KeyType, info: DidKey['info']): KeyObject | undefined {
  try {
    if (vm.publicKeyJwk !== undefined)
      return createPublicKey({ key: vm.publicKeyJwk as unknown as JsonWebKey, format: 'jwk' });
    const text =
      vm.publicKeyBase58 ?? (vm.publicKeyMultibase?.startsWith('z') ? vm.publicKeyMultibase.slice(1) : undefined);
    const bytes = text !== undefined ? decodeBase58(text) : undefined;
    if (bytes === undefined) return undefined;
    // a multibase key carries its multicodec prefix; a base58 one is the bare key
    const bare =
      vm.publicKeyMultibase !== undefined && vm.publicKeyBase58 === undefined
        ? bytes.subarray(info.multicodec.length)
        : bytes;
    return keyType === 'ed25519'
      ? createPublicKey({
          key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(bare).toString('base64url') },
          format: 'jwk',
        })
      : publicKeyFromBytes(info, bare);
  } catch {
    return undefined;
  }
}

const sameKey = (a: KeyObject, b: KeyObject) => {
  const [x, y] = [a.export({ format: 'jwk' }), b.export({ format: 'jwk' })];
  return x.kty === y.kty && x.crv === y.crv && x.x === y.x && x.y === y.y;
};

export type SigningKey =
  | { ok: true; keyType: KeyType; publicKey: KeyObject; verificationMethod: string }
  | { ok: false; code: 'DID_UNSUPPORTED' | 'KID_MISMATCH'; message: string };

/**
 * The key that verifies a JWT signed by `did` with header `kid`, for `purpose`, from the DID
 * document resolved by resolveDids. A kid may be the method's id or its fragment.
 */
export function signingKey(did: string, kid: unknown, purpose: Purpose): SigningKey {
  const r = resolved.get(did);
  // Every entry point resolves the DIDs it will check first (resolveDids); one it did not is
  // refused, never looked up some other way.
  if (r === undefined) return { ok: false, code: 'DID_UNSUPPORTED', message: `${did.slice(0, 80)} was not resolved` };
  if (r instanceof RadcredError)
    return {
      ok: false,
      code: 'DID_UNSUPPORTED',
      message: `${did.slice(0, 80)} is not a signing did:key: ${r.message}`,
    };
  const methods = r.document.verificationMethod ?? [];
  const byId = (ref: string) => methods.find((m) => m.id === ref || m.id === `${did}${ref}`);
  const allowed = (r.document[purpose] ?? []).map((ref) => (typeof ref === 'string' ? ref : ref.id));
  let vm: VerificationMethod | undefined;
  if (kid === undefined) vm = byId(allowed[0] ?? '');
  else if (typeof kid === 'string') vm = byId(kid);
  if (vm === undefined) {
    return {
      ok: false,
      code: 'KID_MISMATCH',
      message: `kid ${JSON.stringify(kid).slice(0, 100)} is none of the verification methods of ${did}`,
    };
  }
  if (!allowed.includes(vm.id) && !allowed.includes(vm.id.slice(did.length))) {
    return {
      ok: false,
      code: 'KID_MISMATCH',
      message: `${vm.id} is not listed for ${purpose} in the DID document of ${did}`,
    };
  }
  if (!namesDidKey(vm, r.key)) {
    return {
      ok: false,
      code: 'DID_UNSUPPORTED',
      message: `the DID document of ${did} names a key that is not the one the DID encodes`,
    };
  }
  return { ok: true, keyType: r.key.keyType, publicKey: r.key.publicKey, verificationMethod: vm.id };
}

const jwks = new WeakMap<DidKey, JsonWebKey>();
const didJwk = (key: DidKey): JsonWebKey => {
  let jwk = jwks.get(key);
  if (jwk === undefined) jwks.set(key, (jwk = key.publicKey.export({ format: 'jwk' })));
  return jwk;
};

/**
 * Does the verification method carry exactly the key the DID encodes? Compared as JWK members or
 * as the DID's own key bytes, which is what key-did-resolver writes; anything else is compared as
 * a parsed key. (Parsing and exporting every key was a tenth of an 80-credential verify.)
 */
function namesDidKey(vm: VerificationMethod, key: DidKey): boolean {
  if (vm.publicKeyJwk !== undefined) {
    const [a, b] = [vm.publicKeyJwk, didJwk(key)];
    if (a.kty === b.kty && a.crv === b.crv && a.x === b.x && a.y === b.y) return true;
  } else if (vm.publicKeyBase58 !== undefined) {
    const bytes = decodeBase58(vm.publicKeyBase58);
    if (bytes !== undefined && Buffer.from(bytes).equals(key.keyBytes)) return true;
  }
  const parsed = keyOf(vm, key.keyType, key.info);
  return parsed !== undefined && sameKey(parsed, key.publicKey);
}
