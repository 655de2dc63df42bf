// The threat model (docs/SECURITY.md), end to end. One story through the real commands: issuers
// (TMB, Lakeshore) log credentials in a ledger run by the registry; Dr. Halvorsen holds them;
// Northbay pins the ledger, keeps a trust list and sends a request; a second office (St. Elsewhere,
// the `abr` demo identity) does the same. Then each threat is played against it. Every case
// asserts the exit status and the stable check or error code, never the wording.
//
// The describe blocks share one ledger, which only grows, and a clock that only moves forward;
// they run in file order. The last block replays the weaknesses found while writing the threat
// model (docs/SECURITY.md, "Weaknesses found and fixed"): each asserts the secure behaviour.
import { createHash, createHmac } from 'node:crypto';
import { chmodSync, cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCredential } from '../../src/credential/issue.js';
import { digestOfSigningInput } from '../../src/jws/compact.js';
import { signCompactJws } from '../verify/tokens.js';
import { appendEntries } from '../../src/ledger/append.js';
import { createEntry, parseEntry, type LedgerEntry } from '../../src/ledger/entry.js';
import { initLedger, operatorOf } from '../../src/ledger/ledger.js';
import { openOwnLedger } from '../../src/ledger/own-ledger.js';
import { queueEntries } from '../../src/ledger/commit.js';
import { createRequest } from '../../src/request/create.js';
import {
  PASSPHRASE,
  cleanup,
  credentialDigest,
  fixture,
  importDemoIdentities,
  tempDir,
  NOW,
  NOW_S,
  radcred,
  radcredProcess,
  type RunResult,
} from '../helpers.js';
import { staleDist } from '../ledger/support.js';
import {
  decodeJwt,
  demoSigner,
  flipSignatureBit,
  handmade,
  mallory,
  replacePayload,
  resign,
  signerFromSeed,
  type Check,
} from '../verify/tokens.js';

const work = tempDir('radcred-threats-');
afterAll(() => cleanup(work));

const ORIGIN = 'ledger.example/threats';
const ISS = join(work, 'issuers'); // tmb, lakeshore and the ledger operator (registry)
const HOLDER = join(work, 'holder'); // priya
const NB = join(work, 'northbay'); // the credentialing office
const SE = join(work, 'st-elsewhere'); // another office (the abr demo identity)
const L = join(work, 'ledger'); // the operator's ledger
const NB_COPY = join(work, 'northbay-ledger'); // Northbay's pinned copy
const SE_COPY = join(work, 'st-elsewhere-ledger');
const REQ = join(work, 'northbay-request.jwt');
const VP = join(work, 'vp.jwt'); // priya's license, for Northbay's request
const VP_REVOKED = join(work, 'vp-revoked.jwt'); // priya's second license, revoked later
const SNAPSHOT = join(work, 'ledger-at-setup'); // L as it was after setup (for the fork)

const DAY = 86_400;
const at = (seconds: number) => String(NOW_S + seconds);
const license = fixture('subjects', 'MedicalLicenseCredential.json');
const degree = fixture('subjects', 'MedicalDegreeCredential.json');

const tmb = demoSigner('tmb');
const lakeshore = demoSigner('lakeshore');
const priya = demoSigner('priya');
const northbay = demoSigner('northbay');
const registry = demoSigner('registry');
const thief = mallory();

let vkey: string;
let challenge: string;
const jwt = { license: '', degree: '', revoked: '', vp: '' };
let n = 0;

const run = (home: string, args: string[], now = NOW, env: Record<string, string> = {}) =>
  radcred(['--home', home, '--now', now, '--json', ...args], { cwd: work, env });

async function ok(p: Promise<RunResult>): Promise<RunResult> {
  const r = await p;
  expect(r.code, r.stderr + r.stdout).toBe(0);
  return r;
}

function file(content: string | Buffer, name = `case-${++n}.jwt`): string {
  const path = join(work, name);
  writeFileSync(path, typeof content === 'string' ? content + '\n' : content);
  return path;
}

/** Northbay verifies `vp` against its own request, trust list and pinned ledger copy. */
const nbVerify = (vp: string, now = NOW, extra: string[] = []) =>
  run(NB, ['verify', vp, '--request', REQ, '--ledger', NB_COPY, ...extra], now);

const checks = (r: RunResult): Check[] => r.json().results[0].checks;
const failing = (r: RunResult) =>
  checks(r)
    .filter((c) => c.status === 'fail')
    .map((c) => c.code);
const codeOf = (r: RunResult, check: string) => checks(r).find((c) => c.check === check)?.code;
const errorCode = (r: RunResult) => r.json().error.code as string;
const noStackTrace = (r: RunResult) => expect(r.stderr + r.stdout).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

/** Asserts a verification failure: exit 1, not verified, and each of `codes` among the failing checks. */
function refused(r: RunResult, codes: string[]): void {
  expect(r.code, r.stdout).toBe(1);
  expect(r.json().verified).toBe(false);
  for (const code of codes) expect(failing(r)).toContain(code);
}

/** A VP-JWT for Northbay's request, signed by `by`, holding `vcs`. */
function presentation(vcs: string[], by = priya, edit: (p: Record<string, any>) => void = () => {}): string {
  return resign(jwt.vp, by, (p) => {
    p.iss = by.did;
    p.vp.holder = by.did;
    p.vp.verifiableCredential = vcs;
    edit(p);
  });
}

/** Every radcred entry of a ledger directory, with its index (what a monitor reads). */
function entriesOf(dir: string): { index: number; entry: LedgerEntry }[] {
  const l = openOwnLedger(dir);
  const out: { index: number; entry: LedgerEntry }[] = [];
  for (let i = 0; i < l.checkpoint.size; i++) out.push({ index: i, entry: parseEntry(l.reader.entry(i)) });
  return out;
}
const sizeOf = (dir: string) => openOwnLedger(dir).checkpoint.size;
const pendingOf = (dir: string) => {
  try {
    return readdirSync(join(dir, 'pending')).filter((f) => f.endsWith('.entry'));
  } catch {
    return [];
  }
};

