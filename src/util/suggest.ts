// "Did you mean ...?": the nearest of some known names to a word someone typed, by edit distance.
// Domain-free: the CLI uses it for commands, options and choices, and the credential types use it
// with their own idea of which names are near (src/credential/type-names.ts).

/**
 * The optimal-string-alignment distance (Damerau-Levenshtein without repeated edits of one
 * substring): insertions, deletions, substitutions and swaps of two neighbours count one each, so
 * `MedicalLicence` is 1 from `MedicalLicense` and `verfiy` 1 from `verify`.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  // three rows of the table are enough: the one being filled, and the two above it (for swaps)
  let before = new Array<number>(b.length + 1).fill(0);
  let above = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(above[j]! + 1, row[j - 1]! + 1, above[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
    }
    before = above;
    above = row;
  }
  return above[b.length]!;
}

export interface SuggestOptions {
  /** compare without regard to case (default false) */
  ignoreCase?: boolean;
  /** what of each name is compared (default: the name itself), e.g. a name without a common suffix */
  key?: (name: string) => string;
  /**
   * How far a candidate may be and still be suggested, given the two keys compared. The default
   * (commander's rule) is at most 3 edits, and fewer than 60% of the longer key changed.
   */
  maxDistance?: (word: string, candidate: string) => number;
  /** at most this many suggestions (default 3) */
  limit?: number;
}

const defaultMaxDistance = (word: string, candidate: string): number =>
  Math.min(3, Math.ceil(Math.max(word.length, candidate.length) * 0.6) - 1);

/**
 * The candidates nearest to `word` within the allowed distance, nearest first (ties in the
 * candidates' order); none when `word` is itself a candidate or nothing is near.
 */
export function suggest(word: string, candidates: Iterable<string>, options: SuggestOptions = {}): string[] {
  const fold = (s: string) => (options.ignoreCase === true ? s.toLowerCase() : s);
  const keyOf = (s: string) => fold(options.key ? options.key(s) : s);
  const allowed = options.maxDistance ?? defaultMaxDistance;
  const wordKey = keyOf(word);
  const near: { name: string; distance: number }[] = [];
  for (const name of new Set(candidates)) {
    if (name === word) return [];
    const key = keyOf(name);
    const distance = editDistance(wordKey, key);
    if (distance <= allowed(wordKey, key)) near.push({ name, distance });
  }
  const best = near.filter((n) => n.distance === Math.min(...near.map((m) => m.distance)));
  return best.slice(0, options.limit ?? 3).map((n) => n.name);
}

/** `did you mean A?`, `did you mean A or B?`; undefined for no suggestions. */
export function didYouMean(suggestions: readonly string[]): string | undefined {
  if (suggestions.length === 0) return undefined;
  const names =
    suggestions.length === 1
      ? suggestions[0]!
      : `${suggestions.slice(0, -1).join(', ')} or ${suggestions[suggestions.length - 1]!}`;
  return `did you mean ${names}?`;
}
