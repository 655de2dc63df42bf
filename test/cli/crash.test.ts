// Crash safety of the CLI: the real executable (bin/radcred) is killed with SIGKILL in the middle of
// batch issuance (direct commits and pending/), a ledger append (revoke), `ledger integrate`,
// `ledger pull` and `wallet add`. Each kill is aimed inside the work: the child is killed a random
// time after its work visibly started (its staging directory, the ledger lock, the pull's staging
// directory, the first wallet file appears), the delay drawn from one uninterrupted run's duration;
// some kills are aimed just after the ledger commit (the checkpoint is renamed into place).
// After every kill: the ledger audits clean, what was committed before is still there, every
// credential file parses and verifies, the wallet and keystores read back; then the same command
// is run again and must finish the job exactly once (no row, entry or credential twice).
// Runs the built code: `npm test` builds it first.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCredential } from '../../src/credential/issue.js';
import { digestOfSigningInput, parseCompactJws } from '../../src/jws/compact.js';
import { entrySignatureValid, parseEntry, type LedgerEntry } from '../../src/ledger/entry.js';
import { readPublishedVkey } from '../../src/ledger/ledger.js';
import { openOwnLedger } from '../../src/ledger/own-ledger.js';
import { readPin } from '../../src/ledger/pins.js';
import { pidAlive } from '../../src/util/files.js';
import { checkSignature } from '../../src/verify/signature.js';
import { BIN, cleanup, fixture, importDemoIdentities, NOW, NOW_S, PASSPHRASE, radcred, tempDir } from '../helpers.js';
import { append, demoSigner, labelDigest, entry, newLedger, staleDist } from '../ledger/support.js';
import { resolveDemoDids } from '../verify/tokens.js';

// the checks below call checkSignature directly: the issuers' DIDs are resolved first, as verify does
await resolveDemoDids();

/** Kills per command (raise them for a longer soak). */
const KILLS = { batchDirect: 8, batchPending: 6, integrate: 6, append: 6, pull: 7, walletAdd: 7 };
/** test/ledger/crash.test.ts kills its append child this many times: with ours, at least 50 in `npm test`. */
const LEDGER_CRASH_KILLS = Number(
  /export const KILLS = (\d+);/.exec(
    readFileSync(join(import.meta.dirname, '..', 'ledger', 'crash.test.ts'), 'utf8'),
  )?.[1] ?? 0,
);

const work = tempDir('radcred-cli-crash-');
afterAll(() => cleanup(work));
/** The batch issuer: an Ed25519 demo identity, so that signing and auditing stay cheap. */
const ISSUER = 'abr';
const opHome = join(work, 'operator'); // the issuer + registry (ledger operator): direct commits
const issuerHome = join(work, 'issuer'); // the issuer only: its entries go to pending/
const holderHome = join(work, 'holder'); // priya: the wallet
const verifierHome = join(work, 'verifier'); // pins only
let priya: string;

beforeAll(async () => {
  expect(staleDist()).toBeUndefined();
  await importDemoIdentities(opHome, [ISSUER, 'registry']);
  await importDemoIdentities(issuerHome, [ISSUER]);
  priya = (await importDemoIdentities(holderHome, ['priya'])).priya!;
});

// ---- kills ------------------------------------------------------------------------------------

interface Tally {
  kills: number;
  midWork: number;
  notes: Record<string, number>;
}
const tally: Record<string, Tally> = {};
const note = (what: string, key: string, n = 1) => {
  const t = (tally[what] ??= { kills: 0, midWork: 0, notes: {} });
  t.notes[key] = (t.notes[key] ?? 0) + n;
};

interface Run {
  code: number | null;
  killed: boolean;
  midWork: boolean;
  stdout: string;
  stderr: string;
  workMs?: number;
}
interface Plan {
  /**
   * the moment the work visibly starts: a name appearing in a directory; the work ends when that
   * name is gone again (the lock, a staging directory), unless `once`
   */
  trigger?: { dir: string; match: (name: string) => boolean; once?: boolean };
  /** kill this many ms after the trigger; undefined: let it finish (and time the work) */
  delay?: number;
  /** at the kill: was the child inside its work (e.g. its staging directory exists)? */
  midWork?: (pid: number) => boolean;
}

