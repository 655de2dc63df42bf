// The validators radcred runs are Ajv's standalone code for the built-in schemas, generated ahead
// of time (src/credential/schemas/compile.ts). This fails while the committed file is stale.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compiledValidatorsSource, GENERATED_FILE } from '../../src/credential/schemas/compile.js';
import * as compiled from '../../src/credential/schemas/validators.generated.js';
import { CREDENTIAL_TYPES } from '../../src/credential/types.js';
import { ROOT } from '../helpers.js';

describe('compiled schema validators', () => {
  it('are up to date with the schemas (else: npm run schemas)', () => {
    const committed = readFileSync(join(ROOT, 'src', 'credential', 'schemas', GENERATED_FILE), 'utf8');
    expect(committed).toBe(compiledValidatorsSource());
  });

  it('exist for every built-in type and for nothing else', () => {
    expect(Object.keys(compiled).sort()).toEqual([...CREDENTIAL_TYPES.keys()].sort());
  });

  it('count string length in code points, as JSON Schema does', () => {
    const validate = (compiled as Record<string, (d: unknown) => boolean>).MedicalDegreeCredential!;
    const subject = JSON.parse(
      readFileSync(join(ROOT, 'fixtures', 'subjects', 'MedicalDegreeCredential.json'), 'utf8'),
    );
    // 200 astral characters are 400 UTF-16 units but 200 code points: within maxLength 200
    expect(validate({ ...subject, name: '𝔄'.repeat(200) })).toBe(true);
    expect(validate({ ...subject, name: '𝔄'.repeat(201) })).toBe(false);
  });
});
