// Witnesses (issue 14): the C2SP cosignature format checked against a construction written here
// with node:crypto; the tlog-policy parser; and a split view: a registry shows one office the
// real ledger and another a forked one under the same key. The witness cosigns the real one and
// refuses the fork (writing evidence); with a witness policy, the office shown the fork cannot
// pull it, so it never verifies against the hidden history.
import { createHash, generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cosignatureLine, parseWitnessKey, verifiedCosignatures, witnessKey } from '../../src/ledger/cosignature.js';
import { appendEntries } from '../../src/ledger/append.js';
import { createEntry } from '../../src/ledger/entry.js';
import { initLedger, operatorOf } from '../../src/ledger/ledger.js';
import { parseWitnessPolicy } from '../../src/ledger/witness-policy.js';
import { cleanup, importDemoIdentities, NOW_S, radcredProcess, tempDir } from '../helpers.js';
import { demoSigner } from '../verify/tokens.js';

const BODY = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';

describe('the cosignature format (c2sp.org/tlog-cosignature, Ed25519)', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const name = 'witness.example.com/w1';

  it("a cosignature made here by hand verifies in radcred; radcred's verifies by hand", () => {
    // by hand: key ID over 0x04, message "cosignature/v1\ntime T\n" + body, 8-byte big-endian time
    const keyId = createHash('sha256')
      .update(Buffer.concat([Buffer.from(`${name}\n`), Buffer.from([0x04]), raw]))
      .digest()
      .subarray(0, 4);
    const time = 1679315147;
    const stamp = Buffer.alloc(8);
    stamp.writeBigUInt64BE(BigInt(time));
    const sig = nodeSign(null, Buffer.from(`cosignature/v1\ntime ${time}\n${BODY}`), privateKey);
    const line = `— ${name} ${Buffer.concat([keyId, stamp, sig]).toString('base64')}`;
    const note = `${BODY}\n— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n${line}\n`;
    const w = witnessKey(name, raw);
    expect(w.keyId).toEqual(keyId);
    expect(verifiedCosignatures(note, [w], time)).toEqual([{ witness: name, time }]);
    // radcred's line, checked by hand
    const mine = cosignatureLine(w, (d) => nodeSign(null, d, privateKey), BODY, time + 1);
    const bytes = Buffer.from(mine.split(' ')[2]!, 'base64');
    expect(bytes.subarray(0, 4)).toEqual(keyId);
    expect(bytes.readBigUInt64BE(4)).toBe(BigInt(time + 1));
    expect(
      nodeVerify(null, Buffer.from(`cosignature/v1\ntime ${time + 1}\n${BODY}`), publicKey, bytes.subarray(12)),
    ).toBe(true);
    // a vkey of type 0x04 round-trips
    expect(parseWitnessKey(w.text).text).toBe(w.text);
  });

  it('a timestamp in the future, another body, or an unknown witness: not counted', () => {
    const w = witnessKey(name, raw);
    const line = (time: number, body = BODY) => cosignatureLine(w, (d) => nodeSign(null, d, privateKey), body, time);
    const note = (l: string) => `${BODY}\n${l}\n`;
    expect(verifiedCosignatures(note(line(NOW_S + 3600)), [w], NOW_S)).toEqual([]);
    expect(verifiedCosignatures(note(line(NOW_S, BODY.replace('20852163', '20852164'))), [w], NOW_S)).toEqual([]);
    expect(verifiedCosignatures(note(line(NOW_S)), [witnessKey('someone.else', raw)], NOW_S)).toEqual([]);
  });
});

describe('witness policies (c2sp.org/tlog-policy)', () => {
  const key = (n: string) =>
    witnessKey(n, Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!, 'base64url')).text;
  it("the spec's two-level example parses, and its quorum is two X and one Y", () => {
    const p = parseWitnessPolicy(`# the example of tlog-policy, keys filled in
witness X1 ${key('x1')}
witness X2 ${key('x2')}
witness X3 ${key('x3')}
group X-witnesses 2 X1 X2 X3
witness Y1 ${key('y1')}
witness Y2 ${key('y2')}
witness Y3 ${key('y3')}
group Y-witnesses any Y1 Y2 Y3
group X-and-Y all X-witnesses Y-witnesses
quorum X-and-Y
`);
    expect(p.quorum).toBe('X-and-Y');
    expect(p.witnesses.length).toBe(6);
  });
  it.each([
    ['no quorum', `witness A ${key('a')}\n`],
    ['an undefined member', `group G any A\nquorum G\n`],
    ['a threshold above the members', `witness A ${key('a')}\ngroup G 2 A\nquorum G\n`],
    ['two quorum lines', `quorum none\nquorum none\n`],
    ['a duplicate key', ((k: string) => `witness A ${k}\nwitness B ${k}\nquorum none\n`)(key('a'))],
    [
      'a log key (type 0x01) as a witness key',
      `witness A ${operatorOf(demoSigner('registry'), 'x.example').vkey.text}\nquorum A\n`,
    ],
  ])('refused: %s (WITNESS_POLICY_INVALID)', (_what, text) => {
    expect(() => parseWitnessPolicy(text)).toThrow(expect.objectContaining({ code: 'WITNESS_POLICY_INVALID' }));
  });
});

