// The demo's last chapters (steps 11 to 14, see demo-story.ts): the same presentation failing one
// rule at a time, each with its code; then after the license is suspended; and the record still
// checking two years on.
import { EXIT } from '../exit.js';
import {
  DAY,
  issueToPriya,
  northbayVerifies,
  RECORD,
  registryIntegrates,
  verdictLines,
  type Story,
} from './demo-story.js';

/** [credential replaced, its issuer, type, the variant's data fixture, what fails, the code] */
const VARIANTS: [string, string, string, string, string, string][] = [
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

/** What the presentation is made of besides her CME certificates, as files in the inbox. */
const PRESENTED = ['license-tx', 'license-pa', 'board', 'coverage', 'claims', 'cme-rsna25', 'attestation'];

const variantFile = (data: string) => `inbox/${data.replace(/\.json$/, '.jwt')}`;

/** Step 11: the presentation again with one credential swapped for a variant its issuer also issued. */
export async function oneRuleAtATime(story: Story): Promise<void> {
  const { say, s, radcred, fixtureCopy } = story;
  say('');
  say(s.bold('11. The same presentation, failing one rule at a time.'));
  for (const [, issuer, type, data] of VARIANTS)
    await issueToPriya(story, issuer, type, fixtureCopy(['reappointment', data], data), variantFile(data));
  await registryIntegrates(story, { show: 0 });
  await radcred('northbay', ['ledger', 'pull', 'ledger', 'northbay-ledger'], { show: 0 });
  const cme = (await story.json('priya', ['wallet', 'list', '--type', 'CMECertificateCredential'])).credentials as {
    digest: string;
  }[];
  for (const [replaced, , , data, what, code] of VARIANTS) {
    const out = variantFile(data);
    const chosen = PRESENTED.map((f) => (f === replaced ? out : `inbox/${f}.jwt`));
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
    await northbayVerifies(story, vp, 3600, EXIT.failed, (l) => l.includes(code) || /VERIFIED/.test(l));
  }
}

/** Steps 12 to 14 */
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
  await registryIntegrates(story, { at: DAY });

  say('');
  say(s.bold('13. Northbay pulls the ledger (audited, consistent with its pin) and verifies again,'));
  say(s.bold('    offline: NOT VERIFIED.'));
  await radcred('northbay', ['ledger', 'pull', 'ledger', 'northbay-ledger'], { at: DAY + 3600 });
  await northbayVerifies(story, 'to-northbay.vp.jwt', DAY + 3600, EXIT.failed, verdictLines);
  say(s.dim('  And "was the license active when we first checked?" has an answer too:'));
  await northbayVerifies(story, 'to-northbay.vp.jwt', 3600, EXIT.ok, verdictLines);

  say('');
  say(s.bold('14. Two years on, a surveyor asks for the file: the record still checks, as of its own time'));
  say(s.bold('   (the presentation has long expired, and the license was suspended after the decision).'));
  await radcred('northbay', ['record', 'check', RECORD], { at: 2 * 365 * DAY, show: 12 });
}
