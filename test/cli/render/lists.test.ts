// The listings as tables (src/cli/render/lists.ts): a header, names where the home knows them,
// DIDs shortened otherwise, every line within 100 columns.
import { describe, expect, it } from 'vitest';
import type { CredentialView } from '../../../src/credential/claims.js';
import type { IdentityInfo } from '../../../src/identity/store.js';
import type { DisclosureRecord } from '../../../src/presentation/disclosures.js';
import {
  renderDisclosures,
  renderIdentities,
  renderTrustList,
  renderWallet,
  shortType,
} from '../../../src/cli/render/lists.js';
import { plainStyle } from '../../../src/cli/style.js';
import { NOW_S } from '../../helpers.js';

const TMB = 'did:key:zDnaebjhBF1vjrNLUo8knrrcU85HsBKwwHwruwvWiR1WHBUdK';
const PRIYA = 'did:key:z6MkfYTuCR6MjTGpKaGXSKGs3LvDs8yxsoLs1qr8gcVT21ba';
const NORTHBAY = 'did:key:z6MkvnsBfK9sVL8DxazgTwbSvTFbfuYpHjfRpwpQfAa22s7k';
const names = { nameOf: (did: string) => (did === TMB ? 'Texas Medical Board' : undefined) };
const within = (text: string, width = 100) => {
  for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(width);
  return text.split('\n');
};

const view = (type: string, issuer: string, hex: string) =>
  ({ digest: `sha256:${hex.repeat(64 / hex.length)}`, type, issuer }) as unknown as CredentialView;

describe('shortType', () => {
  it('leaves out the Credential every built-in name ends in, and nothing else', () => {
    expect(shortType('MedicalLicenseCredential')).toBe('MedicalLicense');
    expect(shortType('OpenBadge')).toBe('OpenBadge');
    expect(shortType('Credential')).toBe('Credential');
  });
});

describe('renderWallet', () => {
  it('ID, TYPE, UNTIL, ISSUER: the issuer by name when known, else its DID shortened', () => {
    const lines = within(
      renderWallet(
        [
          { view: view('MedicalLicenseCredential', TMB, 'ab'), lapses: NOW_S + 86400 * 300 },
          { view: view('CMECertificateCredential', NORTHBAY, 'cd'), lapses: undefined },
          { view: view('ControlledSubstanceRegistrationCredential', NORTHBAY, 'ef'), lapses: NOW_S - 86400 },
        ],
        names,
        NOW_S,
        plainStyle,
        100,
      ),
    );
    expect(lines[0]).toMatch(/^ID\s+TYPE\s+UNTIL\s+ISSUER$/);
    expect(lines[1]).toMatch(/^abababababab {2}MedicalLicense +2027-09-23 +Texas Medical Board$/);
    expect(lines[2]).toMatch(/^cdcdcdcdcdcd {2}CMECertificate +no expiry +z6Mkvn…22s7k$/);
    expect(lines[3]).toMatch(/^efefefefefef {2}ControlledSubstanceRegistration {2}expired 2026-11-26 {2}z6Mkvn…22s7k$/);
  });
});

describe('renderDisclosures', () => {
  const record = (audienceName?: string): DisclosureRecord => ({
    time: '2026-11-27T18:00:00Z',
    holder: PRIYA,
    holderName: 'priya',
    audience: NORTHBAY,
    challenge: 'c',
    presentation: 'sha256:00',
    expires: 'x',
    out: 'vp.jwt',
    ...(audienceName !== undefined ? { audienceName } : {}),
    credentials: [
      { digest: 'sha256:1', type: 'CMECertificateCredential', issuer: TMB },
      { digest: 'sha256:2', type: 'MedicalLicenseCredential', issuer: TMB },
      { digest: 'sha256:3', type: 'CMECertificateCredential', issuer: TMB },
    ],
  });

  it('the audience by the name the request gave, else its DID shortened; each type once, with a count', () => {
    const lines = within(renderDisclosures([record('Northbay General Hospital'), record()], names, plainStyle, 100));
    expect(lines[0]).toMatch(/^TIME \(UTC\)\s+HOLDER\s+AUDIENCE\s+CREDENTIALS$/);
    expect(lines[1]).toMatch(
      /^2026-11-27 18:00 {2}priya {3}Northbay General Hospital {2}CMECertificate \(2\), MedicalLicense$/,
    );
    expect(lines[2]).toMatch(/^2026-11-27 18:00 {2}priya {3}z6Mkvn…22s7k +CMECertificate \(2\), MedicalLicense$/);
  });

  it('a name the home knows wins over the name a request claimed', () => {
    const known = { nameOf: (did: string) => (did === NORTHBAY ? 'Northbay (trusted)' : undefined) };
    expect(renderDisclosures([record('Someone Else')], known, plainStyle, 100)).toContain('Northbay (trusted)');
  });
});

describe('renderTrustList', () => {
  it('NAME, ISSUER, TRUSTED, TYPES; long type lists wrap under TYPES', () => {
    const lines = within(
      renderTrustList(
        [
          {
            did: TMB,
            name: 'Texas Medical Board',
            types: ['MedicalLicenseCredential'],
            validUntil: '2030-01-01T23:59:59Z',
          },
          {
            did: NORTHBAY,
            name: 'Keystone Physicians Mutual',
            types: [
              'ProfessionalLiabilityCoverageCredential',
              'ClaimsHistoryCredential',
              'MammographyInterpretationVolumeCredential',
            ],
          },
          { did: PRIYA, name: 'Everyone', types: ['*'], validFrom: '2026-01-01T00:00:00Z' },
        ],
        plainStyle,
        100,
      ),
    );
    expect(lines[0]).toMatch(/^NAME\s+ISSUER\s+TRUSTED\s+TYPES$/);
    expect(lines[1]).toMatch(/^Texas Medical Board +zDnaeb…HBUdK {2}until 2030-01-01 {2}MedicalLicense$/);
    expect(lines.some((l) => /^ {20,}\S/.test(l))).toBe(true); // a continuation line of TYPES
    expect(lines.join('\n')).toContain('MammographyInterpretationVolume');
    expect(lines.join('\n')).toMatch(/Everyone +z6MkfY…T21ba {2}from 2026-01-01 +\* \(every type\)/);
  });
});

describe('renderIdentities', () => {
  it('NAME, KEY, LABEL, DID: the DID whole (it is what is given out); a long label gives way first', () => {
    const id = (name: string, label?: string) =>
      ({ name, keyType: 'ed25519', did: PRIYA, ...(label ? { label } : {}) }) as unknown as IdentityInfo;
    const lines = within(
      renderIdentities(
        [id('priya', 'Dr. Priya N. Halvorsen'), id('northbay'), id('x', 'L'.repeat(80))],
        plainStyle,
        100,
      ),
    );
    expect(lines[0]).toMatch(/^NAME\s+KEY\s+LABEL\s+DID$/);
    expect(lines[1]).toMatch(new RegExp(`^priya +ed25519 {2}Dr\\. Priya N\\. Halvorsen +${PRIYA}$`));
    expect(lines[2]).toMatch(new RegExp(`^northbay +ed25519 {2}- +${PRIYA}$`));
    expect(lines[3]).toMatch(new RegExp(`L…  ${PRIYA}$`));
  });
});
