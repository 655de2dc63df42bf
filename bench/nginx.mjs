// Starts Debian's nginx on 127.0.0.1 with docs/nginx-ledger.conf serving `served`, for the HTTP
// pull figure and test/ledger/nginx.test.ts; returns its base URL and a stop function, or
// undefined when nginx is not installed. Run as root (CI), its workers run as root too: nobody
// could not read a 0700 temporary directory.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx', '/sbin/nginx'].find((p) => existsSync(p));

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

export async function startNginx(rootDir, served, nginx = NGINX) {
  if (nginx === undefined) return undefined;
  const port = await freePort();
  const prefix = join(served, '..', 'nginx-bench');
  mkdirSync(join(prefix, 'logs'), { recursive: true });
  const site = readFileSync(join(rootDir, 'docs', 'nginx-ledger.conf'), 'utf8')
    .replace('listen LISTEN;', `listen 127.0.0.1:${port};`)
    .replace('root ROOT;', `root ${served};`);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((t) => `${t}_temp_path ${join(prefix, t)};`)
    .join('\n  ');
  writeFileSync(
    join(prefix, 'nginx.conf'),
    `${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'logs', 'error.log')};
events { worker_connections 256; }
http { access_log off; sendfile on; keepalive_requests 10000;
  ${temp}
  ${site}
}
`,
  );
  const check = spawnSync(nginx, ['-t', '-p', prefix, '-c', join(prefix, 'nginx.conf')], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t: ${check.stderr}`);
  const child = spawn(nginx, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      await fetch(base + '/');
      return { base, stop: () => child.kill('SIGTERM') };
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  child.kill('SIGKILL');
  throw new Error('nginx did not start');
}
