// ledger pull from a URL (issue 14): a small node:http server serves a ledger directory and
// misbehaves on purpose, one way per case (partial tiles gone, a body cut short, 500s, a slow
// answer, a tile that does not hash to the tree, no ledger at all, gzip). Each case asserts the
// code and, for a refused pull, that the local copy and the pins are byte for byte as before.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { createServer as createHttpsServer } from 'node:https';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEntries } from '../../src/ledger/append.js';
import { createEntry } from '../../src/ledger/entry.js';
import { initLedger, operatorOf } from '../../src/ledger/ledger.js';
import { pullLedger, type PullInput } from '../../src/ledger/pull.js';
import { cleanup, NOW_S, radcredProcess, tempDir } from '../helpers.js';
import { changes, snapshot } from '../cli/world.js';
import { demoSigner } from '../verify/tokens.js';

type Misbehave = (rel: string, req: IncomingMessage, res: ServerResponse, serve: () => void) => boolean;

let root: string;
let ledger: string;
let server: Server;
let base: string;
let misbehave: Misbehave | undefined;
let requests: string[] = [];
const ORIGIN = 'http.example/ledger';
const operator = demoSigner('registry');
const issuer = demoSigner('tmb');
const entries = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) =>
    createEntry(issuer, {
      kind: 'issue',
      credential: 'sha256:' + createHash('sha256').update(`${tag} ${i}`).digest('hex'),
      time: NOW_S,
    }),
  );

/** The directory the server serves (a test may serve an older state of the ledger). */
let served: string;

function serveFile(rel: string, req: IncomingMessage, res: ServerResponse, from = served): void {
  const path = join(from, rel);
  if (rel.includes('..') || !existsSync(path)) {
    res.writeHead(404).end();
    return;
  }
  let body = readFileSync(path);
  const headers: Record<string, string> = {
    'cache-control': rel === 'checkpoint' ? 'no-cache' : 'max-age=604800, immutable',
  };
  if (/gzip/.test(String(req.headers['accept-encoding'] ?? ''))) {
    body = gzipSync(body);
    headers['content-encoding'] = 'gzip';
  }
  res.writeHead(200, { ...headers, 'content-length': String(body.length) }).end(body);
}

