// The demo's story (src/cli/commands/demo.ts runs it): Northbay General, a Pennsylvania hospital,
// reappoints Dr. Priya Halvorsen under its bylaws (fixtures/policies/pa-reappointment.json). Her
// issuers issue and log, she presents exactly what is asked, Northbay verifies offline from its
// pinned ledger copy; then the same presentation fails one rule at a time, each with its code,
// and after her license is suspended.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { EXIT } from '../exit.js';
import { shellCommandLines } from '../render/text.js';
import type { Style } from '../style.js';
import type { RunOptions } from './demo.js';

const DAY = 86400;

export interface Story {
  dir: string;
  did: Record<string, string>;
  say: (text: string) => void;
  s: Style;
  radcred: (party: string, args: string[], options?: RunOptions) => Promise<string>;
  json: (party: string, args: string[]) => Promise<Record<string, unknown>>;
  /** copies a fixture into the demo directory; returns its name there */
  fixtureCopy: (from: string[], to: string) => string;
}

/** Verification output trimmed to what the story needs: the ledger used, failures and verdicts. */
const verdictLines = (line: string) => /FAIL|VERIFIED|^ledger /.test(line.trim());
/** The verdict with the policy: every policy line, and each credential's failures only. */
const policyLines = (line: string) =>
  !/^\s+pass {2}(parse|signature|issuer|subject|validity|schema|trust|anchor|status)\b/.test(line);

export async function issueEverything({ dir, did, say, s, radcred, json, fixtureCopy }: Story): Promise<string> {
  say('');
  say(s.bold('2. The Commonwealth Credentials Registry runs the transparency ledger (C2SP tlog-tiles)'));
  say(s.bold('   and publishes its key.'));
  await radcred(
    'registry',
    ['ledger', 'init', 'ledger', '--origin', 'registry.example.org/radcred', '--operator', 'registry'],
    { show: 2 },
  );
  const vkey = readFileSync(join(dir, 'ledger', 'vkey'), 'utf8').trim();

  say('');
  say(s.bold('3. Her school, two state boards, the ABR, her carrier and two CME providers issue to Dr. Halvorsen;'));
  say(s.bold('   she signs her own attestation. Each issuance is logged.'));
  mkdirSync(join(dir, 'inbox'), { recursive: true });
  const issue = (issuer: string, type: string, data: string[], out: string, extra: string[] = []) =>
    radcred(
      issuer,
      [
        'issue',
        type,
        '--issuer',
        issuer,
        '--subject',
        did.priya!,
        '--data',
        fixtureCopy(data, data.join('-')),
        ...extra,
        '--ledger',
        'ledger',
        '--out',
        out,
      ],
      { show: 1 },
    );
  await issue('lakeshore', 'MedicalDegreeCredential', ['subjects', 'MedicalDegreeCredential.json'], 'inbox/degree.jwt');
  await issue(
    'tmb',
    'MedicalLicenseCredential',
    ['subjects', 'MedicalLicenseCredential.json'],
    'inbox/license-tx.jwt',
    ['--valid-until', '2027-08-31'],
  );
  await issue(
    'pasbm',
    'MedicalLicenseCredential',
    ['reappointment', 'MedicalLicenseCredential.json'],
    'inbox/license-pa.jwt',
  );
  await issue(
    'abr',
    'BoardCertificationCredential',
    ['subjects', 'BoardCertificationCredential.json'],
    'inbox/board.jwt',
  );
  await issue(
    'keystone',
    'ProfessionalLiabilityCoverageCredential',
    ['reappointment', 'ProfessionalLiabilityCoverageCredential.json'],
    'inbox/coverage.jwt',
  );
  await issue(
    'keystone',
    'ClaimsHistoryCredential',
    ['reappointment', 'ClaimsHistoryCredential.json'],
    'inbox/claims.jwt',
  );
  await issue(
    'rsna',
    'CMECertificateCredential',
    ['subjects', 'CMECertificateCredential.json'],
    'inbox/cme-rsna25.jwt',
  );
  await issue(
    'priya',
    'PractitionerAttestationCredential',
    ['reappointment', 'PractitionerAttestationCredential.json'],
    'inbox/attestation.jwt',
  );
  const batches: string[] = [];
  for (const [provider, roster] of [
    ['rsna', ['rosters', 'rsna-cme.csv']],
    ['pamed', ['reappointment', 'pamed-cme.csv']],
  ] as const) {
    const file = fixtureCopy([...roster], `${provider}-cme.csv`);
    const batch = await json(provider, [
      'issue',
      'CMECertificateCredential',
      '--issuer',
      provider,
      '--batch',
      file,
      '--out-dir',
      `${provider}-certificates`,
      '--ledger',
      'ledger',
    ]);
    const args = ['--home', provider, 'issue', 'CMECertificateCredential', '--issuer', provider, '--batch', file];
    const echo = [...args, '--out-dir', `${provider}-certificates`, '--ledger', 'ledger'];
    say(s.dim(shellCommandLines(['$', 'radcred', ...echo], 2, 100).join('\n')));
    say(`    issued ${String(batch.issued)} certificates from the roster into ${provider}-certificates/`);
    // a roster covers other radiologists too; each receives only the certificates issued to them
    batches.push(
      ...(batch.credentials as { subject: string; file: string }[])
        .filter((c) => c.subject === did.priya)
        .map((c) => relative(dir, c.file)),
    );
  }
  say(s.dim('  The issuers do not hold the ledger key, so their entries wait in ledger/pending/;'));
  say(s.dim('  the registry sequences them in one commit:'));
  await radcred('registry', ['ledger', 'integrate', 'ledger', '--operator', 'registry']);

  say('');
  say(s.bold('4. Dr. Halvorsen checks and stores them in her wallet (a second copy is not stored twice).'));
  const inbox = ['degree', 'license-tx', 'license-pa', 'board', 'coverage', 'claims', 'cme-rsna25', 'attestation'].map(
    (f) => `inbox/${f}.jwt`,
  );
  await radcred('priya', ['wallet', 'add', ...inbox, ...batches], { show: 1 });
  await radcred('priya', ['wallet', 'add', 'inbox/license-tx.jwt'], { show: 1 });
  await radcred('priya', ['wallet', 'list'], { show: 1 });
  return vkey;
}

