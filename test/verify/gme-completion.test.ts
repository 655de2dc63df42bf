// A completed training cannot end in the future: the verifier judges a GME credential's subject at
// the time the credential speaks for (its iat, else its nbf), not at the verification clock, so a
// credential that was wrong when signed stays wrong, and a right one stays right.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, NOW_S, radcred, tempDir } from '../helpers.js';
import { craftedCredential, demoSigner, resign } from './tokens.js';

const TYPE = 'GraduateMedicalEducationCredential';
const DAY = 86400;
const training = {
  name: 'Priya N. Halvorsen',
  trainingType: 'fellowship',
  specialty: 'Breast Imaging',
  programName: 'Gulf Coast University Breast Imaging Fellowship',
  startDate: '2025-12-01',
  endDate: '2026-11-27',
  completionStatus: 'completed',
};

let dir: string;
beforeAll(() => {
  dir = tempDir('radcred-gme-');
});
afterAll(() => cleanup(dir));

async function schemaCode(jwt: string, at: number): Promise<string> {
  const file = join(dir, `gme-${Math.random().toString(36).slice(2)}.jwt`);
  writeFileSync(file, jwt + '\n');
  const r = await radcred(['--now', String(at), '--json', 'verify', file, '--any-issuer', '--no-ledger']);
  const checks = r.json().results[0].checks as { code: string }[];
  return checks.find((c) => c.code.startsWith('SCHEMA_'))!.code;
}

describe('verify: a completed GME credential is judged at the time it speaks for', () => {
  const issuer = demoSigner('lakeshore');
  const holder = demoSigner('priya').did;
  const signed = (subject: Record<string, unknown>, now: number, validFrom?: number) =>
    craftedCredential(issuer, TYPE, holder, subject, { now, ...(validFrom !== undefined ? { validFrom } : {}) });

  it('signed on the last day of training: valid, then and a year later', async () => {
    const jwt = signed(training, NOW_S);
    expect(await schemaCode(jwt, NOW_S)).toBe('SCHEMA_VALID');
    expect(await schemaCode(jwt, NOW_S + 365 * DAY)).toBe('SCHEMA_VALID');
  });

  it('signed the day before the last day: invalid, even verified after the training ended', async () => {
    const jwt = signed(training, NOW_S - DAY);
    expect(await schemaCode(jwt, NOW_S + 365 * DAY)).toBe('SCHEMA_INVALID');
  });

  it('iat decides where there is one; without iat, nbf does', async () => {
    expect(await schemaCode(signed(training, NOW_S - DAY, NOW_S), NOW_S)).toBe('SCHEMA_INVALID');
    const noIat = resign(signed(training, NOW_S - DAY, NOW_S), issuer, (p) => {
      delete p.iat;
    });
    expect(await schemaCode(noIat, NOW_S)).toBe('SCHEMA_VALID');
  });

  it('training in progress may name its expected last day', async () => {
    expect(await schemaCode(signed({ ...training, completionStatus: 'in progress' }, NOW_S - 30 * DAY), NOW_S)).toBe(
      'SCHEMA_VALID',
    );
  });
});
