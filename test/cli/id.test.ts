// id create | import | list | show, and how every command gets its passphrase.
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fixture, NOW, PASSPHRASE, radcred, sharedVector, tempDir } from '../helpers.js';

const ed25519Vectors = sharedVector('did-key', 'ed25519-x25519.json') as Record<string, { seed: string }>;
const secp256k1Vectors = sharedVector('did-key', 'secp256k1.json') as Record<string, { seed?: string }>;
const nistVectors = sharedVector('did-key', 'nist-curves.json') as Record<
  string,
  { verificationMethod?: { privateKeyJwk?: Record<string, string> } }
>;

const firstWith = <T>(vectors: Record<string, T>, pick: (v: T) => unknown, prefix = 'did:key:') =>
  Object.entries(vectors).find(([did, v]) => did.startsWith(prefix) && pick(v) !== undefined)!;

let dir: string;
let home: string;
beforeAll(() => {
  dir = tempDir('radcred-id-');
  home = join(dir, 'home');
});
afterAll(() => cleanup(dir));

const id = (args: string[], env?: Record<string, string | undefined>) =>
  radcred(['--home', home, '--json', 'id', ...args], env ? { env } : {});

/** Keys an identity description may have; anything else could be key material. */
const PUBLIC_FIELDS = ['name', 'did', 'keyType', 'created', 'verificationMethod', 'alg', 'label', 'insecureMode'];

describe('id create', () => {
  it.each([
    ['ed25519', 'EdDSA', /^did:key:z6Mk/],
    ['p256', 'ES256', /^did:key:zDn/],
    ['secp256k1', 'ES256K', /^did:key:zQ3s/],
  ])('--key-type %s makes a %s did:key with a label, in a 0600 keystore', async (keyType, alg, prefix) => {
    const r = await radcred([
      '--home',
      home,
      '--now',
      NOW,
      '--json',
      'id',
      'create',
      `key-${keyType}`,
      '--key-type',
      keyType,
      '--label',
      `Issuer ${keyType}`,
    ]);
    expect(r.code).toBe(0);
    const info = r.json();
    expect(info).toMatchObject({
      name: `key-${keyType}`,
      keyType,
      alg,
      label: `Issuer ${keyType}`,
      created: '2026-11-27T18:00:00Z',
    });
    expect(info.did).toMatch(prefix);
    expect(info.verificationMethod).toBe(`${info.did}#${info.did.slice('did:key:'.length)}`);
    const keystore = join(home, 'identities', `key-${keyType}.json`);
    expect(statSync(keystore).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(keystore, 'utf8')).did).toBe(info.did);
  });

  it('defaults to ed25519, and each new identity has a new key', async () => {
    const a = await id(['create', 'plain-a']);
    const b = await id(['create', 'plain-b']);
    expect(a.code).toBe(0);
    expect(a.json().keyType).toBe('ed25519');
    expect(a.json().did).not.toBe(b.json().did);
  });

  it('refuses a name that exists (exit 3) and leaves the keystore as it was', async () => {
    const before = readFileSync(join(home, 'identities', 'plain-a.json'), 'utf8');
    const r = await id(['create', 'plain-a']);
    expect(r.code).toBe(3);
    expect(r.json().error.code).toBe('IDENTITY_EXISTS');
    expect(readFileSync(join(home, 'identities', 'plain-a.json'), 'utf8')).toBe(before);
  });

  it.each(['bad name', '../escape', '-starts-with-dash', '.hidden', 'a'.repeat(65), 'sla/sh'])(
    'refuses the invalid name %j (exit 2)',
    async (name) => {
      const r = await id(['create', name]);
      expect(r.code).toBe(2);
      expect(r.json().error.code).toMatch(/^(IDENTITY_NAME_INVALID|UNKNOWN_OPTION)$/);
    },
  );

  it('refuses an unknown --key-type (exit 2)', async () => {
    const r = await id(['create', 'rsa-key', '--key-type', 'rsa']);
    expect(r.code).toBe(2);
    expect(r.json().error.code).toBe('OPTION_INVALID');
  });
});

