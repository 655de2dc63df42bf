// id create | import | passwd | export | list | show
import { RadcredError } from '../../errors.js';
import { keyFromJwk, keyFromSeed, type ImportedKey } from '../../identity/import-key.js';
import type { KeyType } from '../../identity/key-types.js';
import {
  changeIdentityPassphrase,
  checkNewIdentityName,
  createIdentity,
  exportIdentityJwk,
  listIdentities,
  unlockIdentity,
  type IdentityInfo,
} from '../../identity/store.js';
import { homePaths } from '../../home.js';
import { readTextBounded } from '../../util/files.js';
import { checkOutputPath } from '../../util/output.js';
import type { DIDDocument, VerificationMethod } from 'did-resolver';
import { didDocumentOf } from '../../identity/resolver.js';
import type { CliContext } from '../context.js';
import { readIdentity, unlockWith, warnIfInsecure, warningsField } from '../identity-access.js';
import { newPassphrase } from '../new-passphrase.js';
import { passphraseVariable, readPassphraseFile } from '../passphrase-sources.js';
import { renderIdentities } from '../render/lists.js';
import { outputWidth } from '../render/text.js';
import type { CommandResult } from '../result.js';
import type { Style } from '../style.js';

function describe(i: IdentityInfo, s: Style): string {
  const lines = [
    `${s.bold(i.name)}${i.label ? `  ${i.label}` : ''}`,
    `  did       ${i.did}`,
    `  key       ${i.keyType} (${i.alg})`,
    // a did:key's method is the DID, `#`, and the key again: shown after `did +`, within 100 columns
    `  method    ${i.verificationMethod.startsWith(`${i.did}#`) ? `did + ${i.verificationMethod.slice(i.did.length)}` : i.verificationMethod}`,
    `  created   ${i.created}`,
  ];
  if (i.insecureMode) lines.push(s.warn(`  mode      ${i.insecureMode}: others can read this keystore; run chmod 600`));
  return lines.join('\n');
}

/** The DID document in brief (each method by fragment, type and what it is for); --json has it whole. */
function describeDocument(doc: DIDDocument, s: Style): string[] {
  const relations = [
    'authentication',
    'assertionMethod',
    'capabilityDelegation',
    'capabilityInvocation',
    'keyAgreement',
  ] as const;
  const short = (id: string) => id.slice(id.indexOf('#'));
  const methods = [
    ...(doc.verificationMethod ?? []),
    ...(doc.keyAgreement ?? []).filter((k): k is VerificationMethod => typeof k !== 'string'),
  ];
  return [
    s.bold('DID document') + s.dim('  (did-resolver with key-did-resolver; --json prints it whole)'),
    ...methods.flatMap((m) => {
      const uses = relations.filter((r) => (doc[r] ?? []).some((x) => (typeof x === 'string' ? x : x.id) === m.id));
      const id = short(m.id);
      return [
        `  ${id.length > 30 ? `${id.slice(0, 14)}…${id.slice(-14)}` : id}  ${m.type}`,
        s.dim(`    ${uses.join(', ')}`),
      ];
    }),
  ];
}

const shown = (i: IdentityInfo): CommandResult => ({ data: i, human: (s) => describe(i, s) });

const noPrompt = 'no prompt without a terminal or with --no-input';

/** The passphrase of a new keystore for `name`: from its file or variable, else typed twice. */
function newKeyPassphrase(ctx: CliContext, name: string, opts: Record<string, unknown>): Promise<string> {
  checkNewIdentityName(ctx.home, name); // before anything is typed for it
  return newPassphrase(ctx, {
    name,
    allowWeak: opts.allowWeakPassphrase === true,
    unattended: ctx.unattendedPassphrase(name),
    required: () =>
      new RadcredError(
        'PASSPHRASE_REQUIRED',
        `a passphrase is needed to protect the new identity ${name}`,
        `give --passphrase-file ${name}=FILE or set ${passphraseVariable(name)}; ${noPrompt}`,
      ),
  });
}