beforeAll(async () => {
  await importDemoIdentities(ISS, ['tmb', 'lakeshore', 'registry']);
  await importDemoIdentities(HOLDER, ['priya']);
  await importDemoIdentities(NB, ['northbay']);
  await importDemoIdentities(SE, ['abr']);
  vkey = (await ok(run(ISS, ['ledger', 'init', L, '--origin', ORIGIN, '--operator', 'registry']))).json().vkey;

  const issue = async (type: string, issuer: string, data: string, out: string) => {
    await ok(
      run(ISS, [
        'issue',
        type,
        '--issuer',
        issuer,
        '--subject',
        priya.did,
        '--data',
        data,
        '--valid-until',
        '2027-08-31T23:59:59Z',
        '--out',
        join(work, out),
        '--ledger',
        L,
      ]),
    );
    return readFileSync(join(work, out), 'utf8').trim();
  };
  jwt.license = await issue('MedicalLicenseCredential', 'tmb', license, 'license.jwt');
  jwt.degree = await issue('MedicalDegreeCredential', 'lakeshore', degree, 'degree.jwt');
  jwt.revoked = await issue('MedicalLicenseCredential', 'tmb', license, 'revoked.jwt');
  cpSync(L, SNAPSHOT, { recursive: true });
  await ok(
    run(HOLDER, ['wallet', 'add', join(work, 'license.jwt'), join(work, 'degree.jwt'), join(work, 'revoked.jwt')]),
  );

  // Northbay: trust list, the ledger key pinned out of band (--vkey), a signed request.
  await ok(run(NB, ['trust', 'add', tmb.did, '--name', 'Texas Medical Board', '--types', 'MedicalLicenseCredential']));
  await ok(
    run(NB, ['trust', 'add', lakeshore.did, '--name', 'Lakeshore University', '--types', 'MedicalDegreeCredential']),
  );
  await ok(run(NB, ['ledger', 'pull', L, NB_COPY, '--vkey', vkey]));
  challenge = (
    await ok(
      run(NB, ['request', 'create', '--verifier', 'northbay', '--require', 'MedicalLicenseCredential', '--out', REQ]),
    )
  ).json().challenge;

  await ok(
    run(HOLDER, ['present', '--holder', 'priya', '--request', REQ, '--select', join(work, 'license.jwt'), '--out', VP]),
  );
  await ok(
    run(HOLDER, [
      'present',
      '--holder',
      'priya',
      '--request',
      REQ,
      '--select',
      join(work, 'revoked.jwt'),
      '--out',
      VP_REVOKED,
    ]),
  );
  jwt.vp = readFileSync(VP, 'utf8').trim();
});

describe('the story works (control for every case below)', () => {
  it("Northbay verifies Dr. Halvorsen's presentation: exit 0, every check passes", async () => {
    const r = await nbVerify(VP);
    expect(r.code, r.stdout).toBe(0);
    expect(failing(r)).toEqual([]);
    expect(checks(r).map((c) => c.code)).toEqual(
      expect.arrayContaining([
        'SIGNATURE_VALID',
        'AUDIENCE_MATCH',
        'CHALLENGE_MATCH',
        'SUBJECT_IS_HOLDER',
        'ISSUER_TRUSTED',
        'ANCHORED',
        'STATUS_ACTIVE',
        'REQUIRED_PRESENT',
      ]),
    );
  });
});

describe('forged credential', () => {
  // Each forgery inside a presentation properly signed by the holder (who may be the forger).
  const cases: [string, () => string, string[]][] = [
    ['a flipped signature bit', () => flipSignatureBit(jwt.license), ['SIGNATURE_INVALID']],
    [
      'an edited payload under the original signature',
      () =>
        replacePayload(jwt.license, (p) => {
          p.vc.credentialSubject.status = 'active';
          p.exp = NOW_S + 10 * 365 * DAY;
        }),
      ['SIGNATURE_INVALID', 'NOT_ANCHORED'],
    ],
    [
      'alg none',
      () => handmade({ alg: 'none', typ: 'JWT' }, decodeJwt(jwt.license).payload, Buffer.alloc(0)),
      ['ALG_NOT_ALLOWED', 'NOT_ANCHORED'],
    ],
    [
      "HS256 keyed with the issuer's public key",
      () =>
        handmade({ alg: 'HS256', typ: 'JWT', kid: tmb.kid }, decodeJwt(jwt.license).payload, (input) =>
          createHmac('sha256', Buffer.from(tmb.publicKeyBytes)).update(input).digest(),
        ),
      ['ALG_NOT_ALLOWED', 'NOT_ANCHORED'],
    ],
    [
      'signed by another P-256 key, kid and iss naming the issuer',
      () =>
        handmade({ alg: 'ES256', typ: 'JWT', kid: tmb.kid }, decodeJwt(jwt.license).payload, (input) =>
          signerFromSeed('p256', Buffer.alloc(32, 0x17)).sign(input),
        ),
      ['SIGNATURE_INVALID'],
    ],
    [
      'ES256K on the P-256 issuer key (algorithm confusion)',
      () =>
        handmade({ alg: 'ES256K', typ: 'JWT', kid: tmb.kid }, decodeJwt(jwt.license).payload, (input) =>
          tmb.sign(input),
        ),
      ['ALG_KEY_MISMATCH', 'NOT_ANCHORED'],
    ],
    [
      'a valid signature, kid of another DID',
      () => signCompactJws({ ...tmb, kid: lakeshore.kid }, decodeJwt(jwt.license).payload),
      ['KID_MISMATCH'],
    ],
    [
      'self-issued by an untrusted DID (valid signature)',
      () =>
        resign(jwt.license, thief, (p) => {
          p.iss = thief.did;
          p.vc.issuer = thief.did;
        }),
      ['ISSUER_UNTRUSTED', 'NOT_ANCHORED'],
    ],
    [
      'a license signed by an issuer trusted only for degrees',
      () =>
        resign(jwt.license, lakeshore, (p) => {
          p.iss = lakeshore.did;
          p.vc.issuer = lakeshore.did;
        }),
      ['ISSUER_TYPE_UNTRUSTED', 'NOT_ANCHORED'],
    ],
  ];

  it.each(cases)('%s: exit 1 with its check code', async (_name, forge, codes) => {
    const r = await nbVerify(file(presentation([forge()])));
    refused(r, codes);
    expect(failing(r)).toContain('REQUIRED_NOT_VERIFIED');
  });

  it('the same forgeries as bare credentials fail the same way (a VC on its own: steps 1 and 4)', async () => {
    for (const [, forge, codes] of cases) {
      const r = await run(NB, ['verify', file(forge()), '--ledger', NB_COPY]);
      refused(r, codes);
    }
  });
});

