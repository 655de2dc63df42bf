// C2SP signed notes against the signed-note vectors (C2SP example, golang/mod sumdb/note tests,
// Tessera's test key): vkeys, opening notes, byte-for-byte signing, untrusted and bad signatures.
import { describe, expect, it } from 'vitest';
import { RadcredError } from '../../src/errors.js';
import { ed25519RawKey } from '../../src/ledger/ledger.js';
import { keyIdOf, makeVkey, openNote, parseNote, parseVkey, signNote, type Vkey } from '../../src/ledger/note.js';
import { sharedVector, codeIfThrown } from '../helpers.js';
import { seedSigner } from './support.js';

interface NoteVector {
  vkey?: string;
  skey?: string;
  note?: string;
  text?: string;
  signature_line?: string;
  bad_vkeys?: string[];
}
const vectors = (sharedVector('signed-note', 'signed-note-vectors.json') as { vectors: NoteVector[] }).vectors;
const [example, peter, enoch, bad, tessera] = vectors as [NoteVector, NoteVector, NoteVector, NoteVector, NoteVector];

/** PRIVATE+KEY+<name>+<hex id>+base64(0x01 || 32-byte Ed25519 seed) -> a signer and its vkey */
function parseSkey(skey: string): { name: string; id: string; signer: ReturnType<typeof seedSigner>; vkey: Vkey } {
  const rest = skey.slice('PRIVATE+KEY+'.length);
  expect(skey.startsWith('PRIVATE+KEY+')).toBe(true);
  const name = rest.slice(0, rest.indexOf('+'));
  const id = rest.slice(name.length + 1, name.length + 9);
  const key = Buffer.from(rest.slice(name.length + 10), 'base64');
  expect(key.length).toBe(33);
  expect(key[0]).toBe(0x01);
  const signer = seedSigner(key.subarray(1).toString('hex'));
  return { name, id, signer, vkey: makeVkey(name, ed25519RawKey(signer.did)) };
}

