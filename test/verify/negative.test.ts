// One known-good presentation (Dr. Halvorsen's license from TMB, degree from Lakeshore, CME
// certificate from RSNA, for Northbay and its challenge), then one change at a time: each case
// asserts the exit status and the code of the failing check, never the wording.
import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestOfSigningInput } from '../../src/jws/compact.js';
import {
  cleanup,
  credentialDigest,
  fixture,
  importDemoIdentities,
  tempDir,
  NOW,
  NOW_S,
  radcred,
  radcredProcess,
} from '../helpers.js';
import {
  decodeJwt,
  demoSigner,
  failing,
  flipSignatureBit,
  handmade,
  mallory,
  replacePayload,
  resign,
  signCompactJws,
  warnings,
  type Check,
  type SeedSigner,
} from './tokens.js';

const CHALLENGE = 'northbay-appointment-2026-4471';

let dir: string;
let verifierHome: string;
let trustFile: string;
let dids: Record<string, string>;
const good = { degree: '', license: '', cme: '', vp: '' };
let signer: Record<'lakeshore' | 'tmb' | 'rsna' | 'priya' | 'northbay', SeedSigner>;
let n = 0;

beforeAll(async () => {
  dir = tempDir('radcred-negative-');
  const home = join(dir, 'home');
  verifierHome = join(dir, 'verifier'); // no trust.json here: "no trust list" is the default
  mkdirSync(verifierHome);
  dids = await importDemoIdentities(home, ['lakeshore', 'tmb', 'rsna', 'priya', 'northbay']);
  const issue = async (type: string, issuer: string, out: string, extra: string[] = []) => {
    const r = await radcred([
      '--home',
      home,
      '--now',
      NOW,
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
      join(dir, out),
      ...extra,
    ]);
    if (r.code !== 0) throw new Error(`issue ${type}: ${r.stderr}`);
    return readFileSync(join(dir, out), 'utf8').trim();
  };
  good.degree = await issue('MedicalDegreeCredential', 'lakeshore', 'degree.jwt');
  good.license = await issue('MedicalLicenseCredential', 'tmb', 'license.jwt', [
    '--valid-until',
    '2027-08-31T23:59:59Z',
  ]);
  good.cme = await issue('CMECertificateCredential', 'rsna', 'cme.jwt');
  const added = await radcred([
    '--home',
    home,
    'wallet',
    'add',
    join(dir, 'degree.jwt'),
    join(dir, 'license.jwt'),
    join(dir, 'cme.jwt'),
  ]);
  if (added.code !== 0) throw new Error(`wallet add: ${added.stderr}`);
  const vp = await radcred([
    '--home',
    home,
    '--now',
    NOW,
    'present',
    '--holder',
    'priya',
    '--audience',
    dids.northbay!,
    '--challenge',
    CHALLENGE,
    '--all',
    '--valid-for',
    '14d',
    '--out',
    join(dir, 'good.vp.jwt'),
  ]);
  if (vp.code !== 0) throw new Error(`present: ${vp.stderr}`);
  good.vp = readFileSync(join(dir, 'good.vp.jwt'), 'utf8').trim();
  trustFile = writeTrust('trust.json', [
    { did: dids.lakeshore!, name: 'Lakeshore University School of Medicine', types: ['MedicalDegreeCredential'] },
    { did: dids.tmb!, name: 'Texas Medical Board', types: ['MedicalLicenseCredential'] },
    { did: dids.rsna!, name: 'Radiological Society of North America', types: ['CMECertificateCredential'] },
  ]);
  signer = {
    lakeshore: demoSigner('lakeshore'),
    tmb: demoSigner('tmb'),
    rsna: demoSigner('rsna'),
    priya: demoSigner('priya'),
    northbay: demoSigner('northbay'),
  };
});

afterAll(() => cleanup(dir));

function writeTrust(name: string, issuers: Record<string, unknown>[]): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ version: 1, issuers }, null, 2));
  return file;
}

interface Flags {
  audience?: string[];
  trust?: string[];
  ledger?: string[];
}

interface Verified {
  code: number;
  stderr: string;
  report: {
    verified: boolean;
    results: {
      file: string;
      kind: string;
      verified: boolean;
      malformed: boolean;
      holder?: string;
      checks: Check[];
      credentials: any[];
    }[];
  };
  result: Verified['report']['results'][number];
}

function writeToken(content: string | Buffer): string {
  const file = join(dir, `case-${++n}.jwt`);
  writeFileSync(file, typeof content === 'string' ? content + '\n' : content);
  return file;
}

/** Is this file a bare credential (a vc claim and no vp)? Those are verified without an audience. */
function bareCredential(file: string): boolean {
  try {
    const { payload } = decodeJwt(readFileSync(file, 'utf8'));
    return payload.vc !== undefined && payload.vp === undefined;
  } catch {
    return false;
  }
}

/**
 * verify --json with the good fixture's flags, any group of which a case may replace. A bare
 * credential is verified on its own, without an expected audience (with one it must fail
 * PRESENTATION_REQUIRED, which has its own case).
 */
async function verifyFiles(files: string[], flags: Flags = {}): Promise<Verified> {
  const r = await radcred([
    '--home',
    verifierHome,
    '--now',
    NOW,
    '--json',
    'verify',
    ...files,
    ...(flags.audience ??
      (files.every(bareCredential) ? [] : ['--audience', dids.northbay!, '--challenge', CHALLENGE])),
    ...(flags.trust ?? ['--trust', trustFile]),
    ...(flags.ledger ?? ['--no-ledger']),
  ]);
  const report = r.json();
  return { code: r.code, stderr: r.stderr, report, result: report.results[0] };
}

