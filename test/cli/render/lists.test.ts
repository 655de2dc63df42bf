// The listings as tables (src/cli/render/lists.ts): a header, names where the home knows them,
// DIDs shortened otherwise, every line within 100 columns.
import { describe, expect, it } from 'vitest';
import type { CredentialView } from '../../../src/credential/claims.js';
import type { IdentityInfo } from '../../../src/identity/store.js';
import type { DisclosureRecord } from '../../../src/presentation/disclosures.js';
import type { TrustedIssuer } from '../../../src/trust/trust-list.js';
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

describe('at 60, 80 and 100 columns', () => {
  const RSNA = 'did:key:zQ3shjHRaYvbiGH6ZTemfX2oYNSwYstEK7cAkCtJaTU3ae8PK';
  const keystone: TrustedIssuer = {
    did: NORTHBAY,
    name: 'Keystone Physicians Mutual Insurance Company',
    types: ['ProfessionalLiabilityCoverageCredential', 'ClaimsHistoryCredential'],
  };
  const types = ['ProfessionalLiabilityCoverage', 'PractitionerAttestation', 'ClaimsHistory'];
  const disclosure: DisclosureRecord = {
    time: '2026-11-27T18:00:00Z',
    holder: PRIYA,
    holderName: 'priya',
    audience: NORTHBAY,
    audienceName: 'Northbay General Hospital, Credentialing Office',
    challenge: 'c',
    presentation: 'sha256:00',
    expires: 'x',
    out: 'vp.jwt',
    credentials: types.map((t, i) => ({ digest: `sha256:${i}`, type: `${t}Credential`, issuer: TMB })),
  };
  const ids = [
    { name: 'rsna', keyType: 'secp256k1', did: RSNA, label: 'Radiological Society of North America' },
    { name: 'northbay-office', keyType: 'ed25519', did: NORTHBAY },
  ] as unknown as IdentityInfo[];

  for (const width of [60, 80, 100]) {
    it(`${width}: a type list wraps whole names, cut with … only when narrower than the longest`, () => {
      for (const [text, listed] of [
        [renderTrustList([keystone], plainStyle, width), ['ProfessionalLiabilityCoverage', 'ClaimsHistory']],
        [renderDisclosures([disclosure], names, plainStyle, width), types],
      ] as const) {
        const lines = within(text, width);
        const shown = lines.slice(1).map((l) => l.split('  ').at(-1)!.trim().replace(/,$/, ''));
        // every type shows on one line: whole, or its start with … (never half a name per line)
        for (const t of listed)
          expect(shown.some((x) => x === t || (x.endsWith('…') && t.startsWith(x.slice(0, -1))))).toBe(true);
        if (width >= 80) for (const t of listed) expect(shown).toContain(t);
      }
    });

    it(`${width}: id list shows every DID whole, in its row or on a line of its own under it`, () => {
      const lines = renderIdentities(ids, plainStyle, width).split('\n');
      for (const line of lines) if (line.length > width) expect(line.trim()).toMatch(/^did:key:\S+$/);
      for (const { did } of ids) expect(lines.some((l) => l.endsWith(did))).toBe(true);
      expect(lines.join('\n')).not.toContain('…z'); // no DID cut in the middle
    });

    it(`${width}: the wallet fits`, () => {
      within(
        renderWallet(
          [{ view: view('ControlledSubstanceRegistrationCredential', RSNA, 'ef'), lapses: NOW_S - 86400 }],
          names,
          NOW_S,
          plainStyle,
          width,
        ),
        width,
      );
    });
  }

  it('id list at 60 columns: the DID leaves the row and the header says so', () => {
    expect(renderIdentities(ids, plainStyle, 60).split('\n')).toEqual([
      'NAME             KEY        LABEL',
      '  DID',
      'rsna             secp256k1  Radiological Society of North A…',
      `  ${RSNA}`,
      'northbay-office  ed25519    -',
      `  ${NORTHBAY}`,
    ]);
  });
});
