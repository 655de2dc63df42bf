// One batch run in the domain: rows signed into staging, the ledger's one commit, then the files in
// place; with a ledger that cannot take the entries, no credential is handed out.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planBatch } from '../../src/credential/batch.js';
import { runBatch } from '../../src/credential/batch-run.js';
import { requireCredentialType } from '../../src/credential/issue.js';
import { parseRoster } from '../../src/credential/roster.js';
import { readCheckpointNote } from '../../src/ledger/ledger.js';
import { credentialDigest, errorOfAsync, fixture, NOW_S, tempDir } from '../helpers.js';
import { demoSigner, newLedger } from '../ledger/support.js';

const def = requireCredentialType('CMECertificateCredential');
const planned = (outDir: string) => {
  const { rows, problems } = parseRoster(readFileSync(fixture('rosters', 'rsna-cme.csv'), 'utf8'), def, NOW_S);
  expect(problems).toEqual([]);
  return planBatch(def.type, rows, outDir).toIssue;
};
const rsna = demoSigner('rsna');

describe('runBatch', () => {
  it('writes every planned row, and returns its register lines', async () => {
    const outDir = join(tempDir(), 'out');
    const plan = planned(outDir);
    const count = plan.length;
    const done: number[] = [];
    const run = await runBatch({
      signer: rsna,
      type: def.type,
      planned: plan,
      outDir,
      now: NOW_S,
      onProgress: (n) => done.push(n),
    });
    expect(run.written).toHaveLength(count);
    expect(run.registered.count).toBe(count);
    expect(run.anchored).toBeUndefined();
    expect(done.at(-1)).toBe(count);
    expect(readdirSync(outDir).sort()).toEqual(run.written.map((w) => w.file.slice(outDir.length + 1)).sort());
    for (const w of run.written) expect(credentialDigest(readFileSync(w.file, 'utf8'))).toBe(w.digest);
  });

  it('commits every issue entry in one commit when the operator is held, asking for it once', async () => {
    const work = tempDir();
    const ledger = join(work, 'ledger');
    const op = newLedger(ledger, 'test.example/batch-run', demoSigner('registry'));
    const outDir = join(work, 'out');
    let asked = 0;
    const run = await runBatch({
      signer: rsna,
      type: def.type,
      planned: planned(outDir),
      outDir,
      now: NOW_S,
      ledger: { dir: ledger, origin: 'test.example/batch-run' },
      operator: async () => (asked++, op),
    });
    expect(asked).toBe(1);
    expect(run.anchored?.mode).toBe('committed');
    expect(readCheckpointNote(ledger)).toContain(`\n${run.written.length}\n`);
  });

  it('hands out nothing when the ledger cannot take the entries', async () => {
    const work = tempDir();
    const ledger = join(work, 'ledger');
    const op = newLedger(ledger, 'test.example/batch-run', demoSigner('registry'));
    rmSync(join(ledger, 'checkpoint'));
    const outDir = join(work, 'out');
    const e = await errorOfAsync(() =>
      runBatch({
        signer: rsna,
        type: def.type,
        planned: planned(outDir),
        outDir,
        now: NOW_S,
        ledger: { dir: ledger, origin: 'test.example/batch-run' },
        operator: async () => op,
      }),
    );
    expect(e.code).toMatch(/^LEDGER_/);
    expect(readdirSync(outDir)).toEqual([]);
  });
});