const verifyToken = (token: string | Buffer, flags: Flags = {}) => verifyFiles([writeToken(token)], flags);

/** The good VP's payload with other credentials (and any other edit), signed by `by` (default: priya). */
function presentation(
  vcs: string[],
  edit: (p: Record<string, any>) => void = () => {},
  by: SeedSigner = signer.priya,
): string {
  return resign(good.vp, by, (p) => {
    p.vp.verifiableCredential = vcs;
    edit(p);
  });
}

/** Asserts: exit 1, not verified, and exactly these failing check codes. */
function expectFailure(v: Verified, codes: string[]): void {
  expect(v.code).toBe(1);
  expect(v.report.verified).toBe(false);
  expect(v.result.verified).toBe(false);
  expect(v.result.malformed).toBe(false);
  expect(failing(v.result)).toEqual(codes);
}

const failingCheck = (v: Verified, code: string) =>
  v.result.checks.find((c) => c.status === 'fail' && c.code === code)!;
const holderSignature = (v: Verified) =>
  v.result.checks.find((c) => c.check === 'signature' && c.credential === undefined)!;

describe('the known-good fixture', () => {
  it('the presentation verifies with audience, challenge, trust list and --no-ledger', async () => {
    const v = await verifyToken(good.vp);
    expect(v.code).toBe(0);
    expect(v.report.verified).toBe(true);
    expect(v.result.kind).toBe('presentation');
    expect(v.result.holder).toBe(dids.priya);
    expect(failing(v.result)).toEqual([]);
    expect(v.result.credentials.map((c) => c.type).sort()).toEqual([
      'CMECertificateCredential',
      'MedicalDegreeCredential',
      'MedicalLicenseCredential',
    ]);
    expect(v.result.credentials.every((c) => c.verified === true)).toBe(true);
    // the only warnings are the --no-ledger opt-out, once per credential
    expect(warnings(v.result).sort()).toEqual([
      ...Array(3).fill('LEDGER_SKIPPED'),
      ...Array(3).fill('STATUS_UNCHECKED'),
    ]);
    const passed = v.result.checks.filter((c) => c.status === 'pass').map((c) => c.code);
    for (const code of [
      'JWS_WELL_FORMED',
      'SIGNATURE_VALID',
      'AUDIENCE_MATCH',
      'CHALLENGE_MATCH',
      'VALIDITY_OK',
      'SUBJECT_IS_HOLDER',
      'ISSUER_CONSISTENT',
      'SCHEMA_VALID',
      'ISSUER_TRUSTED',
    ]) {
      expect(passed).toContain(code);
    }
  });

  it('each credential verifies on its own', async () => {
    for (const vc of [good.degree, good.license, good.cme]) {
      const v = await verifyToken(vc);
      expect(v.code).toBe(0);
      expect(v.result.kind).toBe('credential');
      expect(failing(v.result)).toEqual([]);
    }
  });

  it('the crafting tools are faithful: seed signers are the imported DIDs, and re-signing unchanged tokens still verifies', async () => {
    for (const name of ['lakeshore', 'tmb', 'rsna', 'priya', 'northbay'] as const)
      expect(signer[name].did).toBe(dids[name]);
    expect((await verifyToken(presentation([good.degree, good.license, good.cme]))).code).toBe(0);
    expect((await verifyToken(resign(good.license, signer.tmb))).code).toBe(0);
    expect((await verifyToken(resign(good.cme, signer.rsna))).code).toBe(0);
    expect(
      (await verifyToken(presentation([resign(good.degree, signer.lakeshore), good.license, good.cme]))).code,
    ).toBe(0);
  });
});

