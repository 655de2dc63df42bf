// Replayed and back-dated status entries. An ECDSA signature has two valid encodings (s and n - s),
// so an old entry can be re-sent with different bytes and the same meaning: an attacker with no
// key, only write access to the ledger's pending/ drop box, re-sent the Texas Medical Board's old
// reinstatement after a later suspension, and the suspended license verified again. Entries are
// now the same when their statements are (the signed part), status changes apply in time order,
// and a change dated before the credential's latest one is refused.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEntry } from '../../src/ledger/entry.js';
import { TileReader } from '../../src/ledger/reader.js';
import { encodeBase64url } from '../../src/util/bytes.js';
import { appendEntries } from '../../src/ledger/append.js';
import { operatorOf } from '../../src/ledger/ledger.js';
import { cleanup, radcredProcess, tempDir } from '../helpers.js';
import { buildWorld, copyWorld, type World } from '../cli/world.js';
import { demoSigner, entry } from '../ledger/support.js';

// the order of the P-256 group
const N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

/** The other valid encoding of an ES256 entry: s replaced by n - s (IEEE P1363 r || s). */
function highSTwin(bytes: Buffer): Buffer {
  const e = parseEntry(bytes);
  const s = BigInt('0x' + e.signature.subarray(32).toString('hex'));
  const twin = Buffer.concat([e.signature.subarray(0, 32), Buffer.from((N - s).toString(16).padStart(64, '0'), 'hex')]);
  return Buffer.concat([e.signed, Buffer.from(`signature ${encodeBase64url(twin)}\n`)]);
}

let root: string;
let world: World;
beforeAll(async () => {
  root = tempDir('radcred-replay-');
  world = await buildWorld(join(root, 'world'));
}, 60_000);
afterAll(() => cleanup(root));

const HOUR = 3600;
const T0 = Date.parse('2026-11-27T18:00:00Z') / 1000; // when the world suspended suspended.jwt
const at = (s: number) => ['--now', String(T0 + s)];
const run = (w: World, home: string, args: string[]) => radcredProcess(['--home', home, ...args], { cwd: w.dir });

/** The ledger entries of `w`, in ledger order. */
function entries(w: World): Buffer[] {
  const size = Number(readFileSync(join(w.dir, w.files.ledger, 'checkpoint'), 'utf8').split('\n')[1]);
  const reader = new TileReader(join(w.dir, w.files.ledger), size);
  return Array.from({ length: size }, (_, i) => reader.entry(i));
}

describe('a replayed reinstatement cannot lift a later suspension', () => {
  it('the high-S twin of an old reinstate entry is a duplicate at integrate, and the license stays suspended', async () => {
    const w = copyWorld(world, join(root, 'twin'));
    const I = w.homes.issuer;
    expect(
      (await run(w, I, [...at(HOUR), 'reinstate', w.files.suspended, '--issuer', 'tmb', '--ledger', w.files.ledger]))
        .code,
    ).toBe(0);
    expect(
      (
        await run(w, I, [
          ...at(2 * HOUR),
          'suspend',
          w.files.suspended,
          '--issuer',
          'tmb',
          '--ledger',
          w.files.ledger,
          '--reason',
          'second order',
        ])
      ).code,
    ).toBe(0);
    const reinstate = entries(w).find((e) => parseEntry(e).kind === 'reinstate')!;
    const twin = highSTwin(reinstate);
    expect(twin.equals(reinstate)).toBe(false);
    mkdirSync(join(w.dir, w.files.ledger, 'pending'), { recursive: true });
    writeFileSync(join(w.dir, w.files.ledger, 'pending', '20261201T090000Z-3reinstate-replayed.entry'), twin);
    const integrated = await run(w, I, [
      '--json',
      ...at(3 * HOUR),
      'ledger',
      'integrate',
      w.files.ledger,
      '--operator',
      'registry',
    ]);
    expect(integrated.code, integrated.stderr).toBe(0);
    expect(integrated.json()).toMatchObject({ integrated: 0, duplicates: 1 });
    const V = w.homes.verifier;
    expect((await run(w, V, [...at(3 * HOUR), 'ledger', 'pull', w.files.ledger, w.files.copy])).code).toBe(0);
    const r = await run(w, V, ['--json', ...at(3 * HOUR), 'verify', w.files.suspended, '--ledger', w.files.copy]);
    expect(r.code).toBe(1);
    expect(r.json().results[0].checks.find((c: { check: string }) => c.check === 'status').code).toBe('SUSPENDED');
  });

  it('a status change dated before the latest one is refused when made (STATUS_OUT_OF_ORDER, exit 3)', async () => {
    const w = copyWorld(world, join(root, 'backdated'));
    // the world suspended it at T0: a reinstatement dated an hour earlier would rewrite the past
    const r = await run(w, w.homes.issuer, [
      '--json',
      ...at(-HOUR),
      'reinstate',
      w.files.suspended,
      '--issuer',
      'tmb',
      '--ledger',
      w.files.ledger,
    ]);
    expect(r.code).toBe(3);
    expect(r.json().error.code).toBe('STATUS_OUT_OF_ORDER');
  });

  it('a ledger that holds changes out of time order (written before this rule) is read in time order', async () => {
    const w = copyWorld(world, join(root, 'order'));
    const tmb = demoSigner('tmb');
    const digest = parseEntry(entries(w).find((e) => parseEntry(e).kind === 'suspend')!).credential;
    // appended directly, as an old radcred could: a suspension at +2h, then a reinstatement dated +1h
    const op = operatorOf(demoSigner('registry'), 'ledger.tmb.example/credentials');
    appendEntries(join(w.dir, w.files.ledger), op, [
      entry(tmb, 'suspend', digest, T0 + 2 * HOUR, 'later'),
      entry(tmb, 'reinstate', digest, T0 + HOUR),
    ]);
    const V = w.homes.verifier;
    expect((await run(w, V, [...at(3 * HOUR), 'ledger', 'pull', w.files.ledger, w.files.copy])).code).toBe(0);
    const status = async (s: number) =>
      (await run(w, V, ['--json', ...at(s), 'verify', w.files.suspended, '--ledger', w.files.copy]))
        .json()
        .results[0].checks.find((c: { check: string }) => c.check === 'status').code;
    expect(await status(90 * 60)).toBe('STATUS_ACTIVE'); // after the +1h reinstatement
    expect(await status(3 * HOUR)).toBe('SUSPENDED'); // the +2h suspension comes after it in time
    expect(readdirSync(join(w.dir, w.files.copy)).includes('checkpoint')).toBe(true);
  });
});
