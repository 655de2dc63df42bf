// A small, complete world for tests that drive the real binary: an issuer home (the Texas Medical
// Board, which also operates the ledger, so entries commit directly), a holder (Dr. Halvorsen) with
// her license in the wallet, a verifier (Northbay) with a trust list, a pinned ledger copy and a
// signed request, and the presentation that answers it. Built once per test file, in-process (no
// prompts, fixed demo seeds); copied per case where a case may change it.
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';
import { fixture, importDemoIdentities, NOW, radcred } from '../helpers.js';

export interface World {
  dir: string;
  dids: Record<string, string>;
  /** paths inside `dir`, relative, so a copy of the world can use them from its own cwd */
  files: {
    license: string;
    data: string;
    roster: string;
    vp: string;
    request: string;
    trust: string;
    vkey: string;
    proof: string;
    entry: string;
    ledger: string;
    copy: string;
    /** a second license, suspended (so reinstate has something to lift) */
    suspended: string;
    /** a private key to import, as a hex seed file and as a JWK file */
    seed: string;
    jwk: string;
    /** Northbay's verification record of the presentation */
    record: string;
    /** the ledger's checkpoint cosigned by Northbay as a witness */
    cosigned: string;
    /** a strong passphrase to change a keystore's to (`id passwd --new-passphrase-file`) */
    newPassphrase: string;
  };
  homes: { issuer: string; holder: string; verifier: string };
}

/** Runs a setup step in-process with the world as the working directory, failing loudly. */
async function step(dir: string, args: string[]): Promise<string> {
  const r = await radcred(['--now', NOW, ...args], { cwd: dir });
  if (r.code !== 0) throw new Error(`world setup: radcred ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

export async function buildWorld(dir: string): Promise<World> {
  const homes = { issuer: 'issuer', holder: 'holder', verifier: 'verifier' };
  const dids = {
    ...(await importDemoIdentities(join(dir, homes.issuer), ['tmb', 'registry'])),
    ...(await importDemoIdentities(join(dir, homes.holder), ['priya'])),
    ...(await importDemoIdentities(join(dir, homes.verifier), ['northbay'])),
  };
  const files = {
    license: 'license.jwt',
    data: 'license-data.json',
    roster: 'roster.csv',
    vp: 'vp.jwt',
    request: 'request.jwt',
    trust: join(homes.verifier, 'trust.json'),
    vkey: 'ledger/vkey',
    proof: 'license.proof',
    entry: 'license.proof.entry',
    ledger: 'ledger',
    copy: 'copy',
    suspended: 'suspended.jwt',
    seed: 'import.seed',
    jwk: 'import.jwk',
    record: 'record.jwt',
    cosigned: 'checkpoint.cosigned',
    newPassphrase: 'new.pass',
  };
  const data = JSON.parse(readFileSync(fixture('subjects', 'MedicalLicenseCredential.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  writeFileSync(join(dir, files.data), JSON.stringify(data, null, 2));
  const cell = (v: unknown) => (Array.isArray(v) ? v.join(';') : String(v));
  writeFileSync(
    join(dir, files.roster),
    `subject,${Object.keys(data).join(',')}\n${dids.priya},${Object.values(data).map(cell).join(',')}\n`,
  );
  const I = ['--home', homes.issuer];
  await step(dir, [
    ...I,
    'ledger',
    'init',
    files.ledger,
    '--origin',
    'ledger.tmb.example/credentials',
    '--operator',
    'registry',
  ]);
  await step(dir, [
    ...I,
    'issue',
    'MedicalLicenseCredential',
    '--issuer',
    'tmb',
    '--subject',
    dids.priya!,
    '--data',
    files.data,
    '--valid-until',
    '2027-08-31',
    '--ledger',
    files.ledger,
    '--out',
    files.license,
  ]);
  await step(dir, [...I, 'ledger', 'prove', files.ledger, files.license, '--out', files.proof]);
  await step(dir, [
    ...I,
    'issue',
    'MedicalLicenseCredential',
    '--issuer',
    'tmb',
    '--subject',
    dids.priya!,
    '--data',
    files.data,
    '--ledger',
    files.ledger,
    '--out',
    files.suspended,
  ]);
  await step(dir, [
    ...I,
    'suspend',
    files.suspended,
    '--issuer',
    'tmb',
    '--ledger',
    files.ledger,
    '--reason',
    'test world',
  ]);
  writeFileSync(join(dir, files.seed), '11'.repeat(32) + '\n');
  writeFileSync(join(dir, files.newPassphrase), 'plum harbour 77 kettle\n');
  await step(dir, [...I, 'id', 'export', 'registry', '--out', files.jwk, '--yes']);
  await step(dir, ['--home', homes.holder, 'wallet', 'add', files.license]);
  const V = ['--home', homes.verifier];
  await step(dir, [
    ...V,
    'trust',
    'add',
    dids.tmb!,
    '--name',
    'Texas Medical Board',
    '--types',
    'MedicalLicenseCredential',
  ]);
  await step(dir, [...V, 'ledger', 'pull', files.ledger, files.copy, '--vkey', files.vkey]);
  await step(dir, [
    ...V,
    'request',
    'create',
    '--verifier',
    'northbay',
    '--require',
    'MedicalLicenseCredential',
    '--out',
    files.request,
  ]);
  await step(dir, [
    '--home',
    homes.holder,
    'present',
    '--holder',
    'priya',
    '--request',
    files.request,
    '--all',
    '--out',
    files.vp,
  ]);
  await step(dir, [
    ...V,
    'verify',
    files.vp,
    '--request',
    files.request,
    '--ledger',
    files.copy,
    '--record',
    files.record,
    '--signer',
    'northbay',
  ]);
  await step(dir, [...V, 'ledger', 'cosign', files.copy, '--witness', 'northbay', '--out', files.cosigned]);
  return { dir, dids, files, homes };
}

/** A fresh copy of the world in `to` (each case that may write gets its own). */
export function copyWorld(world: World, to: string): World {
  cpSync(world.dir, to, { recursive: true });
  return { ...world, dir: to };
}

/** Every regular file under `dir` with the SHA-256 of its bytes (to assert nothing changed). */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.set(relative(dir, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
      else out.set(relative(dir, p), `special:${statSync(p).mode}`);
    }
  };
  walk(dir);
  return out;
}

/** The entries of `after` that differ from `before` (added, removed or changed files). */
export function changes(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}
