// @internal (src/credential only)
// Building blocks shared by the credential subject schemas.
export const date = { type: 'string', format: 'date' } as const;
export const text = (maxLength = 200) => ({ type: 'string', minLength: 1, maxLength }) as const;
export const npi = {
  type: 'string',
  format: 'npi',
  description: '10-digit National Provider Identifier with a valid check digit',
} as const;
export const credits = { type: 'number', minimum: 0, maximum: 1000, multipleOf: 0.25 } as const;
/** An amount in whole US dollars (coverage limits, indemnity paid). */
export const usd = { type: 'integer', minimum: 0, maximum: 1_000_000_000 } as const;
/** An identifier as issuing bodies print it: letters, digits, hyphens (license, policy, diplomate numbers). */
export const identifier = (maxLength = 32) => ({ type: 'string', pattern: `^[A-Za-z0-9-]{1,${maxLength}}$` }) as const;

/** An ISO 3166-2 subdivision (a state, province or territory); for the US, a real one (formats.ts). */
export const subdivision = {
  type: 'string',
  format: 'iso3166-2',
  description: 'ISO 3166-2 subdivision, e.g. US-TX',
} as const;

export const schemaId = (type: string) => `urn:radcred:schema:${type}:1`;

export function subjectSchema(
  type: string,
  title: string,
  required: Record<string, object>,
  optional: Record<string, object>,
) {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: schemaId(type),
    title,
    type: 'object',
    properties: { ...required, ...optional },
    required: Object.keys(required),
    additionalProperties: false,
  } as const;
}
