// present --holder NAME --audience DID --challenge NONCE (--select ID... | --all) [--valid-for] --out FILE [--force]
// disclosures
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestOfSigningInput } from '../../src/jws/compact.js';
import { cleanup, credentialDigest, fixture, importDemoIdentities, NOW, NOW_S, radcred, tempDir } from '../helpers.js';
import { shortDid } from '../../src/cli/render/text.js';
import { decodeJwt } from '../verify/tokens.js';

let dir: string;
let issuerHome: string;
let home: string;
let dids: Record<string, string>;
const jwt: Record<string, string> = {};
const presentations: { digest: string; out: string; challenge: string; credentials: string[] }[] = [];

beforeAll(async () => {
  dir = tempDir('radcred-present-');
  issuerHome = join(dir, 'issuers');
  home = join(dir, 'priya');
  dids = await importDemoIdentities(issuerHome, ['lakeshore', 'tmb', 'northbay']);
  Object.assign(dids, await importDemoIdentities(home, ['priya']));
  const issue = async (name: string, type: string, issuer: string, extra: string[] = [], now = NOW) => {
    const out = join(dir, `${name}.jwt`);
    const r = await radcred([
      '--home',
      issuerHome,
      '--now',
      now,
      '--json',
      'issue',
      type,
      '--issuer',
      issuer,
      '--subject',
      dids.priya!,
      '--data',
      fixture('subjects', `${type}.json`),
      '--out',
      out,
      ...extra,
    ]);
    if (r.code !== 0) throw new Error(`issue ${name}: ${r.stderr}`);
    jwt[name] = readFileSync(out, 'utf8').trim();
  };
  await issue('degree', 'MedicalDegreeCredential', 'lakeshore');
  await issue('license', 'MedicalLicenseCredential', 'tmb', ['--valid-until', '2027-08-31T23:59:59Z']);
  await issue(
    'oldLicense',
    'MedicalLicenseCredential',
    'tmb',
    ['--valid-until', '2026-01-01T00:00:00Z'],
    '2025-01-01T00:00:00Z',
  );
  await issue('futureDegree', 'MedicalDegreeCredential', 'lakeshore', ['--valid-from', '2027-06-01']);
  const added = await radcred([
    '--home',
    home,
    'wallet',
    'add',
    ...['degree', 'license', 'oldLicense', 'futureDegree'].map((n) => join(dir, `${n}.jwt`)),
  ]);
  if (added.code !== 0) throw new Error(`wallet add: ${added.stdout}`);
});
afterAll(() => cleanup(dir));

const present = (args: string[], out: string, now = NOW) =>
  radcred([
    '--home',
    home,
    '--now',
    now,
    '--json',
    'present',
    '--holder',
    'priya',
    '--audience',
    dids.northbay!,
    ...args,
    '--out',
    out,
  ]);

/** Presents, checks the result and the file, and remembers it for the disclosure log. */
async function presentOk(name: string, args: string[], challenge = `challenge-${name}`) {
  const out = join(dir, `${name}.vp.jwt`);
  const r = await present(['--challenge', challenge, ...args], out);
  expect(r.code, r.stderr).toBe(0);
  const data = r.json();
  const vp = readFileSync(out, 'utf8').trim();
  const { payload } = decodeJwt(vp);
  expect(data).toMatchObject({
    holder: dids.priya,
    audience: dids.northbay,
    challenge,
    out,
    digest: credentialDigest(vp),
  });
  expect(payload).toMatchObject({ iss: dids.priya, aud: dids.northbay, nonce: challenge, iat: NOW_S });
  const inside: string[] = payload.vp.verifiableCredential;
  expect(data.credentials.map((c: { digest: string }) => c.digest)).toEqual(inside.map(credentialDigest));
  presentations.push({ digest: data.digest, out, challenge, credentials: inside.map(credentialDigest) });
  return { data, vp, payload, inside, out };
}

const hex = (name: string) => credentialDigest(jwt[name]!).slice('sha256:'.length);