describe('id import', () => {
  it('--seed (an Ed25519 did:key vector) gives exactly its DID', async () => {
    const [did, v] = firstWith(ed25519Vectors, (x) => x.seed, 'did:key:z6Mk');
    const r = await id(['import', 'vec-ed', '--seed', v.seed]);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ did, keyType: 'ed25519' });
  });

  it('--seed with --key-type secp256k1 (a secp256k1 did:key vector) gives exactly its DID', async () => {
    const [did, v] = firstWith(secp256k1Vectors, (x) => x.seed);
    const r = await id(['import', 'vec-k1', '--seed', v.seed!, '--key-type', 'secp256k1', '--label', 'k1']);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ did, keyType: 'secp256k1', label: 'k1' });
  });

  it('--seed-file reads the seed from a file (keeps it out of argv)', async () => {
    const [did, v] = Object.entries(ed25519Vectors)[1]!;
    const file = join(dir, 'seed.hex');
    writeFileSync(file, v.seed + '\n');
    const r = await id(['import', 'vec-ed-file', '--seed-file', file]);
    expect(r.code).toBe(0);
    expect(r.json().did).toBe(did);
  });

  it('--jwk with the P-256 private JWK of the did:key vector gives exactly its DID', async () => {
    const [did, v] = firstWith(nistVectors, (x) => x.verificationMethod?.privateKeyJwk, 'did:key:zDn');
    const file = join(dir, 'p256.jwk.json');
    writeFileSync(file, JSON.stringify(v.verificationMethod!.privateKeyJwk));
    const r = await id(['import', 'vec-p256', '--jwk', file]);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ did, keyType: 'p256', alg: 'ES256' });
    // the same key as a raw seed, with --key-type p256, is the same DID
    const d = Buffer.from(v.verificationMethod!.privateKeyJwk!.d!, 'base64url').toString('hex');
    const seed = await id(['import', 'vec-p256-seed', '--seed', d, '--key-type', 'p256']);
    expect(seed.code).toBe(0);
    expect(seed.json().did).toBe(did);
  });

  it('refuses a JWK whose --key-type disagrees (exit 2), a P-384 JWK and a public JWK (exit 3)', async () => {
    const [, p256] = firstWith(nistVectors, (x) => x.verificationMethod?.privateKeyJwk, 'did:key:zDn');
    const [, p384] = firstWith(nistVectors, (x) => x.verificationMethod?.privateKeyJwk, 'did:key:z82');
    const write = (name: string, jwk: unknown) => {
      const file = join(dir, name);
      writeFileSync(file, JSON.stringify(jwk));
      return file;
    };
    const mismatch = await id([
      'import',
      'jwk-mismatch',
      '--jwk',
      write('p256b.json', p256.verificationMethod!.privateKeyJwk),
      '--key-type',
      'ed25519',
    ]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.json().error.code).toBe('KEY_TYPE_MISMATCH');
    const unsupported = await id([
      'import',
      'jwk-p384',
      '--jwk',
      write('p384.json', p384.verificationMethod!.privateKeyJwk),
    ]);
    expect(unsupported.code).toBe(3);
    expect(unsupported.json().error.code).toBe('JWK_INVALID');
    const { d: _d, ...pub } = p256.verificationMethod!.privateKeyJwk!;
    const publicOnly = await id(['import', 'jwk-public', '--jwk', write('pub.json', pub)]);
    expect(publicOnly.code).toBe(3);
    expect(publicOnly.json().error.code).toBe('JWK_INVALID');
    expect((await id(['show', 'jwk-p384'])).code).toBe(3);
  });

  it('needs exactly one key source and a 32-byte hex seed (exit 2)', async () => {
    const seed = '11'.repeat(32);
    const none = await id(['import', 'no-source']);
    expect(none.code).toBe(2);
    expect(none.json().error.code).toBe('IMPORT_SOURCE');
    // two sources at once is a conflict commander refuses from the command table
    expect(
      (await id(['import', 'two-sources', '--seed', seed, '--jwk', join(dir, 'p256.jwk.json')])).json().error.code,
    ).toBe('OPTION_CONFLICT');
    for (const bad of ['11'.repeat(31), '11'.repeat(33), 'zz'.repeat(32), '1'.repeat(63)]) {
      const r = await id(['import', 'bad-seed', '--seed', bad]);
      expect(r.code).toBe(2);
      expect(r.json().error.code).toBe('SEED_INVALID');
    }
    expect((await id(['show', 'bad-seed'])).code).toBe(3);
  });

  it('refuses a seed that is not a valid P-256 private key (exit 3)', async () => {
    const r = await id(['import', 'zero-p256', '--seed', '00'.repeat(32), '--key-type', 'p256']);
    expect(r.code).toBe(3);
    expect(r.json().error.code).toBe('KEY_INVALID');
  });
});

