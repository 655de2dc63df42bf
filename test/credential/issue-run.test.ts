// One credential's issuing in the domain: signed, staged, its entry anchored, then put in place;
// with a ledger that cannot take the entry, no credential is handed over.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIssue } from '../../src/credential/issue-run.js';
import { readCheckpointNote } from '../../src/ledger/ledger.js';
import { Output } from '../../src/util/output.js';
import { credentialDigest, errorOfAsync, fixture, NOW_S, tempDir } from '../helpers.js';
import { demoSigner, newLedger } from '../ledger/support.js';

const abr = demoSigner('abr');
const input = {
  signer: abr,
  type: 'BoardCertificationCredential',
  subjectDid: demoSigner('priya').did,
  subject: JSON.parse(readFileSync(fixture('subjects', 'BoardCertificationCredential.json'), 'utf8')) as Record<
    string,
    unknown
  >,
  now: NOW_S,
};
const output = (path: string) => new Output(path, { flag: '--out', force: false });

describe('runIssue', () => {
  it('without a file or a ledger, returns the credential and its register line', async () => {
    const run = await runIssue(input);
    expect(run.out).toBeUndefined();
    expect(run.anchored).toBeUndefined();
    expect(credentialDigest(run.issued.jwt)).toBe(run.issued.digest);
    expect(run.registered).toMatchObject({ digest: run.issued.digest, issuerName: abr.name, ledger: null });
  });

  it('commits the issue entry when the operator is held, then writes the file', async () => {
    const work = tempDir();
    const ledger = join(work, 'ledger');
    const op = newLedger(ledger, 'test.example/issue-run', demoSigner('registry'));
    let asked = 0;
    const run = await runIssue({
      ...input,
      output: output(join(work, 'board.jwt')),
      ledger: { dir: ledger, origin: 'test.example/issue-run' },
      operator: async () => (asked++, op),
    });
    expect(asked).toBe(1);
    expect(run.anchored?.mode).toBe('committed');
    expect(readCheckpointNote(ledger)).toContain('\n1\n');
    expect(run.out).toBe(join(work, 'board.jwt'));
    expect(readFileSync(run.out!, 'utf8')).toBe(run.issued.jwt + '\n');
    expect(run.registered.ledger).toBe('test.example/issue-run');
  });

  it('queues the entry in pending/ without the operator', async () => {
    const work = tempDir();
    const ledger = join(work, 'ledger');
    newLedger(ledger, 'test.example/issue-run', demoSigner('registry'));
    const run = await runIssue({ ...input, ledger: { dir: ledger, origin: null }, operator: async () => undefined });
    expect(run.anchored?.mode).toBe('pending');
    expect(readdirSync(join(ledger, 'pending'))).toHaveLength(1);
  });

  it('hands over nothing when the ledger cannot take the entry', async () => {
    const work = tempDir();
    const ledger = join(work, 'ledger');
    const op = newLedger(ledger, 'test.example/issue-run', demoSigner('registry'));
    rmSync(join(ledger, 'checkpoint'));
    const e = await errorOfAsync(() =>
      runIssue({
        ...input,
        output: output(join(work, 'board.jwt')),
        ledger: { dir: ledger, origin: 'test.example/issue-run' },
        operator: async () => op,
      }),
    );
    expect(e.code).toMatch(/^LEDGER_/);
    expect(existsSync(join(work, 'board.jwt'))).toBe(false);
    expect(readdirSync(work)).toEqual(['ledger']);
  });
});
