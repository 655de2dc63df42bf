// Known type names and near misses of them (src/credential/type-names.ts): what `trust add`,
// `request create` and `wallet list` refuse or warn about.
import { describe, expect, it } from 'vitest';
import { isKnownTypeName, KNOWN_TYPE_NAMES, nearMissesOf } from '../../src/credential/type-names.js';
import { CREDENTIAL_TYPES } from '../../src/credential/types.js';
import { RECORD_TYPE } from '../../src/record/record.js';

describe('known type names', () => {
  it('are the built-in types and the verification record', () => {
    expect(KNOWN_TYPE_NAMES).toEqual([...CREDENTIAL_TYPES.keys(), RECORD_TYPE]);
    expect(isKnownTypeName('MedicalLicenseCredential')).toBe(true);
    expect(isKnownTypeName('VerificationRecordCredential')).toBe(true);
    expect(isKnownTypeName('MedicalLicense')).toBe(false);
  });
});

describe('nearMissesOf', () => {
  it.each([
    ['MedicalLicence', 'MedicalLicenseCredential'], // British spelling, suffix left out
    ['MedicalLicenceCredential', 'MedicalLicenseCredential'],
    ['MedicalLicense', 'MedicalLicenseCredential'], // the suffix left out
    ['medicallicensecredential', 'MedicalLicenseCredential'], // case
    ['MedicalLicenseCredentail', 'MedicalLicenseCredential'], // the suffix misspelt
    ['BoardCertificate', 'BoardCertificationCredential'],
    ['CMECertificate', 'CMECertificateCredential'],
    ['ClinicalPrivilegeCredential', 'ClinicalPrivilegesCredential'],
    ['VerificationRecord', 'VerificationRecordCredential'],
  ])('%s is a near miss of %s', (typed, meant) => {
    expect(nearMissesOf(typed)).toEqual([meant]);
  });

  it.each([
    'MedicalLicenseCredential',
    'OpenBadgeCredential',
    'UniversityDegreeCredential',
    'DentalLicenseCredential',
    'VerifiableCredential',
    'License',
    'X',
  ])("%s is no near miss (known, or another tool's type)", (name) => {
    expect(nearMissesOf(name)).toEqual([]);
  });

  it('looks among the names given (the types a wallet holds, too)', () => {
    const held = [...KNOWN_TYPE_NAMES, 'OpenBadgeCredential'];
    expect(nearMissesOf('OpenBadgeCredentail', held)).toEqual(['OpenBadgeCredential']);
    expect(nearMissesOf('OpenBadgeCredential', held)).toEqual([]);
    // only the names given: `issue` suggests built-in types, never the record's
    expect(nearMissesOf('VerificationRecord', CREDENTIAL_TYPES.keys())).toEqual([]);
  });
});
