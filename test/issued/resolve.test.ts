// resolveCredential: a CREDENTIAL argument on the issuer's side. A jti is looked up in the issuer
// register first, then in the wallet; files and full digests need neither (a file or the wallet
// also gives the credential itself); the codes when nothing or several credentials match.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCredential } from '../../src/credential/issue.js';
import { issuedRecord } from '../../src/issued/record.js';
import { appendIssued } from '../../src/issued/register.js';
import { resolveCredential } from '../../src/issued/resolve.js';
import { addToWallet, checkCredentialForWallet } from '../../src/wallet/wallet.js';
import { cleanup, errorOf, fixture, NOW_S, tempDir } from '../helpers.js';
import { demoSigner } from '../ledger/support.js';

const work = tempDir('radcred-resolve-');
afterAll(() => cleanup(work));
const home = join(work, 'home');
const NO_LEDGER = join(work, 'no-ledger'); // never read: no reference below is a digest prefix
const tmb = demoSigner('tmb');
const priya = demoSigner('priya');
const subject = JSON.parse(readFileSync(fixture('subjects', 'MedicalLicenseCredential.json'), 'utf8'));
const issue = () =>
  issueCredential({ signer: tmb, type: 'MedicalLicenseCredential', subjectDid: priya.did, subject, now: NOW_S });
const resolve = (ref: string) => resolveCredential(home, NO_LEDGER, ref, (p) => join(work, p));

let registered: Awaited<ReturnType<typeof issue>>;
let held: Awaited<ReturnType<typeof issue>>;
beforeAll(async () => {
  mkdirSync(home);
  registered = await issue();
  held = await issue();
  await appendIssued(home, [issuedRecord(registered, 'tmb', 'ledger.example/x')]);
  addToWallet(home, await checkCredentialForWallet(held.jwt, [priya.did]));
});

describe('resolveCredential', () => {
  it('a jti in the issuer register: its digest, issuer and the ledger it was recorded in', () => {
    expect(resolve(registered.jti)).toEqual({
      digest: registered.digest,
      issuer: tmb.did,
      source: 'register',
      ledger: 'ledger.example/x',
    });
    expect(resolve(registered.jti.slice('urn:uuid:'.length)).digest).toBe(registered.digest);
  });

  it('a jti only in the wallet: with the credential itself (for revoke to show what it revokes)', () => {
    expect(resolve(held.jti)).toEqual({
      digest: held.digest,
      issuer: tmb.did,
      source: 'wallet',
      view: expect.objectContaining({ digest: held.digest, jti: held.jti }),
    });
  });

  it('the register comes before the wallet', async () => {
    // contrived: the same jti recorded for another digest than the wallet's credential
    await appendIssued(home, [{ ...issuedRecord(held, 'tmb', null), digest: registered.digest }]);
    expect(resolve(held.jti)).toMatchObject({ digest: registered.digest, source: 'register' });
  });

  it('a file and a full digest need neither the register nor the wallet', async () => {
    writeFileSync(join(work, 'cred.jwt'), (await issue()).jwt + '\n');
    expect(resolve('cred.jwt')).toMatchObject({ source: 'file', view: { type: 'MedicalLicenseCredential' } });
    expect(resolve(registered.digest)).toEqual({ digest: registered.digest, source: 'digest' });
  });

  it('a file name that names no file is FILE_NOT_FOUND (exit 3), not "no credential matches"', () => {
    for (const ref of ['gone.jwt', 'creds/gone', 'gone.json']) {
      const e = errorOf(() => resolve(ref));
      expect([e.code, e.kind, e.message], ref).toEqual([
        'FILE_NOT_FOUND',
        'input',
        `credential file ${ref} does not exist`,
      ]);
    }
    // a jti that is a URL is a jti, however many slashes it has
    expect(errorOf(() => resolve('https://example.edu/credentials/3732')).code).toBe('CREDENTIAL_NOT_FOUND');
  });

  it('nothing matching is CREDENTIAL_NOT_FOUND (hint: issued list); empty is CREDENTIAL_REF_EMPTY; two digests for a jti, CREDENTIAL_AMBIGUOUS', async () => {
    const e = errorOf(() => resolve('urn:uuid:00000000-0000-4000-8000-000000000000'));
    expect(e.code).toBe('CREDENTIAL_NOT_FOUND');
    expect(e.hint).toContain('radcred issued list');
    expect(errorOf(() => resolve('')).code).toBe('CREDENTIAL_REF_EMPTY');
    await appendIssued(home, [{ ...issuedRecord(registered, 'tmb', null), digest: held.digest }]);
    expect(errorOf(() => resolve(registered.jti)).code).toBe('CREDENTIAL_AMBIGUOUS');
  });
});