describe('signatures', () => {
  it('a tampered credential signature fails SIGNATURE_INVALID (exit 1)', async () => {
    const v = await verifyToken(flipSignatureBit(good.license));
    expectFailure(v, ['SIGNATURE_INVALID']);
    expect(failingCheck(v, 'SIGNATURE_INVALID').check).toBe('signature');
  });

  it('a tampered presentation signature fails the holder signature', async () => {
    const v = await verifyToken(flipSignatureBit(good.vp));
    expectFailure(v, ['SIGNATURE_INVALID']);
    expect(failingCheck(v, 'SIGNATURE_INVALID').credential).toBeUndefined();
  });

  it('a credential with a tampered signature inside a correctly signed presentation is caught', async () => {
    const bad = flipSignatureBit(good.license);
    const v = await verifyToken(presentation([good.degree, bad, good.cme]));
    expectFailure(v, ['SIGNATURE_INVALID']);
    expect(holderSignature(v).status).toBe('pass');
    expect(failingCheck(v, 'SIGNATURE_INVALID').credential).toBe(credentialDigest(bad));
  });

  it('a credential whose payload was edited, inside a correctly re-signed presentation, fails its own signature', async () => {
    const edited = replacePayload(good.license, (p) => {
      p.vc.credentialSubject.licenseNumber = 'Q4822';
    });
    const v = await verifyToken(presentation([good.degree, edited, good.cme]));
    expectFailure(v, ['SIGNATURE_INVALID']);
    expect(holderSignature(v).status).toBe('pass');
    expect(holderSignature(v).code).toBe('SIGNATURE_VALID');
    expect(failingCheck(v, 'SIGNATURE_INVALID').credential).toBe(credentialDigest(edited));
  });

  it.each([
    ['none with an empty signature', { alg: 'none', typ: 'JWT' }, 'empty'],
    ['none keeping the original signature and kid', { alg: 'none', typ: 'JWT', kid: 'KID' }, 'original'],
    ['None (case variant)', { alg: 'None', typ: 'JWT' }, 'empty'],
    ['NONE (case variant)', { alg: 'NONE', typ: 'JWT' }, 'empty'],
    ['no alg at all', { typ: 'JWT', kid: 'KID' }, 'original'],
  ])('alg %s on a credential fails ALG_NOT_ALLOWED', async (_name, header, sig) => {
    const { payload, signature } = decodeJwt(good.degree);
    const h = Object.fromEntries(
      Object.entries(header).map(([k, val]) => [k, val === 'KID' ? signer.lakeshore.kid : val]),
    );
    const v = await verifyToken(handmade(h, payload, sig === 'empty' ? Buffer.alloc(0) : signature));
    expectFailure(v, ['ALG_NOT_ALLOWED']);
  });

  it('alg none on the presentation fails the holder signature, alone', async () => {
    const v = await verifyToken(handmade({ alg: 'none', typ: 'JWT' }, decodeJwt(good.vp).payload, Buffer.alloc(0)));
    expectFailure(v, ['ALG_NOT_ALLOWED']);
    expect(failingCheck(v, 'ALG_NOT_ALLOWED').credential).toBeUndefined();
  });

  it('alg none on a credential inside a correctly signed presentation is caught', async () => {
    const none = handmade({ alg: 'none', typ: 'JWT' }, decodeJwt(good.cme).payload, Buffer.alloc(0));
    const v = await verifyToken(presentation([good.degree, good.license, none]));
    expectFailure(v, ['ALG_NOT_ALLOWED']);
    expect(failingCheck(v, 'ALG_NOT_ALLOWED').credential).toBe(credentialDigest(none));
  });

  it.each([
    ['lakeshore', 'degree', 'HS256'],
    ['tmb', 'license', 'HS256'],
    ['rsna', 'cme', 'HS512'],
  ] as const)(
    "HMAC (%s, %s, %s) keyed with the issuer's public key bytes fails ALG_NOT_ALLOWED",
    async (issuer, which, alg) => {
      const s = signer[issuer];
      const hash = alg === 'HS256' ? 'sha256' : 'sha512';
      const token = handmade({ alg, typ: 'JWT', kid: s.kid }, decodeJwt(good[which]).payload, (input) =>
        createHmac(hash, Buffer.from(s.publicKeyBytes)).update(input).digest(),
      );
      const v = await verifyToken(token);
      expectFailure(v, ['ALG_NOT_ALLOWED']);
    },
  );

  it("an HMAC presentation keyed with the holder's public key fails ALG_NOT_ALLOWED", async () => {
    const token = handmade({ alg: 'HS256', typ: 'JWT', kid: signer.priya.kid }, decodeJwt(good.vp).payload, (input) =>
      createHmac('sha256', Buffer.from(signer.priya.publicKeyBytes)).update(input).digest(),
    );
    expectFailure(await verifyToken(token), ['ALG_NOT_ALLOWED']);
  });

  it('a kid of another DID fails KID_MISMATCH, even when the signature itself is good', async () => {
    const { payload } = decodeJwt(good.degree);
    const other = { ...signer.lakeshore, kid: signer.rsna.kid };
    expectFailure(await verifyToken(signCompactJws(other, payload)), ['KID_MISMATCH']);
    // the issuer's own fragment, but under another DID
    const fragment = signer.lakeshore.kid.slice(signer.lakeshore.did.length);
    const grafted = { ...signer.lakeshore, kid: `${signer.rsna.did}${fragment}` };
    expectFailure(await verifyToken(signCompactJws(grafted, payload)), ['KID_MISMATCH']);
  });

  it("a kid that is the issuer's bare fragment is accepted (control)", async () => {
    const fragment = signer.lakeshore.kid.slice(signer.lakeshore.did.length);
    const v = await verifyToken(signCompactJws({ ...signer.lakeshore, kid: fragment }, decodeJwt(good.degree).payload));
    expect(v.code).toBe(0);
  });

  describe('iss naming someone other than the signer (key A signs, iss = DID B)', () => {
    // B is Northbay (also Ed25519, so the alg still fits); --any-issuer keeps trust out of it.
    const forged = () => {
      const p = structuredClone(decodeJwt(good.degree).payload);
      p.iss = signer.northbay.did;
      p.vc.issuer = signer.northbay.did;
      return p;
    };
    const anyIssuer = { trust: ['--any-issuer'] };

    it("with the signer's own kid (what signCompactJws writes): KID_MISMATCH", async () => {
      expectFailure(await verifyToken(signCompactJws(signer.lakeshore, forged()), anyIssuer), ['KID_MISMATCH']);
    });

    it("with B's kid: SIGNATURE_INVALID", async () => {
      expectFailure(
        await verifyToken(signCompactJws({ ...signer.lakeshore, kid: signer.northbay.kid }, forged()), anyIssuer),
        ['SIGNATURE_INVALID'],
      );
    });

    it('with no kid: SIGNATURE_INVALID', async () => {
      const token = handmade({ alg: 'EdDSA', typ: 'JWT' }, forged(), (input) => signer.lakeshore.sign(input));
      expectFailure(await verifyToken(token, anyIssuer), ['SIGNATURE_INVALID']);
    });

    it('a presentation signed by another key with iss = priya fails the holder signature', async () => {
      const { payload } = decodeJwt(good.vp);
      const m = mallory();
      expectFailure(await verifyToken(signCompactJws({ ...m, kid: signer.priya.kid }, payload)), ['SIGNATURE_INVALID']);
      expectFailure(await verifyToken(signCompactJws(m, payload)), ['KID_MISMATCH']);
    });
  });

  it.each([
    ['ES256 on an Ed25519 DID', 'degree', 'lakeshore', 'ES256'],
    ['ES256K on a P-256 DID (with a valid ES256 signature)', 'license', 'tmb', 'ES256K'],
    ['EdDSA on a secp256k1 DID', 'cme', 'rsna', 'EdDSA'],
    ['ES256 on a secp256k1 DID', 'cme', 'rsna', 'ES256'],
  ] as const)('%s fails ALG_KEY_MISMATCH', async (_name, which, issuer, alg) => {
    const s = signer[issuer];
    const token = handmade({ alg, typ: 'JWT', kid: s.kid }, decodeJwt(good[which]).payload, (input) => s.sign(input));
    expectFailure(await verifyToken(token), ['ALG_KEY_MISMATCH']);
  });

  it('an unknown critical header fails CRIT_UNSUPPORTED', async () => {
    const s = signer.lakeshore;
    const token = handmade(
      { alg: 'EdDSA', typ: 'JWT', kid: s.kid, crit: ['exp'], exp: 1 },
      decodeJwt(good.degree).payload,
      (input) => s.sign(input),
    );
    expectFailure(await verifyToken(token), ['CRIT_UNSUPPORTED']);
  });

  it('typ, where present, must say what the JWT is: JWT or vc+jwt for a credential, never vp+jwt (TYP_UNEXPECTED)', async () => {
    const s = signer.lakeshore;
    const withTyp = (typ: unknown) =>
      handmade({ alg: 'EdDSA', typ, kid: s.kid }, decodeJwt(good.degree).payload, (input) => s.sign(input));
    for (const typ of ['JWT', 'jwt', 'vc+jwt', 'application/vc+jwt'])
      expect((await verifyToken(withTyp(typ))).code, typ).toBe(0);
    for (const typ of ['vp+jwt', 'radcred-request+jwt', 'JOSE', 7])
      expectFailure(await verifyToken(withTyp(typ)), ['TYP_UNEXPECTED']);
    // and a presentation is no credential
    const p = signer.priya;
    const vp = handmade({ alg: 'EdDSA', typ: 'vc+jwt', kid: p.kid }, decodeJwt(good.vp).payload, (input) =>
      p.sign(input),
    );
    expect(failing((await verifyToken(vp)).result)).toEqual(['TYP_UNEXPECTED']);
  });
});

