// The verification record (issue 13): written by `verify --record`, checked again by `record
// check` from the record alone and the pinned key. Each way of altering a record is caught with
// its own code: a byte of the record itself (the office's signature), and, re-signed by the office
// so that the signature holds, an embedded credential, a proof, the checkpoint, the verdict, or an
// entry left out of the evidence.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRecord } from '../../src/record/check.js';
import { openVerifierLedger } from '../../src/verify/ledger-context.js';
import { readRecord } from '../../src/record/record.js';
import { RadcredError } from '../../src/errors.js';
import { cleanup, radcredProcess, tempDir } from '../helpers.js';
import { decodeJwt, demoSigner, mallory, resign } from '../verify/tokens.js';
import { buildWorld, type World } from '../cli/world.js';

let root: string;
let world: World;
let record: string;
let suspendedRecord: string;
const NOW = '2026-11-27T19:00:00Z';
const run = (args: string[], now = NOW) =>
  radcredProcess(['--home', world.homes.verifier, '--now', now, ...args], { cwd: world.dir });
const office = () => demoSigner('northbay');
const home = () => join(world.dir, world.homes.verifier);

beforeAll(async () => {
  root = tempDir('radcred-record-');
  world = await buildWorld(join(root, 'world'));
  const f = world.files;
  const made = await run([
    'verify',
    f.vp,
    '--request',
    f.request,
    '--ledger',
    f.copy,
    '--record',
    'full-record.jwt',
    '--signer',
    'northbay',
    '--reviewer',
    'Dana K. Whitfield, CPCS',
    '--attach',
    'npdb=NPDB query 2026-11-25: no reports',
    '--attach',
    'exclusions=OIG LEIE 2026-11-25: not excluded',
  ]);
  expect(made.code, made.stderr).toBe(0);
  record = readFileSync(join(world.dir, 'full-record.jwt'), 'utf8').trim();
  const suspended = await run([
    'verify',
    f.suspended,
    '--ledger',
    f.copy,
    '--record',
    'suspended-record.jwt',
    '--signer',
    'northbay',
  ]);
  expect(suspended.code, suspended.stderr).toBe(1);
  suspendedRecord = readFileSync(join(world.dir, 'suspended-record.jwt'), 'utf8').trim();
}, 120_000);
afterAll(() => cleanup(root));

const check = (text: string) => checkRecord(text, { home: home() });
const codes = async (text: string) => (await check(text)).checks.map((c) => c.code);
/** The record with its evidence or content edited, signed again by the office (so its signature holds). */
const edited = (text: string, edit: (subject: Record<string, any>) => void, signer = office()) =>
  resign(text, signer, (p) => edit(p.vc.credentialSubject));

