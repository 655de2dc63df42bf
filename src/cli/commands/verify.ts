// verify FILE... [--request FILE | --audience DID --challenge NONCE | --any-audience] [--trust FILE | --any-issuer]
//   [--ledger DIR... | --no-ledger] [--report FILE] [--record FILE --signer NAME [--reviewer TEXT] [--attach KIND=TEXT]]
import { RadcredError, type ErrorCode } from '../../errors.js';
import { hintOf } from '../../codes.js';
import { homePaths } from '../../home.js';
import { loadTrustList, type TrustList } from '../../trust/trust-list.js';
import { exists, readTextBounded } from '../../util/files.js';
import type { CredentialRequest } from '../../request/request.js';
import { parseDuration } from '../../util/time.js';
import { openVerifierLedger, type VerifierLedger } from '../../verify/ledger-context.js';
import { requireQuorum } from '../../ledger/witness-policy.js';
import { parseVkey } from '../../ledger/note.js';
import { witnessPolicyFrom } from '../witness-access.js';
import type { VerifyOptions, VerifyReport } from '../../verify/types.js';
import { reportOf, verifyWhole } from '../../verify/verify.js';
import { renderReport, type RenderOptions } from '../render/verify.js';
import { outputWidth, wrapText } from '../render/text.js';
import type { VerifyOutputs } from './verify-outputs.js';
import { verifyFilesInParallel, type VerifySetup } from '../../verify/parallel.js';
import type { CliContext } from '../context.js';
import { readRequestFile } from '../jwt-files.js';
import { EXIT } from '../exit.js';
import type { CommandResult } from '../result.js';

// Conflicting flags (--trust with --any-issuer, --request with --audience, --ledger with
// --no-ledger, ...) are declared in the command table (program.ts) and refused by commander.

function trustFrom(ctx: CliContext, opts: Record<string, unknown>): TrustList | 'any' | 'missing' {
  if (opts.anyIssuer === true) return 'any';
  if (typeof opts.trust === 'string') return loadTrustList(ctx.resolvePath(opts.trust));
  const home = homePaths(ctx.home).trust;
  return exists(home) ? loadTrustList(home) : 'missing';
}

function audienceFrom(opts: Record<string, unknown>): VerifyOptions['audience'] {
  const given = typeof opts.audience === 'string' || typeof opts.challenge === 'string';
  if (opts.anyAudience === true) return 'any';
  if (!given) return undefined;
  if (typeof opts.audience !== 'string' || typeof opts.challenge !== 'string') {
    throw new RadcredError(
      'AUDIENCE_INCOMPLETE',
      '--audience and --challenge go together',
      'a presentation is checked against both',
    );
  }
  return { audience: opts.audience, challenge: opts.challenge };
}

function ledgerFrom(ctx: CliContext, opts: Record<string, unknown>): VerifyOptions['ledger'] {
  if (opts.noLedger === true) return 'skip';
  if (!Array.isArray(opts.ledger)) return undefined;
  const policy = witnessPolicyFrom(ctx, opts);
  return ledgerDirs(ctx, opts).map((dir) => {
    const opened = openVerifierLedger(ctx.home, dir);
    // a copy whose checkpoint the witnesses have not vouched for is not verified against (exit 4)
    if (policy && opened.ok)
      requireQuorum(policy, opened.ledger.checkpoint, parseVkey((opened.ledger as VerifierLedger).pin.vkey), ctx.now);
    return opened;
  });
}

const ledgerDirs = (ctx: CliContext, opts: Record<string, unknown>): string[] =>
  (opts.ledger as string[]).map((dir) => ctx.resolvePath(dir));

export function exitFor(report: VerifyReport): number {
  if (report.results.some((r) => r.malformed)) return EXIT.input;
  return report.verified ? EXIT.ok : EXIT.failed;
}

