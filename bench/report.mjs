// The bench's results: each figure is a row (its measurement, its baseline, their ratio, the
// target and whether it was met), printed as a console line when it is taken and, at the end, as
// the table of bench/results.md with the machine it ran on and bench/notes.md after it.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, totalmem, platform, release } from 'node:os';
import { join } from 'node:path';
import { formatMs } from './measure.mjs';

export class Results {
  rows = [];

  /**
   * A figure against its baseline; `limit` ({ ratio, text }) is met when the ratio stays at or
   * under `limit.ratio` (at or over it when higher is better).
   */
  record(name, target, baselineName, baseline, limit, note, lowerIsBetter = true) {
    const ratio = target.median / baseline.median;
    const met = limit === undefined ? undefined : lowerIsBetter ? ratio <= limit.ratio : ratio >= limit.ratio;
    this.rows.push({ name, target, baselineName, baseline, ratio, limit, met, note });
    const verdict = met === undefined ? '' : met ? 'met' : 'NOT met';
    console.log(
      `${name.padEnd(54)} ${formatMs(target.median).padStart(9)}  vs ${baselineName} ${formatMs(baseline.median).padStart(9)}  ratio ${ratio.toFixed(2)}  ${limit ? `(target ${limit.text})` : ''} ${verdict}`,
    );
  }

  /** A row whose verdict the caller works out itself (absolute targets: seconds, MB, µs). */
  add(row, line) {
    this.rows.push(row);
    console.log(line);
  }
}

/** Prints the table; unless this was a quick run, writes it to bench/results.md. */
export function writeReport(rows, { root, quick }) {
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB (${(freemem() / 2 ** 30).toFixed(0)} GiB free), ${platform()} ${release()}, Node ${process.version}`;
  const table = resultsTable(rows);
  const report = [
    `# radcred benchmark results`,
    '',
    `Run ${new Date().toISOString()}${quick ? ' (QUICK: sizes / 10)' : ''} on ${machine}.`,
    '',
    ...table,
    '',
  ].join('\n');
  console.log('\n' + table.join('\n'));
  if (!quick)
    writeFileSync(join(root, 'bench', 'results.md'), report + notesAfterTable(join(root, 'bench', 'notes.md')));
}

function resultsTable(rows) {
  return [
    '| figure | radcred median (min–max) | baseline median (min–max) | ratio | target | met |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${formatMs(r.target.median)} (${formatMs(r.target.min)}–${formatMs(r.target.max)})${r.note ? `; ${r.note}` : ''} | ${r.baselineName}: ${formatMs(r.baseline.median)} (${formatMs(r.baseline.min)}–${formatMs(r.baseline.max)}) | ${r.ratio.toFixed(2)} | ${r.limit?.text ?? ''} | ${r.met === undefined ? '' : r.met ? 'yes' : '**no**'} |`,
    ),
  ];
}

/** bench/notes.md (how to read the figures, what was done), after a blank line; none if absent. */
function notesAfterTable(path) {
  try {
    return '\n' + readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