/** Runs bin/radcred, killing it (SIGKILL) `plan.delay` ms after its work started. */
function launch(args: string[], plan: Plan = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, RADCRED_PASSPHRASE: PASSPHRASE, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let started: number | undefined;
    let ended: number | undefined;
    let triggeredBy: string | undefined;
    let midWork = false;
    let timer: NodeJS.Timeout | undefined;
    const kill = () => {
      if (p.exitCode !== null || p.signalCode !== null) return;
      midWork = plan.midWork?.(p.pid!) ?? true;
      p.kill('SIGKILL');
    };
    const watcher =
      plan.trigger &&
      watch(plan.trigger.dir, (_event, name) => {
        if (name === null) return;
        // the work ends when what marked its start is gone again (the lock, a staging directory)
        if (started !== undefined) {
          if (
            ended === undefined &&
            !plan.trigger!.once &&
            String(name) === triggeredBy &&
            !existsSync(join(plan.trigger!.dir, triggeredBy))
          )
            ended = performance.now();
          return;
        }
        if (!plan.trigger!.match(String(name))) return;
        started = performance.now();
        triggeredBy = String(name);
        if (plan.delay !== undefined) timer = setTimeout(kill, plan.delay);
      });
    let hung = false;
    const stuck = setTimeout(() => {
      hung = true;
      p.kill('SIGKILL');
    }, 30_000);
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code, signal) => {
      watcher?.close();
      clearTimeout(timer);
      clearTimeout(stuck);
      if (hung) return reject(new Error(`radcred ${args.join(' ')} hung (a lock nobody breaks?): ${stderr}`));
      const killed = signal === 'SIGKILL';
      resolve({
        code,
        killed,
        midWork: killed && midWork,
        stdout,
        stderr,
        ...(started !== undefined ? { workMs: (ended ?? performance.now()) - started } : {}),
      });
    });
  });
}

/** Counts a kill; returns whether it was one (the child may have finished before the delay ran out). */
function counted(what: string, r: Run): boolean {
  if (!r.killed) {
    expect(r.code, `${what} finished before the kill and failed: ${r.stderr}`).toBe(0);
    note(what, 'finished before the kill');
    return false;
  }
  const t = (tally[what] ??= { kills: 0, midWork: 0, notes: {} });
  t.kills++;
  if (r.midWork) t.midWork++;
  return true;
}

