// @internal (src/policy only)
// What each credential's own facts say (DESIGN.md "Credentialing policy"): a license is active, a
// board certificate is certified, coverage is in force and high enough, privileges and
// registrations are active. Each verified credential of these types gets its checks; `ok` says
// whether it can satisfy a requirement for its type (a revoked board certificate cannot).
//
// Lapsed is not adverse: an inactive license or relinquished privileges elsewhere are shown as
// warnings, while a suspension, revocation or restriction fails the verdict wherever it is.
import type { CredentialView } from '../credential/claims.js';
import type { CheckCode } from '../codes.js';
import { outcome, type Check } from '../verify/types.js';
import type { Policy } from './policy.js';
import { usd } from '../util/money.js';
import { str, num } from './values.js';

export interface Facts {
  /** can this credential satisfy a requirement for its type? */
  ok: boolean;
  /** why not, in words, when it cannot */
  why?: string;
  checks: Check[];
}

export interface FactContext {
  policy: Policy;
  /** the decision day, YYYY-MM-DD */
  today: string;
}

function judged(view: CredentialView, ok: boolean, code: CheckCode, message: string, why = message): Facts {
  return { ok, ...(ok ? {} : { why }), checks: [outcome(5, code, message, { credential: view.digest })] };
}

function license(view: CredentialView, { policy, today }: FactContext): Facts {
  const s = view.subjectData;
  const jurisdiction = str(s.jurisdiction) ?? '?';
  const where = `${jurisdiction} license ${String(s.licenseNumber ?? '?')}`;
  const expires = str(s.expirationDate);
  const lapsed =
    s.status === 'inactive' ||
    s.status === 'expired' ||
    (s.status === 'active' && expires !== undefined && expires < today);
  const listed = policy.license?.jurisdictions;
  if (lapsed && listed !== undefined && !listed.includes(jurisdiction)) {
    const state = s.status === 'active' ? `expired ${expires}` : `is ${String(s.status)}`;
    return judged(
      view,
      false,
      'LICENSE_INACTIVE_ELSEWHERE',
      `${where} ${state} (outside ${listed.join(', ')}: noted, not failed)`,
      `${where} ${state}`,
    );
  }
  if (s.status !== 'active') return judged(view, false, 'LICENSE_NOT_ACTIVE', `${where} is ${String(s.status)}`);
  if (expires !== undefined && expires < today)
    return judged(view, false, 'LICENSE_EXPIRED', `${where} expired ${expires}`);
  const restrictions = Array.isArray(s.restrictions)
    ? s.restrictions.filter((r): r is string => typeof r === 'string')
    : [];
  const facts = judged(view, true, 'LICENSE_ACTIVE', `${where} is active until ${String(expires)}`);
  if (restrictions.length > 0)
    facts.checks.push(
      outcome(5, 'LICENSE_RESTRICTED', `${where} carries restrictions: ${restrictions.join('; ')}`, {
        credential: view.digest,
      }),
    );
  return facts;
}

function board(view: CredentialView, { policy }: FactContext): Facts {
  const s = view.subjectData;
  const what = `${String(s.board ?? '?')} ${String(s.certificate ?? '')}`.trim();
  const statuses = policy.board?.status ?? ['certified'];
  if (typeof s.status !== 'string' || !statuses.includes(s.status)) {
    return judged(
      view,
      false,
      'BOARD_NOT_CERTIFIED',
      `${what}: status ${String(s.status)} as of ${String(s.statusAsOf)} (the policy accepts ${statuses.join(', ')})`,
    );
  }
  const cc = policy.board?.continuingCertification;
  const ccNow = str(s.continuingCertification);
  if (cc !== undefined && (ccNow === undefined || !cc.includes(ccNow))) {
    return judged(
      view,
      false,
      'BOARD_CC_NOT_MEETING',
      `${what}: continuing certification ${ccNow === undefined ? 'not stated' : `"${ccNow}"`} (the policy accepts ${cc.join(', ')})`,
    );
  }
  return judged(
    view,
    true,
    'BOARD_CERTIFIED',
    `${what}: ${s.status}${ccNow ? `, continuing certification ${ccNow}` : ''} as of ${String(s.statusAsOf)}`,
  );
}

function coverage(view: CredentialView, { policy, today }: FactContext): Facts {
  const s = view.subjectData;
  const what = `${String(s.carrier ?? '?')} policy ${String(s.policyNumber ?? '?')}`;
  const from = str(s.effectiveDate),
    to = str(s.expirationDate);
  if (from === undefined || to === undefined || today < from || today > to) {
    return judged(
      view,
      false,
      'COVERAGE_NOT_IN_FORCE',
      `${what} is not in force on ${today} (${String(from)} to ${String(to)})`,
    );
  }
  const perClaim = num(s.limitPerClaimUSD) ?? 0,
    aggregate = num(s.limitAggregateUSD) ?? 0;
  const min = policy.coverage;
  const short = [
    ...(min?.minPerClaimUSD !== undefined && perClaim < min.minPerClaimUSD
      ? [`per claim ${usd(perClaim)} < ${usd(min.minPerClaimUSD)}`]
      : []),
    ...(min?.minAggregateUSD !== undefined && aggregate < min.minAggregateUSD
      ? [`aggregate ${usd(aggregate)} < ${usd(min.minAggregateUSD)}`]
      : []),
  ];
  if (short.length > 0)
    return judged(
      view,
      false,
      'COVERAGE_BELOW_MINIMUM',
      `${what}: limits below the policy's minimum (${short.join(', ')})`,
    );
  const until = policy.appointmentUntil;
  if (min?.throughAppointment && until !== undefined && Date.parse(to + 'T23:59:59Z') / 1000 < until) {
    return judged(
      view,
      false,
      'COVERAGE_LAPSES',
      `${what} ends ${to}, before the appointment ends ${new Date(until * 1000).toISOString().slice(0, 10)}`,
    );
  }
  return judged(
    view,
    true,
    'COVERAGE_IN_FORCE',
    `${what}: ${usd(perClaim)}/${usd(aggregate)} ${String(s.coverageType ?? '')}, in force ${from} to ${to}`.replace(
      / ,/,
      ',',
    ),
  );
}

