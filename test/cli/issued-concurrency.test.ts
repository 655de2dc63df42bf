// Several real radcred processes (bin/radcred) issuing into one home at once, singly and by
// roster: the issuer register ends with every credential exactly once, each line whole.
// Runs the built code: `npm test` builds it first.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listIssued } from '../../src/issued/register.js';
import { cleanup, fixture, importDemoIdentities, NOW, radcred, radcredProcess, ROOT, tempDir } from '../helpers.js';
import { demoSigner } from '../ledger/support.js';

const SINGLES = 6;
const ROSTERS = 2; // of 6 rows each

const work = tempDir('radcred-issued-concurrency-');
afterAll(() => cleanup(work));
const HOME = join(work, 'home');
const L = join(work, 'ledger');

beforeAll(async () => {
  for (const name of ['register', 'record']) {
    const built = join(ROOT, 'dist', 'issued', `${name}.js`);
    expect(statSync(built).mtimeMs, `${built} is older than its source: run npm run build`).toBeGreaterThanOrEqual(
      statSync(join(ROOT, 'src', 'issued', `${name}.ts`)).mtimeMs,
    );
  }
  await importDemoIdentities(HOME, ['tmb', 'rsna', 'registry']);
  const init = await radcred([
    '--home',
    HOME,
    '--json',
    'ledger',
    'init',
    L,
    '--origin',
    'concurrency.example/register',
    '--operator',
    'registry',
  ]);
  expect(init.code, init.stderr).toBe(0);
});

describe('issuing into one home from several processes at once', () => {
  it(`${SINGLES} single issues and ${ROSTERS} rosters: every credential recorded exactly once, every line whole`, async () => {
    const singles = Array.from({ length: SINGLES }, (_, i) =>
      radcredProcess([
        '--home',
        HOME,
        '--now',
        NOW,
        '--json',
        'issue',
        'MedicalLicenseCredential',
        '--issuer',
        'tmb',
        '--subject',
        demoSigner('priya').did,
        '--data',
        fixture('subjects', 'MedicalLicenseCredential.json'),
        '--out',
        join(work, `single-${i}.jwt`),
        ...(i % 2 ? ['--ledger', L] : []),
      ]),
    );
    const rosters = Array.from({ length: ROSTERS }, (_, i) =>
      radcredProcess([
        '--home',
        HOME,
        '--now',
        NOW,
        '--json',
        'issue',
        'CMECertificateCredential',
        '--issuer',
        'rsna',
        '--batch',
        fixture('rosters', 'rsna-cme.csv'),
        '--out-dir',
        join(work, `roster-${i}`),
        '--ledger',
        L,
      ]),
    );
    const results = await Promise.all([...singles, ...rosters]);
    for (const r of results) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.json().warnings, r.stderr).toBeUndefined();
    }
    const digests = [
      ...results.slice(0, SINGLES).map((r) => r.json().digest as string),
      ...results.slice(SINGLES).flatMap((r) => r.json().credentials.map((c: { digest: string }) => c.digest as string)),
    ];
    expect(digests).toHaveLength(SINGLES + 6 * ROSTERS);

    const text = readFileSync(join(HOME, 'issued.jsonl'), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    const recorded = listIssued(HOME);
    expect(recorded).toHaveLength(lines.length);
    expect(recorded.map((r) => r.digest).sort()).toEqual([...digests].sort());
    expect(new Set(recorded.map((r) => r.jti)).size).toBe(recorded.length);
    expect(recorded.filter((r) => r.ledger === null)).toHaveLength(SINGLES / 2);
  }, 120_000);
});