describe('stolen issuer key', () => {
  let stolen: { jwt: string; digest: string };
  let thiefVp: string;
  beforeAll(async () => {
    // The thief holds TMB's private key: a license for itself, signed as TMB.
    const data = JSON.parse(readFileSync(license, 'utf8'));
    stolen = await issueCredential({
      signer: tmb,
      type: 'MedicalLicenseCredential',
      subjectDid: thief.did,
      subject: data,
      now: NOW_S + 3600,
    });
    thiefVp = file(
      signCompactJws(thief, {
        iss: thief.did,
        aud: northbay.did,
        nonce: challenge,
        iat: NOW_S + 3600,
        nbf: NOW_S + 3600,
        exp: NOW_S + 7 * DAY,
        vp: {
          '@context': ['https://www.w3.org/2018/credentials/v1'],
          type: ['VerifiablePresentation'],
          holder: thief.did,
          verifiableCredential: [stolen.jwt],
        },
      }),
    );
  });

  it('signed with the stolen key but not in the ledger: NOT_ANCHORED (the signature and trust checks pass)', async () => {
    const r = await nbVerify(thiefVp, at(7200));
    refused(r, ['NOT_ANCHORED', 'STATUS_UNKNOWN']);
    expect(codeOf(r, 'trust')).toBe('ISSUER_TRUSTED');
    expect(
      checks(r)
        .filter((c) => c.check === 'signature')
        .map((c) => c.code),
    ).toEqual(['SIGNATURE_VALID', 'SIGNATURE_VALID']);
  });

  it('logged through the pending queue it verifies (the residual risk), but every such issuance is in the ledger, and revocation stops it', async () => {
    queueEntries(L, [createEntry(tmb, { kind: 'issue', credential: stolen.digest, time: NOW_S + 3600 })]);
    await ok(run(ISS, ['ledger', 'integrate', L, '--operator', 'registry'], at(7200)));
    await ok(run(NB, ['ledger', 'pull', L, NB_COPY], at(7200)));
    const accepted = await nbVerify(thiefVp, at(3 * 3600));
    expect(accepted.code, accepted.stdout).toBe(0);

    // Detection: TMB monitors the ledger for entries under its DID that it did not make.
    const mine = new Set([jwt.license, jwt.revoked].map(credentialDigest));
    const unknown = entriesOf(L).filter(
      (x) => x.entry.issuer === tmb.did && x.entry.kind === 'issue' && !mine.has(x.entry.credential),
    );
    expect(unknown.map((x) => x.entry.credential)).toEqual([stolen.digest]);

    // The issuer revokes it (with its own key, which the thief also has: see SECURITY.md).
    await ok(
      run(
        ISS,
        ['revoke', stolen.digest, '--issuer', 'tmb', '--ledger', L, '--reason', 'issued with a stolen key'],
        at(4 * 3600),
      ),
    );
    await ok(run(NB, ['ledger', 'pull', L, NB_COPY], at(5 * 3600)));
    const after = await nbVerify(thiefVp, at(6 * 3600));
    refused(after, ['REVOKED']);
    expect(codeOf(after, 'anchor')).toBe('ANCHORED');
  });
});

describe('hidden revocation', () => {
  const OLD_COPY = join(work, 'northbay-ledger-before-revocation');
  beforeAll(async () => {
    cpSync(NB_COPY, OLD_COPY, { recursive: true });
    await ok(
      run(
        ISS,
        ['revoke', join(work, 'revoked.jwt'), '--issuer', 'tmb', '--ledger', L, '--reason', 'license surrendered'],
        at(1 * DAY),
      ),
    );
  });

  it('a copy pulled before the revocation still says active: --max-ledger-age turns that into LEDGER_STALE (exit 1)', async () => {
    const stale = await nbVerify(VP_REVOKED, at(2 * DAY));
    expect(stale.code, stale.stdout).toBe(0); // what an old copy knows
    expect(codeOf(stale, 'status')).toBe('STATUS_ACTIVE');
    const bounded = await nbVerify(VP_REVOKED, at(2 * DAY), ['--max-ledger-age', '1d']);
    refused(bounded, ['LEDGER_STALE']);
  });

  it('a ledger copy that includes the revocation: REVOKED (exit 1)', async () => {
    await ok(run(NB, ['ledger', 'pull', L, NB_COPY], at(2 * DAY)));
    const r = await nbVerify(VP_REVOKED, at(2 * DAY), ['--max-ledger-age', '1d']);
    refused(r, ['REVOKED']);
    expect(codeOf(r, 'anchor')).toBe('ANCHORED');
    expect(codeOf(r, 'freshness')).toBe('LEDGER_FRESH');
    // the presentation of the other license is unaffected
    expect((await nbVerify(VP, at(2 * DAY))).code).toBe(0);
  });

  it('an older ledger copy handed to the verifier (by the holder, say) is a rollback: exit 4 LEDGER_ROLLBACK', async () => {
    const r = await run(NB, ['verify', VP_REVOKED, '--request', REQ, '--ledger', OLD_COPY], at(2 * DAY));
    expect(r.code).toBe(4);
    expect(errorCode(r)).toBe('LEDGER_ROLLBACK');
  });

  it('a fresh presentation of the revoked credential does not help: status comes from the ledger copy, not the holder', async () => {
    await ok(
      run(
        HOLDER,
        [
          'present',
          '--holder',
          'priya',
          '--request',
          REQ,
          '--select',
          join(work, 'revoked.jwt'),
          '--out',
          join(work, 'vp-again.jwt'),
        ],
        at(2 * DAY),
      ),
    );
    refused(await nbVerify(join(work, 'vp-again.jwt'), at(2 * DAY)), ['REVOKED']);
  });
});

