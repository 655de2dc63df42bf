// C2SP checkpoints: the note text format and opening with the ledger key (key name = origin).
import { describe, expect, it } from 'vitest';
import { RadcredError } from '../../src/errors.js';
import { formatCheckpointText, openCheckpoint, parseCheckpointText } from '../../src/ledger/checkpoint.js';
import { ed25519RawKey, operatorOf, signCheckpoint } from '../../src/ledger/ledger.js';
import { EMPTY_ROOT } from '../../src/ledger/merkle.js';
import { makeVkey, signNote } from '../../src/ledger/note.js';
import { seedHex, seedSigner } from './support.js';
import { codeIfThrown } from '../helpers.js';

const root = Buffer.alloc(32, 0xab);
const signer = seedSigner(seedHex(1));
const op = operatorOf(signer, 'ledger.example/cp');

describe('checkpoint text', () => {
  it('is origin, size and base64 root, each on its own line', () => {
    expect(formatCheckpointText('example.com/log', 20852163, root)).toBe(
      `example.com/log\n20852163\n${root.toString('base64')}\n`,
    );
    expect(parseCheckpointText(formatCheckpointText('o', 0, EMPTY_ROOT))).toEqual({
      origin: 'o',
      size: 0,
      root: EMPTY_ROOT,
    });
  });

  it('accepts non-empty extension lines', () => {
    expect(parseCheckpointText(`o\n5\n${root.toString('base64')}\next one\next two\n`).size).toBe(5);
  });

  it.each([
    ['a leading zero', `o\n05\n${root.toString('base64')}\n`],
    ['a negative size', `o\n-5\n${root.toString('base64')}\n`],
    ['a size beyond 2^53', `o\n9007199254740993\n${root.toString('base64')}\n`],
    ['a short root', `o\n5\n${Buffer.alloc(31).toString('base64')}\n`],
    ['an unpadded root', `o\n5\n${root.toString('base64').replace(/=+$/, '')}\n`],
    ['no root line', 'o\n5\n'],
    ['an empty origin', `\n5\n${root.toString('base64')}\n`],
    ['an empty extension line', `o\n5\n${root.toString('base64')}\n\next\n`],
  ])('refuses %s', (_why, text) => {
    expect(codeIfThrown(() => parseCheckpointText(text))).toBe('CHECKPOINT_MALFORMED');
  });
});

describe('opening a checkpoint', () => {
  it('opens one signed by the ledger key whose name is the origin', () => {
    const note = signCheckpoint(op, 7, root);
    const cp = openCheckpoint(note, op.vkey);
    expect(cp).toEqual({ origin: 'ledger.example/cp', size: 7, root, note });
    expect(op.vkey.name).toBe('ledger.example/cp');
    expect(op.vkey.raw.equals(ed25519RawKey(signer.did))).toBe(true);
  });

  it('refuses another key under the same name, and a bad signature', () => {
    const other = operatorOf(seedSigner(seedHex(2)), 'ledger.example/cp');
    expect(codeIfThrown(() => openCheckpoint(signCheckpoint(other, 7, root), op.vkey))).toBe(
      'CHECKPOINT_UNTRUSTED_KEY',
    );
    const note = signCheckpoint(op, 7, root);
    expect(codeIfThrown(() => openCheckpoint(note.replace('\n7\n', '\n8\n'), op.vkey))).toBe(
      'CHECKPOINT_SIGNATURE_INVALID',
    );
  });

  it('refuses a checkpoint whose origin is not the key name', () => {
    const note = signNote(formatCheckpointText('ledger.example/other', 7, root), op.vkey, signer.sign);
    expect(codeIfThrown(() => openCheckpoint(note, op.vkey))).toBe('CHECKPOINT_ORIGIN_MISMATCH');
    const renamed = makeVkey('ledger.example/other', op.vkey.raw);
    expect(codeIfThrown(() => openCheckpoint(signCheckpoint(op, 7, root), renamed))).toBe('CHECKPOINT_UNTRUSTED_KEY');
  });

  it('refuses a validly signed note whose text is not a checkpoint', () => {
    const note = signNote('ledger.example/cp\nseven\nroot\n', op.vkey, signer.sign);
    expect(codeIfThrown(() => openCheckpoint(note, op.vkey))).toBe('CHECKPOINT_MALFORMED');
  });
});
