// The minimum strength of a passphrase that protects a new keystore (id create, id import, id
// passwd). Not an entropy estimate: a short list of refusals that each catch a passphrase an
// attacker's first guesses would find — too short, one character or one short pattern repeated,
// a run of the alphabet, the digits or a keyboard row, or nothing but common words and digits.
// (zxcvbn-style estimators are better and ship megabytes of word lists; this is the floor.)

/** The fewest characters (Unicode code points) a new passphrase may have. */
export const MIN_PASSPHRASE_LENGTH = 12;

export type PassphraseWeakness = 'short' | 'repetitive' | 'sequence' | 'common';

export interface WeakPassphrase {
  reason: PassphraseWeakness;
  /** why, in words that never quote the passphrase: "it has 8 characters, fewer than 12" */
  why: string;
}

// The words first guesses are made of: the most common passwords and their parts, and the words
// of this tool's own setting. Matched whole, after lower-casing and undoing common letter swaps.
const COMMON_WORDS = [
  'password',
  'passwort',
  'passphrase',
  'passwd',
  'pass',
  'word',
  'secret',
  'private',
  'key',
  'keystore',
  'letmein',
  'welcome',
  'hello',
  'admin',
  'administrator',
  'root',
  'login',
  'user',
  'default',
  'changeme',
  'qwerty',
  'dragon',
  'monkey',
  'master',
  'shadow',
  'sunshine',
  'princess',
  'football',
  'baseball',
  'superman',
  'batman',
  'iloveyou',
  'love',
  'trustno',
  'freedom',
  'whatever',
  'test',
  'testing',
  'demo',
  'example',
  'sample',
  'radcred',
  'doctor',
  'hospital',
  'radiology',
  'medical',
  'my',
  'the',
  'a',
  'i',
  'correct',
  'horse',
  'battery',
  'staple',
  'summer',
  'winter',
  'spring',
  'autumn',
];
const COMMON = new Set(COMMON_WORDS);
const LONGEST_COMMON = Math.max(...COMMON_WORDS.map((w) => w.length));

/** Runs that people type as if they were random: the alphabet, the digits (round and round), keyboard rows. */
const SEQUENCES = [
  'abcdefghijklmnopqrstuvwxyz',
  '0123456789'.repeat(4),
  'qwertyuiopasdfghjklzxcvbnm',
  'qwertzuiopasdfghjklyxcvbnm',
  'azertyuiopqsdfghjklmwxcvbn',
];

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
};

/** Is `text` a repetition of a shorter unit ("abcabcabcabc", "passwordpassword")? */
function isRepetition(text: string): boolean {
  const chars = [...text];
  for (let unit = 1; unit <= chars.length / 2; unit++) {
    if (chars.length % unit !== 0) continue;
    if (chars.every((c, i) => c === chars[i % unit])) return true;
  }
  return false;
}

/** Is `text` (at least 4 characters) part of a sequence, forwards or backwards? */
function isSequence(text: string): boolean {
  if (text.length < 4) return false;
  return SEQUENCES.some((s) => s.includes(text) || [...s].reverse().join('').includes(text));
}

/** Can `letters` be cut into common words only (the empty string cannot)? */
function onlyCommonWords(letters: string): boolean {
  if (letters.length === 0) return false;
  // reachable[i]: letters.slice(0, i) is a run of common words
  const reachable = [true, ...new Array<boolean>(letters.length).fill(false)];
  for (let end = 1; end <= letters.length; end++) {
    for (let start = Math.max(0, end - LONGEST_COMMON); start < end && !reachable[end]; start++) {
      if (reachable[start] && COMMON.has(letters.slice(start, end))) reachable[end] = true;
    }
  }
  return reachable[letters.length]!;
}

/**
 * Why `passphrase` is too weak to protect a new key, or undefined when it is strong enough.
 * Never quotes the passphrase.
 */
export function passphraseWeakness(passphrase: string): WeakPassphrase | undefined {
  const text = passphrase.normalize('NFC');
  const length = [...text].length;
  if (length < MIN_PASSPHRASE_LENGTH) {
    return {
      reason: 'short',
      why: `it has ${length} character${length === 1 ? '' : 's'}, fewer than ${MIN_PASSPHRASE_LENGTH}`,
    };
  }
  const folded = text.toLowerCase();
  const squeezed = folded.replace(/[\s\p{P}\p{S}]/gu, '');
  if (isRepetition(folded) || isRepetition(squeezed) || new Set(folded).size < 4) {
    return { reason: 'repetitive', why: 'it repeats one character or a short pattern' };
  }
  if (isSequence(squeezed))
    return { reason: 'sequence', why: 'it is a run of the alphabet, the digits or a keyboard row' };
  // The letters left once digits, spaces and punctuation go; and again with the "p4ssw0rd" swaps
  // undone in each word (digits and marks ending a word, "2024!", are not letters in disguise).
  const plain = folded.replace(/[^\p{L}]/gu, '');
  const unswapped = folded
    .split(/\s+/)
    .map((word) => [...word.replace(/[^\p{L}]+$/u, '')].map((c) => LEET[c] ?? c).join(''))
    .join('')
    .replace(/[^\p{L}]/gu, '');
  if (onlyCommonWords(plain) || onlyCommonWords(unswapped)) {
    return { reason: 'common', why: 'it is only common words and digits, which are guessed first' };
  }
  return undefined;
}
