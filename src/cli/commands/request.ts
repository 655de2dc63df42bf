// request create --verifier NAME [--require TYPE...] [--cme PRESET|FILE] [--valid-for DURATION]
//                [--appointment-until TIME] --out FILE
// request show FILE
import { createRequest } from '../../request/create.js';
import { readRequest, type CredentialRequest } from '../../request/request.js';
import { cmeRuleFrom } from '../../policy/cme-rules.js';
import { exists, readTextBounded } from '../../util/files.js';
import { isoTime, parseDuration, parseTime } from '../../util/time.js';
import { RadcredError } from '../../errors.js';
import type { CliContext } from '../context.js';
import { readIdentity, unlockSigner, warningsField } from '../identity-access.js';
import { outFile } from '../out-file.js';
import type { CommandResult } from '../result.js';
import type { Style } from '../style.js';

export function describeRequest(r: CredentialRequest, s: Style): string[] {
  return [
    `${s.bold(r.verifierName)} asks for credentials`,
    `  verifier   ${r.verifier}`,
    `  requires   ${r.require.length ? r.require.join(', ') : 'no particular types'}`,
    ...(r.cme ? [`  CME        ${r.cme.name}: ${r.cme.description}`] : []),
    ...(r.appointmentUntil !== undefined ? [`  appointment until ${isoTime(r.appointmentUntil).slice(0, 10)}`] : []),
    `  expires    ${isoTime(r.expires)}`,
  ];
}

export const requestData = (r: CredentialRequest) => ({
  verifier: r.verifier, verifierName: r.verifierName, challenge: r.challenge, require: r.require,
  ...(r.cme ? { cme: r.cme } : {}), ...(r.appointmentUntil !== undefined ? { appointmentUntil: isoTime(r.appointmentUntil) } : {}),
  issuedAt: isoTime(r.issuedAt), expires: isoTime(r.expires), jti: r.jti,
});

export async function create(ctx: CliContext, _args: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const name = String(opts.verifier);
  const info = readIdentity(ctx, name);
  const require = Array.isArray(opts.require) ? (opts.require as string[]).flatMap((t) => t.split(',')).filter((t) => t.length > 0) : [];
  const cme = typeof opts.cme === 'string'
    ? cmeRuleFrom(opts.cme, (p) => (exists(ctx.resolvePath(p)) ? readTextBounded(ctx.resolvePath(p), 'CME rule file', 64 * 1024) : undefined))
    : undefined;
  const validForSeconds = typeof opts.validFor === 'string' ? parseDuration(opts.validFor, '--valid-for') : undefined;
  const appointmentUntil = typeof opts.appointmentUntil === 'string' ? parseTime(opts.appointmentUntil, '--appointment-until', 'end') : undefined;
  if (appointmentUntil !== undefined && appointmentUntil <= ctx.now) throw new RadcredError('APPOINTMENT_INVALID', '--appointment-until must be in the future');
  const output = outFile(ctx, String(opts.out), { force: opts.force === true });
  const signer = await unlockSigner(ctx, name, `unlock ${name} to sign the request`);
  const { jwt, request } = await createRequest({
    signer, verifierName: info.label ?? name, require, now: ctx.now,
    ...(cme ? { cme } : {}), ...(validForSeconds !== undefined ? { validForSeconds } : {}), ...(appointmentUntil !== undefined ? { appointmentUntil } : {}),
  });
  const out = output.write(jwt + '\n');
  return {
    data: { ...requestData(request), out, ...warningsField(ctx) },
    human: (s) => [`${s.ok('request written')} to ${out}`, ...describeRequest(request, s)].join('\n'),
  };
}

export async function show(ctx: CliContext, [file]: string[]): Promise<CommandResult> {
  const request = await readRequest(readTextBounded(ctx.resolvePath(file!), 'request', 256 * 1024));
  const expired = request.expires <= ctx.now;
  return {
    data: { ...requestData(request), expired },
    human: (s) => [...describeRequest(request, s), ...(expired ? [s.warn('  (expired)')] : [])].join('\n'),
  };
}