describe('credential claims', () => {
  it('iss differing from vc.issuer fails ISS_MISMATCH', async () => {
    const v = await verifyToken(
      resign(good.degree, signer.lakeshore, (p) => {
        p.vc.issuer = signer.rsna.did;
      }),
    );
    expectFailure(v, ['ISS_MISMATCH']);
    const asObject = await verifyToken(
      resign(good.degree, signer.lakeshore, (p) => {
        p.vc.issuer = { id: signer.rsna.did, name: 'RSNA' };
      }),
    );
    expectFailure(asObject, ['ISS_MISMATCH']);
  });

  it('an iss that is not a did:key cannot be verified offline (DID_UNSUPPORTED)', async () => {
    const v = await verifyToken(
      resign(good.degree, signer.lakeshore, (p) => {
        p.iss = 'did:web:lakeshore.example.edu';
        p.vc.issuer = 'did:web:lakeshore.example.edu';
      }),
      { trust: ['--any-issuer'] },
    );
    expectFailure(v, ['DID_UNSUPPORTED']);
  });

  it('a time claim that is not an integer number of seconds fails DATE_NOT_SECONDS', async () => {
    expectFailure(
      await verifyToken(
        resign(good.license, signer.tmb, (p) => {
          p.exp = NOW_S + 86400.5;
        }),
      ),
      ['DATE_NOT_SECONDS'],
    );
    expectFailure(
      await verifyToken(
        resign(good.license, signer.tmb, (p) => {
          p.nbf = '2026-01-01';
        }),
      ),
      ['DATE_NOT_SECONDS'],
    );
  });

  it('vc.issuer as an object naming the signer is fine (control)', async () => {
    const v = await verifyToken(
      resign(good.degree, signer.lakeshore, (p) => {
        p.vc.issuer = { id: signer.lakeshore.did, name: 'Lakeshore' };
      }),
    );
    expect(v.code).toBe(0);
  });

  it('credentials presented by another holder fail SUBJECT_NOT_HOLDER, each of them', async () => {
    const m = mallory();
    const v = await verifyToken(
      presentation(
        [good.degree, good.license, good.cme],
        (p) => {
          p.iss = m.did;
          p.vp.holder = m.did;
        },
        m,
      ),
    );
    expectFailure(v, ['SUBJECT_NOT_HOLDER', 'SUBJECT_NOT_HOLDER', 'SUBJECT_NOT_HOLDER']);
    expect(holderSignature(v).status).toBe('pass');
    expect(v.result.holder).toBe(m.did);
  });

  it("one credential issued to someone else inside priya's presentation fails SUBJECT_NOT_HOLDER for that one", async () => {
    const elsewhere = resign(good.degree, signer.lakeshore, (p) => {
      p.sub = signer.northbay.did;
    });
    const v = await verifyToken(presentation([elsewhere, good.license, good.cme]));
    expectFailure(v, ['SUBJECT_NOT_HOLDER']);
    expect(failingCheck(v, 'SUBJECT_NOT_HOLDER').credential).toBe(credentialDigest(elsewhere));
  });

  it.each([
    [
      'license status not in its enum',
      'license',
      'tmb',
      (s: any) => {
        s.status = 'pending';
      },
    ],
    [
      'degree without the required "degree" field',
      'degree',
      'lakeshore',
      (s: any) => {
        delete s.degree;
      },
    ],
    [
      'CME credits earned beyond those available (a rule, not the schema)',
      'cme',
      'rsna',
      (s: any) => {
        s.creditsEarned = 80;
      },
    ],
    [
      'a field the type does not define',
      'degree',
      'lakeshore',
      (s: any) => {
        s.favouriteColour = 'blue';
      },
    ],
  ] as const)(
    'a correctly signed credential with a schema-invalid subject (%s) fails SCHEMA_INVALID, alone and presented',
    async (_name, which, issuer, edit) => {
      const bad = resign(good[which], signer[issuer], (p) => edit(p.vc.credentialSubject));
      expectFailure(await verifyToken(bad), ['SCHEMA_INVALID']);
      const vcs = [good.degree, good.license, good.cme].map((vc) => (vc === good[which] ? bad : vc));
      const v = await verifyToken(presentation(vcs));
      expectFailure(v, ['SCHEMA_INVALID']);
      expect(failingCheck(v, 'SCHEMA_INVALID').credential).toBe(credentialDigest(bad));
    },
  );

  it('a type radcred does not know skips the schema check and is judged on the rest', async () => {
    const foreign = resign(good.degree, signer.lakeshore, (p) => {
      p.vc.type = ['VerifiableCredential', 'AlumniCredential'];
      p.vc.credentialSubject = { alumniOf: 'Lakeshore' };
    });
    const trustAll = writeTrust('trust-star.json', [{ did: signer.lakeshore.did, name: 'Lakeshore', types: ['*'] }]);
    const v = await verifyToken(foreign, { trust: ['--trust', trustAll] });
    expect(v.code).toBe(0);
    expect(v.result.checks.find((c) => c.check === 'schema')).toMatchObject({
      status: 'skip',
      code: 'SCHEMA_UNKNOWN_TYPE',
    });
    // ... and every other check still applies: a tampered one fails
    expectFailure(await verifyToken(flipSignatureBit(foreign), { trust: ['--trust', trustAll] }), [
      'SIGNATURE_INVALID',
    ]);
  });
});

