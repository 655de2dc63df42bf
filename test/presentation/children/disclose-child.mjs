// Records COUNT disclosures labelled LABEL in HOME's log, as fast as it can, against the built
// code (dist/): for the concurrency test of the disclosure log.
// usage: node disclose-child.mjs HOME LABEL COUNT
import { join } from 'node:path';

const [dist, home, label, count] = [process.env.RADCRED_DIST, ...process.argv.slice(2)];
const { recordDisclosure } = await import(join(dist, 'presentation/disclosures.js'));
for (let i = 0; i < Number(count); i++) {
  await recordDisclosure(home, {
    time: '2026-11-27T18:00:00Z',
    holder: 'did:key:z6Mk-holder',
    holderName: 'priya',
    audience: 'did:key:z6Mk-verifier',
    challenge: `${label}-${i}`,
    presentation: `sha256:${label}${i}`,
    expires: '2026-12-04T18:00:00Z',
    out: 'vp.jwt',
    credentials: [],
  });
}