describe('a split view, caught by a witness', () => {
  let root: string;
  const ORIGIN = 'registry.example/split';
  const op = operatorOf(demoSigner('registry'), ORIGIN);
  const issuer = demoSigner('abr');
  const entries = (n: number, tag: string) =>
    Array.from({ length: n }, (_, i) =>
      createEntry(issuer, {
        kind: 'issue',
        credential: 'sha256:' + createHash('sha256').update(`${tag} ${i}`).digest('hex'),
        time: NOW_S,
      }),
    );
  const run = (home: string, args: string[]) =>
    radcredProcess(['--home', home, '--now', String(NOW_S), '--json', ...args], { cwd: root });
  let vkey: string;
  let policy: string;

  beforeAll(async () => {
    root = tempDir('radcred-witness-');
    initLedger(join(root, 'real'), ORIGIN, demoSigner('registry'));
    appendEntries(join(root, 'real'), op, entries(10, 'common'));
    cpSync(join(root, 'real'), join(root, 'fork'), { recursive: true });
    appendEntries(join(root, 'real'), op, entries(5, 'real'));
    appendEntries(join(root, 'fork'), op, entries(5, 'hidden revocation goes here'));
    vkey = readFileSync(join(root, 'real', 'vkey'), 'utf8').trim();
    await importDemoIdentities(join(root, 'witness'), ['keystone']);
    const wk = await run('witness', ['ledger', 'witness-key', 'keystone', '--key-name', 'witness.keystone.example']);
    expect(wk.code, wk.stderr).toBe(0);
    policy = join(root, 'policy');
    writeFileSync(policy, `log ${vkey}\nwitness W ${JSON.parse(wk.stdout).vkey}\nquorum W\n`);
  }, 60_000);
  afterAll(() => cleanup(root));

  it('the witness cosigns the real ledger; the operator adds it; an office pulls it under the policy', async () => {
    expect((await run('witness', ['ledger', 'pull', 'real', 'w-copy', '--vkey', vkey])).code).toBe(0);
    const c = await run('witness', [
      'ledger',
      'cosign',
      'w-copy',
      '--witness',
      'keystone',
      '--key-name',
      'witness.keystone.example',
      '--out',
      'cosigned',
    ]);
    expect(c.code, c.stderr).toBe(0);
    const add = await run('op', ['ledger', 'add-cosignatures', 'real', 'cosigned']);
    expect(add.code, add.stderr).toBe(0);
    expect(JSON.parse(add.stdout).added).toBe(1);
    const a = await run('office-a', ['ledger', 'pull', 'real', 'a-copy', '--vkey', vkey, '--witness-policy', 'policy']);
    expect(a.code, a.stderr).toBe(0);
    expect(JSON.parse(a.stdout).cosigners).toEqual(['witness.keystone.example']);
    const audit = await run('office-a', ['ledger', 'audit', 'a-copy', '--witness-policy', 'policy']);
    expect(audit.code, audit.stderr).toBe(0);
    // verify reads a copy only with its quorum: the same copy with the cosignature cut off is refused
    cpSync(join(root, 'a-copy'), join(root, 'a-stripped'), { recursive: true });
    const cp = readFileSync(join(root, 'a-stripped', 'checkpoint'), 'utf8');
    writeFileSync(join(root, 'a-stripped', 'checkpoint'), cp.replace(/\u2014 witness\.keystone\.example .*\n/, ''));
    writeFileSync(join(root, 'x.jwt'), 'x\n');
    const v = await run('office-a', [
      'verify',
      'x.jwt',
      '--any-audience',
      '--any-issuer',
      '--ledger',
      'a-stripped',
      '--witness-policy',
      'policy',
    ]);
    expect(v.code).toBe(4);
    expect(JSON.parse(v.stdout).error.code).toBe('WITNESS_QUORUM_NOT_MET');
    const withIt = await run('office-a', [
      'verify',
      'x.jwt',
      '--any-audience',
      '--any-issuer',
      '--ledger',
      'a-copy',
      '--witness-policy',
      'policy',
    ]);
    expect(withIt.code).toBe(3); // past the ledger, to the file, which is not a JWT
  });

  it('the office shown the fork cannot pull it under the policy: WITNESS_QUORUM_NOT_MET (exit 4), nothing written', async () => {
    const b = await run('office-b', ['ledger', 'pull', 'fork', 'b-copy', '--vkey', vkey, '--witness-policy', 'policy']);
    expect(b.code).toBe(4);
    expect(JSON.parse(b.stdout).error.code).toBe('WITNESS_QUORUM_NOT_MET');
    expect(existsSync(join(root, 'b-copy')) || existsSync(join(root, 'office-b', 'pins'))).toBe(false);
  });

  it('the witness refuses to cosign the fork, and writes the evidence', async () => {
    cpSync(join(root, 'fork'), join(root, 'w-fork'), { recursive: true });
    // its pin is the real ledger: the fork's copy is refused before anything is signed
    const pinned = await run('witness', [
      'ledger',
      'cosign',
      'w-fork',
      '--witness',
      'keystone',
      '--key-name',
      'witness.keystone.example',
      '--out',
      'cosigned-fork',
    ]);
    expect(pinned.code).toBe(4);
    expect(JSON.parse(pinned.stdout).error.code).toBe('LEDGER_FORK');
    expect(existsSync(join(root, 'cosigned-fork'))).toBe(false);
    // and pulling the fork, the witness's own pull refuses it and writes the evidence down
    const again = await run('witness', ['ledger', 'pull', 'fork', 'w-fork2', '--vkey', vkey]);
    expect(again.code).toBe(4); // the pull refuses the fork as well
    const evidence = readdirSync(join(root, 'witness', 'forks'));
    expect(evidence.length).toBeGreaterThan(0);
  });
});