describe('validity windows', () => {
  it('an expired credential fails EXPIRED, alone and inside a presentation', async () => {
    const expired = resign(good.license, signer.tmb, (p) => {
      p.exp = NOW_S - 3600;
    });
    expectFailure(await verifyToken(expired), ['EXPIRED']);
    const v = await verifyToken(presentation([good.degree, expired, good.cme]));
    expectFailure(v, ['EXPIRED']);
    expect(failingCheck(v, 'EXPIRED').credential).toBe(credentialDigest(expired));
  });

  it('a not-yet-valid credential fails NOT_YET_VALID, alone and inside a presentation', async () => {
    const early = resign(good.degree, signer.lakeshore, (p) => {
      p.nbf = NOW_S + 3600;
    });
    expectFailure(await verifyToken(early), ['NOT_YET_VALID']);
    const v = await verifyToken(presentation([early, good.license, good.cme]));
    expectFailure(v, ['NOT_YET_VALID']);
    expect(failingCheck(v, 'NOT_YET_VALID').credential).toBe(credentialDigest(early));
  });

  it('a credential with no nbf but an iat in the future is not yet valid', async () => {
    const early = resign(good.degree, signer.lakeshore, (p) => {
      delete p.nbf;
      p.iat = NOW_S + 86400;
    });
    expectFailure(await verifyToken(early), ['NOT_YET_VALID']);
  });

  it('the clock skew is 60 seconds, no more', async () => {
    const at = (edit: (p: Record<string, any>) => void) => verifyToken(resign(good.license, signer.tmb, edit));
    expect(
      (
        await at((p) => {
          p.exp = NOW_S - 59;
        })
      ).code,
    ).toBe(0);
    expectFailure(
      await at((p) => {
        p.exp = NOW_S - 60;
      }),
      ['EXPIRED'],
    );
    expect(
      (
        await at((p) => {
          p.nbf = NOW_S + 60;
        })
      ).code,
    ).toBe(0);
    expectFailure(
      await at((p) => {
        p.nbf = NOW_S + 61;
      }),
      ['NOT_YET_VALID'],
    );
  });

  it('an expired presentation fails EXPIRED on the presentation itself', async () => {
    const v = await verifyToken(
      presentation([good.degree, good.license, good.cme], (p) => {
        p.exp = NOW_S - 3600;
      }),
    );
    expectFailure(v, ['EXPIRED']);
    expect(failingCheck(v, 'EXPIRED').credential).toBeUndefined();
  });

  it('a not-yet-valid presentation fails NOT_YET_VALID on the presentation itself', async () => {
    const v = await verifyToken(
      presentation([good.degree, good.license, good.cme], (p) => {
        p.nbf = NOW_S + 3600;
      }),
    );
    expectFailure(v, ['NOT_YET_VALID']);
    expect(failingCheck(v, 'NOT_YET_VALID').credential).toBeUndefined();
  });

  it('the presentation expires at the end of its grant (--valid-for 14d)', async () => {
    const at = (time: number) =>
      radcred([
        '--home',
        verifierHome,
        '--now',
        String(time),
        '--json',
        'verify',
        join(dir, 'good.vp.jwt'),
        '--audience',
        dids.northbay!,
        '--challenge',
        CHALLENGE,
        '--trust',
        trustFile,
        '--no-ledger',
      ]);
    expect((await at(NOW_S + 13 * 86400)).code).toBe(0);
    const late = await at(NOW_S + 15 * 86400);
    expect(late.code).toBe(1);
    expect(failing(late.json().results[0])).toEqual(['EXPIRED']);
  });
});

