// A batch hands out no credential the ledger did not take: the files wait in a staging directory
// until the single ledger commit succeeds, and a refused commit leaves the out-dir empty.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fixture, importDemoIdentities, NOW, radcred, tempDir } from '../helpers.js';

let dir: string;
const cli = (args: string[]) => radcred(['--home', join(dir, 'home'), '--now', NOW, '--json', ...args], { cwd: dir });

beforeAll(async () => {
  dir = tempDir('radcred-batch-first-');
  await importDemoIdentities(join(dir, 'home'), ['rsna', 'registry']);
  expect(
    (await cli(['ledger', 'init', 'ledger', '--origin', 'test.example/batch', '--operator', 'registry'])).code,
  ).toBe(0);
});
afterAll(() => cleanup(dir));

describe('batch issuance and the ledger', () => {
  it('a ledger that refuses the commit (damaged tiles) leaves no credential in the out-dir', async () => {
    // One committed entry, then damage its tile: the next append refuses to extend the tree.
    const one = await cli([
      'issue',
      'CMECertificateCredential',
      '--issuer',
      'rsna',
      '--subject',
      'did:key:z6MkfYTuCR6MjTGpKaGXSKGs3LvDs8yxsoLs1qr8gcVT21ba',
      '--data',
      fixture('subjects', 'CMECertificateCredential.json'),
      '--out',
      'one.jwt',
      '--ledger',
      'ledger',
    ]);
    expect(one.code).toBe(0);
    writeFileSync(join(dir, 'ledger', 'tile', '0', '000.p', '1'), Buffer.alloc(32, 7));
    const r = await cli([
      'issue',
      'CMECertificateCredential',
      '--issuer',
      'rsna',
      '--batch',
      fixture('rosters', 'rsna-cme.csv'),
      '--out-dir',
      'out',
      '--ledger',
      'ledger',
    ]);
    expect(r.code).toBe(4);
    expect(r.json().error.code).toBe('LEDGER_ROOT_MISMATCH');
    const left = existsSync(join(dir, 'out')) ? readdirSync(join(dir, 'out')) : [];
    expect(left.filter((f) => f.endsWith('.jwt'))).toEqual([]);
    expect(left.filter((f) => f.startsWith('.staging-'))).toEqual([]);
  });
});
