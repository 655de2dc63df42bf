// Builders shared by the policy tests: CME certificates as the tally reads them, and credential
// views as step 5 reads them (real VC-JWTs signed with the demo seeds, never put through a schema:
// the schemas of the newer types are someone else's to change), and the policy around them.
import { existsSync, readFileSync } from 'node:fs';
import { readCredentialClaims, type CredentialView } from '../../src/credential/claims.js';
import { parseCompactJws } from '../../src/jws/compact.js';
import { CATEGORY_1 } from '../../src/policy/cme-rules.js';
import type { CmeCertificate } from '../../src/policy/cme-tally.js';
import { evaluatePolicy, type Policy, type PresentedCredential } from '../../src/policy/evaluate.js';
import type { Check } from '../../src/verify/types.js';
import { fixture, NOW_S } from '../helpers.js';
import { craftedCredential, demoSigner } from '../verify/tokens.js';

/** the UTC date of NOW_S */
export const TODAY = '2026-11-27';
export const CATEGORY_2 = 'AMA PRA Category 2 Credit';
export const AOA_1A = 'AOA Category 1-A Credit';
export const AAFP = 'AAFP Prescribed Credit';

/** unix seconds of a day at a time of day (UTC) */
export const at = (date: string, time = '18:00:00') => Date.parse(`${date}T${time}Z`) / 1000;
/** unix seconds of the start of a day (UTC) */
export const startOf = (date: string) => at(date, '00:00:00');

let n = 0;
/** A Category 1 certificate ending 2026-06-15, with its own activityId, from RSNA. */
export function cert(creditsEarned: number, extra: Partial<CmeCertificate> = {}): CmeCertificate {
  n++;
  return {
    digest: `sha256:${n.toString(16).padStart(64, '0')}`,
    issuer: 'did:key:zQ3shRSNA',
    activityId: `ACT-${n}`,
    activityTitle: `Activity ${n}`,
    activityEndDate: '2026-06-15',
    creditType: CATEGORY_1,
    creditsAvailable: 1000,
    creditsEarned,
    topics: [],
    ...extra,
  };
}
export const cat2 = (credits: number, extra: Partial<CmeCertificate> = {}) =>
  cert(credits, { creditType: CATEGORY_2, ...extra });

/** Subjects for the types that have no fixture yet (DESIGN.md "Credential types", added types). */
const SUBJECTS: Record<string, Record<string, unknown>> = {
  ClinicalPrivilegesCredential: {
    name: 'Priya N. Halvorsen',
    facility: 'Gulf Coast Regional Medical Center',
    privileges: ['diagnostic radiology', 'breast imaging'],
    status: 'active',
    grantedDate: '2025-01-01',
    expirationDate: '2026-12-31',
    facilityJurisdiction: 'US-TX',
  },
  ControlledSubstanceRegistrationCredential: {
    name: 'Priya N. Halvorsen',
    registrationNumber: 'BH1234563',
    authority: 'DEA',
    jurisdiction: 'US-TX',
    schedules: ['2', '3', '4', '5'],
    status: 'active',
    expirationDate: '2027-05-31',
  },
  ECFMGCertificationCredential: {
    name: 'Priya N. Halvorsen',
    ecfmgNumber: '08123456',
    certificationDate: '2012-09-14',
    status: 'certified',
  },
  PractitionerAttestationCredential: {
    name: 'Priya N. Halvorsen',
    attestedDate: '2026-11-20',
    answers: [
      { question: 'Are you unable to perform the privileges requested?', answer: 'no' },
      { question: 'Has any license or privilege been limited, suspended or revoked?', answer: 'no' },
    ],
  },
  MammographyInterpretationVolumeCredential: {
    name: 'Priya N. Halvorsen',
    facility: 'Gulf Coast Breast Center',
    periodFrom: '2025-01-01',
    periodTo: '2026-10-31',
    examCount: 1200,
  },
};

export function subjectOf(type: string): Record<string, unknown> {
  const file = fixture('subjects', `${type}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const subject = SUBJECTS[type];
  if (subject === undefined) throw new Error(`no subject for ${type}`);
  return structuredClone(subject);
}

const ISSUERS: Record<string, string> = {
  MedicalLicenseCredential: 'tmb',
  BoardCertificationCredential: 'abr',
  CMECertificateCredential: 'rsna',
  MedicalDegreeCredential: 'lakeshore',
  PractitionerAttestationCredential: 'priya',
};
const priya = demoSigner('priya').did;

/**
 * A verified-looking credential of `type` for Dr. Halvorsen: the type's subject with `edit` laid over
 * it (a key set to undefined is left out), issued a day before NOW_S unless `times` says otherwise.
 */
export function view(
  type: string,
  edit: Record<string, unknown> = {},
  times: { iat?: number; validUntil?: number; issuer?: string } = {},
): CredentialView {
  const subject = Object.fromEntries(
    Object.entries({ ...subjectOf(type), ...edit }).filter(([, v]) => v !== undefined),
  );
  const jwt = craftedCredential(demoSigner(times.issuer ?? ISSUERS[type] ?? 'tmb'), type, priya, subject, {
    now: times.iat ?? NOW_S - 86400,
    ...(times.validUntil !== undefined ? { validUntil: times.validUntil } : {}),
  });
  const claims = readCredentialClaims(parseCompactJws(jwt));
  if (!claims.ok) throw new Error(claims.message);
  return claims.view;
}

let activity = 0;
/** A CME certificate view with its own activityId (RSNA, Category 1 unless `edit` says otherwise). */
export const cmeView = (creditsEarned: number, edit: Record<string, unknown> = {}) =>
  view('CMECertificateCredential', {
    creditsEarned,
    creditsAvailable: 100,
    activityId: `A-${++activity}`,
    topics: undefined,
    topicCredits: undefined,
    ...edit,
  });

export const ok = (v: CredentialView): PresentedCredential => ({ view: v, verified: true });
export const failed = (v: CredentialView): PresentedCredential => ({ view: v, verified: false });

/** Step 5 at NOW_S (or `now`) with a policy that asks only what `policy` says. */
export const evaluate = (presented: PresentedCredential[], policy: Partial<Policy>, now = NOW_S): Check[] =>
  evaluatePolicy(presented, { require: [], cme: [], ...policy }, now);

export const codes = (checks: readonly Check[]) => checks.map((c) => c.code);
export const statusCodes = (checks: readonly Check[], check?: string) =>
  checks.filter((c) => check === undefined || c.check === check).map((c) => [c.status, c.code]);
/** what `verify` would conclude: no check failed */
export const passes = (checks: readonly Check[]) => checks.every((c) => c.status !== 'fail');