describe('audience and challenge', () => {
  it('a wrong expected audience fails AUDIENCE_MISMATCH (and only that)', async () => {
    const v = await verifyToken(good.vp, { audience: ['--audience', dids.rsna!, '--challenge', CHALLENGE] });
    expectFailure(v, ['AUDIENCE_MISMATCH']);
    expect(v.result.checks.find((c) => c.check === 'challenge')?.status).toBe('pass');
  });

  it('a presentation addressed to another verifier fails AUDIENCE_MISMATCH', async () => {
    const v = await verifyToken(
      presentation([good.degree, good.license, good.cme], (p) => {
        p.aud = signer.rsna.did;
      }),
    );
    expectFailure(v, ['AUDIENCE_MISMATCH']);
  });

  it('a wrong challenge fails CHALLENGE_MISMATCH (a replayed presentation)', async () => {
    expectFailure(
      await verifyToken(good.vp, { audience: ['--audience', dids.northbay!, '--challenge', 'another-request'] }),
      ['CHALLENGE_MISMATCH'],
    );
    const replayed = presentation([good.degree, good.license, good.cme], (p) => {
      p.nonce = 'an-older-request';
    });
    expectFailure(await verifyToken(replayed), ['CHALLENGE_MISMATCH']);
  });

  it('no audience flags fails AUDIENCE_REQUIRED (fail closed)', async () => {
    expectFailure(await verifyToken(good.vp, { audience: [] }), ['AUDIENCE_REQUIRED']);
  });

  it('--any-audience skips both checks with a warning and verifies', async () => {
    const v = await verifyToken(good.vp, { audience: ['--any-audience'] });
    expect(v.code).toBe(0);
    expect(v.report.verified).toBe(true);
    expect(warnings(v.result)).toContain('AUDIENCE_SKIPPED');
    expect(v.result.checks.some((c) => c.check === 'challenge' && c.status === 'pass')).toBe(false);
  });

  it('a lone credential needs no audience', async () => {
    expect((await verifyToken(good.license, { audience: [] })).code).toBe(0);
  });

  it('a bare credential verified against an expected audience and challenge fails PRESENTATION_REQUIRED (a forwarded file)', async () => {
    const v = await verifyToken(good.license, { audience: ['--audience', dids.northbay!, '--challenge', CHALLENGE] });
    expectFailure(v, ['PRESENTATION_REQUIRED']);
    expect(failingCheck(v, 'PRESENTATION_REQUIRED')).toMatchObject({ check: 'shape', step: 1 });
    // with --any-audience nothing is expected, so nothing is required
    expect((await verifyToken(good.license, { audience: ['--any-audience'] })).code).toBe(0);
  });

  it('--audience without --challenge, or together with --any-audience, is a usage error (exit 2)', async () => {
    expect(
      (
        await radcred([
          '--home',
          verifierHome,
          'verify',
          join(dir, 'good.vp.jwt'),
          '--audience',
          dids.northbay!,
          '--no-ledger',
          '--any-issuer',
        ])
      ).code,
    ).toBe(2);
    expect(
      (
        await radcred([
          '--home',
          verifierHome,
          'verify',
          join(dir, 'good.vp.jwt'),
          '--challenge',
          CHALLENGE,
          '--no-ledger',
          '--any-issuer',
        ])
      ).code,
    ).toBe(2);
    const both = await radcred([
      '--home',
      verifierHome,
      '--json',
      'verify',
      join(dir, 'good.vp.jwt'),
      '--any-audience',
      '--audience',
      dids.northbay!,
      '--challenge',
      CHALLENGE,
      '--no-ledger',
      '--any-issuer',
    ]);
    expect(both.code).toBe(2);
    expect(both.json().error.code).toBe('OPTION_CONFLICT');
  });
});

