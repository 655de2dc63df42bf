// @internal (src/credential only)
// ControlledSubstanceRegistrationCredential: a DEA registration number has DEA's form, two letters
// (the registrant type, then the first letter of the registrant's surname, or 9) and seven digits
// whose last is a check digit: the sum of the 1st, 3rd and 5th digits plus twice the sum of the
// 2nd, 4th and 6th ends in it. State registration numbers have no common form (the schema's
// identifier pattern is all they are held to).
import type { FieldProblem, Subject } from './common.js';

const DEA_FORM = /^[A-Z][A-Z9]([0-9]{7})$/;

/** True when `text` has DEA's form and its check digit is right. */
export function isDeaRegistrationNumber(text: string): boolean {
  const m = DEA_FORM.exec(text);
  if (m === null) return false;
  const d = m[1]!.split('').map(Number);
  const total = d[0]! + d[2]! + d[4]! + 2 * (d[1]! + d[3]! + d[5]!);
  return total % 10 === d[6];
}

export function registrationRules(s: Subject): FieldProblem[] {
  const number = s.registrationNumber;
  if (s.authority !== 'DEA' || typeof number !== 'string' || !/^[A-Za-z0-9-]{1,32}$/.test(number)) return [];
  if (!DEA_FORM.test(number)) {
    return [
      {
        field: '/registrationNumber',
        message: 'is not a DEA registration number (two capital letters, then seven digits)',
      },
    ];
  }
  return isDeaRegistrationNumber(number)
    ? []
    : [{ field: '/registrationNumber', message: 'has a wrong check digit for a DEA registration number' }];
}
