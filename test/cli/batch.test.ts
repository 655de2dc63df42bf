// issue TYPE --batch ROSTER.csv --out-dir DIR [--ledger DIR]: bad rows reported by line and
// field, good rows issued (and verifying), the ledger taking them in one commit (or pending/
// without the operator key), reruns issuing nothing twice, and the whole-file and usage errors.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fixture, importDemoIdentities, NOW, radcred, tempDir } from '../helpers.js';
import { decodeJwt } from '../verify/tokens.js';

const TYPE = 'CMECertificateCredential';
const PRIYA = 'did:key:z6MkfYTuCR6MjTGpKaGXSKGs3LvDs8yxsoLs1qr8gcVT21ba';
const MARCUS = 'did:key:z6MkvqEqwVjs7KdSPj6QzJwEjKHF2SjGRPEMc3GKFNtDSG32';
const HEADER =
  'subject,name,activityTitle,activityId,provider,providerAccreditation,format,activityStartDate,activityEndDate,creditType,creditsAvailable,creditsEarned,topics,validUntil';

function row(cells: Record<string, string> = {}): string {
  const base: Record<string, string> = {
    subject: PRIYA,
    name: 'Priya N. Halvorsen',
    activityTitle: 'Breast Imaging Update',
    activityId: 'RSNA-BI-1',
    provider: 'Radiological Society of North America',
    providerAccreditation: 'ACCME',
    format: 'live',
    activityStartDate: '2026-03-01',
    activityEndDate: '2026-03-02',
    creditType: 'AMA PRA Category 1 Credit',
    creditsAvailable: '12',
    creditsEarned: '10.5',
    topics: 'mammography;patient safety',
    validUntil: '',
    ...cells,
  };
  return HEADER.split(',')
    .map((h) => base[h]!)
    .join(',');
}

// A roster with good and bad rows; the comment is the line each starts on.
const MIXED =
  [
    HEADER, // 1
    row({ activityId: 'GOOD-A' }), // 2
    row({ subject: 'did:key:z6MkNotARealKey', activityId: 'BAD-DID' }), // 3
    row({ activityId: 'BAD-DATE', activityEndDate: '2026-02-30' }), // 4
    row({ activityId: 'BAD-QUARTER', creditsEarned: '10.1' }), // 5
    row({ activityId: 'BAD-EARNED', creditsAvailable: '10', creditsEarned: '10.25' }), // 6
    row({ activityId: '' }), // 7: a required field left empty
    `${PRIYA},Priya N. Halvorsen,Too few fields`, // 8
    row({
      activityId: 'GOOD-B',
      activityTitle: '"Mammography, Tomosynthesis and CEM"',
      subject: MARCUS,
      name: 'Marcus T. Oyelaran',
    }), // 9
    row({ activityId: 'GOOD-C', activityTitle: '"Breast Imaging\nUpdate 2026"' }), // 10-11
    row({ activityId: 'BAD-AFTER-MULTILINE', creditsEarned: '0.3' }), // 12
    row({ activityId: 'GOOD-D', validUntil: '2027-12-31T00:00:00Z' }), // 13
    row({ activityId: 'GOOD-A' }), // 14: the same as line 2
  ].join('\n') + '\n';
const EXPECTED_BAD = [
  [3, 'subject'],
  [4, 'activityEndDate'],
  [5, 'creditsEarned'],
  [6, 'creditsEarned'],
  [7, 'activityId'],
  [8, '*'],
  [12, 'creditsEarned'],
];

let dir: string;
let issuerHome: string; // rsna and the ledger operator
let issuerOnly: string; // rsna without the operator key
let verifierHome: string;
let dids: Record<string, string>;
let ledger: string;
let ledger2: string;
let first: any;

const cli = (home: string, args: string[]) => radcred(['--home', home, '--now', NOW, '--json', ...args], { cwd: dir });
const batch = (home: string, roster: string, outDir: string, extra: string[] = []) =>
  cli(home, ['issue', TYPE, '--issuer', 'rsna', '--batch', roster, '--out-dir', outDir, ...extra]);
const jwts = (outDir: string) =>
  existsSync(outDir)
    ? readdirSync(outDir)
        .filter((f) => f.endsWith('.jwt'))
        .sort()
    : [];
const size = async (l: string) => (await cli(issuerHome, ['ledger', 'status', l])).json().size as number;
const pendingEntries = (l: string) =>
  existsSync(join(l, 'pending')) ? readdirSync(join(l, 'pending')).filter((f) => f.endsWith('.entry')) : [];

