// Property: a tlog-proof file (`ledger check-proof`) parses strictly or is refused with a
// RadcredError, whatever it holds; a mutated proof, entry or checkpoint either fails or still
// proves exactly the entry, index and signed tree it was made for.
import { describe, expect, it } from 'vitest';
import { operatorOf, signCheckpoint } from '../../src/ledger/ledger.js';
import { inclusionProof } from '../../src/ledger/merkle.js';
import { checkProof, formatProof, parseProof } from '../../src/ledger/proof.js';
import { NOW_S } from '../helpers.js';
import { fc, fuzzParams } from '../fuzz.js';
import { mutatedBytes, mutatedText, outcome, randomText, textNear } from '../fuzz-mutations.js';
import { RefTree, demoSigner, labelDigest, entry, opaque, seedHex, seedSigner } from './support.js';

const ORIGIN = 'ledger.example/proof-fuzz';
const op = operatorOf(seedSigner(seedHex(41)), ORIGIN);
const issuer = demoSigner('tmb');
const ENTRIES = [
  ...opaque('before', 20),
  ...Array.from({ length: 17 }, (_, i) => entry(issuer, 'issue', labelDigest(`proof fuzz ${i}`), NOW_S)),
];
const tree = RefTree.ofEntries(ENTRIES);
const checkpoint = signCheckpoint(op, ENTRIES.length, tree.root());
const PROOFS = [0, 20, 33, 36].map((index) => ({
  index,
  entry: ENTRIES[index]!,
  text: formatProof({ index, proof: inclusionProof(tree.perfect, index, 0, ENTRIES.length), checkpoint }),
}));
PROOFS.push({
  ...PROOFS[1]!,
  text: formatProof({
    extra: Buffer.from('extra data'),
    index: 20,
    proof: inclusionProof(tree.perfect, 20, 0, ENTRIES.length),
    checkpoint,
  }),
});
const proof = fc.constantFrom(...PROOFS);

function check(text: string, entryBytes: Uint8Array) {
  const r = outcome(() => checkProof(text, entryBytes, op.vkey), ['input', 'ledger']);
  if (r.ok) {
    expect(r.value.checkpoint.size).toBe(ENTRIES.length);
    expect(r.value.checkpoint.root.equals(tree.root())).toBe(true);
    // an inclusion proof pins the entry to its index: it holds only for the entry logged there
    expect(Buffer.from(entryBytes).equals(ENTRIES[r.value.index]!)).toBe(true);
  }
  return r;
}

describe('tlog-proof (fuzz)', () => {
  it('the seeds check', () => {
    for (const p of PROOFS) expect(check(p.text, p.entry).ok).toBe(true);
  });

  it('random text and mutated proof files: parsed strictly or PROOF_MALFORMED', () => {
    fc.assert(
      fc.property(fc.oneof(textNear(...PROOFS.map((p) => p.text)), randomText), (text) => {
        const r = outcome(() => parseProof(text), ['input']);
        if (!r.ok) {
          expect(r.error.code).toBe('PROOF_MALFORMED');
          return;
        }
        expect(Number.isSafeInteger(r.value.index) && r.value.index >= 0).toBe(true);
        expect(r.value.proof.every((h) => h.length === 32)).toBe(true);
      }),
      fuzzParams(100),
    );
  });

  it('a mutated proof (index, hashes, checkpoint) proves its own entry at its own index, or fails', () => {
    fc.assert(
      fc.property(
        proof.chain((p) => fc.tuple(fc.constant(p), mutatedText(p.text))),
        ([p, text]) => {
          const r = check(text, p.entry);
          if (r.ok) expect(r.value.index).toBe(p.index);
        },
      ),
      fuzzParams(150),
    );
  });

  it('a mutated entry, or another entry of the same ledger, never checks', () => {
    fc.assert(
      fc.property(
        proof.chain((p) => fc.tuple(fc.constant(p), fc.oneof(mutatedBytes(p.entry), fc.constantFrom(...ENTRIES)))),
        ([p, bytes]) => {
          const r = check(p.text, bytes);
          if (!bytes.equals(p.entry)) expect(r.ok).toBe(false);
        },
      ),
      fuzzParams(100),
    );
  });

  it('proof hashes for any index and size: never accepted unless they are the real path', () => {
    const hash = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b));
    fc.assert(
      fc.property(
        fc.oneof(fc.nat({ max: 40 }), fc.maxSafeNat()),
        fc.array(fc.oneof(hash, fc.constantFrom(...tree.levels.flat())), { maxLength: 70 }),
        (index, hashes) => {
          const text = formatProof({ index, proof: hashes, checkpoint });
          check(text, ENTRIES[Math.min(index, ENTRIES.length - 1)]!);
        },
      ),
      fuzzParams(60),
    );
  });
});
