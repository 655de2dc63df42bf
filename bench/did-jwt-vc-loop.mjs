#!/usr/bin/env node
// Baseline for batch verification: did-jwt-vc's verifyCredential over every file named in a
// list, one after another, with key-did-resolver, as a script using the libraries would.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { verifyCredential } from 'did-jwt-vc';
import { Resolver } from 'did-resolver';
import { getResolver } from 'key-did-resolver';

const list = process.argv[2];
const resolver = new Resolver(getResolver());
let ok = 0;
for (const file of readFileSync(list, 'utf8').split('\n').filter(Boolean)) {
  await verifyCredential(readFileSync(join(dirname(list), file), 'utf8').trim(), resolver);
  ok++;
}
if (ok === 0) process.exit(1);
