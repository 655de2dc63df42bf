// The presentation a holder signs carries at most MAX_CREDENTIALS_PER_PRESENTATION credentials,
// the cap a verifier enforces before checking any of them.
import { describe, expect, it } from 'vitest';
import { readCredentialClaims, type CredentialView } from '../../src/credential/claims.js';
import { parseCompactJws } from '../../src/jws/compact.js';
import { createPresentation, MAX_CREDENTIALS_PER_PRESENTATION } from '../../src/presentation/present.js';
import { MAX_CREDENTIALS_PER_PRESENTATION as VERIFIER_CAP } from '../../src/verify/presentation.js';
import { errorOf, errorOfAsync, NOW_S } from '../helpers.js';
import { issueJwt } from '../ledger/support.js';
import { demoSigner } from '../verify/tokens.js';

const holder = demoSigner('priya');
const northbay = demoSigner('northbay');
const view = await (async () => {
  const claims = readCredentialClaims(parseCompactJws((await issueJwt(demoSigner('tmb'), holder.did, NOW_S - 60)).jwt));
  if (!claims.ok) throw new Error(claims.message);
  return claims.view;
})();
const present = (credentials: CredentialView[]) =>
  createPresentation({ signer: holder, audience: northbay.did, challenge: 'c-1', credentials, now: NOW_S });

describe('createPresentation: the credential cap', () => {
  it("is the verifier's cap", () => {
    expect(MAX_CREDENTIALS_PER_PRESENTATION).toBe(VERIFIER_CAP);
  });

  it('signs a presentation of exactly the cap', async () => {
    const vp = await present(Array.from({ length: MAX_CREDENTIALS_PER_PRESENTATION }, () => view));
    expect(vp.credentials).toHaveLength(MAX_CREDENTIALS_PER_PRESENTATION);
  });

  it('refuses one more (TOO_MANY_SELECTED, a usage error with a hint)', async () => {
    const e = await errorOfAsync(() =>
      present(Array.from({ length: MAX_CREDENTIALS_PER_PRESENTATION + 1 }, () => view)),
    );
    expect(e.code).toBe('TOO_MANY_SELECTED');
    expect(e.kind).toBe('usage');
    expect(e.hint).toBeTruthy();
  });
});
