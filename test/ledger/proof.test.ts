// ledger prove / check-proof: a C2SP tlog-proof of a credential's issue entry, checkable offline
// with the vkey alone; any change to the entry, the proof, the index or the key is refused.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Operator } from '../../src/ledger/ledger.js';
import { inclusionProof } from '../../src/ledger/merkle.js';
import { parseProof } from '../../src/ledger/proof.js';
import { cleanup, NOW, NOW_S, radcred, tempDir, type RunResult } from '../helpers.js';
import {
  RefTree,
  append,
  demoSigner,
  labelDigest,
  entry,
  issueJwt,
  newLedger,
  opaque,
  seedHex,
  seedSigner,
} from './support.js';

const work = tempDir('radcred-proof-');
afterAll(() => cleanup(work));
const HOME = join(work, 'home');
const L = join(work, 'ledger');
const ORIGIN = 'ledger.example/proofs';
const issuer = demoSigner('tmb');

let op: Operator;
let vkey: string;
let credFile: string;
let digest: string;
let all: Buffer[];
const INDEX = 20;

const run = (args: string[]) => radcred(['--home', HOME, '--now', NOW, '--json', ...args]);
const checkProof = (proof: string, entryFile: string, key = vkey) =>
  run(['ledger', 'check-proof', proof, '--entry', entryFile, '--vkey', key]);
function refused(r: RunResult, exit: number, code: string) {
  expect(r.code, r.stderr).toBe(exit);
  expect(r.json().error.code).toBe(code);
}

let n = 0;
async function prove(ref = credFile): Promise<{ proof: string; entry: string; r: RunResult }> {
  const proof = join(work, `p${n++}.tlog-proof`);
  const r = await run(['ledger', 'prove', L, ref, '--out', proof]);
  expect(r.code, r.stderr).toBe(0);
  return { proof, entry: `${proof}.entry`, r };
}

beforeAll(async () => {
  op = newLedger(L, ORIGIN, seedSigner(seedHex(40)));
  vkey = op.vkey.text;
  const cred = await issueJwt(issuer, demoSigner('priya').did, NOW_S);
  digest = cred.digest;
  credFile = join(work, 'cred.jwt');
  writeFileSync(credFile, cred.jwt + '\n');
  all = [
    ...opaque('before', INDEX),
    entry(issuer, 'issue', digest, NOW_S),
    ...Array.from({ length: 16 }, (_, i) => entry(issuer, 'issue', labelDigest(`after ${i}`), NOW_S)),
  ];
  append(L, op, all);
});

describe('ledger prove', () => {
  it('writes a tlog-proof: header, index, the RFC 6962 path, and the checkpoint verbatim; and the entry', async () => {
    const { proof, entry: entryFile, r } = await prove();
    expect(r.json()).toMatchObject({
      credential: digest,
      index: INDEX,
      checkpoint: { origin: ORIGIN, size: all.length },
    });
    const text = readFileSync(proof, 'utf8');
    const lines = text.split('\n');
    expect(lines[0]).toBe('c2sp.org/tlog-proof@v1');
    expect(lines[1]).toBe(`index ${INDEX}`);
    const tree = RefTree.ofEntries(all);
    const path = inclusionProof(tree.perfect, INDEX, 0, all.length).map((h) => h.toString('base64'));
    expect(path.length).toBe(6);
    expect(lines.slice(2, 2 + path.length)).toEqual(path);
    expect(lines[2 + path.length]).toBe('');
    expect(text.slice(text.indexOf('\n\n') + 2)).toBe(readFileSync(join(L, 'checkpoint'), 'utf8'));
    expect(readFileSync(entryFile).equals(all[INDEX]!)).toBe(true);
    expect(parseProof(text)).toMatchObject({ index: INDEX });
  });

  it('finds the credential by digest and by digest prefix', async () => {
    expect((await prove(digest)).r.json().index).toBe(INDEX);
    expect((await prove(digest.slice(7, 19))).r.json().index).toBe(INDEX);
  });

  it('refuses a credential the ledger does not hold (exit 3)', async () => {
    refused(
      await run(['ledger', 'prove', L, labelDigest('nothing'), '--out', join(work, 'none')]),
      3,
      'CREDENTIAL_NOT_LOGGED',
    );
  });
});