describe('id list and id show', () => {
  it('list names every identity with its DID; show gives one', async () => {
    const list = await id(['list']);
    expect(list.code).toBe(0);
    const names = list.json().identities.map((i: { name: string }) => i.name);
    expect(names).toEqual(expect.arrayContaining(['key-ed25519', 'key-p256', 'key-secp256k1', 'vec-ed', 'vec-p256']));
    expect(names).toEqual([...names].sort());
    const show = await id(['show', 'vec-p256']);
    expect(show.code).toBe(0);
    expect(show.json().did).toBe(list.json().identities.find((i: { name: string }) => i.name === 'vec-p256').did);
  });

  it('never prints private key material, in JSON or for humans', async () => {
    const seedHex = Object.values(ed25519Vectors)[0]!.seed;
    const keystore = JSON.parse(readFileSync(join(home, 'identities', 'vec-ed.json'), 'utf8'));
    const secrets = [
      seedHex,
      Buffer.from(seedHex, 'hex').toString('base64url'),
      keystore.cipher.ciphertext,
      keystore.kdf.salt,
      keystore.cipher.tag,
    ];
    const list = await id(['list']);
    for (const i of list.json().identities) for (const k of Object.keys(i)) expect(PUBLIC_FIELDS).toContain(k);
    const show = await id(['show', 'vec-ed']);
    for (const k of Object.keys(show.json())) expect([...PUBLIC_FIELDS, 'didDocument']).toContain(k);
    // the DID document is what key-did-resolver makes of the DID: public keys only
    expect(show.json().didDocument).toMatchObject({
      id: show.json().did,
      assertionMethod: [show.json().verificationMethod],
    });
    const human = await radcred(['--home', home, 'id', 'show', 'vec-ed']);
    const humanList = await radcred(['--home', home, 'id', 'list']);
    expect(human.stdout).toContain(show.json().did);
    for (const out of [list.stdout, show.stdout, human.stdout, humanList.stdout, human.stderr]) {
      for (const secret of secrets) expect(out).not.toContain(secret);
      expect(out).not.toMatch(/"d"\s*:/);
    }
    // nor does the keystore hold the seed in the clear
    for (const secret of secrets.slice(0, 2))
      expect(readFileSync(join(home, 'identities', 'vec-ed.json'), 'utf8')).not.toContain(secret);
  });

  it('an unknown identity is exit 3', async () => {
    const r = await id(['show', 'nobody']);
    expect(r.code).toBe(3);
    expect(r.json().error.code).toBe('IDENTITY_NOT_FOUND');
  });

  it('an empty home lists no identities', async () => {
    const r = await radcred(['--home', join(dir, 'empty-home'), '--json', 'id', 'list']);
    expect(r.code).toBe(0);
    expect(r.json().identities).toEqual([]);
  });

  it('warns when a keystore is readable by others', async () => {
    const file = join(home, 'identities', 'plain-b.json');
    chmodSync(file, 0o644);
    try {
      expect((await id(['show', 'plain-b'])).json().insecureMode).toBe('0644');
    } finally {
      chmodSync(file, 0o600);
    }
    expect((await id(['show', 'plain-b'])).json().insecureMode).toBeUndefined();
  });
});

