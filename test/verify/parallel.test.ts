// Batch verification on several threads (src/verify/parallel.ts) must give exactly the report one
// thread gives. In-process runs use the TypeScript sources, where there is no worker script, so
// they verify on one thread; the built executable verifies 256 files or more on every core. The
// same command through both must print the same JSON and exit the same way — with valid, tampered,
// revoked, malformed and missing files mixed in, against a pinned ledger, and when the ledger copy
// is damaged mid-batch (the first error in file order wins).
import { existsSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tilePath } from '../../src/ledger/tiles.js';
import {
  append,
  demoSigner,
  entry,
  flipByte,
  issueJwt,
  newLedger,
  offsetInBundle,
  staleDist,
} from '../ledger/support.js';
import { cleanup, NOW, NOW_S, radcred, radcredProcess, ROOT, tempDir } from '../helpers.js';
import { flipSignatureBit } from './tokens.js';

const work = tempDir('radcred-parallel-');
afterAll(() => cleanup(work));
const ledger = join(work, 'ledger');
const copy = join(work, 'copy');
const verifier = join(work, 'verifier');
const COUNT = 300;
let files: string[];

beforeAll(async () => {
  expect(staleDist()).toBeUndefined();
  // the executable's side really is several threads: the worker is built and there are two cores
  expect(existsSync(join(ROOT, 'dist', 'bundle', 'verify-worker.js'))).toBe(true);
  expect(availableParallelism()).toBeGreaterThanOrEqual(2);
  const issuer = demoSigner('abr');
  const holder = demoSigner('priya');
  const op = newLedger(ledger, 'ledger.example/parallel', demoSigner('registry'));
  const issued = await Promise.all(Array.from({ length: COUNT }, () => issueJwt(issuer, holder.did, NOW_S - 3600)));
  append(
    ledger,
    op,
    issued.map((c) => entry(issuer, 'issue', c.digest, NOW_S - 3600)),
  );
  append(ledger, op, [entry(issuer, 'revoke', issued[150]!.digest, NOW_S - 60, 'test')]);
  files = issued.map((c, i) => {
    const f = join(work, `c${String(i).padStart(3, '0')}.jwt`);
    writeFileSync(f, (i === 77 ? flipSignatureBit(c.jwt) : c.jwt) + '\n');
    return f;
  });
  writeFileSync(
    join(work, 'trust.json'),
    JSON.stringify({ version: 1, issuers: [{ did: issuer.did, name: 'ABR', types: ['*'] }] }),
  );
  const vkey = (await radcred(['--home', verifier, '--json', 'ledger', 'status', ledger])).json().vkey;
  expect((await radcred(['--home', verifier, 'ledger', 'pull', ledger, copy, '--vkey', vkey])).code).toBe(0);
});

const args = (extra: string[]) => [
  '--home',
  verifier,
  '--now',
  NOW,
  '--json',
  'verify',
  '--trust',
  join(work, 'trust.json'),
  '--ledger',
  copy,
  ...extra,
];

async function bothWays(extra: string[]) {
  const one = await radcred(args(extra));
  const many = await radcredProcess(args(extra));
  return { one, many };
}

describe('verify on several threads', () => {
  it('reports exactly what one thread reports: verified, tampered, revoked', async () => {
    const { one, many } = await bothWays(files);
    expect(many.code).toBe(1);
    expect(many.code).toBe(one.code);
    expect(many.json()).toEqual(one.json());
    const codes = many
      .json()
      .results.map((r: any) => r.checks.filter((c: any) => c.status === 'fail').map((c: any) => c.code));
    expect(codes[77]).toContain('SIGNATURE_INVALID');
    expect(codes[150]).toContain('REVOKED');
    expect(codes.filter((c: string[]) => c.length === 0)).toHaveLength(COUNT - 2);
  });

  it('with malformed and missing files among them: the same report, exit 3', async () => {
    const junk = join(work, 'junk.jwt');
    writeFileSync(junk, 'not a jwt\n');
    const mixed = [
      ...files.slice(0, 100),
      junk,
      ...files.slice(100, 250),
      join(work, 'missing.jwt'),
      ...files.slice(250),
    ];
    const { one, many } = await bothWays(mixed);
    expect([one.code, many.code]).toEqual([3, 3]);
    expect(many.json()).toEqual(one.json());
    expect(many.json().results[100].checks[0].code).toBe('JWS_MALFORMED');
    expect(many.json().results[251].checks[0].code).toBe('FILE_NOT_FOUND');
  });

  it('a ledger copy damaged under a late file: the same integrity error, exit 4', async () => {
    // flip a byte inside the issue entry of credential 260 in the copy's entry bundle: the first
    // file whose entry is in that bundle (256) finds it damaged, whichever thread verifies it
    const bundle = join(copy, tilePath('entries', 1, (COUNT + 1) % 256));
    flipByte(bundle, offsetInBundle(bundle, 260 - 256, 'time '));
    const { one, many } = await bothWays(files);
    expect([one.code, many.code]).toEqual([4, 4]);
    expect(many.json().error.code).toBe(one.json().error.code);
    expect(many.json().error).toMatchObject({ code: 'LEDGER_ENTRY_MISMATCH', details: { index: 260 } });
    expect(many.json().error).toEqual(one.json().error);
  });
});