const TRUSTED: [string, string, string[]][] = [
  ['lakeshore', 'Lakeshore University School of Medicine', ['MedicalDegreeCredential']],
  ['tmb', 'Texas Medical Board', ['MedicalLicenseCredential']],
  ['pasbm', 'Pennsylvania State Board of Medicine', ['MedicalLicenseCredential']],
  ['abr', 'American Board of Radiology', ['BoardCertificationCredential']],
  ['keystone', 'Keystone Physicians Mutual', ['ProfessionalLiabilityCoverageCredential', 'ClaimsHistoryCredential']],
  ['rsna', 'Radiological Society of North America', ['CMECertificateCredential']],
  ['pamed', 'Pennsylvania Medical Society', ['CMECertificateCredential']],
];

const verify = ({ radcred }: Story, file: string, at: number, expect: number, show: RunOptions['show']) =>
  radcred('northbay', ['verify', file, '--request', 'northbay-request.jwt', '--ledger', 'northbay-ledger'], {
    at,
    expect,
    show,
  });

export async function officeAsks(story: Story, vkey: string): Promise<void> {
  const { dir, did, say, s, radcred, fixtureCopy } = story;
  say('');
  say(s.bold("5. Northbay's credentialing office trusts each issuer for its types, and pins the ledger"));
  say(s.bold("   with the registry's key."));
  for (const [who, name, types] of TRUSTED)
    await radcred('northbay', ['trust', 'add', did[who]!, '--name', name, '--types', ...types], { show: 1 });
  await radcred('northbay', ['ledger', 'pull', 'ledger', 'northbay-ledger', '--vkey', vkey]);

  say('');
  say(s.bold('6. Northbay asks under its bylaws (a policy file): a PA license, board certification meeting'));
  say(s.bold('   continuing certification, $1M/$3M coverage, 10 years of claims, sources at most 120 days old,'));
  say(s.bold('   the Pennsylvania and ABR CME rules; for a two-year appointment from 2027-01-01.'));
  const policy = fixtureCopy(['policies', 'pa-reappointment.json'], 'pa-reappointment.json');
  await radcred('northbay', [
    'request',
    'create',
    '--verifier',
    'northbay',
    '--policy',
    policy,
    '--appointment-from',
    '2027-01-01',
    '--appointment-until',
    '2028-12-31',
    '--valid-for',
    '30d',
    '--out',
    'northbay-request.jwt',
  ]);

  say('');
  say(s.bold('7. Dr. Halvorsen sees who is asking and for what, and answers with exactly that (not her diploma).'));
  await radcred(
    'priya',
    [
      'present',
      '--holder',
      'priya',
      '--request',
      'northbay-request.jwt',
      '--all',
      '--valid-for',
      '14d',
      '--out',
      'to-northbay.vp.jwt',
    ],
    { show: 12 },
  );

  say('');
  say(s.bold('8. Northbay verifies the presentation against its bylaws, offline, with its pinned ledger.'));
  await verify(story, 'to-northbay.vp.jwt', 3600, EXIT.ok, policyLines);

  say('');
  say(s.bold("9. Northbay files it: a record signed by the office, with the office's own NPDB and exclusion"));
  say(s.bold('   checks, the whole evidence inside, and a page to print; the record checks from itself alone.'));
  await radcred(
    'northbay',
    [
      'verify',
      'to-northbay.vp.jwt',
      '--request',
      'northbay-request.jwt',
      '--ledger',
      'northbay-ledger',
      '--record',
      RECORD,
      '--signer',
      'northbay',
      '--reviewer',
      'Dana K. Whitfield, CPCS (medical staff coordinator)',
      '--attach',
      'npdb=NPDB continuous query 2026-11-25: no reports (query 5500-2026-118-4471)',
      '--attach',
      'exclusions=OIG LEIE and SAM.gov searched 2026-11-25: not excluded',
      '--report',
      'northbay-record.html',
    ],
    { at: 3600, show: (l) => /^(record written|check it)/.test(l) },
  );
  await radcred('northbay', ['record', 'check', RECORD], { at: 3600, show: 12 });

  say('');
  say(s.bold('10. Someone edits the Texas license number inside the presentation (Q4821 -> Q4822): caught.'));
  const vp = readFileSync(join(dir, 'to-northbay.vp.jwt'), 'utf8').trim();
  writeFileSync(join(dir, 'tampered.vp.jwt'), tamperLicense(vp) + '\n');
  await verify(story, 'tampered.vp.jwt', 3600, EXIT.failed, verdictLines);
}

