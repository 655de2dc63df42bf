// Checks a credential subject against its type's bundled JSON Schema and rules, collecting every
// failing field. The schemas are compiled ahead of time (schemas/compile.ts writes
// schemas/validators.generated.ts), so no schema compiler is loaded or run here.
import * as compiled from './schemas/validators.generated.js';
import type { CredentialTypeDef, FieldProblem, RuleContext } from './types.js';

/** The part of an Ajv error this module reads. */
interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

type Validator = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };

const validators = compiled as unknown as Record<string, Validator | undefined>;

function validatorFor(def: CredentialTypeDef): Validator {
  const fn = validators[def.type];
  // every built-in type has one; a type added without `npm run schemas` must not pass unchecked
  if (fn === undefined) throw new Error(`no compiled schema for ${def.type}: run npm run schemas`);
  return fn;
}

function describe(e: SchemaError): FieldProblem {
  if (e.keyword === 'required')
    return { field: `${e.instancePath}/${String(e.params.missingProperty)}`, message: 'is required' };
  if (e.keyword === 'additionalProperties') {
    return {
      field: `${e.instancePath}/${String(e.params.additionalProperty)}`,
      message: 'is not a field of this credential type',
    };
  }
  if (e.keyword === 'enum')
    return {
      field: e.instancePath,
      message: `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
    };
  if (e.keyword === 'format') return { field: e.instancePath, message: `is not a valid ${String(e.params.format)}` };
  return { field: e.instancePath || '/', message: e.message ?? e.keyword };
}

/** A value outside a typed enum fails both keywords; the enum's message, listing what is allowed, says it all. */
function withoutRedundantTypeErrors(errors: SchemaError[]): SchemaError[] {
  const outsideEnum = new Set(errors.filter((e) => e.keyword === 'enum').map((e) => e.instancePath));
  return errors.filter((e) => e.keyword !== 'type' || !outsideEnum.has(e.instancePath));
}

/**
 * Every problem with the subject: schema errors first, then the type's own rules. `context.now`
 * is the moment the credential speaks for (see RuleContext); without it, the rules that need a
 * "today" (a completed training cannot end in the future) do not fire.
 */
export function validateSubject(
  def: CredentialTypeDef,
  subject: Record<string, unknown>,
  context: RuleContext = {},
): FieldProblem[] {
  const fn = validatorFor(def);
  const schemaProblems = fn(subject) ? [] : withoutRedundantTypeErrors(fn.errors ?? []).map(describe);
  // The rules run on invalid data too, so every problem is named; a field the schema already
  // refused is not reported twice.
  const refused = new Set(schemaProblems.map((p) => p.field));
  return [...schemaProblems, ...def.rules(subject, context).filter((p) => !refused.has(p.field))];
}