beforeAll(async () => {
  root = tempDir('radcred-http-');
  ledger = join(root, 'ledger');
  initLedger(ledger, ORIGIN, operator);
  const op = operatorOf(operator, ORIGIN);
  appendEntries(ledger, op, entries(100, 'first'));
  // the checkpoint at size 100, and its partial tiles, kept: the "old" ledger a pull first sees
  cpSync(ledger, join(root, 'at-100'), { recursive: true });
  appendEntries(ledger, op, entries(200, 'second')); // size 300: tile 0 is full now
  served = ledger;
  server = createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/ledger\//, ''));
    requests.push(rel);
    const serve = () => serveFile(rel, req, res);
    if (misbehave?.(rel, req, res, serve)) return;
    serve();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/ledger`;
}, 60_000);
afterAll(async () => {
  await new Promise((r) => server.close(r));
  cleanup(root);
});

let n = 0;
function home(): { home: string; dst: string } {
  const dir = join(root, `case-${++n}`);
  mkdirSync(dir, { recursive: true });
  return { home: join(dir, 'home'), dst: join(dir, 'copy') };
}

/** Serves the ledger at size 100 while `fn` runs. */
async function servingOld<T>(fn: () => Promise<T>): Promise<T> {
  served = join(root, 'at-100');
  try {
    return await fn();
  } finally {
    served = ledger;
  }
}
const vkey = () => readFileSync(join(ledger, 'vkey'), 'utf8').trim();
const pull = (h: { home: string; dst: string }, extra: Partial<PullInput> = {}) =>
  pullLedger({
    src: base,
    dst: h.dst,
    home: h.home,
    now: NOW_S,
    vkey: vkey(),
    http: { attempts: 3, backoffMs: 10, timeoutMs: 2000 },
    ...extra,
  });

/** A pull refused with `code`, the copy and the pins unchanged. */
async function refused(h: { home: string; dst: string }, code: string, extra: Partial<PullInput> = {}): Promise<void> {
  const before = [snapshot(h.home.replace(/home$/, ''))];
  await expect(pull(h, extra)).rejects.toMatchObject({ code });
  expect(changes(before[0]!, snapshot(h.home.replace(/home$/, '')))).toEqual([]);
}

describe('ledger pull from a URL', () => {
  it('pins, then fetches only the new part; the checkpoint uncached, with gzip', async () => {
    misbehave = undefined;
    const h = home();
    const first = await servingOld(() => pull(h));
    expect(first).toMatchObject({ outcome: 'pinned', newEntries: 100 });
    requests = [];
    const gzipped: string[] = [];
    misbehave = (rel, req) => {
      if (rel === 'checkpoint') expect(req.headers['cache-control']).toBe('no-cache');
      if (/gzip/.test(String(req.headers['accept-encoding']))) gzipped.push(rel);
      return false;
    };
    const second = await pull(h);
    expect(second).toMatchObject({ outcome: 'updated', newEntries: 200, checkpoint: { size: 300 } });
    // the tiles the first 100 entries left partial are read whole, and the new ones; nothing else
    expect(requests.filter((r) => r.startsWith('tile/')).sort()).toEqual([
      'tile/0/000',
      'tile/0/001.p/44',
      'tile/1/000.p/1',
      'tile/entries/000',
      'tile/entries/001.p/44',
    ]);
    expect(gzipped.length).toBe(requests.length);
    misbehave = undefined;
    expect((await pull(h)).outcome).toBe('unchanged');
  });

  it('a partial tile that is gone is read from the full one', async () => {
    // the host has since seen the full tiles and dropped the partial ones; its checkpoint is older
    misbehave = (rel, req, res) => {
      if (rel.includes('.p/')) return (res.writeHead(404).end(), true);
      if (rel.startsWith('tile/')) return (serveFile(rel, req, res, ledger), true);
      return false;
    };
    const r = await servingOld(() => pull(home()));
    misbehave = undefined;
    expect(r).toMatchObject({ outcome: 'pinned', checkpoint: { size: 100 } });
  });

  it('500s that pass: retried; 500s that do not: LEDGER_SOURCE_FAILED, nothing changed', async () => {
    let failures = 2;
    misbehave = (rel, _req, res) =>
      rel.startsWith('tile/') && failures-- > 0 ? (res.writeHead(500).end(), true) : false;
    expect((await pull(home())).outcome).toBe('pinned');
    misbehave = (rel, _req, res) => (rel.startsWith('tile/entries/') ? (res.writeHead(503).end(), true) : false);
    await refused(home(), 'LEDGER_SOURCE_FAILED');
  });

  it('a body cut short (the connection closed early): retried, then LEDGER_SOURCE_FAILED', async () => {
    misbehave = (rel, _req, res) => {
      if (!rel.startsWith('tile/0/')) return false;
      res.writeHead(200, { 'content-length': '8192' });
      res.write(Buffer.alloc(100));
      res.destroy();
      return true;
    };
    await refused(home(), 'LEDGER_SOURCE_FAILED');
  });

  it('a slow host: a timeout, retried, then LEDGER_SOURCE_FAILED', async () => {
    misbehave = (rel) => rel === 'tile/0/000'; // never answers
    await refused(home(), 'LEDGER_SOURCE_FAILED', { http: { attempts: 2, backoffMs: 10, timeoutMs: 300 } });
  }, 20_000);

  it('a tile that does not hash to the tree: an integrity failure (exit 4 kind), nothing changed', async () => {
    misbehave = (rel, _req, res) => {
      if (rel !== 'tile/0/000') return false;
      const body = readFileSync(join(ledger, rel));
      body[5] ^= 1;
      res.writeHead(200, { 'content-length': String(body.length) }).end(body);
      return true;
    };
    const h = home();
    await expect(pull(h)).rejects.toMatchObject({ kind: 'ledger' });
    expect(existsSync(h.dst)).toBe(false);
  });

  it('a needed tile answered 404 everywhere: LEDGER_TILE_MISSING; no ledger at the URL: LEDGER_NOT_FOUND', async () => {
    misbehave = (rel, _req, res) => (rel.startsWith('tile/entries/') ? (res.writeHead(404).end(), true) : false);
    await refused(home(), 'LEDGER_TILE_MISSING');
    misbehave = (_rel, _req, res) => (res.writeHead(404).end(), true);
    await refused(home(), 'LEDGER_NOT_FOUND');
    misbehave = (_rel, _req, res) => (res.writeHead(403).end(), true);
    await refused(home(), 'LEDGER_SOURCE_HTTP');
  });

  it('a host name that does not resolve: LEDGER_SOURCE_UNREACHABLE, nothing changed', async () => {
    await refused(home(), 'LEDGER_SOURCE_UNREACHABLE', { src: 'http://ledger.radcred.invalid/ledger' });
  });

  it('a tile larger than a tile can be: LEDGER_TILE_SIZE, read no further', async () => {
    misbehave = (rel, _req, res) =>
      rel === 'tile/0/000' ? (res.writeHead(200).end(Buffer.alloc(256 * 32 + 1)), true) : false;
    await refused(home(), 'LEDGER_TILE_SIZE');
  });
  afterAll(() => {
    misbehave = undefined;
  });
});

describe('ledger pull URL through the binary', () => {
  it('pins from a URL (exit 0); a refused connection is LEDGER_SOURCE_UNREACHABLE (exit 3) with a hint', async () => {
    misbehave = undefined;
    const ok = await radcredProcess(['--home', 'h', '--json', 'ledger', 'pull', base, 'copy', '--vkey', vkey()], {
      cwd: root,
    });
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ outcome: 'pinned', checkpoint: { size: 300 } });
    rmSync(join(root, 'copy'), { recursive: true, force: true });
    const refusedConn = await radcredProcess(
      ['--home', 'h2', '--json', 'ledger', 'pull', 'http://127.0.0.1:9/ledger', 'copy2', '--vkey', vkey()],
      { cwd: root },
    );
    expect(refusedConn.code).toBe(3);
    expect(JSON.parse(refusedConn.stdout).error.code).toBe('LEDGER_SOURCE_UNREACHABLE');
    expect(refusedConn.stderr).toMatch(/^hint: /m);
    expect(existsSync(join(root, 'copy2')) || existsSync(join(root, 'h2', 'pins'))).toBe(false);
  });

  it('through an HTTP proxy from HTTP_PROXY', async () => {
    let proxied = 0;
    // undici tunnels through the proxy with CONNECT, as for https
    const proxy = createServer((_req, res) => res.writeHead(405).end());
    proxy.on('connect', (req, socket) => {
      proxied++;
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const port = (proxy.address() as { port: number }).port;
    try {
      const r = await radcredProcess(['--home', 'h3', '--json', 'ledger', 'pull', base, 'copy3', '--vkey', vkey()], {
        cwd: root,
        env: { HTTP_PROXY: `http://127.0.0.1:${port}`, NO_PROXY: '' },
      });
      expect(r.code, r.stderr).toBe(0);
      expect(proxied).toBeGreaterThan(0);
    } finally {
      await new Promise((r) => proxy.close(r));
    }
  });
});