describe('ledger rollback or fork', () => {
  const FORK = join(work, 'fork');
  beforeAll(() => {
    // The operator's key signs a second history: the ledger as it was at setup (before the thief's
    // credential and both revocations), then other entries.
    cpSync(SNAPSHOT, FORK, { recursive: true });
    const other = demoSigner('lakeshore');
    appendEntries(
      FORK,
      operatorOf(registry, ORIGIN),
      Array.from({ length: 10 }, (_, i) =>
        createEntry(other, {
          kind: 'issue',
          credential: 'sha256:' + String(i).repeat(64).slice(0, 64),
          time: NOW_S + i,
        }),
      ),
    );
  });

  it('pulling a fork: exit 4 LEDGER_FORK, the copy and the pin unchanged', async () => {
    const pin = readFileSync(join(NB, 'pins', `${encodeURIComponent(ORIGIN)}.json`));
    const checkpoint = readFileSync(join(NB_COPY, 'checkpoint'));
    const r = await run(NB, ['ledger', 'pull', FORK, NB_COPY], at(2 * DAY));
    expect(r.code).toBe(4);
    expect(errorCode(r)).toBe('LEDGER_FORK');
    expect(readFileSync(join(NB, 'pins', `${encodeURIComponent(ORIGIN)}.json`))).toEqual(pin);
    expect(readFileSync(join(NB_COPY, 'checkpoint'))).toEqual(checkpoint);
  });

  it('a fork put in place of the verifier copy: verify exits 4 LEDGER_FORK', async () => {
    const r = await run(NB, ['verify', VP_REVOKED, '--request', REQ, '--ledger', FORK], at(2 * DAY));
    expect(r.code).toBe(4);
    expect(errorCode(r)).toBe('LEDGER_FORK');
  });

  it('a ledger under the same origin signed by another key: exit 4 CHECKPOINT_UNTRUSTED_KEY (pull and verify)', async () => {
    const forged = join(work, 'forged-ledger');
    initLedger(forged, ORIGIN, thief);
    const pull = await run(NB, ['ledger', 'pull', forged, NB_COPY], at(2 * DAY));
    expect([pull.code, errorCode(pull)]).toEqual([4, 'CHECKPOINT_UNTRUSTED_KEY']);
    const v = await run(NB, ['verify', VP, '--request', REQ, '--ledger', forged], at(2 * DAY));
    expect([v.code, errorCode(v)]).toEqual([4, 'CHECKPOINT_UNTRUSTED_KEY']);
  });

  it('LIMITATION (out of scope): a split view shown to a verifier that never saw the other branch is accepted', async () => {
    // A new office pins the ledger key correctly, but is first shown the fork. Nothing in radcred
    // compares its checkpoint with anyone else's: the revocation is hidden from it.
    const home = join(work, 'split-view-office');
    cpSync(join(NB, 'trust.json'), join(home, 'trust.json'));
    const pulled = await ok(run(home, ['ledger', 'pull', FORK, join(work, 'split-copy'), '--vkey', vkey], at(2 * DAY)));
    expect(pulled.json().outcome).toBe('pinned');
    const r = await run(
      home,
      ['verify', VP_REVOKED, '--request', REQ, '--ledger', join(work, 'split-copy')],
      at(2 * DAY),
    );
    expect(r.code, r.stdout).toBe(0);
    expect(codeOf(r, 'status')).toBe('STATUS_ACTIVE');
    // ... until it pulls the genuine ledger, which is then a fork of what it pinned.
    const genuine = await run(home, ['ledger', 'pull', L, join(work, 'split-copy')], at(2 * DAY));
    expect([genuine.code, errorCode(genuine)]).toEqual([4, 'LEDGER_FORK']);
  });
});

describe('replayed or forwarded presentation', () => {
  let seRequest: string;
  beforeAll(async () => {
    seRequest = join(work, 'st-elsewhere-request.jwt');
    await ok(
      run(SE, ['request', 'create', '--verifier', 'abr', '--require', 'MedicalLicenseCredential', '--out', seRequest]),
    );
    cpSync(join(NB, 'trust.json'), join(SE, 'trust.json'));
    await ok(run(SE, ['ledger', 'pull', L, SE_COPY, '--vkey', vkey], at(2 * DAY)));
  });

  it('forwarded to a second verifier (Northbay passes it on): AUDIENCE_MISMATCH and CHALLENGE_MISMATCH, exit 1', async () => {
    const r = await run(SE, ['verify', VP, '--request', seRequest, '--ledger', SE_COPY], at(2 * DAY));
    refused(r, ['AUDIENCE_MISMATCH', 'CHALLENGE_MISMATCH']);
    // everything else about it is genuine
    expect(failing(r)).toEqual(['AUDIENCE_MISMATCH', 'CHALLENGE_MISMATCH']);
  });

  it('replayed to the same verifier for a later request: CHALLENGE_MISMATCH and PRESENTATION_PREDATES_REQUEST, exit 1', async () => {
    const req2 = join(work, 'northbay-request-2.jwt');
    await ok(
      run(
        NB,
        ['request', 'create', '--verifier', 'northbay', '--require', 'MedicalLicenseCredential', '--out', req2],
        at(3 * DAY),
      ),
    );
    const r = await run(NB, ['verify', VP, '--request', req2, '--ledger', NB_COPY], at(3 * DAY));
    refused(r, ['CHALLENGE_MISMATCH']);
    expect(failing(r)).toEqual(['CHALLENGE_MISMATCH', 'PRESENTATION_PREDATES_REQUEST']);
  });

  it('replayed after its grant (7 days by default): EXPIRED on the presentation, exit 1', async () => {
    const r = await nbVerify(VP, at(8 * DAY));
    refused(r, ['EXPIRED']);
    expect(checks(r).find((c) => c.code === 'EXPIRED')?.credential).toBeUndefined();
  });

  it("the holder's credential in someone else's presentation: SUBJECT_NOT_HOLDER, exit 1", async () => {
    const r = await nbVerify(file(presentation([jwt.license], thief)));
    refused(r, ['SUBJECT_NOT_HOLDER']);
    expect(failing(r)).not.toContain('SIGNATURE_INVALID'); // the thief's own signature is fine
  });

  it("a presentation in the holder's name signed by another key: SIGNATURE_INVALID on the holder signature, exit 1", async () => {
    const payload = decodeJwt(jwt.vp).payload;
    const r = await nbVerify(
      file(handmade({ alg: 'EdDSA', typ: 'JWT', kid: priya.kid }, payload, (input) => thief.sign(input))),
    );
    refused(r, ['SIGNATURE_INVALID']);
    expect(checks(r).find((c) => c.code === 'SIGNATURE_INVALID')?.credential).toBeUndefined();
  });

  it('LIMITATION: the same presentation for the same request verifies again within its grant (no record of challenges seen)', async () => {
    expect((await nbVerify(VP, at(3600))).code).toBe(0);
    expect((await nbVerify(VP, at(2 * 3600))).code).toBe(0);
  });
});

