// types | types show TYPE
import { requireCredentialType } from '../../credential/issue.js';
import { CREDENTIAL_TYPES } from '../../credential/types.js';
import { exampleSubject } from '../../credential/examples.js';
import type { CliContext } from '../context.js';
import type { CommandResult } from '../result.js';

export async function list(): Promise<CommandResult> {
  const types = [...CREDENTIAL_TYPES.values()].map((d) => ({
    type: d.type,
    description: d.description,
    schema: d.schema.$id,
  }));
  return {
    data: { types },
    human: (s) => types.map((t) => `${s.bold(t.type.padEnd(42))} ${t.description}`).join('\n'),
  };
}

export async function show(_ctx: CliContext, [type]: string[]): Promise<CommandResult> {
  const def = requireCredentialType(type!);
  const example = exampleSubject(def.type);
  return {
    // --json prints the subject's JSON Schema itself (DESIGN.md), so it can be fed to other tools.
    data: def.schema,
    human: (s) =>
      [
        `${s.bold(def.type)}: ${def.description}`,
        '',
        s.bold('Subject schema (JSON Schema 2020-12):'),
        JSON.stringify(def.schema, null, 2),
        '',
        s.bold('Example --data file:'),
        JSON.stringify(example, null, 2),
      ].join('\n'),
  };
}