describe('issuer trust', () => {
  it('an issuer missing from the trust list fails ISSUER_UNTRUSTED', async () => {
    const list = writeTrust('trust-no-lakeshore.json', [
      { did: dids.tmb!, name: 'Texas Medical Board', types: ['MedicalLicenseCredential'] },
      { did: dids.rsna!, name: 'RSNA', types: ['CMECertificateCredential'] },
    ]);
    const v = await verifyToken(good.vp, { trust: ['--trust', list] });
    expectFailure(v, ['ISSUER_UNTRUSTED']);
    expect(failingCheck(v, 'ISSUER_UNTRUSTED').credential).toBe(credentialDigest(good.degree));
  });

  it('an issuer trusted for another type fails ISSUER_TYPE_UNTRUSTED', async () => {
    const list = writeTrust('trust-lakeshore-wrong-type.json', [
      { did: dids.lakeshore!, name: 'Lakeshore', types: ['MedicalLicenseCredential'] },
      { did: dids.tmb!, name: 'Texas Medical Board', types: ['MedicalLicenseCredential'] },
      { did: dids.rsna!, name: 'RSNA', types: ['CMECertificateCredential'] },
    ]);
    const v = await verifyToken(good.vp, { trust: ['--trust', list] });
    expectFailure(v, ['ISSUER_TYPE_UNTRUSTED']);
    expect(failingCheck(v, 'ISSUER_TYPE_UNTRUSTED').credential).toBe(credentialDigest(good.degree));
  });

  it('"*" trusts an issuer for every type', async () => {
    const list = writeTrust('trust-star-all.json', [
      { did: dids.lakeshore!, name: 'Lakeshore', types: ['*'] },
      { did: dids.tmb!, name: 'Texas Medical Board', types: ['MedicalLicenseCredential'] },
      { did: dids.rsna!, name: 'RSNA', types: ['CMECertificateCredential'] },
    ]);
    expect((await verifyToken(good.vp, { trust: ['--trust', list] })).code).toBe(0);
  });

  it('a trust entry outside its validFrom/validUntil fails ISSUER_TRUST_EXPIRED', async () => {
    const list = writeTrust('trust-expired.json', [
      {
        did: dids.lakeshore!,
        name: 'Lakeshore',
        types: ['MedicalDegreeCredential'],
        validUntil: '2026-01-01T00:00:00Z',
      },
      { did: dids.tmb!, name: 'Texas Medical Board', types: ['MedicalLicenseCredential'] },
      { did: dids.rsna!, name: 'RSNA', types: ['CMECertificateCredential'], validFrom: '2027-01-01' },
    ]);
    expectFailure(await verifyToken(good.vp, { trust: ['--trust', list] }), [
      'ISSUER_TRUST_EXPIRED',
      'ISSUER_TRUST_EXPIRED',
    ]);
  });

  it('no trust list at all fails TRUST_LIST_MISSING for every credential (fail closed)', async () => {
    const v = await verifyToken(good.vp, { trust: [] });
    expectFailure(v, ['TRUST_LIST_MISSING', 'TRUST_LIST_MISSING', 'TRUST_LIST_MISSING']);
    expectFailure(await verifyToken(good.license, { trust: [] }), ['TRUST_LIST_MISSING']);
  });

  it('the home trust.json is used when --trust is not given', async () => {
    const home = join(dir, 'verifier-with-trust');
    mkdirSync(home);
    writeFileSync(join(home, 'trust.json'), readFileSync(trustFile));
    const r = await radcred([
      '--home',
      home,
      '--now',
      NOW,
      '--json',
      'verify',
      join(dir, 'good.vp.jwt'),
      '--audience',
      dids.northbay!,
      '--challenge',
      CHALLENGE,
      '--no-ledger',
    ]);
    expect(r.code).toBe(0);
  });

  it('--any-issuer skips trust with a warning and verifies', async () => {
    const v = await verifyToken(good.vp, { trust: ['--any-issuer'] });
    expect(v.code).toBe(0);
    expect(v.report.verified).toBe(true);
    expect(warnings(v.result).filter((w) => w === 'TRUST_SKIPPED')).toHaveLength(3);
  });

  it('--any-issuer with --trust is a usage error; a broken trust list is bad input', async () => {
    const both = await radcred([
      '--home',
      verifierHome,
      '--json',
      'verify',
      join(dir, 'good.vp.jwt'),
      '--any-audience',
      '--no-ledger',
      '--any-issuer',
      '--trust',
      trustFile,
    ]);
    expect(both.code).toBe(2);
    expect(both.json().error.code).toBe('OPTION_CONFLICT');
    const broken = join(dir, 'trust-broken.json');
    writeFileSync(
      broken,
      JSON.stringify({ version: 1, issuers: [{ did: 'did:web:example.org', name: 'x', types: ['*'] }] }),
    );
    const r = await radcred([
      '--home',
      verifierHome,
      '--json',
      'verify',
      join(dir, 'good.vp.jwt'),
      '--any-audience',
      '--no-ledger',
      '--trust',
      broken,
    ]);
    expect(r.code).toBe(3);
    expect(r.json().error.code).toBe('TRUST_LIST_INVALID');
  });
});

describe('ledger', () => {
  it('without --no-ledger the anchor and status checks fail closed (LEDGER_REQUIRED, exit 1)', async () => {
    const v = await verifyToken(good.vp, { ledger: [] });
    expect(v.code).toBe(1);
    expect(v.report.verified).toBe(false);
    expect(failing(v.result).filter((c) => c === 'LEDGER_REQUIRED')).toHaveLength(3);
    expect([...new Set(failing(v.result))].sort()).toEqual(['LEDGER_REQUIRED', 'STATUS_UNKNOWN']);
    expectFailure(await verifyToken(good.degree, { ledger: [] }), ['LEDGER_REQUIRED', 'STATUS_UNKNOWN']);
  });
});

describe('presentation shape', () => {
  it('an unparseable credential inside a signed presentation fails VC_MALFORMED (exit 1, the others still checked)', async () => {
    const v = await verifyToken(presentation([good.degree, 'not-a-jwt', good.cme]));
    expectFailure(v, ['VC_MALFORMED']);
    expect(v.result.credentials).toHaveLength(2);
  });

  it('a presentation with no credentials fails PRESENTATION_EMPTY', async () => {
    expectFailure(await verifyToken(presentation([])), ['PRESENTATION_EMPTY']);
  });

  it('vp.holder differing from iss fails the claims check', async () => {
    const v = await verifyToken(
      presentation([good.degree, good.license, good.cme], (p) => {
        p.vp.holder = signer.northbay.did;
      }),
    );
    expectFailure(v, ['CLAIMS_INVALID']);
  });
});