describe('ledger pull over HTTPS', () => {
  it("a host's certificate from a private CA: LEDGER_SOURCE_TLS (exit 3); with NODE_EXTRA_CA_CERTS it pulls", async () => {
    // a CA and a certificate for 127.0.0.1, made with openssl for this test
    const dir = join(root, 'tls');
    mkdirSync(dir, { recursive: true });
    const openssl = (args: string[]) => {
      const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.stderr}`);
    };
    openssl([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=radcred test CA',
    ]);
    openssl([
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'host.key',
      '-out',
      'host.csr',
      '-subj',
      '/CN=127.0.0.1',
    ]);
    writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
    openssl([
      'x509',
      '-req',
      '-in',
      'host.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'host.pem',
      '-days',
      '2',
      '-extfile',
      'san.ext',
    ]);
    const tls = createHttpsServer(
      { key: readFileSync(join(dir, 'host.key')), cert: readFileSync(join(dir, 'host.pem')) },
      (req, res) => {
        serveFile(decodeURIComponent(new URL(req.url ?? '/', 'https://x').pathname.slice(1)), req, res);
      },
    );
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
    const url = `https://127.0.0.1:${(tls.address() as { port: number }).port}`;
    try {
      const refused = await radcredProcess(
        ['--home', 'tls-home', '--json', 'ledger', 'pull', url, 'tls-copy', '--vkey', vkey()],
        { cwd: dir },
      );
      expect(refused.code).toBe(3);
      expect(JSON.parse(refused.stdout).error.code).toBe('LEDGER_SOURCE_TLS');
      expect(refused.stderr).toMatch(/^hint: .*NODE_EXTRA_CA_CERTS/m);
      const ok = await radcredProcess(
        ['--home', 'tls-home', '--json', 'ledger', 'pull', url, 'tls-copy', '--vkey', vkey()],
        { cwd: dir, env: { NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem') } },
      );
      expect(ok.code, ok.stderr).toBe(0);
      expect(JSON.parse(ok.stdout)).toMatchObject({ outcome: 'pinned', checkpoint: { size: 300 } });
    } finally {
      await new Promise((r) => tls.close(r));
    }
  }, 60_000);
});
