// The issuer register (HOME/issued.jsonl): appends keep every earlier byte and the file itself (no
// rewrite), lookups by jti, bare UUID, digest and digest prefix, filters; a torn final line is
// ignored and cut off by the next append, a whole final record without its newline is kept; a
// damaged complete line is ISSUED_DAMAGED naming it; appends at once in one process all land.
import { appendFileSync, mkdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { formatRecord, parseRecord, type IssuedRecord } from '../../src/issued/record.js';
import { namesJti } from '../../src/credential/reference.js';
import { appendIssued, findIssued, IssuedLines, listIssued } from '../../src/issued/register.js';
import { cleanup, errorOf, tempDir } from '../helpers.js';

const work = tempDir('radcred-register-');
afterAll(() => cleanup(work));

const PRIYA = 'did:key:z6MkfYTuCR6MjTGpKaGXSKGs3LvDs8yxsoLs1qr8gcVT21ba';
const MARCUS = 'did:key:z6MkvqEqwVjs7KdSPj6QzJwEjKHF2SjGRPEMc3GKFNtDSG32';
const ISSUER = 'did:key:z6Mkqc7ocHd2ALH6SSjriTPCijfTk85i7wyb87hb1KeTLGLt';

let n = 0;
/** A record with a fresh jti and digest (digest i: `<i as 8 hex>` then zeros). */
function record(over: Partial<IssuedRecord> = {}): IssuedRecord {
  const i = ++n;
  return {
    jti: `urn:uuid:00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    digest: `sha256:${i.toString(16).padStart(8, '0')}${'0'.repeat(56)}`,
    type: 'CMECertificateCredential',
    issuer: ISSUER,
    issuerName: 'rsna',
    subject: PRIYA,
    time: '2026-11-27T18:00:00Z',
    ledger: 'ledger.example/rsna',
    ...over,
  };
}

let home: string;
let file: string;
let homes = 0;
beforeEach(() => {
  home = join(work, `home-${homes++}`);
  mkdirSync(home);
  file = join(home, 'issued.jsonl');
});

describe('append and read', () => {
  it('appends one JSON object a line, in order, and reads them back', async () => {
    const a = [record(), record({ subject: MARCUS, validUntil: '2027-12-31T23:59:59Z' })];
    const b = [record({ type: 'MedicalLicenseCredential', ledger: null })];
    expect(await appendIssued(home, a)).toBe(2);
    expect(await appendIssued(home, b)).toBe(1);
    expect(listIssued(home)).toEqual([...a, ...b]);
    expect(readFileSync(file, 'utf8')).toBe([...a, ...b].map((r) => formatRecord(r) + '\n').join(''));
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('never subject data: a record holds only what names the credential', async () => {
    await appendIssued(home, [record()]);
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')))).toEqual([
      'jti',
      'digest',
      'type',
      'issuer',
      'issuerName',
      'subject',
      'time',
      'ledger',
    ]);
  });

  it('an append adds bytes to the same file: nothing earlier is rewritten', async () => {
    await appendIssued(home, [record(), record()]);
    const before = readFileSync(file);
    const inode = statSync(file).ino;
    const lines = new IssuedLines(1000);
    for (let i = 0; i < 1000; i++) lines.add(record());
    expect(await appendIssued(home, lines)).toBe(1000);
    expect(statSync(file).ino).toBe(inode);
    expect(readFileSync(file).subarray(0, before.length).equals(before)).toBe(true);
    expect(listIssued(home)).toHaveLength(1002);
  });

  it('a home with nothing issued has an empty register; appending nothing creates no file', async () => {
    expect(listIssued(home)).toEqual([]);
    expect(await appendIssued(home, [])).toBe(0);
    expect(() => statSync(file)).toThrow();
  });

  it('appending into a home that does not exist is HOME_NOT_FOUND', async () => {
    const e = await appendIssued(join(work, 'no-such-home'), [record()]).catch((x: unknown) => x);
    expect((e as { code: string }).code).toBe('HOME_NOT_FOUND');
  });

  it('appends made at once all land, each line whole', async () => {
    const batches = Array.from({ length: 8 }, () => Array.from({ length: 50 }, () => record()));
    await Promise.all(batches.map((b) => appendIssued(home, b)));
    const got = listIssued(home)
      .map((r) => r.jti)
      .sort();
    expect(got).toEqual(
      batches
        .flat()
        .map((r) => r.jti)
        .sort(),
    );
  });

  it('onlyNew leaves out records whose digest the register holds, and repeats', async () => {
    const [a, b] = [record(), record()];
    await appendIssued(home, [a!]);
    expect(await appendIssued(home, [a!, b!, b!], { onlyNew: true })).toBe(1);
    expect(listIssued(home)).toEqual([a, b]);
  });
});

describe('lookups and filters', () => {
  let rs: IssuedRecord[];
  beforeEach(async () => {
    rs = [record(), record({ subject: MARCUS }), record({ type: 'MedicalLicenseCredential' })];
    await appendIssued(home, rs);
  });

  it('filters by subject, by type, by both; an unknown type matches nothing', () => {
    expect(listIssued(home, { subject: PRIYA })).toEqual([rs[0], rs[2]]);
    expect(listIssued(home, { type: 'CMECertificateCredential' })).toEqual([rs[0], rs[1]]);
    expect(listIssued(home, { subject: PRIYA, type: 'CMECertificateCredential' })).toEqual([rs[0]]);
    expect(listIssued(home, { type: 'NoSuchCredential' })).toEqual([]);
  });

  it('finds by jti, by the bare UUID of an urn:uuid: jti, by digest and by digest prefix', () => {
    const r = rs[1]!;
    expect(findIssued(home, r.jti)).toEqual([r]);
    expect(findIssued(home, r.jti.slice('urn:uuid:'.length))).toEqual([r]);
    expect(findIssued(home, r.jti.slice('urn:uuid:'.length).toUpperCase())).toEqual([r]);
    expect(findIssued(home, r.digest)).toEqual([r]);
    expect(findIssued(home, r.digest.slice(7, 15))).toEqual([r]);
    expect(findIssued(home, `sha256:${r.digest.slice(7, 15)}`)).toEqual([r]);
    expect(findIssued(home, 'urn:uuid:nothing')).toEqual([]);
  });

  it('a prefix shared by several credentials finds each; a credential recorded twice is found once', async () => {
    const twins = [
      record({ digest: `sha256:abcdef001${'0'.repeat(55)}` }),
      record({ digest: `sha256:abcdef002${'0'.repeat(55)}` }),
    ];
    await appendIssued(home, [...twins, rs[0]!]);
    expect(findIssued(home, 'abcdef00')).toEqual(twins);
    expect(findIssued(home, rs[0]!.jti)).toEqual([rs[0]]);
    expect(findIssued(home, 'abcdef0')).toEqual([]); // shorter than 8 hex: read as a jti, and no jti is that
  });

  it('namesJti: the jti itself, or a bare UUID for an urn:uuid: jti, nothing looser', () => {
    const jti = 'urn:uuid:3f1c2a4b-1111-4222-8333-444455556666';
    expect(namesJti(jti, jti)).toBe(true);
    expect(namesJti('3f1c2a4b-1111-4222-8333-444455556666', jti)).toBe(true);
    expect(namesJti('3f1c2a4b', jti)).toBe(false);
    expect(namesJti('uuid:3f1c2a4b-1111-4222-8333-444455556666', jti)).toBe(false);
    expect(namesJti(jti, undefined)).toBe(false);
  });
});

describe('torn and damaged lines', () => {
  let rs: IssuedRecord[];
  beforeEach(async () => {
    rs = [record(), record(), record()];
    await appendIssued(home, rs);
  });

  it('a torn final line (a writer killed mid-write) is ignored, and the next append cuts it off', async () => {
    const torn = formatRecord(record()).slice(0, 70);
    appendFileSync(file, torn);
    expect(listIssued(home)).toEqual(rs);
    const next = record();
    await appendIssued(home, [next]);
    expect(listIssued(home)).toEqual([...rs, next]);
    expect(readFileSync(file, 'utf8')).not.toContain(torn);
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
  });

  it('a torn line cut before its first byte of JSON, or of a file holding only it, is handled the same', async () => {
    writeFileSync(file, '{"jti":"urn:uu');
    expect(listIssued(home)).toEqual([]);
    const next = record();
    await appendIssued(home, [next]);
    expect(readFileSync(file, 'utf8')).toBe(formatRecord(next) + '\n');
  });

  it('a whole final record without its newline counts, and the next append ends it', async () => {
    const last = record();
    appendFileSync(file, formatRecord(last));
    expect(listIssued(home)).toEqual([...rs, last]);
    const next = record();
    await appendIssued(home, [next]);
    expect(listIssued(home)).toEqual([...rs, last, next]);
  });

  it('a damaged complete line is ISSUED_DAMAGED naming its line (exit 3), never skipped', () => {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[1] = lines[1]!.slice(0, 40);
    writeFileSync(file, lines.join('\n'));
    const e = errorOf(() => listIssued(home));
    expect(e.code).toBe('ISSUED_DAMAGED');
    expect(e.kind).toBe('input');
    expect(e.details).toEqual({ line: 2 });
    expect(e.message).toContain('line 2');
    expect(e.hint).toBeTruthy();
    expect(errorOf(() => findIssued(home, rs[2]!.jti)).code).toBe('ISSUED_DAMAGED');
  });

  it('damage of every kind: not UTF-8, not an object, a missing field, a bad digest, a wrong ledger', () => {
    const good = formatRecord(record());
    for (const bad of [
      Buffer.from([0xff, 0xfe, 0x7b]),
      Buffer.from('[1,2]'),
      Buffer.from(good.replace('"issuerName":"rsna",', '')),
      Buffer.from(good.replace(/sha256:[0-9a-f]+/, 'sha256:xyz')),
      Buffer.from(good.replace('"ledger":"ledger.example/rsna"', '"ledger":7')),
      Buffer.from('x'.repeat(70_000)),
    ]) {
      writeFileSync(file, Buffer.concat([Buffer.from(good + '\n'), bad, Buffer.from('\n' + good + '\n')]));
      expect(errorOf(() => listIssued(home)).details).toEqual({ line: 2 });
    }
  });

  it('empty lines are skipped; fields the register does not know are left out', () => {
    const r = record();
    writeFileSync(file, `\n${JSON.stringify({ ...JSON.parse(formatRecord(r)), extra: 'x' })}\n\n`);
    expect(listIssued(home)).toEqual([r]);
    expect(parseRecord('{}')).toBe('no jti');
  });

  it('a register longer than one read chunk is read line by line across chunk ends', async () => {
    truncateSync(file, 0);
    const many = Array.from({ length: 5000 }, () => record({ issuerName: `rsna-${'x'.repeat(n % 300)}` }));
    await appendIssued(home, many); // ~2.5 MB: lines straddle the 1 MiB chunks
    expect(listIssued(home)).toEqual(many);
  });
});
