// record check FILE [--vkey VKEY...] [--office DID] | record show FILE [--html OUT]
import { checkRecord, recordSignature } from '../../record/check.js';
import { evidenceDigests } from '../../record/digests.js';
import { renderRecordHtml } from '../../record/html.js';
import { readRecord } from '../../record/record.js';
import type { CliContext } from '../context.js';
import { readingFile, readRecordText, RECORD_FILE_ERRORS } from '../jwt-files.js';
import { EXIT } from '../exit.js';
import { outFile } from '../out-file.js';
import { outputWidth } from '../render/text.js';
import { recordCheckLines, recordLines } from '../render/record.js';
import type { CommandResult } from '../result.js';
import { vkeyArg } from '../vkey-arg.js';
import { homeFiles } from '../../home.js';
import { refuseOverKept } from '../../util/output.js';
import { RadcredError } from '../../errors.js';
import { showIdentity } from '../../identity/store.js';
import { openVerifierLedger } from '../../verify/ledger-context.js';

/** --office takes the office's DID, or the name of an identity of this home. */
function officeArg(ctx: CliContext, value: unknown): { office?: string } {
  if (typeof value !== 'string') return {};
  if (value.startsWith('did:')) return { office: value };
  try {
    return { office: showIdentity(ctx.home, value).did };
  } catch {
    throw new RadcredError(
      'OPTION_INVALID',
      `--office ${JSON.stringify(value.slice(0, 60))} is neither a DID nor an identity of this home`,
      'give the office DID the record must be signed by (did:key:...)',
    );
  }
}

export async function check(ctx: CliContext, [file]: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const vkeys = (Array.isArray(opts.vkey) ? (opts.vkey as string[]) : []).map((v) => vkeyArg(ctx, v));
  const ledgers = (Array.isArray(opts.ledger) ? (opts.ledger as string[]) : []).map((d) =>
    openVerifierLedger(ctx.home, ctx.resolvePath(d)),
  );
  const text = readRecordText(ctx, file!);
  const result = await readingFile(file!, RECORD_FILE_ERRORS, () =>
    checkRecord(text, { home: ctx.home, vkeys, ledgers, ...officeArg(ctx, opts.office) }),
  );
  const { content } = result.record;
  return {
    data: {
      valid: result.valid,
      file,
      digest: result.record.digest,
      office: content.office,
      verifiedAt: content.verifiedAt,
      practitioner: content.practitioner ?? null,
      recorded: { verified: content.verdict.verified },
      checks: result.checks,
    },
    exitCode: result.valid ? EXIT.ok : EXIT.failed,
    human: (s) => recordCheckLines(file!, result, s, outputWidth(ctx.io.stdout.columns)).join('\n'),
  };
}

export async function show(ctx: CliContext, [file]: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const page =
    typeof opts.html === 'string'
      ? outFile(ctx, opts.html, { flag: '--html', force: opts.force === true, example: 'record.html' })
      : undefined;
  if (page)
    // the record itself, an input, is checked before any command runs (src/cli/path-values.ts)
    refuseOverKept(
      { flag: '--html', path: page.path },
      homeFiles(ctx.home).map((path) => ({ what: "this home's own files", path })),
    );
  const text = readRecordText(ctx, file!);
  const record = await readingFile(file!, RECORD_FILE_ERRORS, () => readRecord(text));
  // a page is not written for a record whose signature fails: it would look like the office's
  const signature = await recordSignature(record);
  const signed = signature.status === 'pass';
  if (page && signed) page.write(renderRecordHtml(record.content, evidenceDigests(record.evidence, record.digest)));
  if (!signed)
    ctx.error(
      `${file}: ${signature.message}`,
      'the record was altered after it was signed: do not rely on it' + (page ? '; no page was written' : ''),
    );
  return {
    data: { file, digest: record.digest, signature, ...record.content, ...(page && signed ? { html: page.path } : {}) },
    exitCode: signed ? EXIT.ok : EXIT.failed,
    human: (s) =>
      [
        ...recordLines(record, signature, s, outputWidth(ctx.io.stdout.columns)),
        ...(page && signed ? ['', s.dim(`page written to ${String(opts.html)}`)] : []),
      ].join('\n'),
  };
}
