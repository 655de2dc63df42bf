// The strength rule for a new key's passphrase: each refusal with a passphrase it exists for, the
// passphrases just past each boundary that pass, and reasons that never quote the passphrase.
import { describe, expect, it } from 'vitest';
import { MIN_PASSPHRASE_LENGTH, passphraseWeakness } from '../../src/identity/passphrase-strength.js';

const reason = (p: string) => passphraseWeakness(p)?.reason;

describe('passphraseWeakness', () => {
  it.each([
    ['', 'short'],
    ['Tr0ub4dor&3', 'short'],
    ['x'.repeat(MIN_PASSPHRASE_LENGTH - 1), 'short'],
    // code points, not UTF-16 units: eleven emoji are eleven characters
    ['🦓'.repeat(5) + '🐨🦘🦥🦦🦨🦡', 'short'],
    ['aaaaaaaaaaaa', 'repetitive'],
    ['abababababab', 'repetitive'],
    ['abcabcabcabc', 'repetitive'],
    ['passwordpassword', 'repetitive'],
    ['121212121212', 'repetitive'],
    ['Ab Ab Ab Ab Ab Ab', 'repetitive'],
    ['aaaabbbbcccc', 'repetitive'],
    ['abcdefghijklmn', 'sequence'],
    ['1234567890123', 'sequence'],
    ['0987654321098', 'sequence'],
    ['qwertyuiopas', 'sequence'],
    ['zyxwvutsrqponm', 'sequence'],
    ['ABCDEFGHIJKLM', 'sequence'],
    ['password1234', 'common'],
    ['P@ssw0rd2024!', 'common'],
    ['letmein letmein!', 'repetitive'],
    ['L3tm3in 4dmin', 'common'],
    ['test passphrase', 'common'],
    ['correct horse battery staple', 'common'],
    ['My Secret Password', 'common'],
    ['Summer2024!!!!', 'common'],
    ['iloveyou123456', 'common'],
    ['ChangeMe123456', 'common'],
  ])('%j is refused as %s', (passphrase, expected) => {
    expect(reason(passphrase)).toBe(expected);
  });

  it.each([
    'tangerine glacier 42 wombat',
    'plum harbour 77 kettle',
    'correct horse battery staple (demo only)',
    'bench passphrase',
    'file passphrase',
    'Zebra-Quokka-7781-never-print-me',
    'x7#Lq9!vR2@m',
    // twelve characters exactly, and a passphrase in another script
    'k3y-Vault-9z',
    'жёлтый дракон 17',
  ])('%j passes', (passphrase) => {
    expect(passphraseWeakness(passphrase)).toBeUndefined();
  });

  it('the reason says why without quoting the passphrase', () => {
    for (const p of ['hunter2', 'aaaaaaaaaaaa', 'abcdefghijklmn', 'password1234']) {
      const weak = passphraseWeakness(p)!;
      expect(weak.why).not.toContain(p);
      expect(weak.why.length).toBeGreaterThan(10);
    }
    expect(passphraseWeakness('hunter2')!.why).toBe('it has 7 characters, fewer than 12');
  });
});
