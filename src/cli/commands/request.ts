// request create --verifier NAME [--require TYPE...] [--cme PRESET|FILE]... [--policy FILE]
//                [--appointment-from TIME] [--appointment-until TIME] [--valid-for DURATION] --out FILE
// request show FILE
import { createRequest, policyClaim } from '../../request/create.js';
import type { CredentialRequest } from '../../request/request.js';
import { cmeRuleFrom } from '../../policy/cme-rule-file.js';
import { policyRules } from '../../policy/describe.js';
import { outputWidth, wrapText } from '../render/text.js';
import { parsePolicyFile } from '../../policy/policy-file.js';
import { mergeCme, type Policy } from '../../policy/policy.js';
import { exists, readTextBounded } from '../../util/files.js';
import { isoTime, parseDuration, parseTime } from '../../util/time.js';
import { RadcredError } from '../../errors.js';
import type { CliContext } from '../context.js';
import { readRequestFile } from '../jwt-files.js';
import { readIdentity, unlockSigner, warningsField } from '../identity-access.js';
import { outFile } from '../out-file.js';
import { checkRecordedTypes } from '../type-access.js';
import type { CommandResult } from '../result.js';
import type { Style } from '../style.js';

/** The policy in lines, one rule each. */
export const describePolicy = (p: Policy, width = 100): string[] =>
  policyRules(p).flatMap(([label, rule]) =>
    wrapText(rule, 13, 13, width).map((l, i) => (i === 0 ? `  ${label.padEnd(10)} ${l}` : l)),
  );

export function describeRequest(r: CredentialRequest, s: Style, width = 100): string[] {
  return [
    `${s.bold(r.verifierName)} asks for credentials`,
    `  verifier   ${r.verifier}`,
    ...describePolicy(r.policy, width),
    `  expires    ${isoTime(r.expires)}`,
  ];
}

export const requestData = (r: CredentialRequest) => ({
  verifier: r.verifier,
  verifierName: r.verifierName,
  challenge: r.challenge,
  require: r.policy.require,
  policy: policyClaim(r.policy),
  issuedAt: isoTime(r.issuedAt),
  expires: isoTime(r.expires),
  jti: r.jti,
});

/** The request's policy: the policy file's, with the flags' types and rules added. */
function policyFrom(ctx: CliContext, opts: Record<string, unknown>): Policy {
  const file =
    typeof opts.policy === 'string'
      ? parsePolicyFile(readTextBounded(ctx.resolvePath(opts.policy), 'policy file', 256 * 1024), opts.policy)
      : { require: [], cme: [] };
  const require = Array.isArray(opts.require)
    ? (opts.require as string[]).flatMap((t) => t.split(',')).filter((t) => t.length > 0)
    : [];
  const allowUnknown = opts.allowUnknownType === true;
  checkRecordedTypes(ctx, file.require, `policy file ${String(opts.policy)}: require`, allowUnknown);
  checkRecordedTypes(ctx, require, '--require', allowUnknown);
  const cmeArgs = Array.isArray(opts.cme) ? (opts.cme as string[]) : [];
  const cme = cmeArgs.map((arg) =>
    cmeRuleFrom(arg, (p) =>
      exists(ctx.resolvePath(p)) ? readTextBounded(ctx.resolvePath(p), 'CME rule file', 64 * 1024) : undefined,
    ),
  );
  const appointmentFrom =
    typeof opts.appointmentFrom === 'string' ? parseTime(opts.appointmentFrom, '--appointment-from') : undefined;
  const appointmentUntil =
    typeof opts.appointmentUntil === 'string'
      ? parseTime(opts.appointmentUntil, '--appointment-until', 'end')
      : undefined;
  if (appointmentUntil !== undefined && appointmentUntil <= ctx.now)
    throw new RadcredError('APPOINTMENT_INVALID', '--appointment-until must be in the future');
  if (appointmentFrom !== undefined && appointmentUntil !== undefined && appointmentFrom >= appointmentUntil) {
    throw new RadcredError(
      'APPOINTMENT_INVALID',
      '--appointment-from must be before --appointment-until',
      'give the first and the last day of the appointment period',
    );
  }
  return {
    ...file,
    require: [...new Set([...file.require, ...require])],
    cme: mergeCme([...file.cme, ...cme]),
    ...(appointmentFrom !== undefined ? { appointmentFrom } : {}),
    ...(appointmentUntil !== undefined ? { appointmentUntil } : {}),
  };
}

export async function create(ctx: CliContext, _args: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const name = String(opts.verifier);
  const info = readIdentity(ctx, name);
  const policy = policyFrom(ctx, opts);
  const validForSeconds = typeof opts.validFor === 'string' ? parseDuration(opts.validFor, '--valid-for') : undefined;
  const output = outFile(ctx, String(opts.out), { force: opts.force === true, example: 'request.jwt' });
  const signer = await unlockSigner(ctx, name, 'to sign the request');
  const { jwt, request } = await createRequest({
    signer,
    verifierName: info.label ?? name,
    policy,
    now: ctx.now,
    ...(validForSeconds !== undefined ? { validForSeconds } : {}),
  });
  const out = output.write(jwt + '\n');
  return {
    data: { ...requestData(request), out, ...warningsField(ctx) },
    human: (s) =>
      [`${s.ok('request written')} to ${out}`, ...describeRequest(request, s, outputWidth(ctx.io.stdout.columns))].join(
        '\n',
      ),
  };
}

export async function show(ctx: CliContext, [file]: string[]): Promise<CommandResult> {
  const { request } = await readRequestFile(ctx, file!);
  const expired = request.expires <= ctx.now;
  return {
    data: { ...requestData(request), expired },
    human: (s) =>
      [
        ...describeRequest(request, s, outputWidth(ctx.io.stdout.columns)),
        ...(expired ? [s.warn('  (expired)')] : []),
      ].join('\n'),
  };
}
