// Property: verifier keys and signed notes (c2sp.org/signed-note) parse strictly or are refused
// with a RadcredError, whatever the text; a note opens under a trusted key only with the very
// text that key signed, and a vkey parses only as exactly what it says.
import { describe, expect, it } from 'vitest';
import { operatorOf, signCheckpoint } from '../../src/ledger/ledger.js';
import { EMPTY_ROOT } from '../../src/ledger/merkle.js';
import { keyIdOf, makeVkey, openNote, parseNote, parseVkey, signNote } from '../../src/ledger/note.js';
import { fc, fuzzParams } from '../fuzz.js';
import { INTERESTING, mutatedText, outcome, randomText, textNear } from '../fuzz-mutations.js';
import { seedHex, seedSigner } from './support.js';

const ORIGIN = 'ledger.example/fuzz';
const signer = seedSigner(seedHex(1), 'ed25519', 'operator');
const op = operatorOf(signer, ORIGIN);
const cosigner = operatorOf(seedSigner(seedHex(2), 'ed25519', 'witness'), 'witness.example/w1');
const VKEYS = [op.vkey.text, cosigner.vkey.text, makeVkey('a', Buffer.alloc(32, 0xfe)).text];

const plain = signCheckpoint(op, 600, Buffer.alloc(32, 7));
const empty = signCheckpoint(op, 0, EMPTY_ROOT);
const extended = signNote(
  `${ORIGIN}\n5\n${Buffer.alloc(32, 9).toString('base64')}\nextension: \u00e9\u{1f600}\n`,
  op.vkey,
  signer.sign,
);
// a cosigned note: the witness's signature line comes after the operator's
const cosigned =
  plain +
  signNote(plain.slice(0, plain.indexOf('\n\n') + 1), cosigner.vkey, cosigner.signer.sign).slice(
    plain.indexOf('\n\n') + 2,
  );
const NOTES = [plain, empty, extended, cosigned];
const textOf = (note: string) => note.slice(0, note.lastIndexOf('\n\n') + 1);

describe('parseVkey (fuzz)', () => {
  it('mutated vkeys and random text: a key that is exactly the text given, or VKEY_INVALID', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          textNear(...VKEYS),
          randomText,
          mutatedText(fc.constantFrom(...VKEYS)).map((t) => t + '\n'),
        ),
        (text) => {
          const r = outcome(() => parseVkey(text), ['input']);
          if (!r.ok) {
            expect(r.error.code).toBe('VKEY_INVALID');
            return;
          }
          expect(VKEYS).toContain(r.value.text);
          expect(r.value.keyId.equals(keyIdOf(r.value.name, r.value.raw))).toBe(true);
        },
      ),
      fuzzParams(120),
    );
  });
});

describe('signed notes (fuzz)', () => {
  it('random text and mutated notes: parsed strictly or NOTE_MALFORMED', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          textNear(...NOTES),
          randomText,
          fc.array(fc.constantFrom(...INTERESTING), { maxLength: 12 }).map((p) => p.join('')),
        ),
        (note) => {
          const r = outcome(() => parseNote(note), ['ledger']);
          if (!r.ok) {
            expect(r.error.code).toBe('NOTE_MALFORMED');
            return;
          }
          expect(r.value.text.endsWith('\n')).toBe(true);
          expect(r.value.signatures.length).toBeGreaterThan(0);
        },
      ),
      fuzzParams(120),
    );
  });

  it('a mutated note opens under the trusted key only with the text it signed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NOTES).chain((n) => fc.tuple(fc.constant(n), mutatedText(n))),
        fc.boolean(),
        ([seed, note], withCosigner) => {
          const trusted = withCosigner ? [op.vkey, cosigner.vkey] : [op.vkey];
          const r = outcome(() => openNote(note, trusted), ['ledger']);
          if (r.ok) expect(r.value.text).toBe(textOf(seed));
        },
      ),
      fuzzParams(150),
    );
  });
});
