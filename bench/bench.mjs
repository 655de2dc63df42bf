#!/usr/bin/env node
// radcred benchmarks: each figure is measured side by side with its baseline in the same run
// (this machine is shared and noisy, so only ratios mean much), printed as a table and written
// to bench/results.md with the machine it ran on. Run with `npm run bench` (builds first).
// BENCH_QUICK=1 shrinks every size tenfold, for a smoke run.
//
// The figures, in the order of the table: one answer (bench/verify-one.mjs), batches
// (bench/batch.mjs), what each library costs (bench/libraries.mjs), the ledger (bench/ledger.mjs).
import { rmSync } from 'node:fs';
import { batchFigures } from './batch.mjs';
import { openBench, ROOT } from './context.mjs';
import { ledgerFigures } from './ledger.mjs';
import { libraryCosts } from './libraries.mjs';
import { writeReport } from './report.mjs';
import { oneAnswerFigures } from './verify-one.mjs';

const bench = await openBench();
const { work, quick, results } = bench;
console.log(`radcred bench — ${quick ? 'QUICK (sizes / 10), ' : ''}work dir ${work}\n`);

const verifierHome = await oneAnswerFigures(bench);
await batchFigures(bench, verifierHome);
const { issuer, holder, cme, nowS, scale } = bench;
for (const row of await libraryCosts({ work, issuer, holder, cme, nowS, scale })) {
  results.add(row, `${row.name.padEnd(54)} ${row.note}`);
}
await ledgerFigures(bench);

writeReport(results.rows, { root: ROOT, quick });
rmSync(work, { recursive: true, force: true });
