// Credential type names on the command line (src/cli/type-access.ts): a near miss of a known type
// is refused where it is recorded (trust add, request create), another tool's type is accepted with
// a warning, and a listing filtered by a type nothing has warns instead of answering "nothing".
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, importDemoIdentities, NOW, radcred, tempDir } from '../helpers.js';

let dir: string;
let home: string;
let dids: Record<string, string>;

beforeAll(async () => {
  dir = tempDir('radcred-types-');
  home = join(dir, 'home');
  dids = await importDemoIdentities(home, ['tmb', 'northbay']);
});
afterAll(() => cleanup(dir));

const cli = (args: string[]) => radcred(['--home', home, '--now', NOW, ...args]);

describe('trust add --types', () => {
  it('refuses a near miss of a built-in type (exit 2, TYPE_UNKNOWN, did you mean), and writes nothing', async () => {
    const file = join(dir, 'typo-trust.json');
    for (const typed of ['MedicalLicence', 'medicallicensecredential', 'MedicalLicense']) {
      const r = await cli(['trust', 'add', dids.tmb!, '--name', 'TMB', '--types', typed, '--file', file]);
      expect(r.code, typed).toBe(2);
      expect(r.stderr).toContain(`radcred: error: --types ${typed}: radcred knows no credential type of that name\n`);
      expect(r.stderr).toContain('hint: did you mean MedicalLicenseCredential? (if');
      expect(r.stderr).toContain('add --allow-unknown-type)');
    }
    expect(existsSync(file)).toBe(false);
    const json = await cli([
      '--json',
      'trust',
      'add',
      dids.tmb!,
      '--name',
      'TMB',
      '--types',
      'MedicalLicence',
      '--file',
      file,
    ]);
    expect(json.json().error).toMatchObject({
      code: 'TYPE_UNKNOWN',
      hint: expect.stringContaining('did you mean MedicalLicenseCredential?'),
    });
  });

  it('accepts the near miss with --allow-unknown-type, silently', async () => {
    const file = join(dir, 'allowed-trust.json');
    const r = await cli([
      '--json',
      'trust',
      'add',
      dids.tmb!,
      '--name',
      'TMB',
      '--types',
      'MedicalLicence',
      '--allow-unknown-type',
      '--file',
      file,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(readFileSync(file, 'utf8')).issuers[0].types).toEqual(['MedicalLicence']);
  });

  it("accepts another tool's type, far from every built-in one, with a warning (stderr and --json)", async () => {
    const file = join(dir, 'foreign-trust.json');
    const r = await cli([
      '--json',
      'trust',
      'add',
      dids.tmb!,
      '--name',
      'TMB',
      '--types',
      'OpenBadgeCredential',
      'MedicalLicenseCredential',
      '--file',
      file,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      // wrapped within 100 columns, its further line indented
      'radcred: warning: OpenBadgeCredential is not a built-in type: its credentials are verified without a\n' +
        '  schema check (`radcred types` lists the built-in ones)\n',
    );
    expect(r.json().warnings).toHaveLength(1);
    // built-in types, "*" and the verification record's type draw nothing
    const quiet = await cli([
      'trust',
      'add',
      dids.northbay!,
      '--name',
      'Northbay',
      '--types',
      '*',
      'VerificationRecordCredential',
      '--file',
      file,
    ]);
    expect([quiet.code, quiet.stderr]).toEqual([0, '']);
  });
});

describe('request create --require', () => {
  it('refuses a near miss, from the flag or from the policy file, before the key is unlocked', async () => {
    const out = join(dir, 'never.request.jwt');
    const r = await cli(['request', 'create', '--verifier', 'northbay', '--require', 'BoardCertificate', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^radcred: error: --require BoardCertificate: .*\nhint: did you mean BoardCertificationCredential\?/m,
    );
    const policy = join(dir, 'policy.json');
    writeFileSync(policy, JSON.stringify({ version: 1, require: ['CMECertificate'] }));
    const fromFile = await cli([
      '--json',
      'request',
      'create',
      '--verifier',
      'northbay',
      '--policy',
      policy,
      '--out',
      out,
    ]);
    expect(fromFile.json().error).toMatchObject({
      code: 'TYPE_UNKNOWN',
      hint: expect.stringContaining('did you mean CMECertificateCredential?'),
    });
    expect(existsSync(out)).toBe(false);
  });

  it("takes another tool's type with a warning, and a near miss with --allow-unknown-type", async () => {
    const foreign = await cli([
      '--json',
      'request',
      'create',
      '--verifier',
      'northbay',
      '--require',
      'OpenBadgeCredential',
      '--out',
      join(dir, 'foreign.jwt'),
    ]);
    expect(foreign.code).toBe(0);
    expect(foreign.json().warnings).toEqual([expect.stringContaining('OpenBadgeCredential is not a built-in type')]);
    const allowed = await cli([
      '--json',
      'request',
      'create',
      '--verifier',
      'northbay',
      '--require',
      'MedicalLicence',
      '--allow-unknown-type',
      '--out',
      join(dir, 'allowed.jwt'),
    ]);
    expect(allowed.code).toBe(0);
    expect(allowed.json().require).toEqual(['MedicalLicence']);
  });
});

describe('listings filtered by --type', () => {
  it('wallet list --type with a type nothing has: a warning with did you mean, exit 0', async () => {
    const r = await cli(['wallet', 'list', '--type', 'MedicalLicence']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'radcred: warning: no credential in the wallet has type MedicalLicence, which is not a built-in type;\n' +
        '  did you mean MedicalLicenseCredential?\n',
    );
    const json = await cli(['--json', 'wallet', 'list', '--type', 'MedicalLicence']);
    expect(json.json()).toEqual({
      credentials: [],
      warnings: [expect.stringContaining('did you mean MedicalLicenseCredential?')],
    });
    // a built-in type that the wallet happens not to hold is an honest empty answer
    expect((await cli(['wallet', 'list', '--type', 'MedicalLicenseCredential'])).stderr).toBe('');
  });

  it('issued list --type warns the same way', async () => {
    const r = await cli(['--json', 'issued', 'list', '--type', 'ClaimHistory']);
    expect(r.code).toBe(0);
    expect(r.json().warnings).toEqual([expect.stringContaining('did you mean ClaimsHistoryCredential?')]);
  });

  it('issue and types show suggest a built-in type for an unknown one', async () => {
    const r = await cli(['--json', 'types', 'show', 'MedicalLicence']);
    expect(r.code).toBe(2);
    expect(r.json().error).toEqual({
      code: 'TYPE_UNKNOWN',
      message: 'unknown credential type "MedicalLicence"',
      hint: 'did you mean MedicalLicenseCredential? `radcred types` lists the built-in types',
    });
  });
});
