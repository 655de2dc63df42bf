// The demo's first chapters (steps 1 to 4, see demo-story.ts): everyone gets an identity, the
// registry starts the ledger, the issuers issue to Dr. Halvorsen and log it, and she stores what
// she received in her wallet.
import { shellCommandLines } from '../render/text.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fixturePath } from '../../fixtures.js';
import { issueToPriya, registryIntegrates, type Story } from './demo-story.js';

export interface DemoParty {
  name: string;
  label: string;
  keyType: string;
  seed: string;
}

/** The demo parties, with fixed public test seeds so the story is reproducible. */
export const demoParties = (): DemoParty[] =>
  (JSON.parse(readFileSync(fixturePath('demo-identities.json'), 'utf8')) as { identities: DemoParty[] }).identities;

/** Step 1: each party imports its identity in its own home; fills in story.did. */
export async function everyoneHasAnIdentity(story: Story, parties: DemoParty[]): Promise<void> {
  const { dir, did, say, s, radcred, json } = story;
  say('');
  say(s.bold('1. Everyone has an identity (did:key), each in its own home, keys encrypted at rest.'));
  // The seeds go through --seed-file, the way a real key should, never through argv.
  mkdirSync(join(dir, 'seeds'), { recursive: true, mode: 0o700 });
  for (const p of parties) {
    writeFileSync(join(dir, 'seeds', `${p.name}.hex`), p.seed + '\n', { mode: 0o600 });
    await radcred(
      p.name,
      ['id', 'import', p.name, '--seed-file', `seeds/${p.name}.hex`, '--key-type', p.keyType, '--label', p.label],
      { show: 2 },
    );
  }
  for (const p of parties) did[p.name] = String((await json(p.name, ['id', 'show', p.name])).did);
}

/** Steps 2 to 4; returns the ledger's vkey, which Northbay pins. */
export async function issueEverything(story: Story): Promise<string> {
  const vkey = await registryStartsTheLedger(story);
  const { say, s } = story;
  say('');
  say(s.bold('3. Her school, two state boards, the ABR, her carrier and two CME providers issue to Dr. Halvorsen;'));
  say(s.bold('   she signs her own attestation. Each issuance is logged.'));
  await issuersIssue(story);
  const certificates = await cmeProvidersIssueRosters(story);
  say(s.dim('  The issuers do not hold the ledger key, so their entries wait in ledger/pending/;'));
  say(s.dim('  the registry sequences them in one commit:'));
  await registryIntegrates(story);
  await sheStoresThem(story, certificates);
  return vkey;
}

/** Step 2: the registry creates the ledger; returns its vkey. */
async function registryStartsTheLedger({ dir, say, s, radcred }: Story): Promise<string> {
  say('');
  say(s.bold('2. The Commonwealth Credentials Registry runs the transparency ledger (C2SP tlog-tiles)'));
  say(s.bold('   and publishes its key.'));
  await radcred(
    'registry',
    ['ledger', 'init', 'ledger', '--origin', 'registry.example.org/radcred', '--operator', 'registry'],
    { show: 2 },
  );
  return readFileSync(join(dir, 'ledger', 'vkey'), 'utf8').trim();
}

/** [issuer, type, fixture, file in the inbox, extra flags] for each credential issued one by one */
const ISSUED: [string, string, string[], string, string[]?][] = [
  ['lakeshore', 'MedicalDegreeCredential', ['subjects', 'MedicalDegreeCredential.json'], 'degree'],
  [
    'tmb',
    'MedicalLicenseCredential',
    ['subjects', 'MedicalLicenseCredential.json'],
    'license-tx',
    ['--valid-until', '2027-08-31'],
  ],
  ['pasbm', 'MedicalLicenseCredential', ['reappointment', 'MedicalLicenseCredential.json'], 'license-pa'],
  ['abr', 'BoardCertificationCredential', ['subjects', 'BoardCertificationCredential.json'], 'board'],
  [
    'keystone',
    'ProfessionalLiabilityCoverageCredential',
    ['reappointment', 'ProfessionalLiabilityCoverageCredential.json'],
    'coverage',
  ],
  ['keystone', 'ClaimsHistoryCredential', ['reappointment', 'ClaimsHistoryCredential.json'], 'claims'],
  ['rsna', 'CMECertificateCredential', ['subjects', 'CMECertificateCredential.json'], 'cme-rsna25'],
  [
    'priya',
    'PractitionerAttestationCredential',
    ['reappointment', 'PractitionerAttestationCredential.json'],
    'attestation',
  ],
];

async function issuersIssue(story: Story): Promise<void> {
  mkdirSync(join(story.dir, 'inbox'), { recursive: true });
  for (const [issuer, type, data, name, extra] of ISSUED)
    await issueToPriya(story, issuer, type, story.fixtureCopy(data, data.join('-')), `inbox/${name}.jwt`, extra);
}

/** Each CME provider issues its roster in one batch; returns the certificates issued to her. */
async function cmeProvidersIssueRosters({ dir, did, say, s, json, fixtureCopy }: Story): Promise<string[]> {
  const certificates: string[] = [];
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
    certificates.push(
      ...(batch.credentials as { subject: string; file: string }[])
        .filter((c) => c.subject === did.priya)
        .map((c) => relative(dir, c.file)),
    );
  }
  return certificates;
}

/** Step 4: she adds everything to her wallet, and one credential a second time. */
async function sheStoresThem({ say, s, radcred }: Story, certificates: string[]): Promise<void> {
  say('');
  say(s.bold('4. Dr. Halvorsen checks and stores them in her wallet (a second copy is not stored twice).'));
  const inbox = ISSUED.map(([, , , name]) => `inbox/${name}.jwt`);
  await radcred('priya', ['wallet', 'add', ...inbox, ...certificates], { show: 1 });
  await radcred('priya', ['wallet', 'add', 'inbox/license-tx.jwt'], { show: 1 });
  await radcred('priya', ['wallet', 'list'], { show: 1 });
}
