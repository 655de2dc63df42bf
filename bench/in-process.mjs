#!/usr/bin/env node
// Runs one radcred command in this process and reports its wall time and the process's peak
// resident memory as the last stdout line: {"ms", "maxRssMB", "exitCode"}.
import { createRequire } from 'node:module';

// the shipped bundle (with the build's stand-ins), not the tsc output
const { run } = createRequire(import.meta.url)('../dist/bundle/main.cjs');

// The command's own output is discarded: only its cost is measured.
const io = {
  stdout: { write: () => true },
  stderr: process.stderr,
  stdinIsTTY: false,
  env: process.env,
  cwd: process.cwd(),
};
const t0 = process.hrtime.bigint();
const exitCode = await run(process.argv.slice(2), io);
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
if (exitCode !== 0) process.exit(exitCode);
console.log(JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024, exitCode }));
