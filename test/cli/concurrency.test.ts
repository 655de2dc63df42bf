// Several radcred processes at once (the real executable, bin/radcred): batch issuers committing
// into one ledger directly; issuers queueing into pending/ while two operators integrate; and
// `wallet add` of overlapping credential sets into one wallet. Nothing is lost, nothing is there
// twice (the ledger's size is the number of distinct entries, the wallet holds each credential
// once), every batch is one contiguous commit, and the ledger audits clean.
// Runs the built code: `npm test` builds it first.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCredential } from '../../src/credential/issue.js';
import { digestOfSigningInput, parseCompactJws } from '../../src/jws/compact.js';
import { parseEntry } from '../../src/ledger/entry.js';
import { readPublishedVkey } from '../../src/ledger/ledger.js';
import { breakStaleLock } from '../../src/ledger/lock.js';
import { openOwnLedger } from '../../src/ledger/own-ledger.js';
import { checkSignature } from '../../src/verify/signature.js';
import {
  cleanup,
  credentialDigest,
  fixture,
  importDemoIdentities,
  NOW,
  NOW_S,
  radcred,
  radcredProcess,
  tempDir,
  type RunResult,
} from '../helpers.js';
import { demoSigner, staleDist } from '../ledger/support.js';
import { resolveDemoDids } from '../verify/tokens.js';

// the checks below call checkSignature directly: the issuers' DIDs are resolved first, as verify does
await resolveDemoDids();

/** Processes at once, and rows per batch. */
const P = 4;
const ROWS = 25;
const ISSUER = 'abr'; // Ed25519: cheap to sign and to audit

const work = tempDir('radcred-cli-concurrency-');
afterAll(() => cleanup(work));
const opHome = join(work, 'operator'); // the issuer + the ledger operator: direct commits
const issuerHome = join(work, 'issuer'); // the issuer only: pending/
const holderHome = join(work, 'holder');
let priya: string;

beforeAll(async () => {
  expect(staleDist()).toBeUndefined();
  await importDemoIdentities(opHome, [ISSUER, 'registry']);
  await importDemoIdentities(issuerHome, [ISSUER]);
  priya = (await importDemoIdentities(holderHome, ['priya'])).priya!;
});

/** bin/radcred as a child process; resolves when it exits (never rejects). */
const cli = (args: string[]) => radcredProcess(args);
const ok = (r: RunResult, what: string) => {
  expect(r.code, `${what}: ${r.stderr}`).toBe(0);
  return r.json();
};

const rosterLines = readFileSync(fixture('rosters', 'rsna-cme.csv'), 'utf8').split('\n');
const ACTIVITY_ID = rosterLines[0]!.split(',').indexOf('activityId');
function roster(name: string, tag: string): string {
  const base = rosterLines[1]!.split(','); // an unquoted row
  const rows = Array.from({ length: ROWS }, (_, i) =>
    base.map((v, c) => (c === ACTIVITY_ID ? `${tag}-${i}` : v)).join(','),
  );
  const path = join(work, `${name}.csv`);
  writeFileSync(path, [rosterLines[0], ...rows].join('\n') + '\n');
  return path;
}

async function newLedger(name: string): Promise<string> {
  const dir = join(work, name);
  ok(
    await radcred([
      '--home',
      opHome,
      '--json',
      'ledger',
      'init',
      dir,
      '--origin',
      `concurrency.example/${name}`,
      '--operator',
      'registry',
    ]),
    'init',
  );
  return dir;
}

/** The ledger's entries: audited clean, each distinct; the digests of its issue entries by index. */
async function audited(dir: string): Promise<{ size: number; issues: Map<string, number>; revokes: string[] }> {
  const audit = await radcred([
    '--home',
    work,
    '--json',
    'ledger',
    'audit',
    dir,
    '--vkey',
    readPublishedVkey(dir).text,
  ]);
  expect(audit.code, audit.stdout + audit.stderr).toBe(0);
  const l = openOwnLedger(dir);
  const seen = new Set<string>();
  const issues = new Map<string, number>();
  const revokes: string[] = [];
  for (let i = 0; i < l.checkpoint.size; i++) {
    const bytes = l.reader.entry(i);
    expect(seen.has(bytes.toString('base64')), `entry ${i} is there twice`).toBe(false);
    seen.add(bytes.toString('base64'));
    const e = parseEntry(bytes);
    if (e.kind === 'issue') {
      expect(issues.has(e.credential), `${e.credential} issued twice`).toBe(false);
      issues.set(e.credential, i);
    } else if (e.kind === 'revoke') revokes.push(e.credential);
  }
  expect(existsSync(join(dir, '.lock')), 'the lock is released').toBe(false);
  return { size: l.checkpoint.size, issues, revokes };
}

