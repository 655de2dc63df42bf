// A CREDENTIAL argument resolved against known credentials (src/credential/reference.ts): by
// digest, prefix, jti or file; a file name that names no file is said to be missing.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findByReference } from '../../src/credential/reference.js';
import { cleanup, errorOf, tempDir } from '../helpers.js';

const dir = tempDir('radcred-reference-');
afterAll(() => cleanup(dir));
const at = (p: string) => join(dir, p);
const items = [
  { digest: `sha256:${'ab'.repeat(32)}`, jti: 'urn:uuid:6f1c2d3e-0000-4000-8000-000000000001' },
  { digest: `sha256:${'cd'.repeat(32)}`, jti: 'https://example.edu/credentials/3732' },
];

describe('findByReference', () => {
  it('finds by digest, digest prefix, jti and bare UUID', () => {
    expect(findByReference(items, items[0]!.digest, at)).toBe(items[0]);
    expect(findByReference(items, 'abababab', at)).toBe(items[0]);
    expect(findByReference(items, 'https://example.edu/credentials/3732', at)).toBe(items[1]);
    expect(findByReference(items, '6f1c2d3e-0000-4000-8000-000000000001', at)).toBe(items[0]);
  });

  it('a file name that names no file: FILE_NOT_FOUND (exit 3) with a hint, not CREDENTIAL_NOT_FOUND', () => {
    for (const ref of ['license.jwt', 'wallet/license', 'vc.json']) {
      const e = errorOf(() => findByReference(items, ref, at));
      expect([e.code, e.kind, e.message], ref).toEqual([
        'FILE_NOT_FOUND',
        'input',
        `credential file ${ref} does not exist`,
      ]);
      expect(e.hint).toMatch(/digest or jti/);
    }
  });

  it('other text that matches nothing: CREDENTIAL_NOT_FOUND', () => {
    for (const ref of [
      'urn:uuid:6f1c2d3e-0000-4000-8000-00000000dead',
      'https://example.edu/credentials/1',
      'no-such-jti',
      '12345678',
    ]) {
      expect(errorOf(() => findByReference(items, ref, at)).code, ref).toBe('CREDENTIAL_NOT_FOUND');
    }
  });

  it('a file that exists is read (a damaged one is its own error)', () => {
    writeFileSync(at('damaged.jwt'), 'not a jwt\n');
    expect(errorOf(() => findByReference(items, 'damaged.jwt', at)).code).toBe('JWS_MALFORMED');
  });
});
