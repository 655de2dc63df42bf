// What each of the ecosystem's libraries costs radcred (issue 11): at start-up (each bundled
// alone the way radcred bundles them, minified, code-cached, then loaded in a fresh process:
// compile plus initialisation, against `node -e 0` in the same run), and per credential (DID
// resolution, did-jwt-vc's payload validators, and making a VC-JWT through did-jwt-vc instead of
// signing the same bytes directly). Returns rows for bench/bench.mjs's report.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { single, stats } from './measure.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(join(ROOT, 'dist', p));

const LIBRARIES = [
  [
    'did-jwt-vc payload validators (with did-jwt, which they import)',
    "export { validateJwtCredentialPayload } from 'did-jwt-vc';",
  ],
  [
    'did-jwt createJWT (requests; did-jwt-vc creation on top)',
    "export { createJWT } from 'did-jwt'; export { createVerifiableCredentialJwt } from 'did-jwt-vc';",
  ],
  [
    'did-resolver + key-did-resolver',
    "import { Resolver } from 'did-resolver'; import { getResolver } from 'key-did-resolver'; export const make = () => new Resolver(getResolver());",
  ],
];

/** Loads a bundle with its code cache as bin/radcred does; prints compile + init ms. */
const LOADER = `
const vm = require('node:vm'), M = require('node:module'), fs = require('node:fs');
const f = process.argv[2], write = process.argv[3] === 'write';
const t0 = process.hrtime.bigint();
const s = new vm.Script(M.wrap(fs.readFileSync(f, 'utf8')), { filename: f, cachedData: write ? undefined : fs.readFileSync(f + '.cache') });
const m = { exports: {} };
s.runInThisContext()(m.exports, M.createRequire(f), m, f, require('node:path').dirname(f));
if (write) fs.writeFileSync(f + '.cache', s.createCachedData());
else console.log(Number(process.hrtime.bigint() - t0) / 1e6);
`;

async function startupCosts(work) {
  const dir = join(work, 'libraries');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'loader.cjs'), LOADER);
  const node = () => {
    const t = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0']);
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  const rows = [];
  for (const [i, [name, source]] of LIBRARIES.entries()) {
    const entry = join(ROOT, `.bench-library-${i}.mjs`); // inside the project, so node_modules resolves
    writeFileSync(entry, source);
    const out = join(dir, `library-${i}.cjs`);
    try {
      const { bundleCommonJs } = await dist('build/bundle.js');
      await bundleCommonJs(entry, out);
    } finally {
      rmSync(entry, { force: true });
    }
    spawnSync(process.execPath, [join(dir, 'loader.cjs'), out, 'write']);
    const lib = [];
    const base = [];
    for (let r = 0; r < 11; r++) {
      base.push(node());
      lib.push(Number(spawnSync(process.execPath, [join(dir, 'loader.cjs'), out], { encoding: 'utf8' }).stdout.trim()));
    }
    const t = stats(lib);
    const b = stats(base);
    rows.push({
      name: `start-up: ${name}`,
      target: t,
      baselineName: 'node -e 0',
      baseline: b,
      ratio: t.median / b.median,
      note: `${t.median.toFixed(1)} ms to compile and initialise, code-cached`,
    });
  }
  return rows;
}

async function perCredentialCosts(context) {
  const measured = await loadMeasured(context.work);
  return [
    ...(await didResolutionRows(measured, context)),
    await validatorsRow(measured, context),
    await throughDidJwtVcRow(measured, context),
  ];
}

