// Checks a credential subject against its type's bundled JSON Schema and rules, collecting every
// failing field. The validator is built on first use so commands that never validate start fast.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { FORMATS } from './formats.js';
import type { CredentialTypeDef, FieldProblem } from './types.js';

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

function validatorFor(def: CredentialTypeDef): ValidateFunction {
  let fn = compiled.get(def.type);
  if (fn === undefined) {
    if (ajv === undefined) {
      ajv = new Ajv({ allErrors: true, strict: true, validateSchema: false });
      for (const [name, check] of Object.entries(FORMATS)) ajv.addFormat(name, check);
    }
    fn = ajv.compile(def.schema);
    compiled.set(def.type, fn);
  }
  return fn;
}

function describe(e: ErrorObject): FieldProblem {
  if (e.keyword === 'required') return { field: `${e.instancePath}/${String(e.params.missingProperty)}`, message: 'is required' };
  if (e.keyword === 'additionalProperties') {
    return { field: `${e.instancePath}/${String(e.params.additionalProperty)}`, message: 'is not a field of this credential type' };
  }
  if (e.keyword === 'enum') return { field: e.instancePath, message: `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
  if (e.keyword === 'format') return { field: e.instancePath, message: `is not a valid ${String(e.params.format)}` };
  return { field: e.instancePath || '/', message: e.message ?? e.keyword };
}

/** Every problem with the subject: schema errors first, then the type's own rules. */
export function validateSubject(def: CredentialTypeDef, subject: Record<string, unknown>): FieldProblem[] {
  const fn = validatorFor(def);
  const schemaProblems = fn(subject) ? [] : (fn.errors ?? []).map(describe);
  // The rules run on invalid data too, so every problem is named; a field the schema already
  // refused is not reported twice.
  const refused = new Set(schemaProblems.map((p) => p.field));
  return [...schemaProblems, ...def.rules(subject).filter((p) => !refused.has(p.field))];
}