describe('verifier keys', () => {
  it('has the five vectors', () => {
    expect(vectors.length).toBe(5);
    expect(bad.bad_vkeys?.length).toBe(2);
  });

  it.each([example.vkey!, peter.vkey!, enoch.vkey!, tessera.vkey!])('parses %s', (text) => {
    const v = parseVkey(text);
    expect(v.text).toBe(text);
    expect(v.name).toBe(text.slice(0, text.indexOf('+')));
    expect(v.keyId.toString('hex')).toBe(text.split('+')[1]);
    expect(v.raw.length).toBe(32);
    expect(keyIdOf(v.name, v.raw).equals(v.keyId)).toBe(true);
    // the canonical form round-trips
    expect(makeVkey(v.name, v.raw).text).toBe(text);
  });

  it.each(bad.bad_vkeys!)('rejects bad vkey %s', (text) => {
    expect(codeIfThrown(() => parseVkey(text))).toBe('VKEY_INVALID');
  });

  it.each([
    ['no parts', 'example.com/foo'],
    ['two parts', 'example.com/foo+530d903a'],
    ['empty name', '+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k'],
    ['uppercase id', 'example.com/foo+530D903A+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k'],
    ['short id', 'example.com/foo+530d903+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k'],
    ['wrong id', 'example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k'],
    ['other name, same id', 'example.com/bar+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k'],
    ['name with a space', 'example.com/f o+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k'],
    ['not base64', 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2!'],
    ['unpadded base64 of 32 bytes', 'example.com/foo+530d903a+ekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k'],
  ])('rejects a vkey with %s', (_why, text) => {
    expect(codeIfThrown(() => parseVkey(text))).toBe('VKEY_INVALID');
  });
});

describe('opening notes', () => {
  it('opens the C2SP example note', () => {
    const v = parseVkey(example.vkey!);
    const opened = openNote(example.note!, [v]);
    expect(opened.text).toBe('This is an example message.\n');
    expect(opened.verifiedBy.map((k) => k.text)).toEqual([example.vkey]);
  });

  it('opens the sumdb note, and signing its text with the skey reproduces it byte for byte', () => {
    const v = parseVkey(peter.vkey!);
    expect(openNote(peter.note!, [v]).text).toBe(peter.text);
    const sk = parseSkey(peter.skey!);
    expect(sk.name).toBe('PeterNeumann');
    expect(sk.id).toBe('c74f20a3');
    expect(sk.vkey.text).toBe(peter.vkey);
    const signed = signNote(peter.text!, sk.vkey, sk.signer.sign);
    expect(Buffer.from(signed, 'utf8').equals(Buffer.from(peter.note!, 'utf8'))).toBe(true);
  });

  it('the Tessera test skey matches its vkey and signs notes that open', () => {
    const sk = parseSkey(tessera.skey!);
    expect(sk.vkey.text).toBe(tessera.vkey);
    const text = 'example.com/log/testdata\n1\nKgKTOCvyvEJ9RWVHqQ0CNjxxZ1jhQKmo+1U5bJ2ulY0=\n';
    const note = signNote(text, sk.vkey, sk.signer.sign);
    expect(openNote(note, [parseVkey(tessera.vkey!)]).text).toBe(text);
  });

  it('a second signature by an untrusted key is ignored; either trusted key opens the note', () => {
    const both = peter.note! + enoch.signature_line!;
    const p = parseVkey(peter.vkey!);
    const e = parseVkey(enoch.vkey!);
    expect(parseNote(both).signatures.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    expect(openNote(both, [p]).verifiedBy.map((k) => k.name)).toEqual(['PeterNeumann']);
    expect(openNote(both, [e]).verifiedBy.map((k) => k.name)).toEqual(['EnochRoot']);
    expect(openNote(both, [p, e]).verifiedBy.length).toBe(2);
    expect(openNote(both, [p]).text).toBe(peter.text);
  });

  it('a note signed only by an unknown key is CHECKPOINT_UNTRUSTED_KEY', () => {
    expect(codeIfThrown(() => openNote(peter.note!, [parseVkey(enoch.vkey!)]))).toBe('CHECKPOINT_UNTRUSTED_KEY');
    expect(codeIfThrown(() => openNote(example.note!, [parseVkey(peter.vkey!)]))).toBe('CHECKPOINT_UNTRUSTED_KEY');
    expect(codeIfThrown(() => openNote(peter.note!, []))).toBe('CHECKPOINT_UNTRUSTED_KEY');
  });

  it('a key with the same name but another ID is unknown, not a bad signature', () => {
    const other = makeVkey('PeterNeumann', ed25519RawKey(seedSigner('11'.repeat(32)).did));
    expect(other.keyId.equals(parseVkey(peter.vkey!).keyId)).toBe(false);
    expect(codeIfThrown(() => openNote(peter.note!, [other]))).toBe('CHECKPOINT_UNTRUSTED_KEY');
  });

  it('a known key with a bad signature is CHECKPOINT_SIGNATURE_INVALID', () => {
    const v = parseVkey(example.vkey!);
    const line = example.note!.slice(example.note!.lastIndexOf('\u2014'));
    const sig = Buffer.from(line.slice(line.lastIndexOf(' ') + 1, -1), 'base64');
    for (const at of [4, 20, sig.length - 1]) {
      const forged = Buffer.from(sig);
      forged[at]! ^= 0x40;
      const note = example.note!.replace(sig.toString('base64'), forged.toString('base64'));
      expect(codeIfThrown(() => openNote(note, [v]))).toBe('CHECKPOINT_SIGNATURE_INVALID');
    }
    // a changed text under a good signature
    expect(codeIfThrown(() => openNote(example.note!.replace('example message', 'exemplary message'), [v]))).toBe(
      'CHECKPOINT_SIGNATURE_INVALID',
    );
    // a good trusted signature does not excuse a bad one by another trusted key
    const both = peter.note! + enoch.signature_line!.replace('SO3NbfRG', 'SO3NbfRH');
    expect(codeIfThrown(() => openNote(both, [parseVkey(peter.vkey!), parseVkey(enoch.vkey!)]))).toBe(
      'CHECKPOINT_SIGNATURE_INVALID',
    );
  });

  it.each([
    ['no signature lines', 'This is an example message.\n\n'],
    ['no blank line', 'This is an example message.\n\u2014 example.com/foo Uw2QOkn8\n'],
    ['no final newline', example.note!.slice(0, -1)],
    ['a hyphen instead of an em dash', example.note!.replace('\u2014', '-')],
    ['a control character', example.note!.replace('This', 'Th\tis')],
    ['a signature that is not base64', example.note!.replace('Uw2QOkn8', 'Uw2QOkn!')],
    ['a too-short signature', 'This is an example message.\n\n\u2014 example.com/foo Uw2QOg==\n'],
  ])('refuses a note with %s (NOTE_MALFORMED)', (_why, note) => {
    expect(codeIfThrown(() => openNote(note, [parseVkey(example.vkey!)]))).toBe('NOTE_MALFORMED');
  });
});
