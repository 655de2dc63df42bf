// The real packages behind the bundle's stand-ins (src/build/bundle.ts resolves these names):
// the part of uint8arrays' API its stand-in uses.
declare module 'radcred-original:uint8arrays' {
  export function toString(bytes: Uint8Array, encoding?: string): string;
  export function fromString(text: string, encoding?: string): Uint8Array;
  export function concat(arrays: ArrayLike<Uint8Array>, length?: number): Uint8Array;
}