const ok = (r: Run, what: string) => {
  expect(r.killed, what).toBe(false);
  expect(r.code, `${what}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout);
};

/** Temp files (`.NAME.*.tmp`) anywhere under `dir` (paths relative to it), outside staging directories. */
function tempFiles(dir: string, rel = ''): string[] {
  if (!existsSync(join(dir, rel))) return [];
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((d) =>
    d.isDirectory()
      ? d.name.startsWith('.staging-') || d.name.startsWith('.pull-')
        ? []
        : tempFiles(dir, join(rel, d.name))
      : d.name.endsWith('.tmp')
        ? [join(rel, d.name)]
        : [],
  );
}

const inRoot = (rel: string) => !rel.includes('/');
const hidden = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith('.')) : []);
const ownStaging = (dir: string, prefix: string) => (pid: number) =>
  hidden(dir).some((f) => f.startsWith(`${prefix}${pid}-`));
const lockedBy = (ledger: string) => (pid: number) => {
  try {
    return readFileSync(join(ledger, '.lock'), 'utf8').trim() === String(pid);
  } catch {
    return false;
  }
};
/** A kill delay within a calibrated duration of the work. */
const random = (ms: number | undefined) => Math.random() * (ms ?? 50);

// ---- what must hold after a kill ----------------------------------------------------------------

interface LedgerView {
  size: number;
  entries: Buffer[];
  parsed: LedgerEntry[];
  checkpoint: string;
}

function readLedger(dir: string): LedgerView {
  const l = openOwnLedger(dir);
  const entries = Array.from({ length: l.checkpoint.size }, (_, i) => Buffer.from(l.reader.entry(i)));
  return { size: l.checkpoint.size, entries, parsed: entries.map((e) => parseEntry(e)), checkpoint: l.checkpoint.note };
}

/** Audits (every tile, root and entry signature), and checks that the committed prefix survived. */
async function checkLedger(dir: string, before: LedgerView | undefined, what: string): Promise<LedgerView> {
  const vkey = readPublishedVkey(dir).text;
  const audit = await radcred(['--home', verifierHome, '--json', 'ledger', 'audit', dir, '--vkey', vkey]);
  expect(audit.code, `${what}: audit ${audit.stdout}${audit.stderr}`).toBe(0);
  const now = readLedger(dir);
  expect(audit.json().size).toBe(now.size);
  if (before) {
    expect(now.size, `${what}: the ledger shrank`).toBeGreaterThanOrEqual(before.size);
    for (let i = 0; i < before.size; i++)
      if (!now.entries[i]!.equals(before.entries[i]!)) throw new Error(`${what}: committed entry ${i} changed`);
  }
  // nothing twice: every entry distinct, and no credential issued twice
  expect(new Set(now.entries.map((e) => e.toString('base64'))).size, `${what}: a duplicated entry`).toBe(now.size);
  const issues = now.parsed.filter((e) => e.kind === 'issue').map((e) => e.credential);
  expect(new Set(issues).size, `${what}: a credential with two issue entries`).toBe(issues.length);
  expect(
    existsSync(join(dir, '.lock')) ? pidAlive(Number(readFileSync(join(dir, '.lock'), 'utf8'))) : false,
    `${what}: a live lock`,
  ).toBe(false);
  return now;
}

const issuedIn = (l: LedgerView) => new Set(l.parsed.filter((e) => e.kind === 'issue').map((e) => e.credential));

function pendingEntries(ledger: string): LedgerEntry[] {
  const dir = join(ledger, 'pending');
  return (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.entry')) : []).map((f) => {
    const e = parseEntry(readFileSync(join(dir, f)));
    expect(entrySignatureValid(e), `pending ${f}`).toBe(true);
    return e;
  });
}

const verifiedFiles = new Map<string, string>();
/** Every visible file in `dir` is a whole credential whose signature verifies; returns their digests. */
function credentialsIn(dir: string, what: string): Set<string> {
  const digests = new Set<string>();
  for (const f of existsSync(dir) ? readdirSync(dir).filter((f) => !f.startsWith('.')) : []) {
    expect(f, `${what}: a stray file`).toMatch(/\.jwt$/);
    const path = join(dir, f);
    const st = statSync(path);
    const key = `${path} ${st.ino} ${st.size}`;
    let digest = verifiedFiles.get(key);
    if (digest === undefined) {
      const text = readFileSync(path, 'utf8');
      let jws;
      try {
        jws = parseCompactJws(text);
      } catch (e) {
        throw new Error(
          `${what}: ${f} is not a whole JWT (${(e as Error).message}): ${JSON.stringify(text.slice(0, 80))}`,
        );
      }
      expect(text.endsWith('\n'), `${what}: ${f} is cut short`).toBe(true);
      expect(checkSignature(jws, 'credential').check.status, `${what}: ${f}`).toBe('pass');
      digest = digestOfSigningInput(jws.signingInput);
      verifiedFiles.set(key, digest);
    }
    expect(digests.has(digest), `${what}: ${digest} stored twice`).toBe(false);
    digests.add(digest);
  }
  return digests;
}

async function checkIdentities(home: string, names: string[]): Promise<void> {
  const list = await radcred(['--home', home, '--json', 'id', 'list']);
  expect(list.code, list.stderr).toBe(0);
  expect(
    list
      .json()
      .identities.map((i: { name: string }) => i.name)
      .sort(),
  ).toEqual([...names].sort());
  for (const name of names) expect((await radcred(['--home', home, '--json', 'id', 'show', name])).code).toBe(0);
}

const sameSet = (a: Set<string>, b: Set<string>, what: string) => {
  const missing = [...b].filter((x) => !a.has(x));
  const extra = [...a].filter((x) => !b.has(x));
  expect({ missing, extra }, what).toEqual({ missing: [], extra: [] });
};

// ---- rosters --------------------------------------------------------------------------------------

const rosterText = readFileSync(fixture('rosters', 'rsna-cme.csv'), 'utf8').split('\n');
const HEADER = rosterText[0]!;
const BASE = rosterText[1]!.split(','); // an unquoted row
const ACTIVITY_ID = HEADER.split(',').indexOf('activityId');

/** `count` distinct rows (each its own activity) labelled `tag`. */
const newRows = (tag: string, count: number) =>
  Array.from({ length: count }, (_, i) => BASE.map((v, c) => (c === ACTIVITY_ID ? `${tag}-${i}` : v)).join(','));
const writeRoster = (path: string, rows: string[]) => writeFileSync(path, [HEADER, ...rows].join('\n') + '\n');

async function newLedgerDir(name: string): Promise<string> {
  const dir = join(work, name);
  const r = await radcred([
    '--home',
    opHome,
    '--json',
    'ledger',
    'init',
    dir,
    '--origin',
    `crash.example/${name}`,
    '--operator',
    'registry',
  ]);
  expect(r.code, r.stderr).toBe(0);
  return dir;
}

/** Digests of the whole credentials in the staging directories a killed batch left in `out`. */
function stagedDigests(out: string): string[] {
  return hidden(out)
    .filter(isStaging)
    .flatMap((d) =>
      readdirSync(join(out, d)).flatMap((f) => {
        try {
          return [digestOfSigningInput(parseCompactJws(readFileSync(join(out, d, f), 'utf8')).signingInput)];
        } catch {
          return []; // cut short by the kill
        }
      }),
    );
}

const isCheckpoint = (f: string) => f === 'checkpoint';
const isStaging = (f: string) => f.startsWith('.staging-');

const kills = (what: string) => tally[what]?.kills ?? 0;
/** Attempt i of a chain is killed two times in three (kill, kill, then a run that must finish everything). */
const killTurn = (what: string, target: number, i: number) => kills(what) < target && i % 3 !== 2;

// ---- the tests ------------------------------------------------------------------------------------

describe('SIGKILL in the middle of CLI commands', () => {
  it(`issue --batch with the operator key (direct commit): ${KILLS.batchDirect} kills`, async () => {
    const what = 'batch (direct)';
    const NEW = 20;
    const ledger = await newLedgerDir('direct');
    const out = join(work, 'direct-out');
    mkdirSync(out);
    const roster = join(work, 'direct.csv');
    const cmd = [
      '--home',
      opHome,
      '--now',
      NOW,
      '--json',
      'issue',
      'CMECertificateCredential',
      '--issuer',
      ISSUER,
      '--batch',
      roster,
      '--out-dir',
      out,
      '--ledger',
      ledger,
    ];
    const rows: string[] = [];
    let l: LedgerView | undefined;

    /** What a re-run must issue: rows with no credential out, less those whose staged credential the ledger took. */
    const missing = () => {
      const files = credentialsIn(out, what);
      const anchored = issuedIn(readLedger(ledger));
      return rows.length - files.size - stagedDigests(out).filter((d) => anchored.has(d) && !files.has(d)).length;
    };
    /** The job is done: one credential per row, each anchored exactly once, nothing else in the ledger. */
    const complete = async (r: Run, issued: number) => {
      const j = ok(r, what);
      expect(j.issued, `${what}: the run issues only what is missing`).toBe(issued);
      expect(j.skipped.length).toBe(rows.length - issued);
      l = await checkLedger(ledger, l, what);
      const files = credentialsIn(out, what);
      expect(files.size).toBe(rows.length);
      sameSet(issuedIn(l), files, `${what}: the ledger's issue entries are the out-dir's credentials`);
      expect(l.size).toBe(rows.length);
      expect(hidden(out), `${what}: staging left behind`).toEqual([]);
      expect(tempFiles(ledger).filter(inRoot), `${what}: a killed commit's temp files are cleared by the next`).toEqual(
        [],
      );
    };

    // a roster of a few hundred rows to start with; each round then adds NEW rows
    rows.push(...newRows('direct-0', 10 * NEW));
    writeRoster(roster, rows);
    await complete(await launch(cmd), 10 * NEW);
    let workMs: number | undefined; // of the last run that finished: the kills' calibration
    let done = true;
    // i from 2: the first round runs to the end, and calibrates the kills
    for (let i = 2, round = 1; (kills(what) < KILLS.batchDirect || !done) && i < 4 * KILLS.batchDirect; i++) {
      if (done) {
        rows.push(...newRows(`direct-${round++}`, NEW));
        writeRoster(roster, rows);
      }
      const toIssue = missing();
      const kill = killTurn(what, KILLS.batchDirect, i);
      // some kills are aimed just after the commit, as the files move out of staging
      const r = await launch(
        cmd,
        !kill
          ? { trigger: { dir: out, match: isStaging } }
          : i % 6 === 1
            ? {
                trigger: { dir: ledger, match: isCheckpoint },
                delay: Math.random() * 3,
                midWork: ownStaging(out, '.staging-'),
              }
            : { trigger: { dir: out, match: isStaging }, delay: random(workMs), midWork: ownStaging(out, '.staging-') },
      );
      if (!kill || !counted(what, r)) {
        if (!kill) workMs = r.workMs;
        await complete(r, toIssue);
        done = true;
        continue;
      }
      done = false;
      const after = await checkLedger(ledger, l, `${what}, kill ${kills(what)}`);
      expect([l!.size, l!.size + toIssue], `${what}: a batch is one commit`).toContain(after.size);
      const files = credentialsIn(out, what);
      for (const d of files)
        expect(issuedIn(after).has(d), `${what}: a credential handed out without its ledger entry`).toBe(true);
      if (after.size > l!.size && files.size < rows.length) note(what, 'killed between the commit and the last rename');
      l = after;
      await checkIdentities(opHome, [ISSUER, 'registry']);
    }
    expect(kills(what)).toBe(KILLS.batchDirect);
  }, 120_000);

  it(`issue --batch without the operator key (pending/), and ledger integrate: ${KILLS.batchPending} + ${KILLS.integrate} kills`, async () => {
    const [whatB, whatI] = ['batch (pending)', 'ledger integrate'];
    const NEW = 20;
    const ledger = await newLedgerDir('pending');
    const out = join(work, 'pending-out');
    mkdirSync(out);
    const roster = join(work, 'pending.csv');
    const batch = [
      '--home',
      issuerHome,
      '--now',
      NOW,
      '--json',
      'issue',
      'CMECertificateCredential',
      '--issuer',
      ISSUER,
      '--batch',
      roster,
      '--out-dir',
      out,
      '--ledger',
      ledger,
    ];
    const integrate = ['--home', opHome, '--json', 'ledger', 'integrate', ledger, '--operator', 'registry'];
    const rows: string[] = [];
    let l: LedgerView | undefined;
    const anchored = (view: LedgerView) =>
      new Set([
        ...issuedIn(view),
        ...pendingEntries(ledger)
          .filter((e) => e.kind === 'issue')
          .map((e) => e.credential),
      ]);
    const missing = () => {
      const files = credentialsIn(out, whatB);
      const taken = anchored(readLedger(ledger));
      return rows.length - files.size - stagedDigests(out).filter((d) => taken.has(d) && !files.has(d)).length;
    };

    let batchMs: number | undefined;
    let integrateMs: number | undefined;
    let [batchDone, integrateDone] = [true, true];
    const target = KILLS.batchPending + KILLS.integrate;
    for (
      let round = 0;
      (kills(whatB) + kills(whatI) < target || !batchDone || !integrateDone) && round < 4 * target;
      round++
    ) {
      // the batch: killed while it signs, stages, queues and moves files out
      if (batchDone) {
        rows.push(...newRows(`pending-${round}`, NEW));
        writeRoster(roster, rows);
      }
      const toIssue = missing();
      const killB = round > 0 && killTurn(whatB, KILLS.batchPending, round);
      const rb = await launch(
        batch,
        killB
          ? { trigger: { dir: out, match: isStaging }, delay: random(batchMs), midWork: ownStaging(out, '.staging-') }
          : { trigger: { dir: out, match: isStaging } },
      );
      batchMs ??= rb.workMs;
      if (killB && counted(whatB, rb)) {
        batchDone = false;
        const now = await checkLedger(ledger, l, whatB);
        expect(now.size, `${whatB}: an issuer without the operator key changed the ledger`).toBe(l?.size ?? 0);
        const files = credentialsIn(out, whatB);
        const taken = anchored(now);
        for (const d of files)
          expect(taken.has(d), `${whatB}: a credential handed out without its pending entry`).toBe(true);
        if (stagedDigests(out).some((d) => taken.has(d) && !files.has(d)))
          note(whatB, 'killed after queueing, before the last rename');
        await checkIdentities(issuerHome, [ISSUER]);
      } else {
        const j = ok(rb, whatB);
        expect(j.issued, `${whatB}: the run issues only what is missing`).toBe(toIssue);
        expect(j.issued + j.skipped.length).toBe(rows.length);
        const files = credentialsIn(out, whatB);
        expect(files.size).toBe(rows.length);
        sameSet(
          anchored(await checkLedger(ledger, l, whatB)),
          files,
          `${whatB}: the anchored entries are the out-dir's credentials`,
        );
        expect(hidden(out)).toEqual([]);
        expect(
          tempFiles(join(ledger, 'pending')),
          `${whatB}: a killed run's temp files in pending/ are cleared by the next`,
        ).toEqual([]);
        batchDone = true;
      }

      // integrate: killed while it sequences, or just after its commit (before it empties pending/)
      const queued = pendingEntries(ledger);
      const before = l ?? readLedger(ledger);
      const alreadyIn = queued.filter((e) => before.entries.some((b) => b.equals(e.bytes))).length;
      const expected = anchored(before);
      const killI = round > 0 && killTurn(whatI, KILLS.integrate, round + 1);
      const ri = await launch(
        integrate,
        !killI
          ? { trigger: { dir: ledger, match: (f) => f === '.lock' } }
          : round % 4 === 0
            ? { trigger: { dir: ledger, match: isCheckpoint }, delay: Math.random() * 2, midWork: lockedBy(ledger) }
            : {
                trigger: { dir: ledger, match: (f) => f === '.lock' },
                delay: random(integrateMs),
                midWork: lockedBy(ledger),
              },
      );
      integrateMs ??= ri.workMs;
      if (killI && counted(whatI, ri)) {
        integrateDone = false;
        const now = await checkLedger(ledger, before, whatI);
        expect([before.size, before.size + queued.length - alreadyIn], `${whatI}: one commit`).toContain(now.size);
        sameSet(anchored(now), expected, `${whatI}: nothing lost, nothing added`);
        if (now.size > before.size && pendingEntries(ledger).length > 0)
          note(whatI, 'killed between the commit and emptying pending/');
        l = now;
      } else {
        const j = ok(ri, whatI);
        expect(j.rejected).toEqual([]);
        // exactly once: what a killed run committed counts as a duplicate, the rest is integrated
        expect(j.integrated).toBe(queued.length - alreadyIn);
        expect(j.duplicates).toBe(alreadyIn);
        l = await checkLedger(ledger, before, whatI);
        expect(pendingEntries(ledger)).toEqual([]);
        sameSet(issuedIn(l), expected, `${whatI}: the ledger holds every queued entry once`);
        expect(l.size).toBe(before.size + j.integrated);
        integrateDone = true;
      }
    }
    sameSet(issuedIn(l!), credentialsIn(out, whatB), 'in the end the ledger holds exactly the credentials handed out');
    expect(kills(whatB)).toBe(KILLS.batchPending);
    expect(kills(whatI)).toBe(KILLS.integrate);
  }, 120_000);

  it(`a ledger append (revoke with the operator key): ${KILLS.append} kills`, async () => {
    const what = 'ledger append (revoke)';
    const ledger = await newLedgerDir('revoke');
    const out = join(work, 'revoke-out');
    const roster = join(work, 'revoke.csv');
    writeRoster(roster, newRows('revoke', 4 * KILLS.append + 2));
    ok(
      await launch([
        '--home',
        opHome,
        '--now',
        NOW,
        '--json',
        'issue',
        'CMECertificateCredential',
        '--issuer',
        ISSUER,
        '--batch',
        roster,
        '--out-dir',
        out,
        '--ledger',
        ledger,
      ]),
      'issuing',
    );
    const files = readdirSync(out).map((f) => join(out, f));
    const revoke = (file: string) => [
      '--home',
      opHome,
      '--now',
      NOW,
      '--json',
      'revoke',
      file,
      '--issuer',
      ISSUER,
      '--ledger',
      ledger,
      '--reason',
      'crash test',
    ];
    const revokes = (view: LedgerView) => view.parsed.filter((e) => e.kind === 'revoke').map((e) => e.credential);
    let l = await checkLedger(ledger, undefined, what);

    const first = await launch(revoke(files[0]!), { trigger: { dir: ledger, match: (f) => f === '.lock' } });
    ok(first, what);
    l = await checkLedger(ledger, l, what);
    let committed = false; // the current credential's revocation was committed by a killed run
    for (let i = 0, n = 1; n < files.length; i++) {
      const digest = digestOfSigningInput(parseCompactJws(readFileSync(files[n]!, 'utf8')).signingInput);
      // once committed, a re-run stops before the lock: there is nothing left to kill
      const kill = !committed && killTurn(what, KILLS.append, i);
      const r = await launch(
        revoke(files[n]!),
        !kill
          ? {}
          : i % 4 === 1
            ? { trigger: { dir: ledger, match: isCheckpoint }, delay: Math.random() * 2, midWork: lockedBy(ledger) }
            : {
                trigger: { dir: ledger, match: (f) => f === '.lock' },
                delay: random(first.workMs),
                midWork: lockedBy(ledger),
              },
      );
      if (kill && counted(what, r)) {
        const now = await checkLedger(ledger, l, what);
        expect([l.size, l.size + 1]).toContain(now.size);
        if (now.size > l.size) {
          committed = true;
          note(what, 'killed after the commit');
        }
        l = now;
        continue;
      }
      // the re-run completes the revocation, or finds it done (revocation is final)
      if (committed) {
        expect(r.code, r.stderr).toBe(3);
        expect(JSON.parse(r.stdout).error.code).toBe('STATUS_TRANSITION');
      } else expect(r.code, r.stderr).toBe(0);
      l = await checkLedger(ledger, l, what);
      expect(
        revokes(l).filter((d) => d === digest),
        `${what}: exactly one revoke entry`,
      ).toEqual([digest]);
      expect(l.size).toBe(files.length + n + 1);
      expect(tempFiles(ledger).filter(inRoot), `${what}: a killed commit's temp files are cleared by the next`).toEqual(
        [],
      );
      [n, committed] = [n + 1, false];
      if (kills(what) >= KILLS.append) break;
    }
    expect(kills(what)).toBe(KILLS.append);
  }, 120_000);

  it(`ledger pull: ${KILLS.pull} kills`, async () => {
    const what = 'ledger pull';
    const src = join(work, 'pull-src');
    const dst = join(work, 'pull-dst');
    const op = newLedger(src, 'crash.example/pull', demoSigner('registry'));
    const issuer = demoSigner('abr');
    let seq = 0;
    const grow = (n: number) =>
      append(
        src,
        op,
        Array.from({ length: n }, () => entry(issuer, 'issue', labelDigest(`pull ${seq++}`), NOW_S)),
      );
    const pull = ['--home', verifierHome, '--now', NOW, '--json', 'ledger', 'pull', src, dst, '--vkey', op.vkey.text];
    const isStagingDir = (f: string) => f.startsWith('.pull-');

    grow(200);
    expect(ok(await launch(pull), what).outcome).toBe('pinned');
    grow(200);
    const first = await launch(pull, { trigger: { dir: dst, match: isStagingDir } });
    expect(ok(first, what).outcome).toBe('updated');
    let copy = await checkLedger(dst, undefined, what);
    let pinned = readPin(verifierHome, op.vkey.name)!.size;

    for (let i = 0; (kills(what) < KILLS.pull || copy.size !== readLedger(src).size) && i < 4 * KILLS.pull; i++) {
      grow(60 + Math.floor(Math.random() * 100));
      const source = readLedger(src);
      const kill = killTurn(what, KILLS.pull, i);
      const r = await launch(
        pull,
        kill
          ? {
              trigger: { dir: dst, match: isStagingDir },
              delay: random(first.workMs),
              midWork: ownStaging(dst, '.pull-'),
            }
          : {},
      );
      if (kill && counted(what, r)) {
        // the copy audits clean (and consistent with the pin), and is the old tree or the new one
        const now = await checkLedger(dst, copy, what);
        expect([copy.size, source.size]).toContain(now.size);
        const pin = readPin(verifierHome, op.vkey.name)!;
        expect([pinned, source.size]).toContain(pin.size);
        expect(pin.size).toBeLessThanOrEqual(now.size);
        if (hidden(dst).some(isStagingDir)) note(what, 'left a staging directory');
        if (now.size > pin.size) note(what, 'killed between the checkpoint and the pin');
        [copy, pinned] = [now, pin.size];
        continue;
      }
      // the run (or a re-run after kills) completes the pull
      expect(['updated', 'unchanged']).toContain(ok(r, what).outcome);
      expect(readFileSync(join(dst, 'checkpoint'), 'utf8')).toBe(source.checkpoint);
      pinned = readPin(verifierHome, op.vkey.name)!.size;
      expect(pinned).toBe(source.size);
      expect(hidden(dst).filter(isStagingDir), "a killed pull's staging directory is removed by the next pull").toEqual(
        [],
      );
      copy = await checkLedger(dst, copy, what);
      for (let k = 0; k < source.size; k++)
        if (!copy.entries[k]!.equals(source.entries[k]!))
          throw new Error(`${what}: entry ${k} differs from the source`);
    }
    expect(kills(what)).toBe(KILLS.pull);
  }, 120_000);

  it(`wallet add of many files: ${KILLS.walletAdd} kills`, async () => {
    const what = 'wallet add';
    const WINDOW = 90;
    const STEP = 30;
    const creds = join(work, 'wallet-src');
    mkdirSync(creds);
    const lakeshore = demoSigner('lakeshore');
    const subject = JSON.parse(readFileSync(fixture('subjects', 'MedicalDegreeCredential.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const all = await Promise.all(
      Array.from({ length: WINDOW + STEP * 3 * KILLS.walletAdd }, async (_, i) => {
        const issued = await issueCredential({
          signer: lakeshore,
          type: 'MedicalDegreeCredential',
          subjectDid: priya,
          subject,
          now: NOW_S - i,
        });
        const file = join(creds, `${i}.jwt`);
        writeFileSync(file, issued.jwt + '\n');
        return { file, digest: issued.digest };
      }),
    );
    const wallet = join(holderHome, 'credentials');
    mkdirSync(wallet, { recursive: true });
    const add = (files: { file: string }[]) => [
      '--home',
      holderHome,
      '--now',
      NOW,
      '--json',
      'wallet',
      'add',
      ...files.map((c) => c.file),
    ];
    const expected = new Set<string>(); // what completed runs added

    /** The wallet reads back, holds whole verified credentials named by digest, and lost nothing. */
    const holds = async (label: string) => {
      const stored = credentialsIn(wallet, label);
      for (const f of readdirSync(wallet).filter((f) => !f.startsWith('.')))
        expect(stored.has(`sha256:${f.slice(0, -4)}`), `${label}: ${f} is named by its digest`).toBe(true);
      const list = await radcred(['--home', holderHome, '--now', NOW, '--json', 'wallet', 'list']);
      expect(list.code, `${label}: wallet list ${list.stderr}`).toBe(0);
      sameSet(
        new Set(list.json().credentials.map((c: { digest: string }) => c.digest)),
        stored,
        `${label}: wallet list shows what is stored`,
      );
      for (const d of expected) expect(stored.has(d), `${label}: ${d} lost`).toBe(true);
      await checkIdentities(holderHome, ['priya']);
      return stored;
    };

    const window = (k: number) => all.slice(k * STEP, k * STEP + WINDOW);
    const first = await launch(add(window(0)), { trigger: { dir: wallet, match: () => true, once: true } });
    ok(first, what);
    window(0).forEach((c) => expected.add(c.digest));
    sameSet(await holds(what), expected, what);

    let done = true;
    for (let i = 0, k = 0; (kills(what) < KILLS.walletAdd || !done) && i < 4 * KILLS.walletAdd; i++) {
      if (done) k++;
      const files = window(k);
      const had = await holds(what);
      const present = files.filter((c) => had.has(c.digest)).length;
      const fresh = files.length - present;
      const kill = killTurn(what, KILLS.walletAdd, i);
      // only a window's last STEP files are new: its writes take a fraction of the first run's
      const r = await launch(
        add(files),
        kill
          ? {
              trigger: { dir: wallet, match: () => true, once: true },
              delay: random(((first.workMs ?? 300) * fresh) / WINDOW),
              midWork: () => readdirSync(wallet).filter((f) => !f.startsWith('.')).length < had.size + fresh,
            }
          : {},
      );
      if (kill && counted(what, r)) {
        done = false;
        const stored = await holds(`${what}, kill ${kills(what)}`);
        for (const d of stored)
          expect(expected.has(d) || files.some((c) => c.digest === d), `${what}: a credential from nowhere`).toBe(true);
        continue;
      }
      const statuses = ok(r, what).results.map((x: { status: string }) => x.status);
      expect(hidden(wallet), `${what}: a killed run's temp files are cleared by the next`).toEqual([]);
      expect(
        statuses.filter((s: string) => s === 'added').length,
        `${what}: the run adds exactly what is missing`,
      ).toBe(fresh);
      expect(statuses.filter((s: string) => s === 'duplicate').length).toBe(present);
      files.forEach((c) => expected.add(c.digest));
      sameSet(await holds(what), expected, `${what}: the wallet holds each credential exactly once`);
      done = true;
    }
    expect(kills(what)).toBe(KILLS.walletAdd);
  }, 120_000);

  it('summary: with test/ledger/crash.test.ts at least 50 kills, most of them inside the work', () => {
    const lines = Object.entries(tally).map(
      ([what, t]) =>
        `  ${what.padEnd(24)} ${String(t.kills).padStart(3)} kills, ${String(t.midWork).padStart(3)} mid-work${Object.entries(
          t.notes,
        )
          .map(([k, n]) => `; ${n} ${k}`)
          .join('')}`,
    );
    const total = Object.values(tally).reduce((s, t) => s + t.kills, 0);
    const midWork = Object.values(tally).reduce((s, t) => s + t.midWork, 0);
    console.info(`CLI crash test: ${total} kills, ${midWork} mid-work\n${lines.join('\n')}`);
    console.info(`with test/ledger/crash.test.ts: ${total + LEDGER_CRASH_KILLS} kills in all`);
    expect(total).toBe(Object.values(KILLS).reduce((s, n) => s + n, 0));
    expect(LEDGER_CRASH_KILLS).toBeGreaterThan(0);
    expect(total + LEDGER_CRASH_KILLS).toBeGreaterThanOrEqual(50);
    expect(midWork, 'most kills should land inside the work').toBeGreaterThanOrEqual(Math.ceil(total * 0.6));
  });
});
