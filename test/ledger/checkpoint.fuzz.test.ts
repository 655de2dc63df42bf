// Property: checkpoint text parses only in its canonical form, or is refused with a ledger
// RadcredError; a signed checkpoint whose bytes changed either fails to open or still says the
// origin, size and root that were signed.
import { describe, expect, it } from 'vitest';
import { formatCheckpointText, openCheckpoint, parseCheckpointText } from '../../src/ledger/checkpoint.js';
import { operatorOf, signCheckpoint } from '../../src/ledger/ledger.js';
import { EMPTY_ROOT } from '../../src/ledger/merkle.js';
import { signNote } from '../../src/ledger/note.js';
import { fc, fuzzParams } from '../fuzz.js';
import { mutatedText, outcome, randomText, textNear } from '../fuzz-mutations.js';
import { foreignCheckpoint, seedHex, seedSigner } from './support.js';

const ORIGIN = 'ledger.example/fuzz';
const signer = seedSigner(seedHex(1), 'ed25519', 'operator');
const op = operatorOf(signer, ORIGIN);
const root = Buffer.alloc(32, 7);
const BODIES = [
  formatCheckpointText(ORIGIN, 600, root),
  formatCheckpointText(ORIGIN, 0, EMPTY_ROOT),
  formatCheckpointText(ORIGIN, Number.MAX_SAFE_INTEGER, root),
  `${formatCheckpointText(ORIGIN, 5, root)}extension line\n`,
];
const NOTES = [
  signCheckpoint(op, 600, root),
  signCheckpoint(op, 0, EMPTY_ROOT),
  signCheckpoint(op, 1, root),
  signNote(BODIES[3]!, op.vkey, signer.sign),
];
const SIGNED = new Map(NOTES.map((n) => [n, parseCheckpointText(n.slice(0, n.lastIndexOf('\n\n') + 1))]));

describe('parseCheckpointText (fuzz)', () => {
  it('mutated checkpoint bodies and random text: canonical origin, size and root, or CHECKPOINT_MALFORMED', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          textNear(...BODIES),
          randomText,
          fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((n) => `${ORIGIN}\n${n}\n${root.toString('base64')}\n`),
        ),
        (text) => {
          const r = outcome(() => parseCheckpointText(text), ['ledger']);
          if (!r.ok) {
            expect(r.error.code).toBe('CHECKPOINT_MALFORMED');
            return;
          }
          expect(Number.isSafeInteger(r.value.size) && r.value.size >= 0).toBe(true);
          expect(r.value.root.length).toBe(32);
          // one spelling only: what parses is what formatCheckpointText writes (plus extension lines)
          expect(text.startsWith(formatCheckpointText(r.value.origin, r.value.size, r.value.root))).toBe(true);
        },
      ),
      fuzzParams(120),
    );
  });
});

describe('openCheckpoint (fuzz)', () => {
  it('a mutated signed checkpoint: refused with a ledger error, or exactly the signed origin, size and root', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NOTES).chain((n) => fc.tuple(fc.constant(n), mutatedText(n))),
        ([seed, note]) => {
          const r = outcome(() => openCheckpoint(note, op.vkey), ['ledger']);
          if (!r.ok) return;
          const signed = SIGNED.get(seed)!;
          expect([r.value.origin, r.value.size, r.value.root.toString('hex')]).toEqual([
            signed.origin,
            signed.size,
            signed.root.toString('hex'),
          ]);
        },
      ),
      fuzzParams(150),
    );
  });

  it('a checkpoint signed by another key under the same origin never opens', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 50 }), fc.nat({ max: 2 ** 40 }), (n, size) => {
        const forged = foreignCheckpoint(ORIGIN, size, root, seedSigner(seedHex(n)));
        const r = outcome(() => openCheckpoint(forged, op.vkey), ['ledger']);
        expect(r.ok ? 'opened' : r.error.code).toMatch(/^CHECKPOINT_(UNTRUSTED_KEY|SIGNATURE_INVALID)$/);
      }),
      fuzzParams(20),
    );
  });
});
