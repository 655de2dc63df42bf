#!/usr/bin/env node
// Batch signing cost per credential, in a process of its own as `radcred issue --batch` runs:
// the shipped issue.ts (bundled as the CLI is, src/build/bundle.ts) against did-jwt-vc with
// did-jwt's signer over the same subject. Usage: signing.mjs WORKDIR N; prints one JSON line
// {per: {median,min,max} ms, theirsPer: ms, signaturePer: ms (the bare native signature)}.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deterministicSigners } from '../fixtures/signer.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const [work, nArg] = process.argv.slice(2);
const n = Number(nArg);
const signer = await deterministicSigners(ROOT, 'radcred bench');
const issuer = signer('issuer');
const holder = signer('holder');
const cme = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'subjects', 'CMECertificateCredential.json'), 'utf8'));
const { parseTime } = await import(join(ROOT, 'dist', 'util', 'time.js'));
const nowS = parseTime('2026-11-27T18:00:00Z');

const { bundleCommonJs } = await import(join(ROOT, 'dist', 'build', 'bundle.js'));
await bundleCommonJs(join(ROOT, 'src', 'credential', 'issue.ts'), join(work, 'issue.cjs'));
const bundled = createRequire(import.meta.url)(join(work, 'issue.cjs'));

const times = [];
for (let run = 0; run < 3; run++) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++)
    await bundled.issueCredential({
      signer: issuer,
      type: 'CMECertificateCredential',
      subjectDid: holder.did,
      subject: cme,
      now: nowS,
    });
  times.push(Number(process.hrtime.bigint() - t0) / 1e6 / n);
}
times.sort((a, b) => a - b);

// the floor: the bare native signature over one of those signing inputs, the same number of times
const sample = (
  await bundled.issueCredential({
    signer: issuer,
    type: 'CMECertificateCredential',
    subjectDid: holder.did,
    subject: cme,
    now: nowS,
  })
).jwt;
const signingInput = Buffer.from(sample.slice(0, sample.lastIndexOf('.')), 'ascii');
const s0 = process.hrtime.bigint();
for (let i = 0; i < n; i++) issuer.sign(signingInput);
const signaturePer = Number(process.hrtime.bigint() - s0) / 1e6 / n;

const { createVerifiableCredentialJwt } = await import('did-jwt-vc');
const { EdDSASigner } = await import('did-jwt');
const didJwtSigner = EdDSASigner(Buffer.from(issuer.seed, 'hex'));
const m = Math.max(1, Math.floor(n / 10));
const t0 = process.hrtime.bigint();
for (let i = 0; i < m; i++) {
  await createVerifiableCredentialJwt(
    {
      sub: holder.did,
      nbf: nowS,
      vc: {
        '@context': ['https://www.w3.org/2018/credentials/v1'],
        type: ['VerifiableCredential', 'CMECertificateCredential'],
        credentialSubject: cme,
      },
    },
    { did: issuer.did, signer: didJwtSigner, alg: 'EdDSA' },
    { header: { kid: issuer.kid } },
  );
}
const theirsPer = Number(process.hrtime.bigint() - t0) / 1e6 / m;
console.log(JSON.stringify({ per: { median: times[1], min: times[0], max: times[2] }, theirsPer, signaturePer }));