/** What the per-credential figures run: the product's own modules, and did-jwt-vc's validators. */
async function loadMeasured(work) {
  const { resolveDids } = await dist('identity/resolver.js');
  const { didKeyFromPublicKey } = await dist('identity/did-key.js');
  const { keyPairFromPrivateBytes, signBytes } = await dist('identity/keys.js');
  // issued through the bundled module, as the CLI runs it (the bundle's native uint8arrays codecs)
  const { bundleCommonJs } = await dist('build/bundle.js');
  const issueBundle = join(work, 'libraries', 'issue.cjs');
  await bundleCommonJs(join(ROOT, 'src', 'credential', 'issue.ts'), issueBundle);
  const { issueCredential } = createRequire(import.meta.url)(issueBundle);
  const { validateJwtCredentialPayload } = await import('did-jwt-vc');
  return {
    resolveDids,
    didKeyFromPublicKey,
    keyPairFromPrivateBytes,
    signBytes,
    issueCredential,
    validateJwtCredentialPayload,
  };
}

const time = async (fn) => {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
};

/** A cost with nothing to compare it with: ms per unit, shown as its own baseline (ratio 1). */
const costRow = (name, ms, note) => ({
  name,
  target: single(ms),
  baselineName: 'none',
  baseline: single(ms),
  ratio: 1,
  note,
});

/** Resolving a DID not seen before in the process, per key type. */
async function didResolutionRows({ resolveDids, didKeyFromPublicKey, keyPairFromPrivateBytes }, { scale }) {
  const rows = [];
  for (const keyType of ['ed25519', 'p256', 'secp256k1']) {
    const n = scale(300);
    const dids = Array.from({ length: n }, (_, i) =>
      didKeyFromPublicKey(
        keyType,
        keyPairFromPrivateBytes(keyType, createHash('sha256').update(`resolve ${keyType} ${i}`).digest())
          .publicKeyBytes,
      ),
    );
    const ms = await time(() => resolveDids(dids));
    const us = (ms / n) * 1000;
    rows.push(
      costRow(
        `per DID: resolving a ${keyType} did:key (did-resolver, key-did-resolver)`,
        ms / n,
        `${us.toFixed(0)} µs, once per DID per process`,
      ),
    );
  }
  return rows;
}

/** did-jwt-vc's validators on one payload. */
async function validatorsRow({ validateJwtCredentialPayload }, { issuer, holder, cme, nowS, scale }) {
  const n = scale(20_000);
  const payload = {
    iss: issuer.did,
    sub: holder.did,
    nbf: nowS,
    vc: {
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      type: ['VerifiableCredential', 'CMECertificateCredential'],
      credentialSubject: cme,
    },
  };
  const ms = await time(() => {
    for (let i = 0; i < n; i++) validateJwtCredentialPayload(payload);
  });
  return costRow('per credential: did-jwt-vc payload validators', ms / n, `${((ms / n) * 1000).toFixed(2)} µs`);
}

/** Making a VC-JWT through did-jwt-vc, against signing the same bytes directly. */
async function throughDidJwtVcRow(measured, { issuer, holder, cme, nowS, scale }) {
  const { issueCredential, keyPairFromPrivateBytes, signBytes } = measured;
  const n = scale(5_000);
  const made = await time(async () => {
    for (let i = 0; i < n; i++)
      await issueCredential({
        signer: issuer,
        type: 'CMECertificateCredential',
        subjectDid: holder.did,
        subject: cme,
        now: nowS,
      });
  });
  const pair = keyPairFromPrivateBytes('ed25519', Buffer.from(issuer.seed, 'hex'));
  const input = Buffer.from('x'.repeat(900));
  const signed = await time(() => {
    for (let i = 0; i < n; i++) signBytes('ed25519', pair.privateKey, input);
  });
  const over = ((made - signed) / n) * 1000;
  return {
    name: 'per credential: made through did-jwt-vc (vs the signature alone)',
    target: single(made / n),
    baselineName: 'Ed25519 signature alone',
    baseline: single(signed / n),
    ratio: made / signed,
    note: `${((made / n) * 1000).toFixed(1)} µs per credential, of which ${over.toFixed(1)} µs is not the signature (schema check, did-jwt-vc, encoding)`,
  };
}

export async function libraryCosts(context) {
  return [...(await startupCosts(context.work)), ...(await perCredentialCosts(context))];
}