/** The presentation again with one credential swapped for a variant its issuer also issued. */
export async function oneRuleAtATime(story: Story): Promise<void> {
  const { did, say, s, radcred, fixtureCopy } = story;
  say('');
  say(s.bold('11. The same presentation, failing one rule at a time.'));
  const base = ['license-tx', 'license-pa', 'board', 'coverage', 'claims', 'cme-rsna25', 'attestation'];
  const variants: [string, string, string, string, string, string][] = [
    [
      'coverage',
      'keystone',
      'ProfessionalLiabilityCoverageCredential',
      'coverage-primary-only.json',
      'coverage below the $1M/$3M minimum',
      'COVERAGE_BELOW_MINIMUM',
    ],
    [
      'board',
      'abr',
      'BoardCertificationCredential',
      'board-not-meeting.json',
      'the board certificate not meeting continuing certification',
      'BOARD_CC_NOT_MEETING',
    ],
  ];
  const variantFile = (data: string) => `inbox/${data.replace(/\.json$/, '.jwt')}`;
  for (const [, issuer, type, data] of variants) {
    await radcred(
      issuer,
      [
        'issue',
        type,
        '--issuer',
        issuer,
        '--subject',
        did.priya!,
        '--data',
        fixtureCopy(['reappointment', data], data),
        '--ledger',
        'ledger',
        '--out',
        variantFile(data),
      ],
      { show: 1 },
    );
  }
  await radcred('registry', ['ledger', 'integrate', 'ledger', '--operator', 'registry'], { show: 0 });
  await radcred('northbay', ['ledger', 'pull', 'ledger', 'northbay-ledger'], { show: 0 });
  const cme = (await story.json('priya', ['wallet', 'list', '--type', 'CMECertificateCredential'])).credentials as {
    digest: string;
  }[];
  for (const [replaced, , , data, what, code] of variants) {
    const out = variantFile(data);
    const chosen = base.map((f) => (f === replaced ? out : `inbox/${f}.jwt`));
    const vp = `to-northbay-${replaced}.vp.jwt`;
    await radcred('priya', ['wallet', 'add', out], { show: 0 });
    await radcred(
      'priya',
      [
        'present',
        '--holder',
        'priya',
        '--request',
        'northbay-request.jwt',
        '--select',
        ...chosen,
        ...cme.map((c) => c.digest),
        '--out',
        vp,
      ],
      { show: 0 },
    );
    say(s.dim(`  ${what} (${code}):`));
    await verify(story, vp, 3600, EXIT.failed, (l) => l.includes(code) || /VERIFIED/.test(l));
  }
}