describe('passphrases', () => {
  const data = fixture('subjects', 'MedicalDegreeCredential.json');
  let subject: string;
  beforeAll(async () => {
    subject = (await id(['show', 'vec-ed'])).json().did;
  });
  const issue = (args: string[], env?: Record<string, string | undefined>) =>
    radcred(
      [
        '--home',
        home,
        '--now',
        NOW,
        '--json',
        ...args,
        'issue',
        'MedicalDegreeCredential',
        '--issuer',
        'plain-a',
        '--subject',
        subject,
        '--data',
        data,
      ],
      env ? { env } : {},
    );

  it('the right passphrase unlocks (control)', async () => {
    expect((await issue([])).code).toBe(0);
  });

  it('a wrong passphrase is exit 3, KEYSTORE_PASSPHRASE', async () => {
    const r = await issue([], { RADCRED_PASSPHRASE: 'not the passphrase' });
    expect(r.code).toBe(3);
    expect(r.json().error.code).toBe('KEYSTORE_PASSPHRASE');
    expect(r.stderr).not.toMatch(/^ {4}at /m);
  });

  it('--passphrase-file: creates and unlocks with the file (one trailing newline dropped), wins over the environment', async () => {
    const file = join(dir, 'pass.txt');
    writeFileSync(file, 'file passphrase\n');
    const created = await radcred(['--home', home, '--json', '--passphrase-file', file, 'id', 'create', 'from-file'], {
      env: { RADCRED_PASSPHRASE: undefined },
    });
    expect(created.code).toBe(0);
    const withFile = (f: string, env?: Record<string, string | undefined>) =>
      radcred(
        [
          '--home',
          home,
          '--now',
          NOW,
          '--json',
          '--passphrase-file',
          f,
          'issue',
          'MedicalDegreeCredential',
          '--issuer',
          'from-file',
          '--subject',
          subject,
          '--data',
          data,
        ],
        { env: env ?? {} },
      );
    expect((await withFile(file, { RADCRED_PASSPHRASE: 'something else' })).code).toBe(0);
    const noNewline = join(dir, 'pass-no-newline.txt');
    writeFileSync(noNewline, 'file passphrase');
    expect((await withFile(noNewline)).code).toBe(0);
    const wrong = join(dir, 'wrong.txt');
    writeFileSync(wrong, `${PASSPHRASE}x\n`);
    const r = await withFile(wrong);
    expect(r.code).toBe(3);
    expect(r.json().error.code).toBe('KEYSTORE_PASSPHRASE');
  });

  it('an empty or missing passphrase file is refused before any key is touched', async () => {
    const empty = join(dir, 'empty-pass.txt');
    writeFileSync(empty, '\n');
    const r = await radcred(['--home', home, '--json', '--passphrase-file', empty, 'id', 'create', 'empty-pass']);
    expect(r.code).toBe(2);
    expect(r.json().error.code).toBe('PASSPHRASE_EMPTY');
    const missing = await radcred([
      '--home',
      home,
      '--json',
      '--passphrase-file',
      join(dir, 'nope.txt'),
      'id',
      'create',
      'missing-pass',
    ]);
    expect(missing.code).toBe(3);
    expect(missing.json().error.code).toBe('FILE_NOT_FOUND');
    expect((await id(['list'])).json().identities.map((i: { name: string }) => i.name)).not.toContain('empty-pass');
  });

  it('no passphrase and no terminal (or --no-input) is a usage error with a hint (exit 2)', async () => {
    for (const flags of [['--no-input'], []]) {
      const r = await issue(flags, { RADCRED_PASSPHRASE: undefined });
      expect(r.code).toBe(2);
      expect(r.json().error.code).toBe('PASSPHRASE_REQUIRED');
      expect(r.json().error.hint).toBeTruthy();
    }
    const create = await radcred(['--home', home, '--json', '--no-input', 'id', 'create', 'no-pass'], {
      env: { RADCRED_PASSPHRASE: undefined },
    });
    expect(create.code).toBe(2);
    expect(create.json().error.code).toBe('PASSPHRASE_REQUIRED');
  });
});
