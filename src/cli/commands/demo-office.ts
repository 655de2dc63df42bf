// The demo's office chapters (steps 5 to 10, see demo-story.ts): Northbay's credentialing office
// trusts the issuers and pins the ledger, asks under its bylaws, Dr. Halvorsen answers, Northbay
// verifies offline and files a signed record, and a tampered copy is caught.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../exit.js';
import { northbayVerifies, policyLines, RECORD, verdictLines, type Story } from './demo-story.js';

const TRUSTED: [string, string, string[]][] = [
  ['lakeshore', 'Lakeshore University School of Medicine', ['MedicalDegreeCredential']],
  ['tmb', 'Texas Medical Board', ['MedicalLicenseCredential']],
  ['pasbm', 'Pennsylvania State Board of Medicine', ['MedicalLicenseCredential']],
  ['abr', 'American Board of Radiology', ['BoardCertificationCredential']],
  ['keystone', 'Keystone Physicians Mutual', ['ProfessionalLiabilityCoverageCredential', 'ClaimsHistoryCredential']],
  ['rsna', 'Radiological Society of North America', ['CMECertificateCredential']],
  ['pamed', 'Pennsylvania Medical Society', ['CMECertificateCredential']],
];

export async function officeAsks(story: Story, vkey: string): Promise<void> {
  const { say, s } = story;
  await officeTrustsAndPins(story, vkey);
  await officeRequests(story);
  await sheAnswers(story);
  say('');
  say(s.bold('8. Northbay verifies the presentation against its bylaws, offline, with its pinned ledger.'));
  await northbayVerifies(story, 'to-northbay.vp.jwt', 3600, EXIT.ok, policyLines);
  await officeFilesARecord(story);
  await tamperingIsCaught(story);
}

/** Step 5 */
async function officeTrustsAndPins({ did, say, s, radcred }: Story, vkey: string): Promise<void> {
  say('');
  say(s.bold("5. Northbay's credentialing office trusts each issuer for its types, and pins the ledger"));
  say(s.bold("   with the registry's key."));
  for (const [who, name, types] of TRUSTED)
    await radcred('northbay', ['trust', 'add', did[who]!, '--name', name, '--types', ...types], { show: 1 });
  await radcred('northbay', ['ledger', 'pull', 'ledger', 'northbay-ledger', '--vkey', vkey]);
}

/** Step 6 */
async function officeRequests({ say, s, radcred, fixtureCopy }: Story): Promise<void> {
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
}

/** Step 7 */
async function sheAnswers({ say, s, radcred }: Story): Promise<void> {
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
}

/** Step 9 */
async function officeFilesARecord({ say, s, radcred }: Story): Promise<void> {
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
}

/** Step 10 */
async function tamperingIsCaught(story: Story): Promise<void> {
  const { dir, say, s } = story;
  say('');
  say(s.bold('10. Someone edits the Texas license number inside the presentation (Q4821 -> Q4822): caught.'));
  const vp = readFileSync(join(dir, 'to-northbay.vp.jwt'), 'utf8').trim();
  writeFileSync(join(dir, 'tampered.vp.jwt'), tamperLicense(vp) + '\n');
  await northbayVerifies(story, 'tampered.vp.jwt', 3600, EXIT.failed, verdictLines);
}

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
