// A ledger writer for the concurrency and crash tests, run as a real process against the built
// code (dist/). It commits batches of radcred issue entries, one commit at a time, and after each
// successful commit prints one JSON line: {"first": <index>, "count": <n>, "size": <new size>,
// "label": <label>, "seq": <first seq>}. Entries are deterministic in (label, seq), so the parent
// can recompute every byte it was told was committed.
//
// usage: node append-child.mjs DIR OPERATOR_SEED_HEX ORIGIN LABEL COMMITS MAX_BATCH [SEQ0]
//   COMMITS 0 means: until killed.
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const [dist, dir, opSeed, origin, label, commitsArg, maxBatchArg, seq0Arg] = [
  process.env.RADCRED_DIST,
  ...process.argv.slice(2),
];
const { keyPairFromPrivateBytes, signBytes } = await import(join(dist, 'identity/keys.js'));
const { didKeyFromPublicKey } = await import(join(dist, 'identity/did-key.js'));
const { operatorOf } = await import(join(dist, 'ledger/ledger.js'));
const { commitEntries } = await import(join(dist, 'ledger/commit.js'));
const { createEntry } = await import(join(dist, 'ledger/entry.js'));

function signer(seedHex) {
  const pair = keyPairFromPrivateBytes('ed25519', Buffer.from(seedHex, 'hex'));
  const did = didKeyFromPublicKey('ed25519', pair.publicKeyBytes);
  return {
    name: 'child',
    did,
    keyType: 'ed25519',
    alg: 'EdDSA',
    kid: `${did}#${did.slice(8)}`,
    sign: (d) => signBytes('ed25519', pair.privateKey, d),
  };
}

const op = operatorOf(signer(opSeed), origin);
const issuer = signer(createHash('sha256').update(`issuer ${label}`).digest('hex'));
export const entryFor = (seq) =>
  createEntry(issuer, {
    kind: 'issue',
    credential: 'sha256:' + createHash('sha256').update(`${label} ${seq}`).digest('hex'),
    time: 1_800_000_000 + seq,
  });

const commits = Number(commitsArg);
const maxBatch = Number(maxBatchArg);
let seq = Number(seq0Arg ?? 0);
for (let c = 0; commits === 0 || c < commits; c++) {
  const count = 1 + Math.floor(Math.random() * maxBatch);
  const entries = Array.from({ length: count }, (_, i) => entryFor(seq + i));
  const r = await commitEntries(op, dir, entries);
  if (r.appended !== count) throw new Error(`appended ${r.appended} of ${count}`);
  process.stdout.write(
    JSON.stringify({ first: r.checkpoint.size - count, count, size: r.checkpoint.size, label, seq }) + '\n',
  );
  seq += count;
}
