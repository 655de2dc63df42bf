// present --holder NAME --audience DID --challenge NONCE (--select ID... | --all | prompt) --out FILE
// disclosures
import type { CredentialView } from '../../credential/claims.js';
import { findByReference } from '../../credential/reference.js';
import { RadcredError } from '../../errors.js';
import { listDisclosures, recordDisclosure } from '../../presentation/disclosures.js';
import { createPresentation } from '../../presentation/present.js';
import { isoTime, parseDuration } from '../../util/time.js';
import { listWallet } from '../../wallet/wallet.js';
import { answeringTypes, type CredentialRequest } from '../../request/request.js';
import { describeRequest, requestData } from './request.js';
import { outputWidth } from '../render/text.js';
import { audienceNameOf, renderDisclosures } from '../render/lists.js';
import { knownNames } from '../known-names.js';
import { credentialLine, issuerNamer, oneLine } from '../render/credential-line.js';
import type { CliContext } from '../context.js';
import { readRequestFile } from '../jwt-files.js';
import { readIdentity, unlockSigner, warningsField } from '../identity-access.js';
import { outFile } from '../out-file.js';
import type { CommandResult } from '../result.js';

async function choose(
  ctx: CliContext,
  held: CredentialView[],
  opts: Record<string, unknown>,
): Promise<CredentialView[]> {
  if (Array.isArray(opts.select)) {
    const items = held.map((v) => ({ digest: v.digest, jti: v.jti, view: v }));
    const picked = opts.select.map((ref: string) => findByReference(items, ref, ctx.resolvePath).view);
    // The same credential named twice (by digest and by jti, say) is presented once.
    return picked.filter((v, i) => picked.findIndex((w) => w.digest === v.digest) === i);
  }
  if (opts.all === true) {
    // Only credentials valid now: createPresentation refuses expired and not-yet-valid ones (the same 60 s skew).
    const current = held.filter(
      (v) =>
        (v.exp === undefined || v.exp > ctx.now) &&
        ((v.nbf ?? v.iat) === undefined || (v.nbf ?? v.iat)! <= ctx.now + 60),
    );
    if (current.length < held.length)
      ctx.note(`note: ${held.length - current.length} expired or not yet valid credential(s) left out`);
    return current;
  }
  if (held.length === 0) {
    throw new RadcredError(
      'WALLET_EMPTY',
      'the wallet holds no credentials issued to this holder',
      'add some with `radcred wallet add FILE...`',
    );
  }
  if (!ctx.canPrompt) {
    throw new RadcredError(
      'NOTHING_SELECTED',
      'which credentials? no terminal to ask on',
      'pass --select ID... or --all',
    );
  }
  const { promptMultiSelect } = await import('../prompts.js');
  const names = issuerNamer(ctx.home);
  const width = outputWidth(ctx.io.stderr.columns) - 7; // less the pointer and the [x]
  // The choice name is what enquirer answers with and echoes back: short, readable, unique.
  const nameOf = (v: CredentialView, kind: string) => `${kind} ${v.digest.slice(7, 15)}`;
  const choices = held.map((v) => {
    const line = credentialLine(v, names, ctx.now);
    const usable = line.standing !== 'expired' && line.standing !== 'not-yet-valid';
    return {
      name: nameOf(v, line.kind),
      message: oneLine(line, width),
      // createPresentation refuses these: shown, with the reason, but not to be chosen
      ...(usable ? {} : { disabled: true }),
    };
  });
  if (choices.every((c) => c.disabled === true)) {
    throw new RadcredError(
      'NOTHING_SELECTED',
      'none of the credentials on offer can be presented now: each has expired or is not yet valid',
      'add a current credential with `radcred wallet add FILE...`',
    );
  }
  const picked = await promptMultiSelect(ctx, 'Credentials to present', choices);
  return held.filter((v, i) => picked.includes(choices[i]!.name));
}