beforeAll(async () => {
  dir = tempDir('radcred-batch-cli-');
  issuerHome = join(dir, 'issuer');
  issuerOnly = join(dir, 'issuer-only');
  verifierHome = join(dir, 'verifier');
  dids = await importDemoIdentities(issuerHome, ['rsna', 'registry']);
  await importDemoIdentities(issuerOnly, ['rsna']);
  ledger = join(dir, 'ledger');
  ledger2 = join(dir, 'ledger2');
  const init = await cli(issuerHome, [
    'ledger',
    'init',
    ledger,
    '--origin',
    'ledger.example/rsna-batch',
    '--operator',
    'registry',
  ]);
  if (init.code !== 0) throw new Error(init.stderr);
  const init2 = await cli(issuerHome, [
    'ledger',
    'init',
    ledger2,
    '--origin',
    'ledger.example/rsna-pending',
    '--operator',
    'registry',
  ]);
  if (init2.code !== 0) throw new Error(init2.stderr);
  for (const args of [
    ['ledger', 'pull', ledger, join(dir, 'verifier-copy'), '--vkey', init.json().vkey],
    ['trust', 'add', dids.rsna!, '--name', 'RSNA', '--types', TYPE],
  ]) {
    const r = await cli(verifierHome, args);
    if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  }
  writeFileSync(join(dir, 'mixed.csv'), MIXED);
  first = await batch(issuerHome, 'mixed.csv', 'out', ['--ledger', ledger]);
});
afterAll(() => cleanup(dir));

describe('a roster with good and bad rows', () => {
  it('reports every bad row by its 1-based line and field (multi-line fields counted), and exits 1', () => {
    expect(first.code, first.stderr).toBe(1);
    const data = first.json();
    expect(data.bad.map((b: { line: number; field: string }) => [b.line, b.field])).toEqual(EXPECTED_BAD);
    for (const b of data.bad) expect(typeof b.message).toBe('string');
    expect(data.rows).toBe(12);
  });

  it('issues the good rows, once each: the repeated row is skipped as a duplicate', () => {
    const data = first.json();
    expect(data.issued).toBe(4);
    expect(data.credentials.map((c: { line: number }) => c.line)).toEqual([2, 9, 10, 13]);
    expect(data.skipped.map((s: { line: number; reason: string }) => [s.line, s.reason])).toEqual([
      [14, 'duplicate-row'],
    ]);
    expect(jwts(join(dir, 'out'))).toHaveLength(4);
  });

  it('each file is a credential for its row that verifies against the trust list and the ledger', async () => {
    const data = first.json();
    const files = data.credentials.map((c: { file: string }) => c.file);
    const r = await cli(verifierHome, ['verify', ...files, '--ledger', ledger]);
    expect(r.code, r.stdout).toBe(0);
    const payloads = files.map((f: string) => decodeJwt(readFileSync(f, 'utf8')).payload);
    expect(payloads.map((p: any) => p.sub)).toEqual([PRIYA, MARCUS, PRIYA, PRIYA]);
    expect(payloads.map((p: any) => p.vc.credentialSubject.activityId)).toEqual([
      'GOOD-A',
      'GOOD-B',
      'GOOD-C',
      'GOOD-D',
    ]);
    expect(payloads[1].vc.credentialSubject.activityTitle).toBe('Mammography, Tomosynthesis and CEM');
    expect(payloads[2].vc.credentialSubject.activityTitle).toBe('Breast Imaging\nUpdate 2026');
    expect(payloads[0].vc.credentialSubject).toMatchObject({
      creditsEarned: 10.5,
      topics: ['mammography', 'patient safety'],
    });
    expect(data.credentials.map((c: { digest: string }) => c.digest)).toEqual(
      r.json().results.map((x: any) => x.credentials[0].digest),
    );
  });

  it("a row's validUntil sets the credential's exp; rows without one have none", () => {
    const payloads = first
      .json()
      .credentials.map((c: { file: string }) => decodeJwt(readFileSync(c.file, 'utf8')).payload);
    expect(payloads.map((p: any) => p.exp)).toEqual([
      undefined,
      undefined,
      undefined,
      Date.parse('2027-12-31T00:00:00Z') / 1000,
    ]);
  });

  it('with the operator key the good rows are committed to the ledger in one commit', async () => {
    const data = first.json();
    expect(data.ledger.mode).toBe('committed');
    expect(data.ledger.checkpoint.size).toBe(4);
    expect(await size(ledger)).toBe(4);
    // one commit from size 0 to 4 leaves one partial entry bundle (of width 4), not one per row
    expect(readdirSync(join(ledger, 'tile', 'entries', '000.p'))).toEqual(['4']);
  });

  it('rerunning the same roster issues nothing and adds nothing to the ledger', async () => {
    const again = await batch(issuerHome, 'mixed.csv', 'out', ['--ledger', ledger]);
    expect(again.code).toBe(1);
    const data = again.json();
    expect(data.issued).toBe(0);
    expect(data.credentials).toEqual([]);
    expect(data.skipped.map((s: { line: number; reason: string }) => [s.line, s.reason])).toEqual([
      [2, 'already-issued'],
      [9, 'already-issued'],
      [10, 'already-issued'],
      [13, 'already-issued'],
      [14, 'duplicate-row'],
    ]);
    expect(data.bad.map((b: { line: number; field: string }) => [b.line, b.field])).toEqual(EXPECTED_BAD);
    expect(data.ledger).toBeUndefined();
    expect(await size(ledger)).toBe(4);
    expect(jwts(join(dir, 'out'))).toHaveLength(4);
  });

  it('the same rows issued into another --out-dir are new credentials', async () => {
    const good = [HEADER, row({ activityId: 'GOOD-A' })].join('\n') + '\n';
    writeFileSync(join(dir, 'one.csv'), good);
    const r = await batch(issuerHome, 'one.csv', 'out-elsewhere');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().issued).toBe(1);
  });
});

