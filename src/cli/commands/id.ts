// id create | import | list | show
import { usageError } from '../../errors.js';
import { isKeyType, type KeyType } from '../../identity/key-types.js';
import { privateBytesFromJwk } from '../../identity/keys.js';
import { createIdentity, listIdentities, showIdentity, type IdentityInfo } from '../../identity/store.js';
import { decodeHex } from '../../util/bytes.js';
import { readTextBounded } from '../../util/files.js';
import { parseJsonObject } from '../../util/json.js';
import type { CliContext } from '../context.js';
import type { CommandResult } from '../result.js';
import type { Style } from '../style.js';

function describe(i: IdentityInfo, s: Style): string {
  const lines = [
    `${s.bold(i.name)}${i.label ? `  ${i.label}` : ''}`,
    `  did       ${i.did}`,
    `  key       ${i.keyType} (${i.alg})`,
    `  method    ${i.verificationMethod}`,
    `  created   ${i.created}`,
  ];
  if (i.insecureMode) lines.push(s.warn(`  warning   keystore mode ${i.insecureMode} lets others read it; run chmod 600`));
  return lines.join('\n');
}

const shown = (i: IdentityInfo): CommandResult => ({ data: i, human: (s) => describe(i, s) });

export async function create(ctx: CliContext, [name]: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const passphrase = await ctx.passphrase(`protect the new identity ${name}`, { confirm: true });
  const info = createIdentity({
    home: ctx.home, name: name!, keyType: opts.keyType as KeyType, passphrase, now: ctx.now,
    ...(typeof opts.label === 'string' ? { label: opts.label } : {}),
  });
  return shown(info);
}

function seedFrom(ctx: CliContext, opts: Record<string, unknown>): Buffer {
  const text = typeof opts.seedFile === 'string'
    ? readTextBounded(ctx.resolvePath(opts.seedFile), 'seed file', 1024).trim()
    : String(opts.seed);
  const seed = decodeHex(text);
  if (seed === undefined || seed.length !== 32) {
    throw usageError('SEED_INVALID', 'the seed must be 64 hex characters (a raw 32-byte private key)');
  }
  return seed;
}

export async function importKey(ctx: CliContext, [name]: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const sources = ['seed', 'seedFile', 'jwk'].filter((k) => opts[k] !== undefined);
  if (sources.length !== 1) throw usageError('IMPORT_SOURCE', 'give exactly one of --seed, --seed-file or --jwk');
  let keyType: KeyType;
  let privateBytes: Buffer;
  if (opts.jwk !== undefined) {
    const path = ctx.resolvePath(String(opts.jwk));
    const jwk = parseJsonObject(readTextBounded(path, 'JWK file', 64 * 1024), `JWK file ${path}`, 'JWK_INVALID');
    ({ keyType, d: privateBytes } = privateBytesFromJwk(jwk));
    if (opts.keyType !== undefined && opts.keyType !== keyType) {
      throw usageError('KEY_TYPE_MISMATCH', `--key-type ${String(opts.keyType)} does not match the JWK, which is a ${keyType} key`);
    }
  } else {
    keyType = isKeyType(opts.keyType) ? opts.keyType : 'ed25519';
    privateBytes = seedFrom(ctx, opts);
  }
  const passphrase = await ctx.passphrase(`protect the imported identity ${name}`, { confirm: true });
  const info = createIdentity({
    home: ctx.home, name: name!, keyType, passphrase, privateBytes, now: ctx.now,
    ...(typeof opts.label === 'string' ? { label: opts.label } : {}),
  });
  privateBytes.fill(0);
  return shown(info);
}

export async function list(ctx: CliContext): Promise<CommandResult> {
  const ids = listIdentities(ctx.home);
  return {
    data: { identities: ids },
    human: (s) => ids.length === 0
      ? s.dim('no identities yet; create one with `radcred id create NAME`')
      : ids.map((i) => `${s.bold(i.name.padEnd(16))} ${i.keyType.padEnd(9)} ${i.did}${i.label ? s.dim(`  ${i.label}`) : ''}`).join('\n'),
  };
}

export async function show(ctx: CliContext, [name]: string[]): Promise<CommandResult> {
  return shown(showIdentity(ctx.home, name!));
}