/** Who the presentation is for: the request's verifier and challenge, else --audience and --challenge. */
async function whoAsks(
  ctx: CliContext,
  opts: Record<string, unknown>,
): Promise<{ request?: CredentialRequest; audience: string; challenge: string }> {
  if (typeof opts.request === 'string') {
    const { request } = await readRequestFile(ctx, opts.request, ctx.now);
    // The holder sees who is asking and for what before anything is signed.
    if (!ctx.json) ctx.note(describeRequest(request, ctx.errStyle, outputWidth(ctx.io.stderr.columns)).join('\n'));
    return { request, audience: request.verifier, challenge: request.challenge };
  }
  if (typeof opts.audience !== 'string' || typeof opts.challenge !== 'string') {
    throw new RadcredError(
      'AUDIENCE_MISSING',
      'a presentation needs --request FILE, or --audience DID and --challenge NONCE',
      "both come from the verifier's request",
    );
  }
  return { audience: opts.audience, challenge: opts.challenge };
}

export async function present(ctx: CliContext, _args: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const holderName = String(opts.holder);
  const holder = readIdentity(ctx, holderName);
  const { request, audience, challenge } = await whoAsks(ctx, opts);
  const validForSeconds = typeof opts.validFor === 'string' ? parseDuration(opts.validFor, '--valid-for') : undefined;
  const held = listWallet(ctx.home)
    .map((e) => e.view)
    .filter((v) => v.subject === holder.did);
  // Under a request, only what it asks for is offered (and --select may not add more).
  const wanted = request ? answeringTypes(request) : undefined;
  const offered = wanted ? held.filter((v) => v.types.some((t) => wanted.has(t))) : held;
  const chosen = await choose(ctx, Array.isArray(opts.select) ? held : offered, opts);
  const extra = chosen.filter((v) => !offered.includes(v));
  if (extra.length > 0) {
    throw new RadcredError(
      'NOT_REQUESTED',
      `the request does not ask for ${extra.map((v) => v.type).join(', ')}`,
      'present only what the office asked for',
    );
  }
  const output = outFile(ctx, String(opts.out), { force: opts.force === true, example: 'vp.jwt' });
  const signer = await unlockSigner(ctx, holderName, 'to sign the presentation');
  const vp = await createPresentation({
    signer,
    audience,
    challenge,
    credentials: chosen,
    now: ctx.now,
    ...(validForSeconds !== undefined ? { validForSeconds } : {}),
  });
  // Staged, then recorded in the disclosure log, then put in place: a presentation that exists is
  // always in the log (a record of one that failed to land is the safe side of that).
  output.stage(vp.jwt + '\n');
  try {
    await recordDisclosure(ctx.home, {
      time: isoTime(ctx.now),
      holder: vp.holder,
      holderName,
      audience: vp.audience,
      ...(request ? { audienceName: request.verifierName } : {}),
      challenge: vp.challenge,
      presentation: vp.digest,
      expires: vp.expires,
      out: output.path,
      credentials: vp.credentials,
    });
  } catch (e) {
    output.discard();
    throw e;
  }
  const out = output.commit();
  const { jwt: _jwt, ...data } = vp; // the presentation itself is in the --out file
  const typeWidth = Math.max(...vp.credentials.map((c) => c.type.length));
  return {
    data: { ...data, out, ...(request ? { request: requestData(request) } : {}), ...warningsField(ctx) },
    human: (s) =>
      [
        `${s.ok('presented')} ${vp.credentials.length} credential(s) to ${vp.audience}`,
        // each by type and ID (a digest prefix, as `wallet list` shows it; the disclosure log has it whole)
        ...vp.credentials.map(
          (c) => `  ${c.type.padEnd(typeWidth)}  ${s.dim(c.digest.slice(0, 'sha256:'.length + 12))}`,
        ),
        `  expires   ${vp.expires}`,
        `  file      ${out}`,
        s.dim('  recorded in the disclosure log (`radcred disclosures`)'),
      ].join('\n'),
  };
}

export async function disclosures(ctx: CliContext): Promise<CommandResult> {
  const records = listDisclosures(ctx.home);
  const names = knownNames(ctx.home);
  return {
    data: {
      disclosures: records.map((r) => ({
        ...r,
        ...(audienceNameOf(r, names) !== undefined ? { audienceName: audienceNameOf(r, names) } : {}),
      })),
    },
    human: (s) =>
      records.length === 0
        ? s.dim('no presentations made yet')
        : renderDisclosures(records, names, s, outputWidth(ctx.io.stdout.columns)),
  };
}
