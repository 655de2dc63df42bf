// The batch staging directory: files appear in the output directory only on publish, and a dead
// run's staging directory is finished or cleared by the next run (the ledger side of it, moving in
// what the ledger took, is driven end to end by test/cli/crash.test.ts).
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStaging, recoverStaging } from '../../src/credential/batch-staging.js';
import { tempDir } from '../helpers.js';

describe('openStaging', () => {
  it('keeps files out of the output directory until publish, then moves every one in', () => {
    const out = join(tempDir(), 'out');
    const staging = openStaging(out);
    staging.write(join(out, 'a.jwt'), 'jwt-a');
    staging.write(join(out, 'b.jwt'), 'jwt-b');
    expect(readdirSync(out).filter((f) => !f.startsWith('.staging-'))).toEqual([]);
    staging.publish();
    staging.close();
    expect(readdirSync(out).sort()).toEqual(['a.jwt', 'b.jwt']);
    expect(readFileSync(join(out, 'a.jwt'), 'utf8')).toBe('jwt-a\n');
  });

  it('close without publish leaves nothing behind', () => {
    const out = join(tempDir(), 'out');
    const staging = openStaging(out);
    staging.write(join(out, 'a.jwt'), 'jwt-a');
    staging.close();
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('recoverStaging', () => {
  const deadPid = 2 ** 22 + 12345; // above Linux's pid_max default: never a live process
  const staged = (out: string, name: string) => {
    const dir = join(out, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'x.jwt'), 'not a jws\n');
    return dir;
  };

  it('without a ledger keeps a staging directory younger than an hour, and clears an older one', () => {
    const out = tempDir();
    const young = staged(out, `.staging-${deadPid}-young`);
    const old = staged(out, `.staging-${deadPid}-old`);
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(old, twoHoursAgo, twoHoursAgo);
    recoverStaging(out, undefined);
    expect(existsSync(young)).toBe(true);
    expect(existsSync(old)).toBe(false);
  });

  it("with a ledger leaves a live run's directory alone", () => {
    const out = tempDir();
    const live = staged(out, `.staging-${process.pid}-live`);
    recoverStaging(out, join(out, 'no-ledger-needed'));
    expect(existsSync(live)).toBe(true);
  });

  it('does nothing for an output directory that does not exist', () => {
    expect(() => recoverStaging(join(tempDir(), 'missing'), undefined)).not.toThrow();
  });
});
