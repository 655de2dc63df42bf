// The ledger operator: the identity of a home whose Ed25519 key signs a ledger's checkpoints.
import { RadcredError } from '../errors.js';
import { listIdentities, unlockIdentity } from '../identity/store.js';
import { ed25519RawKey, type Operator } from './ledger.js';
import type { Vkey } from './note.js';

/** The identity of this home whose Ed25519 key is the ledger's checkpoint key, if any. */
export function findOperatorIdentity(home: string, vkey: Vkey): string | undefined {
  for (const id of listIdentities(home)) {
    if (id.keyType !== 'ed25519') continue;
    if (ed25519RawKey(id.did).equals(vkey.raw)) return id.name;
  }
  return undefined;
}

export function unlockOperator(home: string, name: string, passphrase: string, vkey: Vkey): Operator {
  const signer = unlockIdentity(home, name, passphrase);
  if (signer.keyType !== 'ed25519' || !ed25519RawKey(signer.did).equals(vkey.raw)) {
    throw new RadcredError(
      'NOT_OPERATOR',
      `identity ${name} does not hold this ledger's key`,
      'the operator is the identity given to `radcred ledger init --operator`',
    );
  }
  return { signer, vkey };
}
