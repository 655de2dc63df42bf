// An issuer's status change in its own ledger: checked with the issuer's DID before anything is
// signed, then logged (committed when the operator is held), and checked again under the lock.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkStatusChange, logStatusChange } from '../../src/issued/status-change.js';
import { errorOfAsync, codeOf, NOW_S, tempDir } from '../helpers.js';
import { append, demoSigner, entry, labelDigest, newLedger } from '../ledger/support.js';

const tmb = demoSigner('tmb');
const abr = demoSigner('abr');
const digest = labelDigest('a license');
const resolved = { digest, source: 'digest' as const };

function ledgerWithIssue() {
  const dir = join(tempDir(), 'ledger');
  const op = newLedger(dir, 'test.example/status', demoSigner('registry'));
  append(dir, op, [entry(tmb, 'issue', digest, NOW_S - 60)]);
  return { dir, op };
}

describe('checkStatusChange', () => {
  it("gives the issuer's standing when the change may be made", () => {
    const { dir } = ledgerWithIssue();
    expect(checkStatusChange(dir, resolved, { name: 'tmb', did: tmb.did }, 'suspend', NOW_S).status).toBe('active');
  });

  it('refuses a credential never logged, another issuer, and a change that does not apply', () => {
    const { dir } = ledgerWithIssue();
    const other = { digest: labelDigest('never issued'), source: 'digest' as const };
    expect(codeOf(() => checkStatusChange(dir, other, { name: 'tmb', did: tmb.did }, 'revoke', NOW_S))).toBe(
      'CREDENTIAL_NOT_LOGGED',
    );
    expect(codeOf(() => checkStatusChange(dir, resolved, { name: 'abr', did: abr.did }, 'revoke', NOW_S))).toBe(
      'NOT_ISSUER',
    );
    expect(codeOf(() => checkStatusChange(dir, resolved, { name: 'tmb', did: tmb.did }, 'reinstate', NOW_S))).toMatch(
      /^STATUS_/,
    );
  });
});

describe('logStatusChange', () => {
  it('commits the entry when the operator is held, and refuses a second revocation under the lock', async () => {
    const { dir, op } = ledgerWithIssue();
    const first = await logStatusChange({
      dir,
      signer: tmb,
      kind: 'revoke',
      digest,
      now: NOW_S,
      operator: op,
      reason: 'test',
    });
    expect(first.mode).toBe('committed');
    expect(first.checkpoint!.size).toBe(2);
    const again = await errorOfAsync(() =>
      logStatusChange({ dir, signer: tmb, kind: 'revoke', digest, now: NOW_S, operator: op }),
    );
    expect(again.code).toMatch(/^STATUS_/);
  });

  it('queues the entry in pending/ without the operator', async () => {
    const { dir } = ledgerWithIssue();
    const queued = await logStatusChange({
      dir,
      signer: tmb,
      kind: 'suspend',
      digest,
      now: NOW_S,
      operator: undefined,
    });
    expect(queued.mode).toBe('pending');
    expect(queued.pending).toHaveLength(1);
  });
});