/** The digests of the credentials in `dir`, each a whole JWT whose signature verifies. */
function credentialsIn(dir: string): Set<string> {
  const out = new Set<string>();
  for (const f of readdirSync(dir)) {
    expect(f, `stray file in ${dir}`).toMatch(/^[^.].*\.jwt$/);
    const jws = parseCompactJws(readFileSync(join(dir, f), 'utf8'));
    expect(checkSignature(jws, 'credential').check.status).toBe('pass');
    out.add(digestOfSigningInput(jws.signingInput));
  }
  return out;
}

/** A lock left by a process that died holding it (a crash): the contenders must break it, once. */
const staleLock = (ledger: string) => writeFileSync(join(ledger, '.lock'), `${spawnSync('true').pid}\n`);

const batchArgs = (home: string, rosterPath: string, out: string, ledger: string) => [
  '--home',
  home,
  '--now',
  NOW,
  '--json',
  'issue',
  'CMECertificateCredential',
  '--issuer',
  ISSUER,
  '--batch',
  rosterPath,
  '--out-dir',
  out,
  '--ledger',
  ledger,
];

describe(`${P} processes at once`, () => {
  it(`${P} batch issuers, 2 single issuers and 5 revokers in one ledger: every entry once, each batch one contiguous commit, one revocation`, async () => {
    const ledger = await newLedger('direct');
    const outs = Array.from({ length: P }, (_, p) => join(work, `direct-out-${p}`));
    const singles = [0, 1].map((k) => join(work, `single-${k}.jwt`));
    const single = (out: string) => [
      '--home',
      opHome,
      '--now',
      NOW,
      '--json',
      'issue',
      'MedicalLicenseCredential',
      '--issuer',
      ISSUER,
      '--subject',
      priya,
      '--data',
      fixture('subjects', 'MedicalLicenseCredential.json'),
      '--out',
      out,
      '--ledger',
      ledger,
    ];
    // two credentials to revoke while the others issue (a revoke looks its credential up first),
    // and one that three processes revoke at once: only one of them may succeed
    const toRevoke = [0, 1, 2].map((k) => join(work, `revoke-${k}.jwt`));
    for (const out of toRevoke) ok(await radcred(single(out)), 'issue');
    const revoke = (file: string, reason: string) =>
      cli([
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
        reason,
      ]);
    staleLock(ledger);
    const runs = await Promise.all([
      ...outs.map((out, p) => cli(batchArgs(opHome, roster(`direct-${p}`, `direct-${p}`), out, ledger))),
      ...singles.map((out) => cli(single(out))),
      revoke(toRevoke[0]!, 'concurrency test'),
      revoke(toRevoke[1]!, 'concurrency test'),
    ]);
    const racing = Promise.all([1, 2, 3].map((k) => revoke(toRevoke[2]!, `race ${k}`)));
    const sizes: number[] = [];
    runs.forEach((r, k) => {
      const j = ok(r, `process ${k}`);
      const anchored = j.ledger ?? j; // revoke reports mode and checkpoint at the top
      expect(anchored.mode).toBe('committed');
      if (k < P) expect(j.issued).toBe(ROWS);
      sizes.push(anchored.checkpoint.size);
    });
    // the three revocations of one credential: one commits, the others find it revoked (checked under the lock)
    const raced = await racing;
    expect(raced.map((r) => r.code).sort(), raced.map((r) => r.stderr).join('')).toEqual([0, 3, 3]);
    for (const r of raced.filter((x) => x.code === 3)) expect(r.json().error.code).toBe('STATUS_TRANSITION');
    sizes.push(
      ok(
        raced.find((r) => r.code === 0)!,
        'revoke',
      ).checkpoint.size,
    );
    // each process saw its own commit: the checkpoints they report are all different
    expect(new Set(sizes).size).toBe(sizes.length);

    const { size, issues, revokes } = await audited(ledger);
    expect(size).toBe(P * ROWS + singles.length + toRevoke.length + toRevoke.length);
    expect(revokes.sort()).toEqual(toRevoke.map((file) => credentialDigest(readFileSync(file, 'utf8'))).sort());
    const handedOut = new Set<string>();
    for (const out of outs) {
      const digests = [...credentialsIn(out)];
      expect(digests.length).toBe(ROWS);
      // one commit per batch: its entries sit side by side, in no other process's range
      const at = digests.map((d) => issues.get(d)!).sort((a, b) => a - b);
      expect(at.every((i) => i !== undefined)).toBe(true);
      expect(at.at(-1)! - at[0]!).toBe(ROWS - 1);
      digests.forEach((d) => handedOut.add(d));
    }
    for (const file of [...singles, ...toRevoke]) handedOut.add(credentialDigest(readFileSync(file, 'utf8')));
    expect([...issues.keys()].sort()).toEqual([...handedOut].sort());
  });

  it(`${P} issuers queue into pending/ while 2 operators integrate: every entry integrated exactly once`, async () => {
    const ledger = await newLedger('pending');
    const outs = Array.from({ length: P }, (_, p) => join(work, `pending-out-${p}`));
    staleLock(ledger);
    let issuing = true;
    const integrations: RunResult[] = [];
    const integrator = async () => {
      // integrate over and over while the issuers run, then once more
      for (let last = false; !last;) {
        last = !issuing;
        integrations.push(
          await cli(['--home', opHome, '--json', 'ledger', 'integrate', ledger, '--operator', 'registry']),
        );
      }
    };
    const issuers = Promise.all(
      outs.map((out, p) => cli(batchArgs(issuerHome, roster(`pending-${p}`, `pending-${p}`), out, ledger))),
    ).finally(() => (issuing = false));
    const [batches] = await Promise.all([issuers, integrator(), integrator()]);
    batches.forEach((r, p) => {
      const j = ok(r, `issuer ${p}`);
      expect(j.issued).toBe(ROWS);
      expect(j.ledger.mode).toBe('pending');
    });
    let integrated = 0;
    for (const r of integrations) {
      const j = ok(r, 'integrate');
      expect(j.rejected).toEqual([]);
      integrated += j.integrated;
    }
    expect(integrations.length).toBeGreaterThanOrEqual(4);
    // the last integrations ran after every issuer had finished: nothing is left in pending/
    expect(readdirSync(join(ledger, 'pending')).filter((f) => f.endsWith('.entry'))).toEqual([]);
    const { size, issues } = await audited(ledger);
    // exactly once: what the integrators took adds up to the ledger, and it is what was handed out
    expect(integrated).toBe(P * ROWS);
    expect(size).toBe(P * ROWS);
    const handedOut = outs.flatMap((out) => [...credentialsIn(out)]);
    expect([...issues.keys()].sort()).toEqual([...new Set(handedOut)].sort());
    expect(handedOut.length).toBe(P * ROWS);
  });

  it(`${P} wallet adds of overlapping credential sets: each credential stored and added exactly once`, async () => {
    const N = 100;
    const src = join(work, 'wallet-src');
    mkdirSync(src);
    const lakeshore = demoSigner('lakeshore');
    const subject = JSON.parse(readFileSync(fixture('subjects', 'MedicalDegreeCredential.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const creds = await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const issued = await issueCredential({
          signer: lakeshore,
          type: 'MedicalDegreeCredential',
          subjectDid: priya,
          subject,
          now: NOW_S - i,
        });
        const file = join(src, `${i}.jwt`);
        writeFileSync(file, issued.jwt + '\n');
        return { file, digest: issued.digest };
      }),
    );
    // each process takes 60% of the credentials, in its own order; together they cover them all
    const sets = Array.from({ length: P }, (_, p) => {
      const mine = creds.filter((_, i) => (i + p) % 5 < 3);
      return p % 2 ? mine.reverse() : mine;
    });
    const runs = await Promise.all(
      sets.map((set) =>
        cli(['--home', holderHome, '--now', NOW, '--json', 'wallet', 'add', ...set.map((c) => c.file)]),
      ),
    );
    const added = new Map<string, number>();
    runs.forEach((r, p) => {
      const results = ok(r, `wallet add ${p}`).results as { status: string; digest: string }[];
      expect(results.length).toBe(sets[p]!.length);
      for (const x of results) {
        expect(['added', 'duplicate']).toContain(x.status);
        if (x.status === 'added') added.set(x.digest, (added.get(x.digest) ?? 0) + 1);
      }
    });
    const all = new Set(creds.map((c) => c.digest));
    expect(sets.flat().length).toBeGreaterThan(N); // the sets overlap
    // each credential was added by exactly one process; the others found it there
    expect([...added.keys()].sort()).toEqual([...all].sort());
    expect([...added.values()].every((n) => n === 1)).toBe(true);
    const wallet = join(holderHome, 'credentials');
    expect(
      readdirSync(wallet).filter((f) => f.startsWith('.')),
      'no temp files left',
    ).toEqual([]);
    expect([...credentialsIn(wallet)].sort()).toEqual([...all].sort());
    const list = await radcred(['--home', holderHome, '--now', NOW, '--json', 'wallet', 'list']);
    expect(list.code).toBe(0);
    expect(
      list
        .json()
        .credentials.map((c: { digest: string }) => c.digest)
        .sort(),
    ).toEqual([...all].sort());
  });

  it(`${P} presentations from one wallet at once: every one is in the disclosure log`, async () => {
    // runs after the wallet test above: priya's wallet holds the degrees it added
    const before = (await radcred(['--home', holderHome, '--json', 'disclosures'])).json().disclosures.length;
    const runs = await Promise.all(
      Array.from({ length: P }, (_, p) =>
        cli([
          '--home',
          holderHome,
          '--now',
          NOW,
          '--json',
          'present',
          '--holder',
          'priya',
          '--audience',
          'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
          '--challenge',
          `challenge-${p}`,
          '--all',
          '--out',
          join(work, `vp-${p}.jwt`),
        ]),
      ),
    );
    runs.forEach((r, p) => ok(r, `present ${p}`));
    const log = (await radcred(['--home', holderHome, '--json', 'disclosures'])).json().disclosures as {
      challenge: string;
    }[];
    expect(log.length).toBe(before + P);
    expect(
      log
        .slice(before)
        .map((d) => d.challenge)
        .sort(),
    ).toEqual(Array.from({ length: P }, (_, p) => `challenge-${p}`).sort());
    expect(readdirSync(holderHome).filter((f) => f.includes('.lock'))).toEqual([]);
  });

  it(`${P} verifiers, ${P} appenders and a puller on one ledger and its copy at once: nobody exits 70, every verification answers right`, async () => {
    // Verifiers build the derived index (of the live ledger and of the copy) while appends extend
    // it under the lock and a pull updates the copy: index versions are immutable and published by
    // rename, so none of them sees another's half-written directory (readers used to rebuild
    // index/ in place: `ENOTEMPTY: directory not empty, rmdir '.../index'`, exit 70).
    const ledger = await newLedger('verify-append');
    const vkey = readPublishedVkey(ledger).text;
    const single = (out: string) => [
      '--home',
      opHome,
      '--now',
      NOW,
      '--json',
      'issue',
      'MedicalLicenseCredential',
      '--issuer',
      ISSUER,
      '--subject',
      priya,
      '--data',
      fixture('subjects', 'MedicalLicenseCredential.json'),
      '--out',
      out,
      '--ledger',
      ledger,
    ];
    const active = join(work, 'va-active.jwt');
    const revoked = join(work, 'va-revoked.jwt');
    ok(await radcred(single(active)), 'issue');
    ok(await radcred(single(revoked)), 'issue');
    ok(
      await radcred([
        '--home',
        opHome,
        '--now',
        NOW,
        '--json',
        'revoke',
        revoked,
        '--issuer',
        ISSUER,
        '--ledger',
        ledger,
        '--reason',
        'concurrency',
      ]),
      'revoke',
    );
    const vhome = join(work, 'va-verifier');
    const copy = join(work, 'va-copy');
    ok(
      await radcred(['--home', vhome, '--now', NOW, '--json', 'ledger', 'pull', ledger, copy, '--vkey', vkey]),
      'pull',
    );
    for (const d of [ledger, copy]) rmSync(join(d, 'index'), { recursive: true, force: true });

    const ROUNDS = 4;
    const appends: RunResult[] = [];
    const verifies: RunResult[] = [];
    const pulls: RunResult[] = [];
    let appending = true;
    // batch issuers (each commit touches many shards) and single ones
    const appenders = Promise.all(
      Array.from({ length: P }, async (_, p) => {
        for (let k = 0; k < 2; k++) {
          appends.push(
            await cli(
              p % 2
                ? single(join(work, `va-${p}-${k}.jwt`))
                : batchArgs(opHome, roster(`va-${p}-${k}`, `va-${p}-${k}`), join(work, `va-out-${p}-${k}`), ledger),
            ),
          );
        }
      }),
    ).finally(() => (appending = false));
    const verifiers = Promise.all(
      Array.from({ length: P }, async (_, p) => {
        for (let k = 0; k < ROUNDS; k++) {
          verifies.push(
            await cli([
              '--home',
              vhome,
              '--now',
              NOW,
              '--json',
              'verify',
              active,
              revoked,
              '--any-issuer',
              '--ledger',
              p % 2 ? ledger : copy,
            ]),
          );
        }
      }),
    );
    const puller = (async () => {
      while (appending)
        pulls.push(await cli(['--home', vhome, '--now', NOW, '--json', 'ledger', 'pull', ledger, copy]));
    })();
    await Promise.all([appenders, verifiers, puller]);

    const all = [...appends, ...verifies, ...pulls];
    expect(all.filter((r) => r.code === 70).map((r) => r.stderr)).toEqual([]);
    appends.forEach((r, k) => ok(r, `append ${k}`));
    pulls.forEach((r, k) => ok(r, `pull ${k}`));
    expect(verifies.length).toBe(P * ROUNDS);
    for (const r of verifies) {
      expect(r.code, r.stderr).toBe(1); // one of the two is revoked
      const status = (r.json().results as { checks: { check: string; code: string }[] }[]).map(
        (x) => x.checks.find((c) => c.check === 'status')?.code,
      );
      expect(status).toEqual(['STATUS_ACTIVE', 'REVOKED']);
    }
    // both end up whole: the ledger audits clean with its index, and so does the copy after a last pull
    await audited(ledger);
    ok(await cli(['--home', vhome, '--now', NOW, '--json', 'ledger', 'pull', ledger, copy]), 'last pull');
    const audit = ok(await cli(['--home', vhome, '--json', 'ledger', 'audit', copy]), 'audit copy');
    expect(audit.size).toBe(3 + (P / 2) * 2 + (P / 2) * 2 * ROWS);
    expect(
      readdirSync(join(ledger, 'index')).filter((f) => f.startsWith('.')),
      'no build left behind',
    ).toEqual([]);
  });

  it('breaking a stale lock never removes the lock a faster contender took meanwhile', () => {
    // Two contenders find the owner of .lock dead. The faster breaks it and takes the lock; the
    // slower then gets to its break. It must re-check the owner (now alive) and leave the lock:
    // unlinking it blindly let two processes append at once (seen under 8 contenders: 2 rounds in 150).
    const dir = join(work, 'lock');
    mkdirSync(dir);
    const lock = join(dir, '.lock');
    writeFileSync(lock, `${process.pid}\n`); // the faster contender's fresh lock
    breakStaleLock(lock);
    expect(readFileSync(lock, 'utf8')).toBe(`${process.pid}\n`);
    // a dead owner's lock is broken; so is a breaker whose holder died mid-break
    const dead = spawnSync('true').pid!;
    writeFileSync(lock, `${dead}\n`);
    writeFileSync(`${lock}.break`, `${dead}\n`);
    breakStaleLock(lock); // clears the dead breaker
    breakStaleLock(lock); // breaks the lock
    expect(readdirSync(dir)).toEqual([]);
  });
});
