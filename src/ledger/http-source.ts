// @internal (src/ledger only)
// A ledger served over HTTP(S) by any static host (c2sp.org/tlog-tiles): the checkpoint fetched
// past every cache, tiles and bundles (immutable) as they are needed. Through undici, whose
// EnvHttpProxyAgent honours HTTPS_PROXY, HTTP_PROXY and NO_PROXY (hospitals sit behind proxies)
// and Node's TLS NODE_EXTRA_CA_CERTS (a hospital's own CA). Each response is bounded in size and
// time; a failure that may pass (a 5xx, a reset, a timeout) is tried again with backoff; every
// failure is an error with a hint, thrown before anything local changes.
import { gunzipSync } from 'node:zlib';
import { EnvHttpProxyAgent, request, type Dispatcher } from 'undici';
import { RadcredError, type ErrorCode } from '../errors.js';
import { VERSION } from '../version.js';
import { CHECKPOINT_FILE, VKEY_FILE } from './ledger.js';
import { MAX_NOTE_BYTES } from './note.js';
import type { LedgerSource } from './source.js';

export interface HttpOptions {
  /** attempts per file, the first included */
  attempts?: number;
  /** the first retry's delay in ms (then doubled) */
  backoffMs?: number;
  /** connect, headers and body timeout in ms */
  timeoutMs?: number;
}

const DEFAULTS: Required<HttpOptions> = { attempts: 4, backoffMs: 250, timeoutMs: 30_000 };

let agent: Dispatcher | undefined;
/** One agent per process (keep-alive between tiles), built from the proxy environment. */
const dispatcher = (timeoutMs: number) =>
  (agent ??= new EnvHttpProxyAgent({ connectTimeout: timeoutMs, headersTimeout: timeoutMs, bodyTimeout: timeoutMs }));

class Retryable extends Error {}

const fail = (code: ErrorCode, message: string, hint: string) => new RadcredError(code, message, hint);

/** Why a request failed below HTTP, in words a person can act on. */
function networkError(url: string, e: unknown): RadcredError | Retryable {
  const err = e as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = err.code ?? err.cause?.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return fail(
      'LEDGER_SOURCE_UNREACHABLE',
      `cannot resolve the host of ${url}`,
      'check the URL, your DNS, or HTTPS_PROXY/NO_PROXY',
    );
  if (code === 'ECONNREFUSED')
    return fail(
      'LEDGER_SOURCE_UNREACHABLE',
      `${url} refused the connection`,
      'check the URL and port, or whether the host is up',
    );
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code) || /certificate/i.test(err.message)) {
    return fail(
      'LEDGER_SOURCE_TLS',
      `the TLS connection to ${url} failed: ${err.message}`,
      'for a private CA, set NODE_EXTRA_CA_CERTS to its certificate file',
    );
  }
  return new Retryable(`${code || err.name}: ${err.message}`);
}

/** The body, bounded before and after decompression; undefined for a 404. */
async function fetchOnce(
  url: string,
  maxBytes: number,
  uncached: boolean,
  timeoutMs: number,
): Promise<Buffer | undefined> {
  let res: Dispatcher.ResponseData;
  try {
    res = await request(url, {
      dispatcher: dispatcher(timeoutMs),
      headers: {
        'accept-encoding': 'gzip',
        'user-agent': `radcred/${VERSION}`,
        ...(uncached ? { 'cache-control': 'no-cache' } : {}),
      },
    });
  } catch (e) {
    throw networkError(url, e);
  }
  const status = res.statusCode;
  if (status === 404 || status === 410) {
    await res.body.dump();
    return undefined;
  }
  if (status >= 500 || status === 429 || status === 408) {
    await res.body.dump();
    throw new Retryable(`HTTP ${status}`);
  }
  if (status !== 200) {
    await res.body.dump();
    throw fail(
      'LEDGER_SOURCE_HTTP',
      `${url} answered HTTP ${status}`,
      status >= 300 && status < 400
        ? 'give the URL the ledger is served at (redirects are not followed)'
        : 'check the URL and the host',
    );
  }
  const chunks: Buffer[] = [];
  let received = 0;
  // hashes do not compress: gzip makes a full tile a little larger than the tile itself
  const limit = maxBytes + 1024 + Math.ceil(maxBytes / 100);
  try {
    for await (const chunk of res.body) {
      received += (chunk as Buffer).length;
      if (received > limit) {
        res.body.destroy();
        throw fail(
          'LEDGER_TILE_SIZE',
          `${url} is larger than ${maxBytes} bytes, more than it can hold`,
          'the source is damaged or not a tlog-tiles ledger; nothing was pulled',
        );
      }
      chunks.push(chunk as Buffer);
    }
  } catch (e) {
    if (e instanceof RadcredError) throw e;
    throw new Retryable(`the body was cut short: ${(e as Error).message}`);
  }
  const body = Buffer.concat(chunks);
  const length = res.headers['content-length'];
  if (typeof length === 'string' && Number(length) !== body.length)
    throw new Retryable(`the body was cut short (${body.length} of ${length} bytes)`);
  if (String(res.headers['content-encoding'] ?? '').toLowerCase() !== 'gzip') return body;
  try {
    return gunzipSync(body, { maxOutputLength: maxBytes });
  } catch (e) {
    throw fail(
      'LEDGER_SOURCE_HTTP',
      `${url} sent a gzip body that does not decompress within ${maxBytes} bytes: ${(e as Error).message}`,
      'the host or a proxy damaged it; try again later',
    );
  }
}

async function fetchBounded(
  url: string,
  maxBytes: number,
  uncached: boolean,
  o: Required<HttpOptions>,
): Promise<Buffer | undefined> {
  let last = '';
  for (let attempt = 0; attempt < o.attempts; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, o.backoffMs * 2 ** (attempt - 1)));
    try {
      return await fetchOnce(url, maxBytes, uncached, o.timeoutMs);
    } catch (e) {
      if (!(e instanceof Retryable)) throw e;
      last = e.message;
    }
  }
  throw fail(
    'LEDGER_SOURCE_FAILED',
    `${url} failed ${o.attempts} times (last: ${last})`,
    'the host is failing or overloaded: try again later; nothing was pulled',
  );
}

/** The ledger at `base` (its checkpoint at `base/checkpoint`). */
export function httpSource(base: string, options: HttpOptions = {}): LedgerSource {
  const o = { ...DEFAULTS, ...options };
  const root = base.endsWith('/') ? base : base + '/';
  const url = (rel: string) => new URL(rel, root).toString();
  const text = async (rel: string, maxBytes: number, what: string, code: ErrorCode, hint: string) => {
    const body = await fetchBounded(url(rel), maxBytes, true, o);
    if (body === undefined) throw fail(code, `${url(rel)} is not there (HTTP 404): ${what}`, hint);
    return body.toString('utf8');
  };
  return {
    where: base,
    checkpoint: () =>
      text(
        CHECKPOINT_FILE,
        MAX_NOTE_BYTES,
        'no ledger checkpoint',
        'LEDGER_NOT_FOUND',
        'give the URL of the ledger directory, the one that holds `checkpoint`',
      ),
    vkey: () => text(VKEY_FILE, 4096, 'the ledger publishes no vkey', 'VKEY_MISSING', 'pass --vkey'),
    read: (rel, maxBytes) => fetchBounded(url(rel), maxBytes, false, o),
  };
}
