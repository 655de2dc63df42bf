// The fixtures agree with each other: the trust list and the roster name the demo parties' DIDs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { didKeyFromPublicKey } from '../src/identity/did-key.js';
import type { KeyType } from '../src/identity/key-types.js';
import { keyPairFromPrivateBytes } from '../src/identity/keys.js';
import { DEMO_IDENTITIES, fixture } from './helpers.js';

const didOf = (name: string) => {
  const id = DEMO_IDENTITIES.find((i) => i.name === name)!;
  const pair = keyPairFromPrivateBytes(id.keyType as KeyType, Buffer.from(id.seed, 'hex'));
  return didKeyFromPublicKey(pair.keyType, pair.publicKeyBytes);
};

describe('fixtures', () => {
  it('fixtures/trust.json trusts the demo issuers by their DIDs', () => {
    const list = JSON.parse(readFileSync(fixture('trust.json'), 'utf8')) as {
      issuers: { did: string; name: string }[];
    };
    const byName = Object.fromEntries(list.issuers.map((i) => [i.name, i.did]));
    expect(byName['Lakeshore University School of Medicine']).toBe(didOf('lakeshore'));
    expect(byName['Texas Medical Board']).toBe(didOf('tmb'));
    expect(byName['American Board of Radiology']).toBe(didOf('abr'));
    expect(byName['Radiological Society of North America']).toBe(didOf('rsna'));
  });

  it("the RSNA roster issues to Dr. Halvorsen's DID", () => {
    expect(readFileSync(fixture('rosters', 'rsna-cme.csv'), 'utf8')).toContain(didOf('priya'));
  });
});