function privileges(view: CredentialView, { today }: FactContext): Facts {
  const s = view.subjectData;
  const what = `privileges at ${String(s.facility ?? '?')}`;
  const expires = str(s.expirationDate);
  if (s.status === 'suspended' || s.status === 'revoked')
    return judged(view, false, 'PRIVILEGES_ADVERSE', `${what} are ${s.status}`);
  if (s.status === 'relinquished' || (expires !== undefined && expires < today)) {
    return judged(
      view,
      false,
      'PRIVILEGES_INACTIVE',
      `${what} ${s.status === 'relinquished' ? 'were relinquished' : `expired ${expires}`} (noted, not failed)`,
    );
  }
  return judged(view, true, 'PRIVILEGES_ACTIVE', `${what}: ${String(s.status)} until ${String(expires)}`);
}

function registration(view: CredentialView, { today }: FactContext): Facts {
  const s = view.subjectData;
  const what = `${String(s.authority ?? '?')} registration ${String(s.registrationNumber ?? '?')} (${String(s.jurisdiction ?? '?')})`;
  const expires = str(s.expirationDate);
  if (s.status === 'revoked' || s.status === 'surrendered')
    return judged(view, false, 'REGISTRATION_ADVERSE', `${what} was ${s.status}`);
  if (s.status !== 'active' || (expires !== undefined && expires < today)) {
    return judged(
      view,
      false,
      'REGISTRATION_LAPSED',
      `${what} ${s.status !== 'active' ? `is ${String(s.status)}` : `expired ${expires}`} (noted, not failed)`,
    );
  }
  return judged(
    view,
    true,
    'REGISTRATION_ACTIVE',
    `${what}: active until ${String(expires)}, schedules ${Array.isArray(s.schedules) ? s.schedules.join(', ') : '?'}`,
  );
}

function ecfmg(view: CredentialView): Facts {
  const s = view.subjectData;
  return s.status === 'certified'
    ? judged(
        view,
        true,
        'ECFMG_CERTIFIED',
        `ECFMG certificate ${String(s.ecfmgNumber)} since ${String(s.certificationDate)}`,
      )
    : judged(view, false, 'ECFMG_NOT_CERTIFIED', `ECFMG certificate ${String(s.ecfmgNumber)} is ${String(s.status)}`);
}

function attestation(view: CredentialView): Facts {
  const answers = Array.isArray(view.subjectData.answers) ? view.subjectData.answers : [];
  const disclosed = answers.filter(
    (a): a is Record<string, unknown> =>
      typeof a === 'object' && a !== null && typeof (a as Record<string, unknown>).explanation === 'string',
  );
  if (disclosed.length === 0)
    return judged(
      view,
      true,
      'ATTESTATION_CLEAN',
      `attested ${String(view.subjectData.attestedDate)}: ${answers.length} question(s), nothing disclosed`,
    );
  const lines = disclosed.map((a) => `${String(a.question)} ${String(a.answer)}: ${String(a.explanation)}`);
  return {
    ok: true,
    checks: [
      outcome(
        5,
        'ATTESTATION_DISCLOSURE',
        `attested ${String(view.subjectData.attestedDate)}, with disclosures for the office to review: ${lines.join('; ')}`,
        { credential: view.digest },
      ),
    ],
  };
}

function gme(view: CredentialView): Facts {
  const status = view.subjectData.completionStatus;
  return status === 'completed'
    ? { ok: true, checks: [] }
    : {
        ok: false,
        why: `training ${String(view.subjectData.programName ?? '')} is ${String(status)}, not completed`,
        checks: [],
      };
}

const BY_TYPE: Record<string, (view: CredentialView, ctx: FactContext) => Facts> = {
  MedicalLicenseCredential: license,
  BoardCertificationCredential: board,
  ProfessionalLiabilityCoverageCredential: coverage,
  ClinicalPrivilegesCredential: privileges,
  ControlledSubstanceRegistrationCredential: registration,
  ECFMGCertificationCredential: ecfmg,
  PractitionerAttestationCredential: attestation,
  GraduateMedicalEducationCredential: gme,
};

/** The facts of one verified credential; types with none to judge can satisfy a requirement as they are. */
export function factsOf(view: CredentialView, ctx: FactContext): Facts {
  const judge = BY_TYPE[view.type];
  return judge ? judge(view, ctx) : { ok: true, checks: [] };
}
