// Measuring for the bench: wall times of whole child processes (radcred's and its baselines'),
// summarised as median and range, and the one format every figure is printed in.
import { spawn, spawnSync } from 'node:child_process';

export const PASSPHRASE = 'bench passphrase';

/** The environment every measured process runs in: the bench's passphrase, and no colour. */
export const benchEnv = (env = {}) => ({ ...process.env, RADCRED_PASSPHRASE: PASSPHRASE, NO_COLOR: '1', ...env });

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });
/** One value as the stats of a single measurement (or of a fixed target). */
export const single = (x) => ({ median: x, min: x, max: x });
export const formatMs = (ms) =>
  ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`;

/** Runs `node ...args` `runs` times in `cwd`; throws unless each exits with `expect`. */
export function timeProcess(args, { cwd, runs = 15, env = {}, expect = 0 }) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, {
      cwd,
      env: benchEnv(env),
      stdio: ['ignore', 'ignore', 'pipe'],
      maxBuffer: 64 << 20,
    });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== expect) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    times.push(ms);
  }
  return stats(times);
}

/**
 * Interleaves the measured command with its baseline, one run of each in turn, so both see the
 * same machine load. `target` and `baseline` are `{ args }`; returns the stats of both.
 */
export function compareProcesses(target, baseline, { cwd, runs = 15 }) {
  const t = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    b.push(timeProcess(baseline.args, { cwd, runs: 1 }).median);
    t.push(timeProcess(target.args, { cwd, runs: 1 }).median);
  }
  return { target: stats(t), baseline: stats(b) };
}

/** Runs a child node script that reports {ms, maxRssMB} on its last stdout line. */
export function measuredChild(script, args, { cwd, env = {} }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd,
      env: benchEnv(env),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop())) : reject(new Error(`${script} exited ${code}`)),
    );
  });
}