export async function create(ctx: CliContext, [name]: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const passphrase = await newKeyPassphrase(ctx, name!, opts);
  const info = createIdentity({
    home: ctx.home,
    name: name!,
    keyType: opts.keyType as KeyType,
    passphrase,
    now: ctx.now,
    ...(typeof opts.label === 'string' ? { label: opts.label } : {}),
  });
  return shown(info);
}

/** The key to import, from --jwk FILE, --seed-file FILE or --seed HEX. */
function keyToImport(ctx: CliContext, opts: Record<string, unknown>): ImportedKey {
  if (opts.jwk !== undefined) {
    const path = ctx.resolvePath(String(opts.jwk));
    return keyFromJwk(readTextBounded(path, 'JWK file', 64 * 1024), `JWK file ${path}`, opts.keyType);
  }
  const text =
    typeof opts.seedFile === 'string'
      ? readTextBounded(ctx.resolvePath(opts.seedFile), 'seed file', 1024).trim() // an editor's newline
      : String(opts.seed);
  return keyFromSeed(text, opts.keyType);
}

export async function importKey(
  ctx: CliContext,
  [name]: string[],
  opts: Record<string, unknown>,
): Promise<CommandResult> {
  const sources = ['seed', 'seedFile', 'jwk'].filter((k) => opts[k] !== undefined);
  if (sources.length !== 1) throw new RadcredError('IMPORT_SOURCE', 'give exactly one of --seed, --seed-file or --jwk');
  if (opts.seed !== undefined)
    ctx.warn(
      '--seed puts the private key on the command line, where other users (ps) and shell history see it; prefer --seed-file FILE',
    );
  const { keyType, privateBytes } = keyToImport(ctx, opts);
  const passphrase = await newKeyPassphrase(ctx, name!, opts);
  const info = createIdentity({
    home: ctx.home,
    name: name!,
    keyType,
    passphrase,
    privateBytes,
    now: ctx.now,
    ...(typeof opts.label === 'string' ? { label: opts.label } : {}),
  });
  privateBytes.fill(0);
  return { data: { ...info, ...warningsField(ctx) }, human: (s) => describe(info, s) };
}

export async function exportKey(
  ctx: CliContext,
  [name]: string[],
  opts: Record<string, unknown>,
): Promise<CommandResult> {
  const outArg = String(opts.out);
  if (outArg === '-')
    throw new RadcredError(
      'OUT_STDOUT',
      'id export never writes a private key to stdout',
      'give a file: --out FILE (created with mode 0600)',
    );
  const info = readIdentity(ctx, name!);
  const existsHint = 'radcred never replaces a file with a private key: choose another --out, or remove the file first';
  const refuseExisting = () => new RadcredError('OUT_EXISTS', `${outArg} already exists`, existsHint);
  // checked before the confirmation and the passphrase: a directory, a device, a missing parent
  const out = checkOutputPath(ctx.resolvePath(outArg), { flag: '--out', force: false, existsHint, example: 'key.jwk' });
  if (opts.yes !== true) {
    if (!ctx.canPrompt) {
      throw new RadcredError(
        'CONFIRMATION_REQUIRED',
        `id export writes the private key of ${info.name} unencrypted to ${outArg}`,
        'add --yes to confirm (there is no prompt without a terminal, or with --no-input)',
      );
    }
    const { promptConfirm } = await import('../prompts.js');
    ctx.note(
      `This writes the private key of ${info.name} UNENCRYPTED to ${outArg}: anyone who can read that file can sign as ${info.name}.`,
    );
    if (!(await promptConfirm(ctx, `Export the private key of ${info.name}?`, false))) {
      throw new RadcredError('PROMPT_CANCELLED', 'export cancelled; nothing was written');
    }
  }
  let exported: { name: string; did: string; out: string };
  try {
    exported = await unlockWith(ctx, info.name, 'to export its private key', (passphrase) =>
      exportIdentityJwk({ home: ctx.home, name: info.name, passphrase, out }),
    );
  } catch (e) {
    if (e instanceof RadcredError && e.code === 'FILE_EXISTS') throw refuseExisting();
    throw e;
  }
  return {
    data: { name: exported.name, did: exported.did, out: exported.out },
    human: (s) =>
      [
        `${s.ok('exported')} the private key of ${s.bold(exported.name)} to ${exported.out} (JWK, mode 0600)`,
        `  did  ${exported.did}`,
        s.warn(
          '  the file is not encrypted: anyone who reads it can sign as this identity; import it (`radcred id import NAME --jwk FILE`) and delete it',
        ),
      ].join('\n'),
  };
}

