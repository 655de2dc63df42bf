// The holder's disclosure log: one JSON line per presentation made, so a radiologist can always
// answer "who have I shown what, and when". Rewritten atomically on every append, under a lock
// (`disclosures.jsonl.lock`), so two presentations made at once both stay in the log.
import { homePaths } from '../home.js';
import { exists, readTextBounded, writeFileAtomic } from '../util/files.js';
import { RadcredError } from '../errors.js';
import { isPlainObject } from '../util/json.js';
import { withLock } from '../util/lock.js';

export interface DisclosureRecord {
  time: string;
  holder: string;
  holderName: string;
  audience: string;
  /** the verifier's name as the request answered gave it (its own claim), when there was a request */
  audienceName?: string;
  challenge: string;
  presentation: string;
  expires: string;
  out: string;
  credentials: { digest: string; type: string; issuer: string }[];
}

export function listDisclosures(home: string): DisclosureRecord[] {
  const path = homePaths(home).disclosures;
  if (!exists(path)) return [];
  return readTextBounded(path, 'disclosure log', 64 * 1024 * 1024)
    .split('\n')
    .filter((l) => l.length > 0)
    .map((line, i) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        value = undefined;
      }
      if (!isPlainObject(value) || typeof value.time !== 'string' || !Array.isArray(value.credentials)) {
        throw new RadcredError('DISCLOSURES_DAMAGED', `disclosure log ${path} line ${i + 1} is damaged`);
      }
      return value as unknown as DisclosureRecord;
    });
}

export async function recordDisclosure(home: string, record: DisclosureRecord): Promise<void> {
  const path = homePaths(home).disclosures;
  await withLock(
    `${path}.lock`,
    {
      missing: () => new RadcredError('HOME_NOT_FOUND', `radcred home ${home} does not exist`),
      held: () =>
        new RadcredError(
          'DISCLOSURES_LOCKED',
          `the disclosure log ${path} stays locked by another process`,
          `if no radcred process is running, remove ${path}.lock`,
        ),
    },
    () => {
      const before = exists(path) ? readTextBounded(path, 'disclosure log', 64 * 1024 * 1024) : '';
      writeFileAtomic(path, before + JSON.stringify(record) + '\n', { mode: 0o600 });
    },
  );
}
