// What the command groups share: how an action loads its command's code, and the options several
// groups declare alike.
import { Option } from 'commander';
import { pathOption } from '../options.js';

/** Wraps a lazy loader of a command's handler into commander's action (main.ts runs it). */
export type Action = (load: () => Promise<unknown>) => (...raw: unknown[]) => Promise<void>;

export const keyType = () => new Option('--key-type <type>', 'key type').choices(['ed25519', 'p256', 'secp256k1']);
export const out = (what: string) => pathOption('--out <file>', what, 'out');
export const force = (what = 'replace an existing --out file') => new Option('--force', what);
export const allowWeak = () =>
  new Option(
    '--allow-weak-passphrase',
    'accept a new passphrase that fails the strength rule (for tests and demos only)',
  );