describe('present', () => {
  it('--select by digest prefix and by jti presents exactly those credentials, and the presentation verifies', async () => {
    const { inside, out } = await presentOk('selected', [
      '--select',
      hex('degree').slice(0, 8),
      decodeJwt(jwt.license!).payload.jti,
    ]);
    expect(inside).toEqual([jwt.degree, jwt.license]);
    const v = await radcred([
      '--now',
      NOW,
      '--json',
      'verify',
      out,
      '--audience',
      dids.northbay!,
      '--challenge',
      'challenge-selected',
      '--any-issuer',
      '--no-ledger',
    ]);
    expect(v.code).toBe(0);
    expect(v.json().results[0].credentials).toHaveLength(2);
  });

  it('--select by file and by full digest', async () => {
    const { inside } = await presentOk('by-file', [
      '--select',
      join(dir, 'license.jwt'),
      '--select',
      credentialDigest(jwt.degree!),
    ]);
    expect(inside).toEqual([jwt.license, jwt.degree]);
  });

  it('--all presents every credential valid now, leaving out the expired and the not yet valid', async () => {
    const { inside } = await presentOk('all', ['--all']);
    expect([...inside].sort()).toEqual([jwt.degree, jwt.license].sort());
  });

  it('--valid-for sets the end of the grant (default 7 days)', async () => {
    const { payload: dflt } = await presentOk('default-grant', ['--select', hex('degree')]);
    expect(dflt.exp).toBe(NOW_S + 7 * 86400);
    const { payload, data } = await presentOk('grant-36h', ['--select', hex('degree'), '--valid-for', '36h']);
    expect(payload.exp).toBe(NOW_S + 36 * 3600);
    expect(data.expires).toBe('2026-11-29T06:00:00Z');
    const bad = await present(
      ['--challenge', 'c', '--select', hex('degree'), '--valid-for', '2 weeks'],
      join(dir, 'never-1.jwt'),
    );
    expect(bad.code).toBe(2);
    expect(bad.json().error.code).toBe('DURATION_INVALID');
  });

  it('an expired credential named with --select is refused (exit 3, CREDENTIAL_EXPIRED); nothing is written or logged', async () => {
    const logged = presentations.length;
    const out = join(dir, 'expired.vp.jwt');
    const r = await present(['--challenge', 'c', '--select', hex('degree'), hex('oldLicense')], out);
    expect(r.code).toBe(3);
    expect(r.json().error.code).toBe('CREDENTIAL_EXPIRED');
    expect(r.json().error.message).toContain(hex('oldLicense').slice(0, 12));
    expect(existsSync(out)).toBe(false);
    const log = (await radcred(['--home', home, '--json', 'disclosures'])).json().disclosures;
    expect(log).toHaveLength(logged);
  });

  it('a not-yet-valid credential named with --select is refused (exit 3)', async () => {
    const r = await present(['--challenge', 'c', '--select', hex('futureDegree')], join(dir, 'future.vp.jwt'));
    expect(r.code).toBe(3);
    expect(r.json().error.code).toBe('CREDENTIAL_NOT_YET_VALID');
  });

  it('with no --select or --all and no terminal to ask on, it is a usage error (exit 2)', async () => {
    const r = await present(['--challenge', 'c'], join(dir, 'nothing.vp.jwt'));
    expect(r.code).toBe(2);
    expect(r.json().error.code).toBe('NOTHING_SELECTED');
    const noInput = await radcred([
      '--home',
      home,
      '--now',
      NOW,
      '--json',
      '--no-input',
      'present',
      '--holder',
      'priya',
      '--audience',
      dids.northbay!,
      '--challenge',
      'c',
      '--out',
      join(dir, 'nothing2.vp.jwt'),
    ]);
    expect(noInput.code).toBe(2);
  });

  it('usage errors: --select with --all, no audience or challenge, an audience that is not a DID (exit 2)', async () => {
    const both = await present(['--challenge', 'c', '--select', hex('degree'), '--all'], join(dir, 'x1.jwt'));
    expect(both.code).toBe(2);
    expect(both.json().error.code).toBe('OPTION_CONFLICT');
    const noChallenge = await present(['--all'], join(dir, 'x2.jwt'));
    expect(noChallenge.code).toBe(2);
    expect(noChallenge.json().error.code).toBe('AUDIENCE_MISSING');
    const notDid = await radcred([
      '--home',
      home,
      '--now',
      NOW,
      '--json',
      'present',
      '--holder',
      'priya',
      '--audience',
      'northbay',
      '--challenge',
      'c',
      '--all',
      '--out',
      join(dir, 'x3.jwt'),
    ]);
    expect(notDid.code).toBe(2);
    expect(notDid.json().error.code).toBe('AUDIENCE_INVALID');
    const noOut = await radcred([
      '--home',
      home,
      '--json',
      'present',
      '--holder',
      'priya',
      '--audience',
      dids.northbay!,
      '--challenge',
      'c',
      '--all',
    ]);
    expect(noOut.code).toBe(2);
    for (const f of ['x1.jwt', 'x2.jwt', 'x3.jwt']) expect(existsSync(join(dir, f))).toBe(false);
  });

  it('unknown credentials and holders are exit 3', async () => {
    const unknown = await present(['--challenge', 'c', '--select', 'deadbeefdeadbeef'], join(dir, 'x4.jwt'));
    expect(unknown.code).toBe(3);
    expect(unknown.json().error.code).toBe('CREDENTIAL_NOT_FOUND');
    const nobody = await radcred([
      '--home',
      home,
      '--json',
      'present',
      '--holder',
      'nobody',
      '--audience',
      dids.northbay!,
      '--challenge',
      'c',
      '--all',
      '--out',
      join(dir, 'x5.jwt'),
    ]);
    expect(nobody.code).toBe(3);
    expect(nobody.json().error.code).toBe('IDENTITY_NOT_FOUND');
  });

  it('refuses to overwrite --out without --force (exit 2); --force replaces it', async () => {
    const out = join(dir, 'selected.vp.jwt');
    const before = readFileSync(out, 'utf8');
    const r = await present(['--challenge', 'c', '--select', hex('degree')], out);
    expect(r.code).toBe(2);
    expect(r.json().error.code).toBe('OUT_EXISTS');
    expect(readFileSync(out, 'utf8')).toBe(before);
    const forced = await present(['--challenge', 'forced', '--select', hex('degree'), '--force'], out);
    expect(forced.code).toBe(0);
    expect(decodeJwt(readFileSync(out, 'utf8')).payload.nonce).toBe('forced');
    presentations.push({
      digest: forced.json().digest,
      out,
      challenge: 'forced',
      credentials: [credentialDigest(jwt.degree!)],
    });
  });

  it('--all follows the clock; with nothing to present it is refused (exit 2)', async () => {
    const later = await present(['--challenge', 'c', '--all'], join(dir, 'none-valid.vp.jwt'), '2030-01-01');
    // in 2030 the license has expired; the degrees are still valid, so this one works
    expect(later.code).toBe(0);
    presentations.push({
      digest: later.json().digest,
      out: join(dir, 'none-valid.vp.jwt'),
      challenge: 'c',
      credentials: later.json().credentials.map((c: { digest: string }) => c.digest),
    });
    const empty = join(dir, 'empty-holder');
    await importDemoIdentities(empty, ['priya']);
    const r = await radcred([
      '--home',
      empty,
      '--now',
      NOW,
      '--json',
      'present',
      '--holder',
      'priya',
      '--audience',
      dids.northbay!,
      '--challenge',
      'c',
      '--all',
      '--out',
      join(dir, 'x6.jwt'),
    ]);
    expect(r.code).toBe(2);
    expect(r.json().error.code).toBe('NOTHING_SELECTED');
  });
});

