// ledger witness-key | cosign: a witness's commands. It publishes its witness key for policies, and
// cosigns the checkpoint of the copy it pulled; the operator adds the cosignatures
// (ledger-operator.ts).
import { cosignLedger, witnessKeyOf } from '../../ledger/cosign.js';
import type { CliContext } from '../context.js';
import { readIdentity, unlockSigner, warningsField } from '../identity-access.js';
import { outFile } from '../out-file.js';
import type { CommandResult } from '../result.js';

export async function witnessKeyCommand(
  ctx: CliContext,
  [name]: string[],
  opts: Record<string, unknown>,
): Promise<CommandResult> {
  const info = readIdentity(ctx, name!);
  const w = witnessKeyOf({ ...info }, typeof opts.keyName === 'string' ? opts.keyName : name!);
  return { data: { identity: name, witness: w.name, vkey: w.text }, human: () => w.text };
}

export async function cosign(
  ctx: CliContext,
  [dirArg]: string[],
  opts: Record<string, unknown>,
): Promise<CommandResult> {
  const dir = ctx.resolvePath(dirArg!);
  const name = String(opts.witness);
  const out = outFile(ctx, String(opts.out), { force: opts.force === true, example: 'checkpoint.cosigned' });
  const signer = await unlockSigner(ctx, name, 'to cosign as a witness');
  const c = cosignLedger(dir, ctx.home, signer, typeof opts.keyName === 'string' ? opts.keyName : name, ctx.now);
  out.write(c.note);
  return {
    data: { origin: c.origin, size: c.size, out: out.path, witness: c.witness, ...warningsField(ctx) },
    human: (s) =>
      `${s.ok('cosigned')} ${c.origin} at size ${c.size} as ${c.witness.split('+')[0]}\n  ${s.dim(`give ${out.path} to the operator: radcred ledger add-cosignatures LEDGER ${String(opts.out)}`)}`,
  };
}
