// A third-party tlog-tiles log: Tessera's test log (test/interop/tessera-log, Apache-2.0), served
// over HTTP as Tessera wrote it, pulled and audited by radcred as a log of opaque entries. First
// at size 10, then at 15 (the new part only), so radcred's pull reads Tessera's partial tiles.
import { createServer, type Server } from 'node:http';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, radcredProcess, ROOT, tempDir } from '../helpers.js';

const LOG = join(ROOT, 'test', 'interop', 'tessera-log');
const VKEY = 'example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx';
let size = 10;
let server: Server;
let base: string;
let root: string;

beforeAll(async () => {
  root = tempDir('radcred-tessera-');
  server = createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1));
    const path = rel === 'checkpoint' ? join(LOG, `checkpoint.${size}`) : join(LOG, rel);
    if (rel.includes('..') || !existsSync(path)) return void res.writeHead(404).end();
    res.writeHead(200).end(readFileSync(path));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  cleanup(root);
});

const run = (args: string[]) => radcredProcess(['--home', 'h', '--json', ...args], { cwd: root });

describe("Tessera's test log over HTTP", () => {
  it('pins at size 10, then pulls the new part to 15; the audit counts 15 opaque entries', async () => {
    const first = await run(['ledger', 'pull', base, 'copy', '--vkey', VKEY]);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      outcome: 'pinned',
      origin: 'example.com/log/testdata',
      checkpoint: { size: 10 },
    });
    size = 15;
    const second = await run(['ledger', 'pull', base, 'copy']);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({
      outcome: 'updated',
      newEntries: 5,
      checkpoint: { size: 15, root: 'rKbDipCvhuX1GZ7g5BBe8sA6BbJ7ja/1nk427v383cs=' },
    });
    const audit = await run(['ledger', 'audit', 'copy']);
    expect(audit.code, audit.stderr).toBe(0);
    expect(JSON.parse(audit.stdout)).toMatchObject({
      ok: true,
      size: 15,
      counts: { entries: 15, opaque: 15, issue: 0 },
    });
    // and audited at the URL itself, against the pin, through a temporary copy
    const remote = await run(['ledger', 'audit', base]);
    expect(remote.code, remote.stderr).toBe(0);
    expect(JSON.parse(remote.stdout)).toMatchObject({
      ok: true,
      size: 15,
      vkeySource: 'pin',
      counts: { entries: 15, opaque: 15 },
    });
  });

  it('with another key of the same name: CHECKPOINT_UNTRUSTED_KEY (exit 4), nothing written', async () => {
    // a vkey built here with node:crypto (c2sp.org/signed-note: key ID = SHA-256(name, LF, 0x01, key)[:4])
    const { publicKey } = generateKeyPairSync('ed25519');
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
    const name = 'example.com/log/testdata';
    const id = createHash('sha256')
      .update(Buffer.concat([Buffer.from(name + '\n'), Buffer.from([1]), raw]))
      .digest()
      .subarray(0, 4)
      .toString('hex');
    const other = await radcredProcess(
      [
        '--home',
        'h-other',
        '--json',
        'ledger',
        'pull',
        base,
        'copy-other',
        '--vkey',
        `${name}+${id}+${Buffer.concat([Buffer.from([1]), raw]).toString('base64')}`,
      ],
      { cwd: root },
    );
    expect(other.code, other.stderr).toBe(4);
    expect(JSON.parse(other.stdout).error.code).toBe('CHECKPOINT_UNTRUSTED_KEY');
    expect(existsSync(join(root, 'copy-other')) || existsSync(join(root, 'h-other', 'pins'))).toBe(false);
  });
});