describe('disclosures', () => {
  it('every presentation made appears in the disclosure log, in order, with what was shown to whom', async () => {
    expect(presentations.length).toBeGreaterThanOrEqual(6);
    const r = await radcred(['--home', home, '--json', 'disclosures']);
    expect(r.code).toBe(0);
    const log = r.json().disclosures as {
      presentation: string;
      audience: string;
      challenge: string;
      holder: string;
      holderName: string;
      out: string;
      credentials: { digest: string }[];
    }[];
    expect(log.map((d) => d.presentation)).toEqual(presentations.map((p) => p.digest));
    log.forEach((d, i) => {
      expect(d).toMatchObject({
        audience: dids.northbay,
        holder: dids.priya,
        holderName: 'priya',
        challenge: presentations[i]!.challenge,
        out: presentations[i]!.out,
      });
      expect(d.credentials.map((c) => c.digest)).toEqual(presentations[i]!.credentials);
    });
    // the log says who was shown what: only its owner may read it
    expect(statSync(join(home, 'disclosures.jsonl')).mode & 0o777).toBe(0o600);
    const human = await radcred(['--home', home, 'disclosures']);
    expect(human.code).toBe(0);
    const lines = human.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TIME \(UTC\)\s+HOLDER\s+AUDIENCE\s+CREDENTIALS$/);
    // no request named the audience here, and the holder's home does not know it: its DID shortened (--json keeps it whole)
    expect(lines).toHaveLength(log.length + 1);
    for (const line of lines.slice(1))
      expect(line).toMatch(
        new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  priya {3}${shortDid(dids.northbay!)}  Medical`),
      );
  });

  it('a home that presented nothing has an empty log', async () => {
    const r = await radcred(['--home', join(dir, 'issuers'), '--json', 'disclosures']);
    expect(r.code).toBe(0);
    expect(r.json().disclosures).toEqual([]);
  });
});
