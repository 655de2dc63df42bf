// ledger pull through a real nginx (issue 14): Debian's nginx, started on 127.0.0.1 with
// docs/nginx-ledger.conf (the README's publishing example; bench/nginx.mjs, which the bench uses
// too) serving a ledger directory as it is,
// and stopped after. A pull pins, the ledger grows, a second pull fetches the new part; the
// headers are the ones the example promises; the queue and the index are not published.
//
// CI installs nginx (.ci/run), so a missing nginx is a failure here, not a silent skip;
// RADCRED_SKIP_NGINX=1 skips it where it cannot be installed.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEntries } from '../../src/ledger/append.js';
import { createEntry } from '../../src/ledger/entry.js';
import { initLedger, operatorOf } from '../../src/ledger/ledger.js';
import { queueEntries } from '../../src/ledger/commit.js';
import { cleanup, NOW_S, onPath, radcredProcess, ROOT, tempDir } from '../helpers.js';
import { demoSigner } from '../verify/tokens.js';
import { startNginx } from '../../bench/nginx.mjs';

const NGINX = onPath(['nginx'], ['/usr/sbin', '/sbin']);
const SKIP = NGINX === undefined && process.env.RADCRED_SKIP_NGINX === '1';
const ORIGIN = 'nginx.example/ledger';

let root: string;
let stop: (() => void) | undefined;
let base: string;
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

describe.skipIf(SKIP)('ledger pull through nginx', () => {
  beforeAll(async () => {
    if (NGINX === undefined)
      throw new Error('nginx is not installed (Debian: apt-get install -y nginx), or set RADCRED_SKIP_NGINX=1 to skip');
    root = tempDir('radcred-nginx-');
    const served = join(root, 'www');
    const ledger = join(served, 'registry');
    mkdirSync(served, { recursive: true });
    initLedger(ledger, ORIGIN, operator);
    appendEntries(ledger, operatorOf(operator, ORIGIN), entries(300, 'first'));
    queueEntries(ledger, entries(1, 'queued'));
    const started = await startNginx(ROOT, served, NGINX);
    stop = started.stop;
    base = `${started.base}/registry`;
  }, 60_000);

  afterAll(() => {
    stop?.();
    if (root) cleanup(root);
  });

  const vkey = () => readFileSync(join(root, 'www', 'registry', 'vkey'), 'utf8').trim();
  const run = (args: string[]) => radcredProcess(['--home', 'office', '--json', ...args], { cwd: root });

  it('pins from the URL, then pulls only the new part after the ledger grows; both audited', async () => {
    const first = await run(['ledger', 'pull', base, 'copy', '--vkey', vkey()]);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ outcome: 'pinned', newEntries: 300, checkpoint: { size: 300 } });
    appendEntries(join(root, 'www', 'registry'), operatorOf(operator, ORIGIN), entries(50, 'second'));
    const second = await run(['ledger', 'pull', base, 'copy']);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ outcome: 'updated', newEntries: 50, checkpoint: { size: 350 } });
    const audit = await run(['ledger', 'audit', 'copy']);
    expect(audit.code, audit.stderr).toBe(0);
    expect(JSON.parse(audit.stdout)).toMatchObject({ ok: true, size: 350, vkeySource: 'pin' });
  });

  it('sends the headers the example promises: checkpoint no-cache, tiles immutable, gzip', async () => {
    const cp = await fetch(`${base}/checkpoint`);
    expect(cp.headers.get('cache-control')).toBe('no-cache');
    const tile = await fetch(`${base}/tile/entries/000`, { headers: { 'accept-encoding': 'gzip' } });
    expect(tile.status).toBe(200);
    expect(tile.headers.get('cache-control')).toBe('public, max-age=604800, immutable');
    expect(tile.headers.get('content-encoding')).toBe('gzip');
  });

  it('does not publish the queue, the index or work files', async () => {
    for (const path of ['pending/', 'index/', '.lock']) expect((await fetch(`${base}/${path}`)).status, path).toBe(404);
  });
});