describe('ledger check-proof', () => {
  let good: { proof: string; entry: string };
  beforeAll(async () => {
    good = await prove();
  });

  it('accepts the proof with the vkey as text and as a file', async () => {
    for (const key of [vkey, join(L, 'vkey')]) {
      const r = await checkProof(good.proof, good.entry, key);
      expect(r.code, r.stderr).toBe(0);
      expect(r.json()).toMatchObject({
        ok: true,
        index: INDEX,
        checkpoint: { origin: ORIGIN, size: all.length },
        entry: { kind: 'issue', credential: digest, issuer: issuer.did },
      });
    }
  });

  it('stays valid after the ledger grows (it carries its own checkpoint)', async () => {
    const grown = join(work, 'grown');
    cpSync(L, grown, { recursive: true });
    append(grown, op, opaque('later', 300));
    expect((await checkProof(good.proof, good.entry)).code).toBe(0);
  });

  it('a changed entry file: PROOF_INVALID (exit 4)', async () => {
    const changed = join(work, 'changed.entry');
    writeFileSync(changed, readFileSync(good.entry, 'utf8').replace('kind issue', 'kind revok'));
    refused(await checkProof(good.proof, changed), 4, 'PROOF_INVALID');
    writeFileSync(changed, all[INDEX + 1]!); // another genuine entry of the same ledger
    refused(await checkProof(good.proof, changed), 4, 'PROOF_INVALID');
  });

  it('a changed proof hash: PROOF_INVALID (exit 4)', async () => {
    const text = readFileSync(good.proof, 'utf8');
    const lines = text.split('\n');
    for (const i of [2, 4, 7]) {
      const h = Buffer.from(lines[i]!, 'base64');
      h[31]! ^= 0x80;
      const bad = join(work, `hash${i}.tlog-proof`);
      writeFileSync(bad, [...lines.slice(0, i), h.toString('base64'), ...lines.slice(i + 1)].join('\n'));
      refused(await checkProof(bad, good.entry), 4, 'PROOF_INVALID');
    }
    const dropped = join(work, 'dropped.tlog-proof');
    writeFileSync(dropped, [...lines.slice(0, 2), ...lines.slice(3)].join('\n'));
    refused(await checkProof(dropped, good.entry), 4, 'PROOF_INVALID');
  });

  it('a wrong index: PROOF_INVALID (exit 4)', async () => {
    const text = readFileSync(good.proof, 'utf8');
    for (const index of [INDEX - 1, INDEX + 1, INDEX ^ 1, all.length, 0]) {
      const bad = join(work, `index${index}.tlog-proof`);
      writeFileSync(bad, text.replace(`index ${INDEX}\n`, `index ${index}\n`));
      refused(await checkProof(bad, good.entry), 4, 'PROOF_INVALID');
    }
  });

  it('another vkey: CHECKPOINT_UNTRUSTED_KEY (exit 4)', async () => {
    const sameName = newLedger(join(work, 'other'), ORIGIN, seedSigner(seedHex(41))).vkey.text;
    refused(await checkProof(good.proof, good.entry, sameName), 4, 'CHECKPOINT_UNTRUSTED_KEY');
    const otherName = newLedger(join(work, 'other2'), 'ledger.example/other', seedSigner(seedHex(40))).vkey.text;
    refused(await checkProof(good.proof, good.entry, otherName), 4, 'CHECKPOINT_UNTRUSTED_KEY');
  });

  it('a checkpoint changed inside the proof: CHECKPOINT_SIGNATURE_INVALID (exit 4)', async () => {
    const text = readFileSync(good.proof, 'utf8');
    const bad = join(work, 'cp.tlog-proof');
    writeFileSync(bad, text.replace(`\n${all.length}\n`, `\n${all.length + 1}\n`));
    refused(await checkProof(bad, good.entry), 4, 'CHECKPOINT_SIGNATURE_INVALID');
  });

  it.each([
    ['another header', (t: string) => t.replace('c2sp.org/tlog-proof@v1', 'c2sp.org/tlog-proof@v2')],
    ['no index line', (t: string) => t.replace(`index ${INDEX}\n`, '')],
    ['a leading zero in the index', (t: string) => t.replace(`index ${INDEX}\n`, `index 0${INDEX}\n`)],
    ['a hash that is not base64', (t: string) => t.replace(/\n([A-Za-z0-9+/]{10})/, '\n!!!!!!!!!!')],
    ['a short hash', (t: string) => t.replace(/\nindex \d+\n[^\n]+\n/, (m) => m.slice(0, -6) + '\n')],
    ['no blank line before the checkpoint', (t: string) => t.replace('\n\n', '\n')],
  ])('a proof with %s: PROOF_MALFORMED (exit 3)', async (_why, mutate) => {
    const bad = join(work, `malformed${n++}.tlog-proof`);
    writeFileSync(bad, mutate(readFileSync(good.proof, 'utf8')));
    refused(await checkProof(bad, good.entry), 3, 'PROOF_MALFORMED');
  });
});