export async function afterSuspension(story: Story): Promise<void> {
  const { say, s, radcred } = story;
  say('');
  say(s.bold('12. A day later the Pennsylvania board suspends the license; the registry logs it.'));
  await radcred(
    'pasbm',
    [
      'suspend',
      'inbox/license-pa.jwt',
      '--issuer',
      'pasbm',
      '--ledger',
      'ledger',
      '--reason',
      'Board order 2026-118 (temporary suspension)',
    ],
    { at: DAY },
  );
  await radcred('registry', ['ledger', 'integrate', 'ledger', '--operator', 'registry'], { at: DAY });

  say('');
  say(s.bold('13. Northbay pulls the ledger (audited, consistent with its pin) and verifies again,'));
  say(s.bold('    offline: NOT VERIFIED.'));
  await radcred('northbay', ['ledger', 'pull', 'ledger', 'northbay-ledger'], { at: DAY + 3600 });
  await verify(story, 'to-northbay.vp.jwt', DAY + 3600, EXIT.failed, verdictLines);
  say(s.dim('  And "was the license active when we first checked?" has an answer too:'));
  await verify(story, 'to-northbay.vp.jwt', 3600, EXIT.ok, verdictLines);

  say('');
  say(s.bold('14. Two years on, a surveyor asks for the file: the record still checks, as of its own time'));
  say(s.bold('   (the presentation has long expired, and the license was suspended after the decision).'));
  await radcred('northbay', ['record', 'check', RECORD], { at: 2 * 365 * DAY, show: 12 });
}

/** Northbay's verification record of Dr. Halvorsen (and northbay-record.html, its printable page). */
export const RECORD = 'northbay-record.jwt';

/** Rewrites the license number inside the VP's license credential, keeping every encoding valid. */
function tamperLicense(vpJwt: string): string {
  const [h, p, sig] = vpJwt.split('.') as [string, string, string];
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as {
    vp: { verifiableCredential: string[] };
  };
  payload.vp.verifiableCredential = payload.vp.verifiableCredential.map((vc) => {
    const [vh, vpl, vs] = vc.split('.') as [string, string, string];
    const text = Buffer.from(vpl, 'base64url').toString('utf8');
    return text.includes('"Q4821"')
      ? `${vh}.${Buffer.from(text.replace('"Q4821"', '"Q4822"')).toString('base64url')}.${vs}`
      : vc;
  });
  return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`;
}