/** The new passphrase for `id passwd` without a prompt: --new-passphrase-file FILE, else $RADCRED_NEW_PASSPHRASE. */
function unattendedNewPassphrase(
  ctx: CliContext,
  opts: Record<string, unknown>,
): { passphrase: string; from: string } | undefined {
  if (typeof opts.newPassphraseFile === 'string') {
    return {
      passphrase: readPassphraseFile(ctx.resolvePath(opts.newPassphraseFile), opts.newPassphraseFile),
      from: `--new-passphrase-file ${opts.newPassphraseFile}`,
    };
  }
  const fromEnv = ctx.io.env.RADCRED_NEW_PASSPHRASE;
  return fromEnv !== undefined && fromEnv.length > 0
    ? { passphrase: fromEnv, from: '$RADCRED_NEW_PASSPHRASE' }
    : undefined;
}

export async function passwd(ctx: CliContext, [name]: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const info = readIdentity(ctx, name!);
  const request = {
    name: info.name,
    allowWeak: opts.allowWeakPassphrase === true,
    unattended: unattendedNewPassphrase(ctx, opts),
    required: () =>
      new RadcredError(
        'PASSPHRASE_REQUIRED',
        `a new passphrase is needed for ${info.name}`,
        `give --new-passphrase-file FILE or set RADCRED_NEW_PASSPHRASE; ${noPrompt}`,
      ),
  };
  // A new passphrase that is weak, empty or missing is refused before the current one is asked for;
  // on a terminal the current one comes first, then the new one twice.
  const early = request.unattended !== undefined || !ctx.canPrompt ? await newPassphrase(ctx, request) : undefined;
  const current = await unlockWith(
    ctx,
    info.name,
    'the current one',
    (passphrase) => (unlockIdentity(ctx.home, info.name, passphrase), passphrase),
  );
  const fresh = early ?? (await newPassphrase(ctx, request));
  const changed = changeIdentityPassphrase({
    home: ctx.home,
    name: info.name,
    passphrase: current,
    newPassphrase: fresh,
  });
  const keystore = homePaths(ctx.home).identity(changed.name);
  return {
    data: { name: changed.name, did: changed.did, changed: true, keystore, ...warningsField(ctx) },
    human: (s) =>
      [
        `${s.ok('changed')} the passphrase of ${s.bold(changed.name)}`,
        `  did       ${changed.did}`,
        `  keystore  ${keystore}`,
        s.dim('  re-encrypted (a new salt and IV), mode 0600; the old passphrase no longer opens it'),
      ].join('\n'),
  };
}

export async function list(ctx: CliContext): Promise<CommandResult> {
  const ids = listIdentities(ctx.home);
  for (const i of ids) warnIfInsecure(ctx, i);
  return {
    data: { identities: ids },
    human: (s) =>
      ids.length === 0
        ? s.dim('no identities yet; create one with `radcred id create NAME`')
        : renderIdentities(ids, s, outputWidth(ctx.io.stdout.columns)),
  };
}

export async function show(ctx: CliContext, [name]: string[]): Promise<CommandResult> {
  const info = readIdentity(ctx, name!);
  // the document every verifier resolves for this DID (did-resolver, key-did-resolver)
  const didDocument = await didDocumentOf(info.did);
  return {
    data: { ...info, didDocument },
    human: (s) => [describe(info, s), ...describeDocument(didDocument, s)].join('\n'),
  };
}