describe('verify --record writes what the office files', () => {
  it('a VerificationRecordCredential signed by the office, about the practitioner, with the whole evidence', () => {
    const { header, payload } = decodeJwt(record);
    expect(header.alg).toBe('EdDSA');
    expect(payload.iss).toBe(world.dids.northbay);
    expect(payload.sub).toBe(world.dids.priya);
    expect(payload.vc.type).toEqual(['VerifiableCredential', 'VerificationRecordCredential']);
    const r = readRecord(record);
    expect(r.content.office).toEqual({
      did: world.dids.northbay,
      name: expect.any(String),
      reviewer: 'Dana K. Whitfield, CPCS',
    });
    expect(r.content.practitioner).toEqual({ did: world.dids.priya, name: 'Priya N. Halvorsen', npi: '1234567893' });
    expect(r.content.verdict).toEqual({ verified: true, failing: [], warnings: [] });
    expect(r.content.attachments.map((a) => a.kind)).toEqual(['npdb', 'exclusions']);
    const item = r.content.items[0]!;
    expect(item).toMatchObject({
      type: 'MedicalLicenseCredential',
      issuerName: 'Texas Medical Board',
      status: 'active',
      result: 'verified',
    });
    expect(item.attested.facts).toContainEqual(['License number', 'Q4821']);
    expect(item.method).toMatch(/issue entry 0 included under checkpoint \d+ of ledger\.tmb\.example\/credentials/);
    // exactly the bytes verified
    expect(r.evidence.file).toBe(readFileSync(join(world.dir, world.files.vp), 'utf8'));
    expect(r.evidence.request).toBe(readFileSync(join(world.dir, world.files.request), 'utf8'));
    expect(r.evidence.ledgers[0]!.entries[0]!.proof).toMatch(/^c2sp\.org\/tlog-proof@v1\nindex 0\n/);
  });

  it('record check: signed, proven, the same verdict again (exit 0)', async () => {
    const r = await run(['--json', 'record', 'check', 'full-record.jwt']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.valid).toBe(true);
    expect(out.checks.map((c: { code: string }) => c.code)).toEqual([
      'RECORD_SIGNED',
      'EVIDENCE_PROVEN',
      'EVIDENCE_NOT_CROSSCHECKED',
      'VERDICT_REPLAYED',
    ]);
    expect(out.checks[0].message).toMatch(/this home's identity northbay/);
  });

  it("still passes long after the presentation expired: its time is the record's", async () => {
    const r = await run(['record', 'check', 'full-record.jwt'], '2031-01-01T00:00:00Z');
    expect(r.code, r.stderr).toBe(0);
    const late = await run(
      ['verify', world.files.vp, '--request', world.files.request, '--ledger', world.files.copy],
      '2031-01-01T00:00:00Z',
    );
    expect(late.code).toBe(1);
  });

  it('a failed verification is recorded as failed, and checks as recorded', async () => {
    const r = readRecord(suspendedRecord);
    expect(r.content.verdict.verified).toBe(false);
    expect(r.content.verdict.failing).toContain('SUSPENDED');
    expect(r.content.items[0]!.status).toBe('suspended');
    expect((await check(suspendedRecord)).valid).toBe(true);
  });
});

describe('an altered record fails with its code', () => {
  it('any byte of the record changed: malformed or its signature fails, never valid', async () => {
    const positions = [
      0,
      5,
      30,
      ...Array.from({ length: 40 }, (_, i) => Math.floor(((i + 1) * record.length) / 42)),
      record.length - 2,
      record.length - 1,
    ];
    for (const at of positions) {
      const c = record[at]!;
      const flipped = record.slice(0, at) + (c === 'A' ? 'B' : 'A') + record.slice(at + 1);
      let outcome: string;
      try {
        const r = await check(flipped);
        outcome = r.valid ? 'VALID' : r.checks.find((x) => x.status === 'fail')!.code;
      } catch (e) {
        outcome = e instanceof RadcredError ? e.code : String(e);
      }
      expect(['RECORD_MALFORMED', 'RECORD_SIGNATURE_INVALID'], `byte ${at}`).toContain(outcome);
    }
  });

  it('a flipped byte through the CLI: exit 1 (signature) or 3 (malformed), with a hint', async () => {
    const { writeFileSync } = await import('node:fs');
    const at = Math.floor(record.length / 2);
    writeFileSync(
      join(world.dir, 'flipped.jwt'),
      record.slice(0, at) + (record[at] === 'A' ? 'B' : 'A') + record.slice(at + 1),
    );
    const r = await run(['--json', 'record', 'check', 'flipped.jwt']);
    expect([1, 3]).toContain(r.code);
    if (r.code === 1) expect(JSON.parse(r.stdout).checks[0].code).toBe('RECORD_SIGNATURE_INVALID');
    else expect(JSON.parse(r.stdout).error.code).toBe('RECORD_MALFORMED');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('an embedded credential changed (one byte of its signature): RECORD_VERDICT_MISMATCH', async () => {
    const text = edited(record, (s) => {
      const vp = s.evidence.file as string;
      const vpPayload = JSON.parse(Buffer.from(vp.split('.')[1]!, 'base64url').toString('utf8'));
      const vc: string = vpPayload.vp.verifiableCredential[0];
      const last = vc.at(-2) === 'A' ? 'B' : 'A';
      vpPayload.vp.verifiableCredential[0] = vc.slice(0, -2) + last + vc.at(-1);
      // the presentation is re-signed by nobody: its holder signature now fails too
      s.evidence.file = `${vp.split('.')[0]}.${Buffer.from(JSON.stringify(vpPayload)).toString('base64url')}.${vp.split('.')[2]}`;
    });
    expect(await codes(text)).toEqual([
      'RECORD_SIGNED',
      'EVIDENCE_PROVEN',
      'EVIDENCE_NOT_CROSSCHECKED',
      'RECORD_VERDICT_MISMATCH',
    ]);
  });

  it('a proof hash changed: RECORD_PROOF_INVALID', async () => {
    const text = edited(record, (s) => {
      const e = s.evidence.ledgers[0].entries[0];
      e.entry = Buffer.from(
        Buffer.from(e.entry, 'base64').toString('latin1').replace('issue', 'isxue'),
        'latin1',
      ).toString('base64');
    });
    expect(await codes(text)).toEqual(['RECORD_SIGNED', 'RECORD_PROOF_INVALID']);
  });

  it('a checkpoint not signed by the pinned key: RECORD_CHECKPOINT_UNTRUSTED', async () => {
    const text = edited(record, (s) => {
      const l = s.evidence.ledgers[0];
      l.checkpoint = l.checkpoint.replace(
        /\n\n.*$/s,
        '\n\n— ledger.tmb.example/credentials AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n',
      );
    });
    expect(await codes(text)).toEqual(['RECORD_SIGNED', 'RECORD_CHECKPOINT_UNTRUSTED']);
  });

  it('the recorded verdict changed: RECORD_VERDICT_MISMATCH', async () => {
    const text = edited(suspendedRecord, (s) => {
      s.verdict = { verified: true, failing: [], warnings: [] };
    });
    expect(await codes(text)).toEqual([
      'RECORD_SIGNED',
      'EVIDENCE_PROVEN',
      'EVIDENCE_NOT_CROSSCHECKED',
      'RECORD_VERDICT_MISMATCH',
    ]);
  });

  it('the suspension left out of the evidence: the replay finds the credential active, not as recorded', async () => {
    const text = edited(suspendedRecord, (s) => {
      const l = s.evidence.ledgers[0];
      l.entries = l.entries.filter(
        (e: { entry: string }) => !Buffer.from(e.entry, 'base64').toString('latin1').includes('kind suspend'),
      );
    });
    const r = await check(text);
    expect(r.checks.map((c) => c.code)).toEqual([
      'RECORD_SIGNED',
      'EVIDENCE_PROVEN',
      'EVIDENCE_NOT_CROSSCHECKED',
      'RECORD_VERDICT_MISMATCH',
    ]);
    // against the office's own copy, what was left out is named
    const copy = openVerifierLedger(home(), join(world.dir, world.files.copy));
    const crossed = await checkRecord(text, { home: home(), ledgers: [copy] });
    expect(crossed.checks.map((c) => c.code)).toContain('RECORD_EVIDENCE_INCOMPLETE');
    expect(crossed.checks.find((c) => c.code === 'RECORD_EVIDENCE_INCOMPLETE')!.message).toMatch(/\(suspend\)/);
    const intact = await checkRecord(suspendedRecord, { home: home(), ledgers: [copy] });
    expect(intact.checks.map((c) => c.code)).toEqual([
      'RECORD_SIGNED',
      'EVIDENCE_PROVEN',
      'EVIDENCE_COMPLETE',
      'VERDICT_REPLAYED',
    ]);
  });

  it('an attested value, a name or a message edited by the office itself: RECORD_VERDICT_MISMATCH naming it', async () => {
    const edits: [string, (s: Record<string, any>) => void, RegExp][] = [
      [
        'license number',
        (s) => {
          s.items[0].attested.facts[1][1] = 'Q9999';
        },
        /content\.items\[0\]\.attested\.facts\[1\]\[1\]: recorded "Q9999", the evidence gives "Q4821"/,
      ],
      [
        'practitioner',
        (s) => {
          s.practitioner.name = 'John Q. Someone Else';
        },
        /content\.practitioner\.name/,
      ],
      [
        'a policy message',
        (s) => {
          s.policy[0].message = 'all good';
        },
        /content\.policy\[0\]\.message/,
      ],
      [
        'the request rules',
        (s) => {
          s.request.rules = [];
        },
        /content\.request\.rules/,
      ],
    ];
    for (const [what, edit, names] of edits) {
      const r = await check(edited(record, edit));
      expect(r.valid, what).toBe(false);
      expect(r.checks.at(-1)!.code, what).toBe('RECORD_VERDICT_MISMATCH');
      expect(r.checks.at(-1)!.message, what).toMatch(names);
    }
    // what the office adds of its own is its to state
    const reviewed = await check(
      edited(record, (s) => {
        s.office.reviewer = 'Another reviewer';
        s.attachments = [];
      }),
    );
    expect(reviewed.valid).toBe(true);
  });

  it('made with --now before its ledger copy was confirmed: valid, with a warning that it was made later', async () => {
    const text = edited(record, (s) => {
      s.evidence.ledgers[0].confirmedAt = '2026-11-28T00:00:00Z';
      s.ledgers[0].confirmedAt = '2026-11-28T00:00:00Z';
    });
    const r = await check(text);
    expect(r.checks.map((c) => [c.code, c.status])).toContainEqual(['RECORD_DATED_BEFORE_EVIDENCE', 'warn']);
  });

  it('signed by someone else: the signature fails, or the office inside is not the signer; --office another DID', async () => {
    expect(await codes(edited(record, () => undefined, mallory()))).toEqual(['RECORD_SIGNATURE_INVALID']);
    const m = mallory();
    const forged = resign(record, m, (p) => {
      p.iss = m.did;
      p.vc.issuer = m.did;
    });
    await expect(check(forged)).rejects.toMatchObject({ code: 'RECORD_MALFORMED' });
  });

  it("a whole record made by someone else under the office's name: the office is unknown here, or not the requester", async () => {
    const m = mallory();
    const asOffice = (s: Record<string, any>, p: Record<string, any>) => {
      p.iss = m.did;
      p.vc.issuer = m.did;
      s.office.did = m.did; // the name stays "Northbay General Hospital, ..."
    };
    const forged = resign(suspendedRecord, m, (p) => asOffice(p.vc.credentialSubject, p));
    const r = await check(forged);
    expect(r.checks.map((c) => c.code)).toEqual(['RECORD_OFFICE_UNKNOWN']);
    expect(r.checks[0]!.message).toContain('calls itself "Northbay');
    // a record of a verification that answered Northbay's request, signed by another office
    const answered = resign(record, m, (p) => asOffice(p.vc.credentialSubject, p));
    expect(
      await checkRecord(answered, { home: home(), office: m.did }).then((x) => x.checks.map((c) => c.code)),
    ).toEqual(['RECORD_NOT_REQUESTER']);
  });

  it('--office: another DID is RECORD_OFFICE_MISMATCH; an identity name works; anything else is a usage error', async () => {
    const r = await run(['--json', 'record', 'check', 'full-record.jwt', '--office', world.dids.tmb!]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).checks.map((c: { code: string }) => c.code)).toEqual(['RECORD_OFFICE_MISMATCH']);
    const byName = await run(['--json', 'record', 'check', 'full-record.jwt', '--office', 'northbay']);
    expect(byName.code, byName.stderr).toBe(0);
    const garbage = await run(['--json', 'record', 'check', 'full-record.jwt', '--office', 'no-such-office']);
    expect(garbage.code).toBe(2);
    expect(JSON.parse(garbage.stdout).error.code).toBe('OPTION_INVALID');
  });

  it('a home that does not know the office: RECORD_OFFICE_UNKNOWN (exit 1); trusted for records, it passes', async () => {
    const { cpSync } = await import('node:fs');
    const r = await radcredProcess(['--home', 'stranger-home', '--json', 'record', 'check', 'full-record.jwt'], {
      cwd: world.dir,
    });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).checks[0].code).toBe('RECORD_OFFICE_UNKNOWN');
    cpSync(join(world.dir, world.homes.verifier, 'pins'), join(world.dir, 'surveyor', 'pins'), { recursive: true });
    const add = await radcredProcess(
      [
        '--home',
        'surveyor',
        'trust',
        'add',
        world.dids.northbay!,
        '--name',
        'Northbay General',
        '--types',
        'VerificationRecordCredential',
      ],
      { cwd: world.dir },
    );
    expect(add.code, add.stderr).toBe(0);
    const ok = await radcredProcess(['--home', 'surveyor', '--json', 'record', 'check', 'full-record.jwt'], {
      cwd: world.dir,
    });
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).checks[0].message).toMatch(
      /^signed by Northbay General \(it calls itself .*\), trusted for VerificationRecordCredential/,
    );
  });

  it('a home without the pin: RECORD_LEDGER_NOT_PINNED (exit 3, hint); --vkey checks it', async () => {
    const r = await radcredProcess(
      ['--home', 'empty-home', '--json', 'record', 'check', 'full-record.jwt', '--office', world.dids.northbay!],
      { cwd: world.dir },
    );
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).error.code).toBe('RECORD_LEDGER_NOT_PINNED');
    expect(r.stderr).toMatch(/^hint: .*--vkey/m);
    const withKey = await radcredProcess(
      [
        '--home',
        'empty-home',
        'record',
        'check',
        'full-record.jwt',
        '--vkey',
        world.files.vkey,
        '--office',
        world.dids.northbay!,
      ],
      { cwd: world.dir },
    );
    expect(withKey.code, withKey.stderr).toBe(0);
  });

  it('a credential, not a record: RECORD_MALFORMED (exit 3)', async () => {
    const r = await run(['--json', 'record', 'check', world.files.license]);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).error.code).toBe('RECORD_MALFORMED');
  });
});