describe('without the operator key', () => {
  it('the good rows go to pending/ (the ledger does not grow); a BOM and CRLF are tolerated; a rerun queues nothing more', async () => {
    const text = '\ufeff' + readFileSync(fixture('rosters', 'rsna-cme.csv'), 'utf8').replace(/\r?\n/g, '\r\n');
    writeFileSync(join(dir, 'bom.csv'), text);
    const r = await batch(issuerOnly, 'bom.csv', 'out-pending', ['--ledger', ledger2]);
    expect(r.code, r.stderr).toBe(0);
    const data = r.json();
    expect(data.bad).toEqual([]);
    expect(data.issued).toBe(6);
    expect(data.credentials.map((c: { line: number }) => c.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(data.ledger.mode).toBe('pending');
    expect(pendingEntries(ledger2)).toHaveLength(6);
    expect(await size(ledger2)).toBe(0);

    const again = await batch(issuerOnly, 'bom.csv', 'out-pending', ['--ledger', ledger2]);
    expect(again.code).toBe(0);
    expect(again.json().issued).toBe(0);
    expect(again.json().skipped.every((s: { reason: string }) => s.reason === 'already-issued')).toBe(true);
    expect(pendingEntries(ledger2)).toHaveLength(6);
  });
});

describe('whole-file errors (exit 3, nothing issued)', () => {
  it.each([
    [
      'an unclosed quote',
      'ROSTER_MALFORMED',
      [HEADER, row({ activityTitle: '"Breast Imaging Update' }), row({ activityId: 'X' })].join('\n') + '\n',
    ],
    ['an unknown column', 'ROSTER_HEADER', [HEADER + ',creditHours', row() + ',3'].join('\n') + '\n'],
    ['no subject column', 'ROSTER_HEADER', [HEADER.replace('subject', 'holder'), row()].join('\n') + '\n'],
  ])('%s: %s', async (what, code, text) => {
    const roster = `${what.replaceAll(' ', '-')}.csv`;
    writeFileSync(join(dir, roster), text);
    const out = join(dir, `never-${code}`);
    const r = await batch(issuerHome, roster, out, ['--ledger', ledger]);
    expect(r.code).toBe(3);
    expect(r.json().error.code).toBe(code);
    expect(jwts(out)).toEqual([]);
    expect(await size(ledger)).toBe(4);
  });

  it('a roster file that does not exist', async () => {
    const r = await batch(issuerHome, 'missing.csv', 'never');
    expect(r.code).toBe(3);
  });
});

describe('usage errors (exit 2)', () => {
  it('--batch without --out-dir, --out-dir without --batch, --batch with --subject, --data, --out or --valid-until', async () => {
    const base = ['issue', TYPE, '--issuer', 'rsna'];
    for (const args of [
      ['--batch', 'mixed.csv'],
      ['--out-dir', 'out-x'],
      ['--batch', 'mixed.csv', '--out-dir', 'out-x', '--subject', PRIYA],
      ['--batch', 'mixed.csv', '--out-dir', 'out-x', '--data', fixture('subjects', `${TYPE}.json`)],
      ['--batch', 'mixed.csv', '--out-dir', 'out-x', '--out', 'x.jwt'],
      ['--batch', 'mixed.csv', '--out-dir', 'out-x', '--valid-until', '2028-01-01'],
    ]) {
      const r = await cli(issuerHome, [...base, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(typeof r.json().error.code).toBe('string');
    }
    expect(existsSync(join(dir, 'out-x'))).toBe(false);
  });
});