export async function verify(ctx: CliContext, files: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  // the record and the page (signing, HTML) are loaded only when asked for
  const wantsOutputs = ['record', 'report', 'signer', 'reviewer', 'attach'].some((k) => opts[k] !== undefined);
  const out = wantsOutputs ? await import('./verify-outputs.js') : undefined;
  const outputs: VerifyOutputs = out ? await out.planOutputs(ctx, files, opts) : { attachments: [] };
  const { requestText, request } = await requestFrom(ctx, opts);
  const options = verifyOptions(ctx, opts, request);
  // one file, read once: the record holds exactly the bytes that were verified
  const whole = outputs.record !== undefined || outputs.report?.html === true;
  const { report, text } = whole
    ? await verifyOneWhole(ctx, files[0]!, options)
    : { report: await verifyEach(ctx, files, opts, options), text: undefined };
  // Report files as the user named them, not as resolved paths.
  report.results.forEach((r, i) => {
    r.file = files[i] ?? r.file;
  });
  // A file that could not be read or parsed is an error of its own (exit 3), not only a report line.
  for (const r of report.results.filter((x) => x.malformed)) {
    const c = r.checks.find((x) => x.status === 'fail');
    if (c) ctx.error(`${r.file}: ${c.message}`, hintOf(c.code as ErrorCode));
  }
  let written: Written = {};
  if (text !== undefined && !report.results[0]!.malformed) {
    written = await out!.writeOutputs(outputs, {
      text,
      ...(requestText !== undefined ? { requestText } : {}),
      ...(request ? { request } : {}),
      options,
      result: report.results[0]!,
      report,
    });
  } else {
    if (outputs.report && !outputs.report.html) outputs.report.output.write(JSON.stringify(report, null, 2) + '\n');
    if (outputs.record || outputs.report?.html)
      ctx.warn('no record or page was written: the file is not a JWT that can be verified');
  }
  return verifyResult(ctx, opts, report, written, officeName(outputs, request));
}

type Written = { record?: { path: string; digest: string; jti: string } };

/**
 * The office's own --request: its signature must verify; its expiry is checked against when the
 * presentation was made, not against now.
 */
async function requestFrom(
  ctx: CliContext,
  opts: Record<string, unknown>,
): Promise<{ requestText?: string; request?: CredentialRequest }> {
  if (typeof opts.request !== 'string') return {};
  // a file that holds no request JWT is named, with what it should hold (jwt-files.ts)
  const { text, request } = await readRequestFile(ctx, opts.request);
  return { requestText: text, request };
}

function verifyOptions(
  ctx: CliContext,
  opts: Record<string, unknown>,
  request: CredentialRequest | undefined,
): VerifyOptions {
  return {
    now: ctx.now,
    trust: trustFrom(ctx, opts),
    audience: request ? { audience: request.verifier, challenge: request.challenge } : audienceFrom(opts),
    ...(request
      ? {
          request: { issuedAt: request.issuedAt, expires: request.expires },
          policy: request.policy,
        }
      : {}),
    ledger: ledgerFrom(ctx, opts),
    ...(typeof opts.maxLedgerAge === 'string'
      ? { maxLedgerAgeSeconds: parseDuration(opts.maxLedgerAge, '--max-ledger-age') }
      : {}),
  };
}

/** One file for a record or a page: read once here, so the record can hold the very bytes verified. */
async function verifyOneWhole(
  ctx: CliContext,
  file: string,
  options: VerifyOptions,
): Promise<{ report: VerifyReport; text: string }> {
  const path = ctx.resolvePath(file);
  const text = readTextBounded(path, 'file');
  return { report: reportOf([await verifyWhole(path, text, options)], options), text };
}

/** Each file on its own, in parallel workers (each opens the ledger copies itself). */
function verifyEach(
  ctx: CliContext,
  files: string[],
  opts: Record<string, unknown>,
  options: VerifyOptions,
): Promise<VerifyReport> {
  const { ledger, ...plain } = options;
  const setup: VerifySetup = {
    options: plain,
    ledger: Array.isArray(ledger) ? { home: ctx.home, dirs: ledgerDirs(ctx, opts) } : ledger,
  };
  return verifyFilesInParallel(
    files.map((f) => ctx.resolvePath(f)),
    options,
    setup,
  );
}

function verifyResult(
  ctx: CliContext,
  opts: Record<string, unknown>,
  report: VerifyReport,
  written: Written,
  office: { office?: string },
): CommandResult {
  const render: RenderOptions = {
    width: outputWidth(ctx.io.stdout.columns),
    verbose: opts.verbose === true,
    ...office,
  };
  return {
    data: {
      ...report,
      ...(written.record
        ? { record: { path: written.record.path, digest: written.record.digest, jti: written.record.jti } }
        : {}),
    },
    exitCode: exitFor(report),
    human: (s) =>
      [
        renderReport(report, s, render),
        ...(written.record
          ? [
              recordNote(String(opts.record), written.record.digest, render.width)
                .map((l) => s.dim(l))
                .join('\n'),
            ]
          : []),
      ].join('\n\n'),
  };
}

const recordNote = (file: string, digest: string, width: number) => [
  ...wrapText(`record written to ${file} (${digest.slice(0, 23)})`, 0, 2, width),
  ...wrapText(`check it: radcred record check ${file}`, 0, 2, width),
];

const officeName = (outputs: VerifyOutputs, request: CredentialRequest | undefined): { office?: string } =>
  outputs.office ? { office: outputs.office.name } : request ? { office: request.verifierName } : {};
