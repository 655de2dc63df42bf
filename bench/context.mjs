// What every group of figures shares: the paths, the fixed clock, the sizes (BENCH_QUICK=1 shrinks
// each tenfold), a fresh work directory, the deterministic identities and subjects, the results
// being collected, and radcred run as a child process to set things up (that part is not timed).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deterministicSigners } from '../fixtures/signer.mjs';
import { benchEnv, compareProcesses, timeProcess } from './measure.mjs';
import { Results } from './report.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = join(ROOT, 'bin', 'radcred');
export const NOW = '2026-11-27T18:00:00Z';
/** The compiled product (run `npm run build` first; `npm run bench` does). */
export const dist = (p) => import(join(ROOT, 'dist', p));
/** What a whole radcred process is compared with: node starting and doing nothing. */
export const NODE_BASELINE = { name: 'node -e 0', args: ['-e', '0'] };

const { createEntry } = await dist('ledger/entry.js');
const { parseTime } = await dist('util/time.js');

export async function openBench() {
  const quick = process.env.BENCH_QUICK === '1';
  const work = mkdtempSync(join(tmpdir(), 'radcred-bench-'));
  const nowS = parseTime(NOW);
  const signer = await deterministicSigners(ROOT, 'radcred bench');
  const issuer = signer('issuer');
  const results = new Results();
  const radcred = (args) => {
    const r = spawnSync(process.execPath, [BIN, '--now', NOW, ...args], {
      cwd: work,
      env: benchEnv(),
      encoding: 'utf8',
      maxBuffer: 256 << 20,
    });
    if (r.status !== 0) throw new Error(`radcred ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return r;
  };
  return {
    quick,
    scale: (n) => (quick ? Math.max(1, Math.floor(n / 10)) : n),
    work,
    nowS,
    results,
    signer,
    issuer,
    holder: signer('holder'),
    verifier: signer('verifier'),
    operator: signer('operator'),
    cme: subjectFixture('CMECertificateCredential'),
    license: subjectFixture('MedicalLicenseCredential'),
    radcred,
    /** A radcred home under the work directory holding these identities. */
    home(name, ids) {
      const h = join(work, name);
      for (const id of ids)
        radcred(['--home', h, 'id', 'import', id.name, '--seed', id.seed, '--key-type', id.keyType]);
      return h;
    },
    /** Times `node ...args` in the work directory. */
    time: (args, options) => timeProcess(args, { cwd: work, ...options }),
    /** Measures `target` interleaved with `baseline` ({ name, args }) and records the figure. */
    compare(name, target, baseline, { runs, limit }) {
      const measured = compareProcesses(target, baseline, { cwd: work, runs });
      results.record(name, measured.target, baseline.name, measured.baseline, limit);
    },
    /** Ledger entries for `count` made-up issuances (digests of `${label} ${from + i}`), to grow a ledger. */
    fillerEntries(label, count, from = 0) {
      const entries = [];
      for (let i = 0; i < count; i++) {
        const digest = createHash('sha256')
          .update(`${label} ${from + i}`)
          .digest('hex');
        entries.push(createEntry(issuer, { kind: 'issue', credential: `sha256:${digest}`, time: nowS }));
      }
      return entries;
    },
  };
}

function subjectFixture(type) {
  return JSON.parse(readFileSync(join(ROOT, 'fixtures', 'subjects', `${type}.json`), 'utf8'));
}
