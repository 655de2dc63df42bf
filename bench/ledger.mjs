// The ledger's figures: auditing a 1,000,000-entry ledger (against 60 s), and pulling 10,000 new
// entries onto a pinned copy of it, over HTTP from nginx against the same pull from a directory,
// and onto the big copy against onto a 1,000-entry one (the cost should follow the new entries).
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT, dist } from './context.mjs';
import { formatMs, single } from './measure.mjs';
import { startNginx } from './nginx.mjs';

const { initLedger, operatorOf } = await dist('ledger/ledger.js');
const { appendEntries } = await dist('ledger/append.js');

export async function ledgerFigures(bench) {
  const { work } = bench;
  const big = bench.scale(1_000_000);
  const dir = join(work, 'ledger-1m');
  const bigOp = buildBigLedger(bench, dir, big);
  const auditHome = bench.home('auditor', []);
  auditFigure(bench, { dir, big, vkey: bigOp.vkey.text, auditHome });

  // Pull 10,000 new entries onto a copy of the big ledger, and onto a copy of a small one.
  const addN = bench.scale(10_000);
  bench.radcred(['--home', auditHome, 'ledger', 'pull', dir, join(work, 'copy-1m'), '--vkey', bigOp.vkey.text]);
  // the same copy and pin again, to pull the same new part over HTTP from nginx
  const httpHome = join(work, 'auditor-http');
  cpSync(auditHome, httpHome, { recursive: true });
  cpSync(join(work, 'copy-1m'), join(work, 'copy-1m-http'), { recursive: true });
  const more = bench.fillerEntries('more', addN);
  appendEntries(dir, bigOp, more);
  const pullBig = bench.time([BIN, '--home', auditHome, 'ledger', 'pull', dir, join(work, 'copy-1m')], { runs: 1 });
  const sizes = `${addN.toLocaleString('en')} new onto ${big.toLocaleString('en')}`;
  await httpPullFigure(bench, { httpHome, pullBig, sizes });
  smallPullFigure(bench, { auditHome, more, pullBig, sizes });
}

/** A ledger of `size` filler entries, appended a tenth of them at a time. */
function buildBigLedger(bench, dir, size) {
  const bigOp = operatorOf(bench.operator, 'bench.example/big');
  initLedger(dir, 'bench.example/big', bench.operator);
  const chunk = bench.scale(100_000);
  let made = 0;
  while (made < size) {
    const entries = bench.fillerEntries('big', Math.min(chunk, size - made), made);
    appendEntries(dir, bigOp, entries);
    made += entries.length;
  }
  return bigOp;
}

function auditFigure(bench, { dir, big, vkey, auditHome }) {
  const audit = bench.time([BIN, '--home', auditHome, 'ledger', 'audit', dir, '--vkey', vkey], { runs: 1 });
  bench.results.add(
    {
      name: `ledger audit of ${big.toLocaleString('en')} entries`,
      target: audit,
      baselineName: 'target 60 s',
      baseline: single(60_000),
      ratio: audit.median / 60_000,
      limit: { ratio: 1, text: '≤ 60 s' },
      met: audit.median <= 60_000,
    },
    `ledger audit (${big}): ${formatMs(audit.median)} (target ≤ 60 s)`,
  );
}

async function httpPullFigure(bench, { httpHome, pullBig, sizes }) {
  const { work } = bench;
  const nginx = await startNginx(ROOT, work);
  if (nginx === undefined) {
    console.log('ledger pull over HTTP: skipped (no nginx: apt-get install -y nginx)');
    return;
  }
  try {
    const pullHttp = bench.time(
      [BIN, '--home', httpHome, 'ledger', 'pull', `${nginx.base}/ledger-1m`, join(work, 'copy-1m-http')],
      { runs: 1 },
    );
    bench.results.record(
      `ledger pull over HTTP (nginx): ${sizes} vs from a directory`,
      pullHttp,
      'the same pull from a directory',
      pullBig,
      { ratio: 1.5, text: '≤ 1.5×' },
    );
  } finally {
    nginx.stop();
  }
}

/** The same new entries pulled onto a 1,000-entry ledger's copy, against the pull onto the big one. */
function smallPullFigure(bench, { auditHome, more, pullBig, sizes }) {
  const { work } = bench;
  const small = join(work, 'ledger-small');
  const smallOp = operatorOf(bench.operator, 'bench.example/small');
  initLedger(small, 'bench.example/small', bench.operator);
  appendEntries(small, smallOp, more.slice(0, 1000));
  bench.radcred(['--home', auditHome, 'ledger', 'pull', small, join(work, 'copy-small'), '--vkey', smallOp.vkey.text]);
  appendEntries(small, smallOp, more);
  const pullSmall = bench.time([BIN, '--home', auditHome, 'ledger', 'pull', small, join(work, 'copy-small')], {
    runs: 1,
  });
  bench.results.record(`ledger pull: ${sizes} vs onto 1,000`, pullBig, 'same pull onto 1,000', pullSmall, {
    ratio: 2,
    text: '≈ 1× (proportional to new entries)',
  });
}