describe('malicious request', () => {
  const NB_LABEL = 'Northbay General Hospital, Credentialing Office';
  let evil: string;
  beforeAll(async () => {
    // Mallory's own request, naming itself with Northbay's label, asking for more than it needs.
    evil = file(
      (
        await createRequest({
          signer: thief,
          verifierName: NB_LABEL,
          policy: { require: ['MedicalLicenseCredential', 'MedicalDegreeCredential'], cme: [] },
          now: NOW_S + 3600,
        })
      ).jwt,
      'evil-request.jwt',
    );
  });

  it('before signing, the holder is shown the DID that asks and everything it asks for', async () => {
    const out = join(work, 'to-mallory.vp.jwt');
    const r = await radcred([
      '--home',
      HOLDER,
      '--now',
      at(7200),
      'present',
      '--holder',
      'priya',
      '--request',
      evil,
      '--select',
      join(work, 'license.jwt'),
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(thief.did);
    expect(r.stderr).toContain('MedicalDegreeCredential');
    // selective disclosure: only what the holder chose went out, and the log says to whom
    expect(decodeJwt(readFileSync(out, 'utf8')).payload.vp.verifiableCredential).toEqual([jwt.license]);
    const log = (await ok(run(HOLDER, ['disclosures']))).json().disclosures;
    expect(log.at(-1)).toMatchObject({
      audience: thief.did,
      credentials: [expect.objectContaining({ type: 'MedicalLicenseCredential' })],
    });
    // and what it obtained is bound to its own DID: Northbay refuses it
    refused(await nbVerify(out, at(7200)), ['AUDIENCE_MISMATCH', 'CHALLENGE_MISMATCH']);
  });

  it('nothing beyond what is asked can be selected under a request: exit 2 NOT_REQUESTED', async () => {
    const r = await run(HOLDER, [
      'present',
      '--holder',
      'priya',
      '--request',
      REQ,
      '--select',
      join(work, 'degree.jwt'),
      '--out',
      join(work, 'unrequested.vp.jwt'),
    ]);
    expect([r.code, errorCode(r)]).toEqual([2, 'NOT_REQUESTED']);
  });

  it('a request edited in transit (asking for more) is refused before anything is signed: exit 1 REQUEST_SIGNATURE_INVALID', async () => {
    const edited = file(
      replacePayload(readFileSync(REQ, 'utf8'), (p) => {
        p.radcredRequest.policy.require.push('MedicalDegreeCredential');
      }),
    );
    const before = (await run(HOLDER, ['disclosures'])).json().disclosures.length;
    const out = join(work, 'never-written.vp.jwt');
    const r = await run(HOLDER, ['present', '--holder', 'priya', '--request', edited, '--all', '--out', out]);
    expect([r.code, errorCode(r)]).toEqual([1, 'REQUEST_SIGNATURE_INVALID']);
    expect(() => statSync(out)).toThrow();
    expect((await run(HOLDER, ['disclosures'])).json().disclosures.length).toBe(before);
  });

  it('an expired request is refused: exit 1 REQUEST_EXPIRED', async () => {
    const r = await run(
      HOLDER,
      ['present', '--holder', 'priya', '--request', REQ, '--all', '--out', join(work, 'late.vp.jwt')],
      at(31 * DAY),
    );
    expect([r.code, errorCode(r)]).toEqual([1, 'REQUEST_EXPIRED']);
  });

  it('an oversized request file is bad input: exit 3 FILE_TOO_LARGE, no stack trace', async () => {
    const big = file('x'.repeat(300 * 1024), 'big-request.jwt');
    const r = await run(HOLDER, [
      'present',
      '--holder',
      'priya',
      '--request',
      big,
      '--all',
      '--out',
      join(work, 'big.vp.jwt'),
    ]);
    expect([r.code, errorCode(r)]).toEqual([3, 'FILE_TOO_LARGE']);
    noStackTrace(r);
  });
});

describe('tampered trust list', () => {
  const trustFile = (issuers: unknown[]) => file(JSON.stringify({ version: 1, issuers }), `trust-${++n}.json`);

  it('a list that does not name the issuer: ISSUER_UNTRUSTED, exit 1', async () => {
    const list = trustFile([{ did: lakeshore.did, name: 'Lakeshore', types: ['MedicalDegreeCredential'] }]);
    refused(await nbVerify(VP, NOW, ['--trust', list]), ['ISSUER_UNTRUSTED']);
  });

  it('a list that trusts the issuer for other types only: ISSUER_TYPE_UNTRUSTED, exit 1', async () => {
    const list = trustFile([{ did: tmb.did, name: 'TMB', types: ['MedicalDegreeCredential'] }]);
    refused(await nbVerify(VP, NOW, ['--trust', list]), ['ISSUER_TYPE_UNTRUSTED']);
  });

  it('a list with one malformed entry is refused whole: exit 3 TRUST_LIST_INVALID', async () => {
    const list = trustFile([
      { did: tmb.did, name: 'TMB', types: ['MedicalLicenseCredential'] },
      { did: 'did:web:evil.example', name: 'Evil', types: ['*'] },
    ]);
    const r = await nbVerify(VP, NOW, ['--trust', list]);
    expect([r.code, errorCode(r)]).toEqual([3, 'TRUST_LIST_INVALID']);
  });

  it('no list at all fails closed: TRUST_LIST_MISSING, exit 1', async () => {
    const home = join(work, 'office-without-trust-list');
    cpSync(join(NB, 'pins'), join(home, 'pins'), { recursive: true });
    refused(await run(home, ['verify', VP, '--request', REQ, '--ledger', NB_COPY]), ['TRUST_LIST_MISSING']);
  });

  it('an attacker who adds itself to the list passes the trust check, yet its own credential is NOT_ANCHORED', async () => {
    // Defense in depth only while the attacker cannot get its issue entries into the ledger.
    const list = trustFile([{ did: thief.did, name: 'Mallory Medical Board', types: ['*'] }]);
    const own = await issueCredential({
      signer: thief,
      type: 'MedicalLicenseCredential',
      subjectDid: thief.did,
      subject: JSON.parse(readFileSync(license, 'utf8')),
      now: NOW_S,
    });
    const r = await nbVerify(file(presentation([own.jwt], thief)), NOW, ['--trust', list]);
    refused(r, ['NOT_ANCHORED']);
    expect(codeOf(r, 'trust')).toBe('ISSUER_TRUSTED');
  });
});

describe('keystore theft', () => {
  const THIEF = join(work, 'thief-home');
  beforeAll(() => {
    cpSync(join(ISS, 'identities', 'tmb.json'), join(THIEF, 'identities', 'tmb.json'));
    chmodSync(join(THIEF, 'identities', 'tmb.json'), 0o600);
  });

  it('keystores are written mode 0600', () => {
    for (const name of ['tmb', 'lakeshore', 'registry'])
      expect(statSync(join(ISS, 'identities', `${name}.json`)).mode & 0o777).toBe(0o600);
  });

  it('a stolen keystore without the passphrase: exit 3 KEYSTORE_PASSPHRASE, and nothing reaches the ledger', async () => {
    const size = sizeOf(L);
    const pending = pendingOf(L);
    const r = await run(
      THIEF,
      [
        'issue',
        'MedicalLicenseCredential',
        '--issuer',
        'tmb',
        '--subject',
        thief.did,
        '--data',
        license,
        '--out',
        join(work, 'thief.jwt'),
        '--ledger',
        L,
      ],
      at(3 * DAY),
      { RADCRED_PASSPHRASE: 'guess' },
    );
    expect([r.code, errorCode(r)]).toEqual([3, 'KEYSTORE_PASSPHRASE']);
    expect(sizeOf(L)).toBe(size);
    expect(pendingOf(L)).toEqual(pending);
    expect(() => statSync(join(work, 'thief.jwt'))).toThrow();
  });

  it('a keystore crafted to make scrypt allocate gigabytes is refused before any derivation: exit 3 KEYSTORE_INVALID', async () => {
    const path = join(THIEF, 'identities', 'tmb.json');
    const ks = JSON.parse(readFileSync(path, 'utf8'));
    for (const kdf of [{ N: 2 ** 24 }, { r: 1024 }, { N: 2 ** 20, r: 16 }, { N: 2 ** 14 }]) {
      writeFileSync(path, JSON.stringify({ ...ks, kdf: { ...ks.kdf, ...kdf } }));
      const r = await run(
        THIEF,
        [
          'issue',
          'MedicalLicenseCredential',
          '--issuer',
          'tmb',
          '--subject',
          thief.did,
          '--data',
          license,
          '--out',
          join(work, 'thief.jwt'),
        ],
        NOW,
        { RADCRED_PASSPHRASE: PASSPHRASE },
      );
      expect([r.code, errorCode(r)]).toEqual([3, 'KEYSTORE_INVALID']);
    }
  });
});

describe('malformed and oversized inputs (exit 3, a parse failure, never a stack trace)', () => {
  it('a presentation with more than 1,000 credentials: PRESENTATION_TOO_LARGE', async () => {
    const r = await nbVerify(file(presentation(Array.from({ length: 1001 }, () => jwt.license))));
    expect(r.code).toBe(1);
    expect(r.json().results[0]).toMatchObject({
      malformed: false,
      credentials: [],
      checks: [
        expect.objectContaining({ code: 'JWS_WELL_FORMED' }),
        expect.objectContaining({ status: 'fail', code: 'PRESENTATION_TOO_LARGE' }),
      ],
    });
    noStackTrace(r);
  });

  it('a file over 8 MiB: FILE_TOO_LARGE', async () => {
    const r = await nbVerify(file(Buffer.alloc(8 * 1024 * 1024 + 1, 0x41)));
    expect(r.code).toBe(3);
    expect(r.json().results[0].checks[0]).toMatchObject({ check: 'parse', code: 'FILE_TOO_LARGE' });
    noStackTrace(r);
  });

  it('JSON nested deeper than 32 levels inside the JWS: JWS_MALFORMED', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = [deep];
    const r = await nbVerify(
      file(
        presentation([jwt.license], priya, (p) => {
          p.vp.extra = deep;
        }),
      ),
    );
    expect(r.code).toBe(3);
    expect(r.json().results[0].checks[0]).toMatchObject({ check: 'parse', code: 'JWS_MALFORMED' });
    noStackTrace(r);
  });

  it('a damaged pin or trust list is bad input, not a crash', async () => {
    const home = join(work, 'damaged-office');
    cpSync(NB, home, { recursive: true });
    writeFileSync(join(home, 'pins', `${encodeURIComponent(ORIGIN)}.json`), '{"version":1,');
    const pin = await run(home, ['verify', VP, '--request', REQ, '--ledger', NB_COPY]);
    expect([pin.code, errorCode(pin)]).toEqual([3, 'PIN_INVALID']);
    writeFileSync(join(home, 'trust.json'), '['.repeat(100_000));
    const trust = await run(home, ['verify', VP, '--request', REQ, '--no-ledger']);
    expect([trust.code, errorCode(trust)]).toEqual([3, 'TRUST_LIST_INVALID']);
    noStackTrace(pin);
    noStackTrace(trust);
  });
});

describe('weaknesses found while writing the threat model, fixed (see docs/SECURITY.md)', () => {
  const NB_COPY_2 = join(work, 'northbay-ledger-2');
  beforeAll(async () => {
    // A second ledger Northbay also pins, run by another operator (abr, in St. Elsewhere's home).
    // The revoked credential's genuine issue entry is copied into its queue: integrate takes any
    // entry validly signed by its issuer, so anyone who can write to pending/ can do this.
    const L2 = join(work, 'ledger-2');
    initLedger(L2, 'ledger.example/threats-2', demoSigner('abr'));
    const issueEntry = entriesOf(L).find(
      (x) => x.entry.kind === 'issue' && x.entry.credential === credentialDigest(jwt.revoked),
    )!.entry.bytes;
    queueEntries(L2, [issueEntry]);
    await ok(run(SE, ['ledger', 'integrate', L2, '--operator', 'abr'], at(3 * DAY)));
    const vkey2 = (await ok(run(SE, ['ledger', 'status', L2]))).json().vkey;
    await ok(run(NB, ['ledger', 'pull', L2, NB_COPY_2, '--vkey', vkey2], at(3 * DAY)));
  });

  it('control: with the revoking ledger listed first, REVOKED', async () => {
    refused(await nbVerify(VP_REVOKED, at(3 * DAY), ['--ledger', NB_COPY_2]), ['REVOKED']);
  });

  it('W1: a revocation in one pinned ledger is honoured whichever --ledger is listed first', async () => {
    // The first ledger that anchored the credential used to decide its status (src/verify/anchor.ts).
    const r = await run(
      NB,
      ['verify', VP_REVOKED, '--request', REQ, '--ledger', NB_COPY_2, '--ledger', NB_COPY],
      at(3 * DAY),
    );
    refused(r, ['REVOKED']);
  });

  describe('W3: a credential listing a second type', () => {
    // Lakeshore is trusted for degrees only. A VC-JWT (from another tool, or a dishonest issuer)
    // may list several types; the trust and schema checks judge the first one, the request's
    // `required` check accepts any of them.
    let vp: string;
    beforeAll(async () => {
      const confused = resign(jwt.degree, lakeshore, (p) => {
        p.jti = 'urn:uuid:5f0c8f4e-3b7a-4c1e-9d2a-7f6b1e0c4a11';
        p.vc.type = ['VerifiableCredential', 'MedicalDegreeCredential', 'MedicalLicenseCredential'];
      });
      queueEntries(L, [
        createEntry(lakeshore, { kind: 'issue', credential: credentialDigest(confused), time: NOW_S + 3 * DAY }),
      ]);
      await ok(run(ISS, ['ledger', 'integrate', L, '--operator', 'registry'], at(3 * DAY)));
      await ok(run(NB, ['ledger', 'pull', L, NB_COPY], at(3 * DAY)));
      vp = file(
        presentation([confused], priya, (p) => {
          p.iat = NOW_S + 3 * DAY;
          p.nbf = NOW_S + 3 * DAY;
          p.exp = NOW_S + 4 * DAY;
        }),
      );
    });

    it('the issuer must be trusted for every type listed: ISSUER_TYPE_UNTRUSTED (exit 1)', async () => {
      const r = await nbVerify(vp, at(3 * DAY + 60));
      expect(r.code, r.stdout).toBe(1);
      expect(codeOf(r, 'trust')).toBe('ISSUER_TYPE_UNTRUSTED');
    });

    it("an issuer trusted only for degrees cannot satisfy a request's MedicalLicenseCredential requirement", async () => {
      // It used to: exit 0, REQUIRED_PRESENT, and no `license` check ran (the policy counted every
      // listed type, the trust check judged the first only).
      const r = await nbVerify(vp, at(3 * DAY + 60));
      expect(r.code, r.stdout).toBe(1);
      expect(
        checks(r)
          .filter((c) => c.check === 'required' && c.status === 'pass')
          .map((c) => c.message),
      ).not.toContainEqual(expect.stringContaining('MedicalLicenseCredential'));
    });
  });

  describe('W2: front-running an issue entry in the pending queue', () => {
    // TMB issues from a home without the operator key: its issue entry waits in pending/. Mallory
    // reads the digest there and queues her own issue entry for it, dated a minute earlier, so
    // integrate sequences hers first; the ledger then takes Mallory as the credential's issuer.
    const out = join(work, 'queued.jwt');
    beforeAll(async () => {
      const TMB_ONLY = join(work, 'tmb-office');
      await importDemoIdentities(TMB_ONLY, ['tmb']);
      await ok(
        run(
          TMB_ONLY,
          [
            'issue',
            'MedicalLicenseCredential',
            '--issuer',
            'tmb',
            '--subject',
            priya.did,
            '--data',
            license,
            '--out',
            out,
            '--ledger',
            L,
          ],
          at(3 * DAY),
        ),
      );
      const [queued] = pendingOf(L).map((f) => parseEntry(readFileSync(join(L, 'pending', f))));
      expect(queued!.credential).toBe(credentialDigest(readFileSync(out, 'utf8').trim()));
      queueEntries(L, [
        createEntry(thief, { kind: 'issue', credential: queued!.credential, time: queued!.timeSeconds - 60 }),
      ]);
      const integrated = await ok(run(ISS, ['ledger', 'integrate', L, '--operator', 'registry'], at(3 * DAY)));
      expect(integrated.json()).toMatchObject({ integrated: 2, rejected: [] });
      await ok(run(NB, ['ledger', 'pull', L, NB_COPY], at(3 * DAY)));
    });

    it("verification is not fooled: it looks for an issue entry by the credential's own iss (ANCHORED)", async () => {
      const r = await run(NB, ['verify', out, '--ledger', NB_COPY], at(3 * DAY + 60));
      expect(r.code, r.stdout).toBe(0);
      expect(codeOf(r, 'anchor')).toBe('ANCHORED');
    });

    it('and the genuine issuer can still revoke it: status is kept per (credential, issuer)', async () => {
      // It used to fail with exit 3 NOT_ISSUER: whoever logged the digest first was "the issuer".
      const r = await run(
        ISS,
        ['revoke', out, '--issuer', 'tmb', '--ledger', L, '--reason', 'issued in error'],
        at(3 * DAY + 120),
      );
      expect(r.code, r.stdout).toBe(0);
      await ok(run(NB, ['ledger', 'pull', L, NB_COPY], at(3 * DAY + 180)));
      const v = await run(NB, ['verify', out, '--ledger', NB_COPY], at(3 * DAY + 240));
      expect(v.code, v.stdout).toBe(1);
      expect(codeOf(v, 'status')).toBe('REVOKED');
      const audit = await run(NB, ['ledger', 'audit', NB_COPY], at(3 * DAY + 240));
      expect(audit.code, audit.stderr).toBe(0);
    });
  });
});

describe("W4 (fixed): the copy's index/ is trusted only as far as the verifier's home vouches for it", () => {
  // Someone who can write Northbay's ledger copy (not its home) edits the derived index so the
  // revocation of the second license disappears, and recomputes every hash the index records
  // about itself. Through the real binary: verify must still find the revocation.
  const when = at(3 * DAY + 300);
  let revokeAt: number;
  let issueAt: number;
  const hex = () => credentialDigest(jwt.revoked).slice('sha256:'.length);
  const cliVerify = () =>
    radcredProcess(
      ['--home', NB, '--now', when, '--json', 'verify', VP_REVOKED, '--request', REQ, '--ledger', NB_COPY],
      { cwd: work },
    );
  const cliAudit = () =>
    radcredProcess(['--home', NB, '--now', when, '--json', 'ledger', 'audit', NB_COPY], { cwd: work });

  /** Every index state under DIR/index (any layout), with the shard file next to it that holds the credential. */
  function statesWithShard(copy: string): { state: string; shard: string }[] {
    const out: { state: string; shard: string }[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name === 'state') out.push({ state: path, shard: join(dir, hex().slice(0, 3)) });
      }
    };
    walk(join(copy, 'index'));
    return out;
  }

  /** Edits the shard (null: deletes it) and rewrites its hash in the state, as the attacker would. */
  function forgeIndex(edit: (text: string) => string | null): void {
    let edited = 0;
    for (const { state, shard } of statesWithShard(NB_COPY)) {
      let text: string;
      try {
        text = readFileSync(shard, 'utf8');
      } catch {
        continue;
      }
      const s = JSON.parse(readFileSync(state, 'utf8'));
      const next = edit(text);
      rmSync(shard); // its own inode (a shard may be a hard link shared with another version)
      if (next === null) delete s.shards[hex().slice(0, 3)];
      else {
        writeFileSync(shard, next);
        s.shards[hex().slice(0, 3)] = createHash('sha256').update(next).digest('hex');
      }
      writeFileSync(state, JSON.stringify(s));
      edited++;
    }
    expect(edited).toBeGreaterThan(0);
  }

  beforeAll(() => {
    expect(staleDist()).toBeUndefined();
    const mine = entriesOf(L).filter((x) => x.entry.credential === credentialDigest(jwt.revoked));
    revokeAt = mine.find((x) => x.entry.kind === 'revoke')!.index;
    issueAt = mine.find((x) => x.entry.kind === 'issue')!.index;
  });

  it('control: the copy as pulled says REVOKED, and audits clean', async () => {
    refused(await cliVerify(), ['REVOKED']);
    expect((await cliAudit()).code).toBe(0);
    expect(
      statesWithShard(NB_COPY).some(({ shard }) => readFileSync(shard, 'utf8').includes(`${hex()} ${revokeAt}\n`)),
    ).toBe(true);
  });

  it.each([
    [
      'the revocation line deleted, the shard hash recomputed in the state',
      (t: string) => t.replace(`${hex()} ${revokeAt}\n`, ''),
    ],
    ['the shard deleted, and dropped from the state', () => null],
    [
      'the revocation line pointing at the issue entry instead, the hash recomputed',
      (t: string) => t.replace(`${hex()} ${revokeAt}\n`, `${hex()} ${issueAt}\n`),
    ],
  ])(
    '%s: verify still says REVOKED (exit 1) and repairs the copy; audit names it (exit 4 LEDGER_INDEX_MISMATCH)',
    async (_what, edit) => {
      forgeIndex(edit);
      const first = await cliVerify();
      refused(first, ['REVOKED']);
      expect((await cliAudit()).code).toBe(0); // verify put the right index back
      forgeIndex(edit);
      const audit = await cliAudit();
      expect(audit.code, audit.stdout + audit.stderr).toBe(4);
      expect(errorCode(audit)).toBe('LEDGER_INDEX_MISMATCH');
      expect(audit.json().error.details.shard).toBe(hex().slice(0, 3));
      const r = await cliVerify();
      refused(r, ['REVOKED']);
      noStackTrace(r);
      expect((await cliAudit()).code).toBe(0);
    },
  );

  it('the whole index replaced by one built elsewhere without the revocation: still REVOKED', async () => {
    // a consistent index, as an older radcred or another tool could make, planted with no trace
    forgeIndex((t) => t.replace(`${hex()} ${revokeAt}\n`, ''));
    const planted = join(work, 'planted-index');
    cpSync(join(NB_COPY, 'index'), planted, { recursive: true });
    rmSync(join(NB_COPY, 'index'), { recursive: true });
    refused(await cliVerify(), ['REVOKED']); // rebuilt from the entries
    rmSync(join(NB_COPY, 'index'), { recursive: true });
    cpSync(planted, join(NB_COPY, 'index'), { recursive: true });
    refused(await cliVerify(), ['REVOKED']); // the planted one's digest is not the one the home recorded
  });
});
