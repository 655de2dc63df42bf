// verify FILE... [--audience DID --challenge NONCE | --any-audience] [--trust FILE | --any-issuer] [--no-ledger] [--report FILE]
import { RadcredError, type ErrorCode } from '../../errors.js';
import { hintOf } from '../../codes.js';
import { homePaths } from '../../home.js';
import { loadTrustList, type TrustList } from '../../trust/trust-list.js';
import { exists, readTextBounded } from '../../util/files.js';
import { Output, realOrResolved, refuseSameFile } from '../../util/output.js';
import { sep } from 'node:path';
import { outFile } from '../out-file.js';
import { readRequest, type CredentialRequest } from '../../request/request.js';
import { parseDuration } from '../../util/time.js';
import { openVerifierLedger } from '../../verify/ledger-context.js';
import type { Check, FileResult, VerifyOptions, VerifyReport } from '../../verify/types.js';
import type { CmeTally } from '../../policy/cme-tally.js';
import { verifyFilesInParallel, type VerifySetup } from '../../verify/parallel.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit.js';
import type { CommandResult } from '../result.js';
import type { Style } from '../style.js';

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
    throw new RadcredError('AUDIENCE_INCOMPLETE', '--audience and --challenge go together', 'a presentation is checked against both');
  }
  return { audience: opts.audience, challenge: opts.challenge };
}

const MARK: Record<Check['status'], (s: Style) => string> = {
  pass: (s) => s.ok('pass'),
  fail: (s) => s.bad('FAIL'),
  warn: (s) => s.warn('warn'),
  skip: (s) => s.dim('skip'),
};

function checkLine(c: Check, s: Style, indent: string): string[] {
  const line = `${indent}${MARK[c.status](s)}  ${c.check.padEnd(10)} ${c.message} ${s.dim(`[${c.code}]`)}`;
  return c.check === 'cme' && isTally(c.details) ? [line, ...renderTally(c.details, s, indent)] : [line];
}

/** One file's checks grouped by pipeline step: the file itself (1-3), each credential (4), policy (5). */
function renderResult(r: FileResult, s: Style): string {
  const lines = [`${s.bold(r.file)}  ${s.dim(r.kind)}${r.holder ? s.dim(`  holder ${r.holder}`) : ''}`];
  for (const c of r.checks.filter((x) => x.step <= 3)) lines.push(...checkLine(c, s, '  '));
  const nested = r.kind === 'presentation' ? '    ' : '  ';
  let current: string | undefined;
  for (const c of r.checks.filter((x) => x.step === 4)) {
    if (c.credential !== undefined && c.credential !== current) {
      current = c.credential;
      const summary = r.credentials.find((x) => x.digest === c.credential);
      lines.push(`  ${s.bold(summary?.type ?? 'credential')} ${s.dim(c.credential.slice(0, 23))}${summary?.issuerName ? s.dim(`  from ${summary.issuerName}`) : ''}`);
    }
    lines.push(...checkLine(c, s, c.credential !== undefined ? nested : '  '));
  }
  const policy = r.checks.filter((x) => x.step === 5);
  if (policy.length > 0) {
    lines.push(`  ${s.bold('policy')}`);
    for (const c of policy) lines.push(...checkLine(c, s, nested));
  }
  lines.push(r.verified ? s.ok(s.bold('  VERIFIED')) : s.bad(s.bold(`  NOT VERIFIED`)) + failing(r, s));
  return lines.join('\n');
}

const isTally = (d: unknown): d is CmeTally => typeof d === 'object' && d !== null && Array.isArray((d as CmeTally).counted);

function renderTally(t: CmeTally, s: Style, indent: string): string[] {
  const pad = indent + '        ';
  return [
    ...t.requirements.map((r) => `${pad}${r.label.padEnd(26)} ${String(r.earned).padStart(7)} of ${r.required}${r.short ? s.bad(`  (${r.short} short)`) : ''}`),
    // the credits a certificate gives each requirement, when that is not simply all it earned
    ...t.counted.map((c) => s.dim(`${pad}counted  ${c.activityEndDate}  ${towardText(c).padStart(6)}  ${c.activityTitle}`)),
    ...t.excluded.map((c) => s.dim(`${pad}not counted (${c.reason})  ${c.activityId}`)),
  ];
}

const towardText = (c: CmeTally['counted'][number]) =>
  c.toward.every((x) => x === c.credits) ? String(c.credits) : `${c.toward.join('/')} of ${c.credits}`;