describe('malformed files (exit 3, a failing parse check, no stack trace)', () => {
  const jwtWith = (header: unknown, payload: unknown) =>
    `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${Buffer.alloc(64, 1).toString('base64url')}`;
  const parts = () => decodeJwt(good.degree).parts;
  const cases: [string, () => string | Buffer, string][] = [
    ['not a JWT', () => 'this is not a credential', 'JWS_MALFORMED'],
    ['two parts', () => parts().slice(0, 2).join('.'), 'JWS_MALFORMED'],
    ['four parts', () => `${good.degree}.AAAA`, 'JWS_MALFORMED'],
    [
      'bad base64url (standard alphabet)',
      () => {
        const p = parts();
        return `${p[0]}.${p[1].replace(/-/g, '+').replace(/_/g, '/')}+/.${p[2]}`;
      },
      'JWS_MALFORMED',
    ],
    [
      'bad base64url (padding)',
      () => {
        const p = parts();
        return `${p[0]}==.${p[1]}.${p[2]}`;
      },
      'JWS_MALFORMED',
    ],
    ['JSON array payload', () => jwtWith({ alg: 'EdDSA', typ: 'JWT' }, [{ vc: {} }]), 'JWS_MALFORMED'],
    ['JSON string header', () => jwtWith('EdDSA', { vc: {} }), 'JWS_MALFORMED'],
    [
      'payload not JSON',
      () => `${parts()[0]}.${Buffer.from('{"vc":').toString('base64url')}.${parts()[2]}`,
      'JWS_MALFORMED',
    ],
    ['empty file', () => Buffer.alloc(0), 'JWS_MALFORMED'],
    [
      'binary garbage',
      () => Buffer.from([0xff, 0xfe, 0x00, 0x8f, 0x2e, 0xc3, 0x28, 0x2e, 0xa0, 0xa1, 0x00, 0x01]),
      'FILE_NOT_UTF8',
    ],
  ];

  it.each(cases)('%s', async (_name, make, code) => {
    const v = await verifyToken(make());
    expect(v.code).toBe(3);
    expect(v.report.verified).toBe(false);
    expect(v.result.malformed).toBe(true);
    expect(v.result.verified).toBe(false);
    expect(v.result.checks).toHaveLength(1);
    expect(v.result.checks[0]).toMatchObject({ check: 'parse', status: 'fail', code });
    expect(v.stderr).not.toMatch(/^ {4}at /m);
  });

  it('a well-formed JWT with neither vc nor vp fails a check (JWT_NOT_VC_OR_VP, exit 1), it is not malformed', async () => {
    const v = await verifyToken(jwtWith({ alg: 'EdDSA', typ: 'JWT' }, { iss: 'did:key:z6Mk', sub: 'x', iat: 1 }));
    expect(v.code).toBe(1);
    expect(v.result).toMatchObject({ kind: 'unknown', verified: false, malformed: false });
    expect(failing(v.result)).toEqual(['JWT_NOT_VC_OR_VP']);
    expect(v.result.checks.find((c) => c.status === 'fail')).toMatchObject({ check: 'shape', step: 1 });
  });

  it('a missing file is bad input too (FILE_NOT_FOUND, exit 3)', async () => {
    const v = await verifyFiles([join(dir, 'no-such-file.jwt')]);
    expect(v.code).toBe(3);
    expect(v.result.checks[0]).toMatchObject({ check: 'parse', status: 'fail', code: 'FILE_NOT_FOUND' });
  });

  it('with the real executable: exit 3, a parse failure, no stack trace', async () => {
    const files = {
      empty: writeToken(Buffer.alloc(0)),
      garbage: writeToken(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46])),
      twoParts: writeToken(parts().slice(0, 2).join('.')),
      neither: writeToken(jwtWith({ alg: 'EdDSA' }, { hello: 'world' })),
    };
    const base = ['--home', verifierHome, '--now', NOW];
    const flags = ['--any-audience', '--any-issuer', '--no-ledger'];
    const json = await radcredProcess([
      ...base,
      '--json',
      'verify',
      files.empty,
      files.garbage,
      files.twoParts,
      files.neither,
      ...flags,
    ]);
    expect(json.code).toBe(3);
    const report = json.json();
    expect(report.verified).toBe(false);
    const last = (r: any) => r.checks[r.checks.length - 1];
    expect(report.results.map((r: any) => [r.malformed, last(r).check, last(r).status, last(r).code])).toEqual([
      [true, 'parse', 'fail', 'JWS_MALFORMED'],
      [true, 'parse', 'fail', 'FILE_NOT_UTF8'],
      [true, 'parse', 'fail', 'JWS_MALFORMED'],
      [false, 'shape', 'fail', 'JWT_NOT_VC_OR_VP'],
    ]);
    expect(json.stderr).not.toMatch(/^ {4}at /m);
    for (const [file, code] of [
      [files.garbage, 3],
      [files.neither, 1],
    ] as const) {
      const human = await radcredProcess([...base, 'verify', file, ...flags]);
      expect(human.code).toBe(code);
      expect(human.stderr).not.toMatch(/^ {4}at /m);
      expect(human.stdout + human.stderr).not.toMatch(/internal error/i);
    }
  });
});

describe('several files at once', () => {
  it('the verdict is true only when every file verifies; a malformed file makes it exit 3', async () => {
    const ok = writeToken(good.vp);
    const tampered = writeToken(flipSignatureBit(good.vp));
    const empty = writeToken(Buffer.alloc(0));
    const allGood = await verifyFiles([ok, writeToken(good.vp)]);
    expect(allGood.code).toBe(0);
    expect(allGood.report.results.map((r) => r.verified)).toEqual([true, true]);
    const oneBad = await verifyFiles([ok, tampered]);
    expect(oneBad.code).toBe(1);
    expect(oneBad.report.verified).toBe(false);
    expect(oneBad.report.results.map((r) => r.verified)).toEqual([true, false]);
    const withMalformed = await verifyFiles([ok, tampered, empty]);
    expect(withMalformed.code).toBe(3);
    expect(withMalformed.report.results.map((r) => [r.verified, r.malformed])).toEqual([
      [true, false],
      [false, false],
      [false, true],
    ]);
  });
});
