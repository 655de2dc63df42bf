// verify's files for the credentialing file: --report (FILE.html a printable page, else the JSON
// report) and --record (the signed verification record), with --signer, --reviewer, --attach.
// Every output is checked before anything is verified or signed, and the signer unlocked first,
// so a wrong path or passphrase costs nothing.
import { RadcredError } from '../../errors.js';
import type { Signer } from '../../identity/store.js';
import type { CredentialRequest } from '../../request/request.js';
import { recordContent, type Attachment, type RecordContent } from '../../record/content.js';
import { gatherEvidence } from '../../record/evidence.js';
import { renderRecordHtml } from '../../record/html.js';
import { evidenceDigests } from '../../record/digests.js';
import { signRecord, type SignedRecord } from '../../record/record.js';
import { Output, refuseOverKept, refuseSameFile } from '../../util/output.js';
import { homeFiles } from '../../home.js';
import type { FileResult, VerifyOptions, VerifyReport } from '../../verify/types.js';
import type { CliContext } from '../context.js';
import { readIdentity, unlockSigner } from '../identity-access.js';
import { outFile } from '../out-file.js';
import { VERSION } from '../../version.js';

export interface VerifyOutputs {
  report?: { output: Output; html: boolean };
  record?: Output;
  /** the office: the --signer identity, unlocked when a record is to be signed */
  office?: { did: string; name: string; signer?: Signer };
  reviewer?: string;
  attachments: Attachment[];
}

const ATTACH = /^([a-z][a-z0-9-]{0,31})=(.+)$/s;
// one line of text, as it will be printed and filed
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function oneLine(value: string, flag: string, max: number): string {
  if (value.trim().length === 0 || value.length > max || CONTROL.test(value)) {
    throw new RadcredError(
      'OPTION_INVALID',
      `${flag} must be one line of text of at most ${max} characters`,
      `e.g. ${flag === '--reviewer' ? '--reviewer "Dana Whitfield, CPCS"' : '--attach npdb="query 2026-11-25: no reports"'}`,
    );
  }
  return value.trim();
}

function attachmentsOf(values: unknown): Attachment[] {
  return (Array.isArray(values) ? (values as string[]) : []).map((v) => {
    const m = ATTACH.exec(v);
    if (m === null)
      throw new RadcredError(
        'OPTION_INVALID',
        `--attach ${JSON.stringify(v.slice(0, 40))} is not KIND=TEXT`,
        'KIND is a lowercase word: --attach npdb="..." --attach exclusions="..."',
      );
    return { kind: m[1]!, text: oneLine(m[2]!, '--attach', 2000) };
  });
}

/**
 * No output may replace the home's own files (its trust list, pins, keystores). The inputs named on
 * the command line (the files verified, --request, --trust, the --ledger copies) are checked for
 * every command before it runs (src/cli/path-values.ts).
 */
function refuseOverHome(ctx: CliContext, flag: string, out: Output): void {
  refuseOverKept(
    { flag, path: out.path },
    homeFiles(ctx.home).map((path) => ({ what: "this home's own files", path })),
  );
}

/** The outputs asked for, each path checked, the signer unlocked: all before anything is verified. */
export async function planOutputs(
  ctx: CliContext,
  files: string[],
  opts: Record<string, unknown>,
): Promise<VerifyOutputs> {
  const wantsRecord = typeof opts.record === 'string';
  const forPage = wantsRecord || (typeof opts.report === 'string' && /\.html?$/i.test(opts.report));
  if (!forPage && (opts.reviewer !== undefined || opts.attach !== undefined || opts.signer !== undefined)) {
    throw new RadcredError(
      'RECORD_OPTION_ALONE',
      '--signer, --reviewer and --attach go into a --record or an HTML --report',
      'add --record FILE (and --signer NAME), or --report FILE.html',
    );
  }
  if (wantsRecord && files.length !== 1)
    throw new RadcredError('RECORD_ONE_FILE', `--record takes one file to verify, not ${files.length}`);
  if (wantsRecord && typeof opts.signer !== 'string')
    throw new RadcredError('RECORD_SIGNER_REQUIRED', '--record needs --signer NAME: the office identity that signs it');
  const force = opts.force === true;
  const outputs: VerifyOutputs = { attachments: attachmentsOf(opts.attach) };
  if (typeof opts.reviewer === 'string') outputs.reviewer = oneLine(opts.reviewer, '--reviewer', 200);
  if (typeof opts.report === 'string') {
    // a report is a page or a document: the name says which (.html, else JSON)
    const output = outFile(ctx, opts.report, { flag: '--report', force, example: 'report.html (or report.json)' });
    refuseOverHome(ctx, '--report', output);
    outputs.report = { output, html: /\.html?$/i.test(opts.report) };
  }
  if (wantsRecord) {
    const output = outFile(ctx, opts.record as string, { flag: '--record', force, example: 'record.jwt' });
    refuseOverHome(ctx, '--record', output);
    if (outputs.report)
      refuseSameFile({ flag: '--record', path: output.path }, { flag: '--report', path: outputs.report.output.path });
    outputs.record = output;
  }
  if (typeof opts.signer === 'string') {
    const info = readIdentity(ctx, opts.signer);
    outputs.office = {
      did: info.did,
      name: info.label ?? info.name,
      ...(wantsRecord ? { signer: await unlockSigner(ctx, opts.signer, 'to sign the verification record') } : {}),
    };
  }
  return outputs;
}

export interface Verified {
  text: string;
  requestText?: string;
  request?: CredentialRequest;
  options: VerifyOptions;
  result: FileResult;
  report: VerifyReport;
}

function officeOf(outputs: VerifyOutputs, v: Verified): { did: string; name: string } {
  if (outputs.office) return { did: outputs.office.did, name: outputs.office.name };
  if (v.request) return { did: v.request.verifier, name: v.request.verifierName };
  return {
    did: typeof v.options.audience === 'object' ? v.options.audience.audience : 'unknown',
    name: 'no office named (give --signer NAME)',
  };
}

/** Writes the record and the page; returns what was written, for the output. */
export async function writeOutputs(
  outputs: VerifyOutputs,
  v: Verified,
): Promise<{ record?: SignedRecord & { path: string } }> {
  const content: RecordContent = recordContent({
    result: v.result,
    ledgers: v.report.ledgers ?? [],
    verifiedAt: v.report.now,
    version: VERSION,
    office: officeOf(outputs, v),
    ...(outputs.reviewer !== undefined ? { reviewer: outputs.reviewer } : {}),
    ...(v.request ? { request: v.request } : {}),
    attachments: outputs.attachments,
  });
  const evidence = gatherEvidence(v.text, v.requestText, v.options, v.result);
  let record: (SignedRecord & { path: string }) | undefined;
  // both staged before either is put in place: a page that cannot be written leaves no record behind
  const staged: Output[] = [];
  try {
    if (outputs.record && outputs.office?.signer) {
      const signed = await signRecord(outputs.office.signer, content, evidence, v.options.now);
      outputs.record.stage(signed.jwt + '\n');
      staged.push(outputs.record);
      record = { ...signed, path: outputs.record.path };
    }
    if (outputs.report) {
      outputs.report.output.stage(
        outputs.report.html
          ? renderRecordHtml(content, evidenceDigests(evidence, record?.digest), { signed: record !== undefined })
          : JSON.stringify(v.report, null, 2) + '\n',
      );
      staged.push(outputs.report.output);
    }
  } catch (e) {
    for (const o of staged) o.discard();
    throw e;
  }
  for (const o of staged) o.commit();
  return record ? { record } : {};
}