function failing(r: FileResult, s: Style): string {
  const codes = [...new Set(r.checks.filter((c) => c.status === 'fail').map((c) => c.code))];
  return s.bad(`: ${codes.join(', ')}`);
}

function ledgerFrom(ctx: CliContext, opts: Record<string, unknown>): VerifyOptions['ledger'] {
  if (opts.noLedger === true) return 'skip';
  if (!Array.isArray(opts.ledger)) return undefined;
  return ledgerDirs(ctx, opts).map((dir) => openVerifierLedger(ctx.home, dir));
}

const ledgerDirs = (ctx: CliContext, opts: Record<string, unknown>): string[] => (opts.ledger as string[]).map((dir) => ctx.resolvePath(dir));

export function exitFor(report: VerifyReport): number {
  if (report.results.some((r) => r.malformed)) return EXIT.input;
  return report.verified ? EXIT.ok : EXIT.failed;
}

async function requestFrom(ctx: CliContext, opts: Record<string, unknown>): Promise<CredentialRequest | undefined> {
  if (typeof opts.request !== 'string') return undefined;
  // The office's own request: its signature must verify; its expiry is checked against when the
  // presentation was made, not against now.
  return readRequest(readTextBounded(ctx.resolvePath(opts.request), 'request', 256 * 1024));
}

/** --report, checked before anything is verified: never over an input, a ledger file or (without --force) any file. */
function reportOutput(ctx: CliContext, files: string[], opts: Record<string, unknown>): Output | undefined {
  if (typeof opts.report !== 'string') return undefined;
  const report = outFile(ctx, opts.report, { flag: '--report', force: opts.force === true });
  for (const f of files) refuseSameFile({ flag: '--report', path: report.path }, { flag: 'an input file', path: ctx.resolvePath(f) });
  for (const dir of Array.isArray(opts.ledger) ? (opts.ledger as string[]) : []) {
    const ledgerDir = realOrResolved(ctx.resolvePath(dir));
    if (report.path === ledgerDir || report.path.startsWith(ledgerDir + sep)) {
      throw new RadcredError('OUT_SAME_FILE', `--report ${opts.report} is inside the ledger copy ${dir}`, 'write the report outside the ledger directory');
    }
  }
  return report;
}

export async function verify(ctx: CliContext, files: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const reportOut = reportOutput(ctx, files, opts);
  const request = await requestFrom(ctx, opts);
  const options: VerifyOptions = {
    now: ctx.now,
    trust: trustFrom(ctx, opts),
    audience: request ? { audience: request.verifier, challenge: request.challenge } : audienceFrom(opts),
    ...(request ? {
      request: { issuedAt: request.issuedAt, expires: request.expires },
      policy: request.policy,
    } : {}),
    ledger: ledgerFrom(ctx, opts),
    ...(typeof opts.maxLedgerAge === 'string' ? { maxLedgerAgeSeconds: parseDuration(opts.maxLedgerAge, '--max-ledger-age') } : {}),
  };
  const { ledger, ...plain } = options;
  const setup: VerifySetup = { options: plain, ledger: Array.isArray(ledger) ? { home: ctx.home, dirs: ledgerDirs(ctx, opts) } : ledger };
  const report = await verifyFilesInParallel(files.map((f) => ctx.resolvePath(f)), options, setup);
  // Report files as the user named them, not as resolved paths.
  report.results.forEach((r, i) => {
    r.file = files[i] ?? r.file;
  });
  // A file that could not be read or parsed is an error of its own (exit 3), not only a report line.
  for (const r of report.results.filter((x) => x.malformed)) {
    const c = r.checks.find((x) => x.status === 'fail');
    if (c) ctx.error(`${r.file}: ${c.message}`, hintOf(c.code as ErrorCode));
  }
  reportOut?.write(JSON.stringify(report, null, 2) + '\n');
  return {
    data: report,
    exitCode: exitFor(report),
    human: (s) => [...(report.ledgers ?? []).map((l) => s.dim(l.pinned ? `ledger ${l.origin}: checkpoint size ${l.size}, root ${l.root} (pinned size ${l.pinnedSize}, confirmed ${l.confirmedAt})` : `ledger ${l.origin}: not pinned`)), ...report.results.map((r) => renderResult(r, s)), report.results.length > 1 ? (report.verified ? s.ok(s.bold('ALL VERIFIED')) : s.bad(s.bold('NOT VERIFIED'))) : ''].filter((l) => l).join('\n\n'),
  };
}
