// ledger entries (issue 14, monitoring): an issuer lists what the ledger holds in its name and
// sees an issue entry its key signed that its own issuer register does not know (a stolen key);
// from a directory and from a URL.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitEntries } from '../../src/ledger/commit.js';
import { createEntry } from '../../src/ledger/entry.js';
import { listEntries } from '../../src/ledger/entries.js';
import { operatorOf } from '../../src/ledger/ledger.js';
import { openLedger } from '../../src/ledger/open.js';
import { cleanup, NOW_S, radcredProcess, tempDir, unwrapped } from '../helpers.js';
import { buildWorld, copyWorld, type World } from '../cli/world.js';
import { demoSigner } from '../verify/tokens.js';

let root: string;
let world: World;
let server: Server;
let base: string;
beforeAll(async () => {
  root = tempDir('radcred-entries-');
  world = await buildWorld(join(root, 'world'));
  server = createServer((req, res) => {
    const path = join(world.dir, world.files.ledger, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (path.includes('..') || !existsSync(path)) return void res.writeHead(404).end();
    res.writeHead(200).end(readFileSync(path));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}, 120_000);
afterAll(async () => {
  await new Promise((r) => server.close(r));
  cleanup(root);
});

const run = (w: World, args: string[]) =>
  radcredProcess(['--home', w.homes.issuer, '--json', 'ledger', 'entries', ...args], { cwd: w.dir });

describe('ledger entries', () => {
  it("lists the issuer's entries, in ledger order, each signature checked (exit 0)", async () => {
    const l = openLedger(join(world.dir, world.files.ledger));
    const mine = listEntries(l, { issuer: world.dids.tmb! });
    expect(mine.map((e) => e.kind)).toEqual(['issue', 'issue', 'suspend']);
    expect(mine.every((e) => e.signatureValid)).toBe(true);
    expect(listEntries(l, { since: NOW_S + 1 })).toEqual([]);
    const r = await run(world, [world.files.ledger, '--issuer', world.dids.tmb!]);
    expect(r.code, r.stderr).toBe(0);
    expect(
      JSON.parse(r.stdout).entries.map((e: { kind: string; inRegister?: boolean }) => [e.kind, e.inRegister ?? null]),
    ).toEqual([
      ['issue', true],
      ['issue', true],
      ['suspend', null],
    ]);
  });

  it('an issue entry signed with the key but not in the register: NOT IN YOUR REGISTER, exit 1', async () => {
    const w = copyWorld(world, join(root, 'stolen'));
    const stolen = createEntry(demoSigner('tmb'), {
      kind: 'issue',
      credential: 'sha256:' + createHash('sha256').update('forged license').digest('hex'),
      time: NOW_S,
    });
    await commitEntries(
      operatorOf(demoSigner('registry'), 'ledger.tmb.example/credentials'),
      join(w.dir, w.files.ledger),
      [stolen],
    );
    const r = await radcredProcess(
      ['--home', w.homes.issuer, 'ledger', 'entries', w.files.ledger, '--issuer', w.dids.tmb!],
      { cwd: w.dir, env: { NO_COLOR: '1' } },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/NOT IN YOUR REGISTER/);
    expect(unwrapped(r.stdout)).toMatch(/was the key used elsewhere\?/);
  });

  it('from a URL: the same list, read from a temporary audited copy, this home unchanged', async () => {
    const vkey = readFileSync(join(world.dir, world.files.vkey), 'utf8').trim();
    const r = await run(world, [base, '--issuer', world.dids.tmb!, '--vkey', vkey]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).entries.length).toBe(3);
    expect(existsSync(join(world.dir, world.homes.issuer, 'pins'))).toBe(false);
  });
});
