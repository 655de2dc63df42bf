// A credential's line for choosing and confirming: its standing in time (the same 60 s skew as
// present), the issuer by name or a shortened DID, and a line that keeps the issuer and standing
// whole when it must be cut.
import { describe, expect, it } from 'vitest';
import type { CredentialView } from '../../../src/credential/claims.js';
import {
  credentialLine,
  cut,
  EXPIRING_SOON_SECONDS,
  oneLine,
  shortIssuer,
  standingAt,
} from '../../../src/cli/render/credential-line.js';

const DID = 'did:key:zDnaebjhBF1vjrNLUo8knrrcU85HsBKwwHwruwvWiR1WHBUdK';
const NOW = Date.parse('2026-11-27T18:00:00Z') / 1000;
const view = (over: Partial<CredentialView> = {}): CredentialView =>
  ({
    type: 'MedicalLicenseCredential',
    issuer: DID,
    iat: NOW - 86_400,
    nbf: undefined,
    exp: undefined,
    subjectData: { jurisdiction: 'US-TX', licenseNumber: 'Q4821', status: 'active', expirationDate: '2027-08-31' },
    ...over,
  }) as CredentialView;

describe('standingAt', () => {
  it("valid until the earlier of exp and the subject's expiration date; expires soon within 30 days; expired; not yet valid", () => {
    expect(standingAt(view(), NOW)).toEqual({ standing: 'current', text: 'valid until 2027-08-31' });
    const lapse = Date.parse('2027-08-31T23:59:59Z') / 1000;
    expect(standingAt(view(), lapse - EXPIRING_SOON_SECONDS)).toEqual({
      standing: 'expiring',
      text: 'expires soon, 2027-08-31',
    });
    expect(standingAt(view(), lapse)).toEqual({ standing: 'expired', text: 'expired 2027-08-31' });
    expect(standingAt(view({ exp: NOW + 3600 }), NOW).standing).toBe('expiring');
    expect(standingAt(view({ nbf: NOW + 61 }), NOW)).toEqual({
      standing: 'not-yet-valid',
      text: 'not valid until 2026-11-27',
    });
    expect(standingAt(view({ nbf: NOW + 60 }), NOW).standing).toBe('current');
    expect(standingAt(view({ subjectData: {} }), NOW)).toEqual({ standing: 'current', text: 'no expiry' });
  });
});

describe('credentialLine and oneLine', () => {
  it('the kind, the summary, the issuer by name (else a shortened DID); data made printable', () => {
    const line = credentialLine(view(), (did) => (did === DID ? 'Texas Medical Board' : undefined), NOW);
    expect(line).toMatchObject({
      kind: 'Medical license',
      summary: 'US-TX Q4821, active, until 2027-08-31',
      issuer: 'Texas Medical Board',
    });
    expect(oneLine(line, 93)).toBe('Medical license: US-TX Q4821, active, until 2027-08-31 — Texas Medical Board');
    expect(credentialLine(view(), () => undefined, NOW).issuer).toBe('did:key:zDnaeb…HBUdK');
    expect(credentialLine(view(), () => 'Evil\u001b[31m Board', NOW).issuer).toBe('Evil\\u001b[31m Board');
  });

  it('too long: the summary is cut, the issuer and the standing stay', () => {
    const line = credentialLine(view(), () => 'Texas Medical Board', Date.parse('2027-08-20T00:00:00Z') / 1000);
    const text = oneLine(line, 80);
    expect([...text].length).toBeLessThanOrEqual(80);
    expect(text).toBe('Medical license: US-TX Q4821, … — Texas Medical Board (expires soon, 2027-08-31)');
    // a narrow terminal cuts the issuer too, never the standing
    expect(oneLine(line, 50)).toBe('Medical lice… — Texas … (expires soon, 2027-08-31)');
  });

  it('cut and shortIssuer', () => {
    expect(cut('abcdef', 6)).toBe('abcdef');
    expect(cut('abcdefg', 6)).toBe('abcde…');
    expect(shortIssuer('did:key:z6Mk')).toBe('did:key:z6Mk');
    expect(shortIssuer(DID)).toBe('did:key:zDnaeb…HBUdK');
  });
});
