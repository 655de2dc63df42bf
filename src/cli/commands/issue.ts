// issue TYPE --issuer NAME --subject DID --data FILE [--valid-from] [--valid-until] [--out FILE] [--ledger DIR]
// (a roster with --batch is in issue-batch.ts; the issuing itself is src/credential/issue-run.ts)
import { checkIssueInput, requireCredentialType } from '../../credential/issue.js';
import { runIssue, type IssueRunResult } from '../../credential/issue-run.js';
import { RadcredError } from '../../errors.js';
import type { AnchorResult } from '../../ledger/commit.js';
import { claimedOrigin } from '../../ledger/ledger.js';
import { unlockSigner, warningsField } from '../identity-access.js';
import { operatorIfHeld, requireLedger } from '../ledger-access.js';
import { recordIssued } from '../register-access.js';
import { readTextBounded } from '../../util/files.js';
import { parseJsonObject } from '../../util/json.js';
import { parseTime } from '../../util/time.js';
import type { CliContext } from '../context.js';
import { outFile } from '../out-file.js';
import type { CommandResult } from '../result.js';

export async function issue(ctx: CliContext, [type]: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  requireCredentialType(type!);
  const single = opts.subject !== undefined || opts.data !== undefined || opts.out !== undefined;
  const batch = opts.batch !== undefined || opts.outDir !== undefined;
  if (single && batch)
    throw new RadcredError(
      'ISSUE_MODE',
      'give --subject/--data[/--out] for one credential, or --batch/--out-dir for a roster, not both',
    );
  if (batch) {
    if (typeof opts.batch !== 'string' || typeof opts.outDir !== 'string')
      throw new RadcredError('ISSUE_MODE', '--batch ROSTER.csv and --out-dir DIR go together');
    const { issueRoster } = await import('./issue-batch.js');
    return issueRoster(ctx, type!, opts);
  }
  if (typeof opts.subject !== 'string' || typeof opts.data !== 'string') {
    throw new RadcredError(
      'ISSUE_MODE',
      'issue needs --subject DID and --data FILE (or --batch ROSTER.csv --out-dir DIR)',
    );
  }
  return issueOne(ctx, type!, opts);
}

/** One credential: every check that needs no key, then the issuer's key, then runIssue. */
async function issueOne(ctx: CliContext, type: string, opts: Record<string, unknown>): Promise<CommandResult> {
  const dataPath = ctx.resolvePath(String(opts.data));
  const subject = parseJsonObject(
    readTextBounded(dataPath, 'subject data file', 1024 * 1024),
    `subject data ${String(opts.data)}`,
    'DATA_INVALID',
  );
  const validFrom = typeof opts.validFrom === 'string' ? parseTime(opts.validFrom, '--valid-from') : undefined;
  const validUntil =
    typeof opts.validUntil === 'string' ? parseTime(opts.validUntil, '--valid-until', 'end') : undefined;
  // Everything that can be checked without the key is checked before the passphrase is asked for.
  checkIssueInput(requireCredentialType(type), String(opts.subject), subject, validFrom ?? ctx.now, validUntil, {
    now: ctx.now,
  });
  const output =
    typeof opts.out === 'string'
      ? outFile(ctx, opts.out, { force: opts.force === true, example: 'credential.jwt' })
      : undefined;
  const ledgerDir = typeof opts.ledger === 'string' ? ctx.resolvePath(opts.ledger) : undefined;
  if (ledgerDir !== undefined) requireLedger(ledgerDir);
  // the register names the ledger by its origin
  const origin = ledgerDir !== undefined ? claimedOrigin(ledgerDir) : null;
  const signer = await unlockSigner(ctx, String(opts.issuer), 'the issuer');
  const run = await runIssue({
    signer,
    type,
    subjectDid: String(opts.subject),
    subject,
    now: ctx.now,
    ...(validFrom !== undefined ? { validFrom } : {}),
    ...(validUntil !== undefined ? { validUntil } : {}),
    ...(output ? { output } : {}),
    ...(ledgerDir !== undefined
      ? { ledger: { dir: ledgerDir, origin }, operator: () => operatorIfHeld(ctx, ledgerDir) }
      : {}),
  });
  // Recorded once the credential exists (written out, or about to go to stdout); a failure is a warning (see recordIssued).
  await recordIssued(ctx, [run.registered]);
  return issuedResult(ctx, run);
}

function issuedResult(ctx: CliContext, { issued, anchored, out }: IssueRunResult): CommandResult {
  const data = {
    digest: issued.digest,
    jti: issued.jti,
    type: issued.type,
    issuer: issued.issuer,
    subject: issued.subject,
    ...(anchored ? { ledger: anchored } : {}),
    ...(out ? { out } : { jwt: issued.jwt }),
    ...warningsField(ctx),
  };
  if (out === undefined && !ctx.json) {
    // The JWT alone goes to stdout so `radcred issue ... > cred.jwt` works; the digest to stderr.
    ctx.note(`digest ${issued.digest}${anchored ? `\n${ledgerLine(anchored)}` : ''}`);
    return { data, raw: issued.jwt + '\n', human: () => '' };
  }
  return {
    data,
    human: (s) =>
      [
        `${s.ok('issued')} ${issued.type} to ${issued.subject}`,
        `  digest  ${issued.digest}`,
        `  jti     ${issued.jti}`,
        `  file    ${out}`,
        ...(anchored ? [`  ${ledgerLine(anchored)}`] : []),
      ].join('\n'),
  };
}

const ledgerLine = (a: AnchorResult) =>
  a.mode === 'committed'
    ? `ledger  committed: size ${a.checkpoint!.size}, root ${a.checkpoint!.root}`
    : `ledger  queued in ${a.pending![0]} (the operator must run \`radcred ledger integrate\`)`;
