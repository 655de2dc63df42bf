// The figures of one answer, each a whole radcred process against `node -e 0`: starting
// (--help, --version), verifying one credential, one 8-credential presentation against a
// 100,000-entry ledger, and the teleradiologist's 80 of 297 credentials against a policy.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, NODE_BASELINE, NOW, ROOT, dist } from './context.mjs';

const { issueCredential } = await dist('credential/issue.js');
const { createPresentation } = await dist('presentation/present.js');
const { readCredentialClaims } = await dist('credential/claims.js');
const { parseCompactJws } = await dist('jws/compact.js');
const { createEntry } = await dist('ledger/entry.js');
const { initLedger, operatorOf } = await dist('ledger/ledger.js');
const { appendEntries } = await dist('ledger/append.js');

const WHOLE_PROCESS_LIMIT = { ratio: 1.5, text: '≤ 1.5×' };
const PRESENTATION_LIMIT = { ratio: 3, text: '≤ 3×' };

/** Records these figures; returns the verifier's home (it trusts the bench issuer), for later figures. */
export async function oneAnswerFigures(bench) {
  startFigures(bench);
  const verifierHome = await oneCredentialFigure(bench);
  await ledgerPresentationFigure(bench, verifierHome);
  teleradiologistFigure(bench);
  return verifierHome;
}

function startFigures(bench) {
  for (const flag of ['--help', '--version']) {
    bench.compare(`start: radcred ${flag}`, { args: [BIN, flag] }, NODE_BASELINE, {
      runs: 20,
      limit: WHOLE_PROCESS_LIMIT,
    });
  }
}

async function oneCredentialFigure(bench) {
  const { issuer, holder, license, nowS, work } = bench;
  const verifierHome = bench.home('verifier', [bench.verifier]);
  writeFileSync(
    join(verifierHome, 'trust.json'),
    JSON.stringify({ version: 1, issuers: [{ did: issuer.did, name: 'Bench Board', types: ['*'] }] }),
  );
  const one = await issueCredential({
    signer: issuer,
    type: 'MedicalLicenseCredential',
    subjectDid: holder.did,
    subject: license,
    now: nowS,
  });
  writeFileSync(join(work, 'one.jwt'), one.jwt + '\n');
  bench.compare(
    'one credential: radcred verify (whole process)',
    { args: [BIN, '--home', verifierHome, '--now', NOW, 'verify', 'one.jwt', '--no-ledger'] },
    NODE_BASELINE,
    { runs: 20, limit: WHOLE_PROCESS_LIMIT },
  );
  return verifierHome;
}

async function ledgerPresentationFigure(bench, verifierHome) {
  const { holder, verifier, nowS, work } = bench;
  const ledgerSize = bench.scale(100_000);
  const eight = await eightCmeCertificates(bench);
  const ledgerDir = join(work, 'ledger-100k');
  const vkey = buildLedgerAround(bench, ledgerDir, ledgerSize, eight);
  bench.radcred(['--home', verifierHome, 'ledger', 'pull', ledgerDir, join(work, 'verifier-ledger'), '--vkey', vkey]);
  const vp = await createPresentation({
    signer: holder,
    audience: verifier.did,
    challenge: 'bench-challenge',
    credentials: eight.map((c) => readCredentialClaims(parseCompactJws(c.jwt)).view),
    now: nowS,
  });
  writeFileSync(join(work, 'eight.vp.jwt'), vp.jwt + '\n');
  const verify = ['verify', 'eight.vp.jwt', '--audience', verifier.did, '--challenge', 'bench-challenge'];
  bench.compare(
    `one verification: 8-credential VP, ${ledgerSize.toLocaleString('en')}-entry ledger`,
    { args: [BIN, '--home', verifierHome, '--now', NOW, ...verify, '--ledger', 'verifier-ledger'] },
    NODE_BASELINE,
    { runs: 15, limit: PRESENTATION_LIMIT },
  );
}

function eightCmeCertificates({ issuer, holder, cme, nowS }) {
  return Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      issueCredential({
        signer: issuer,
        type: 'CMECertificateCredential',
        subjectDid: holder.did,
        subject: { ...cme, activityId: `BENCH-${i}` },
        now: nowS,
      }),
    ),
  );
}

/** A ledger of `size` entries with these credentials' issuances in its middle; returns its vkey. */
function buildLedgerAround(bench, dir, size, credentials) {
  const { issuer, operator, nowS } = bench;
  const op = operatorOf(operator, 'bench.example/ledger');
  initLedger(dir, 'bench.example/ledger', operator);
  const filler = bench.fillerEntries('filler', size - credentials.length);
  const half = Math.floor(filler.length / 2);
  appendEntries(dir, op, filler.slice(0, half));
  appendEntries(
    dir,
    op,
    credentials.map((c) => createEntry(issuer, { kind: 'issue', credential: c.digest, time: nowS })),
  );
  appendEntries(dir, op, filler.slice(half));
  return op.vkey.text;
}

function teleradiologistFigure(bench) {
  // Built in a child process: issuing twelve credential types here left this process's shared
  // library code (did-jwt-vc) polymorphic, and the in-process signing figures after it ran 2× slower.
  const build = `const { buildTeleradiologist } = await import(${JSON.stringify(join(ROOT, 'fixtures', 'teleradiologist', 'build.mjs'))});
    const t = await buildTeleradiologist(${JSON.stringify(join(bench.work, 'teleradiologist'))}, { root: ${JSON.stringify(ROOT)} });
    console.log(JSON.stringify({ presented: t.presented, held: t.held, args: t.verifyArgs() }));`;
  const built = spawnSync(process.execPath, ['--input-type=module', '-e', build], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`building the teleradiologist fixture failed: ${built.stderr}`);
  const tele = JSON.parse(built.stdout);
  bench.compare(
    `one verification: ${tele.presented}-credential VP of ${tele.held} held, against a policy (teleradiologist)`,
    { args: [BIN, ...tele.args] },
    NODE_BASELINE,
    { runs: 15, limit: PRESENTATION_LIMIT },
  );
}
