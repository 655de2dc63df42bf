// Property-based testing settings shared by every `*.fuzz.test.ts` file.
// `npm test` runs a few thousand cases in all; `npm run fuzz` multiplies every count by
// RADCRED_FUZZ_SCALE (default there: 50) and runs only the fuzz files.
import fc from 'fast-check';

const scale = Math.max(1, Number(process.env.RADCRED_FUZZ_SCALE ?? '1') || 1);

/** fast-check parameters for a property that should run about `base` cases in `npm test`. */
export function fuzzParams(base: number): fc.Parameters<unknown> {
  const seed = process.env.RADCRED_FUZZ_SEED ? Number(process.env.RADCRED_FUZZ_SEED) : undefined;
  return { numRuns: base * scale, seed, endOnFailure: true };
}

export const FUZZ_SCALE = scale;
export { fc };
