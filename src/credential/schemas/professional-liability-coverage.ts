// @internal (src/credential only)
import { date, identifier, subdivision, subjectSchema, text, usd } from './common.js';

export const COVERAGE_TYPES = ['claims-made', 'occurrence'] as const;

export const professionalLiabilityCoverageSchema = subjectSchema(
  'ProfessionalLiabilityCoverageCredential',
  'Professional (malpractice) liability insurance coverage',
  {
    name: text(),
    carrier: text(),
    policyNumber: identifier(40),
    coverageType: { enum: COVERAGE_TYPES },
    limitPerClaimUSD: usd,
    limitAggregateUSD: usd,
    effectiveDate: date,
    expirationDate: date,
  },
  {
    retroactiveDate: { ...date, description: 'Claims-made: acts on or after this day are covered (prior acts)' },
    coveredJurisdictions: {
      type: 'array',
      items: subdivision,
      minItems: 1,
      maxItems: 100,
      uniqueItems: true,
      description: 'Where the policy covers practice',
    },
  },
);
