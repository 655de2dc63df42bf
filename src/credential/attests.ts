// What a credential attests, for people: a one-line summary ("US-TX Q4821, active until
// 2027-08-31") and the attested values as labelled rows, for each built-in type (their views are
// attests-types.ts). Other tools' types get their scalar subject fields. Used by verify's output,
// the verification record and its printable page. Reads the subject loosely (attests-values.ts):
// the schema check says what is wrong with it.
import { TYPE_VIEWS } from './attests-types.js';
import { list, type Subject, text } from './attests-values.js';

export interface Attested {
  /** a short name of the type: "Medical license" */
  label: string;
  /** one line, at most about 60 characters for the usual values */
  summary: string;
  /** the attested values, in the order an office reads them */
  facts: [string, string][];
}

/** What a credential of `type` with `subject` attests. */
export function attestedBy(type: string, subject: Subject): Attested {
  // own keys only: a type named "__proto__" or "constructor" (another tool's, or an attack) has no view
  const view = Object.hasOwn(TYPE_VIEWS, type) ? TYPE_VIEWS[type] : undefined;
  if (view === undefined) {
    const facts = Object.entries(subject).flatMap(([k, v]): [string, string][] =>
      text(v) !== undefined ? [[k, text(v)!]] : list(v) !== undefined ? [[k, list(v)!]] : [],
    );
    return {
      label: type,
      summary: facts
        .slice(0, 3)
        .map(([, v]) => v)
        .join(', '),
      facts,
    };
  }
  const facts = view.facts.flatMap(([label, read]): [string, string][] => {
    const v = read(subject);
    return v === undefined || v.length === 0 ? [] : [[label, v]];
  });
  return { label: view.label, summary: view.summary(subject), facts: [...facts, ...(view.more?.(subject) ?? [])] };
}

/**
 * The practitioner a set of credentials speaks of: the name most of them give (ties: the first),
 * and the first valid-looking NPI (licenses and degrees carry it).
 */
export function practitionerOf(
  did: string,
  subjects: readonly Subject[],
): { did: string; name?: string; npi?: string } {
  const counts = new Map<string, number>();
  for (const s of subjects)
    if (text(s.name) !== undefined && typeof s.name === 'string') counts.set(s.name, (counts.get(s.name) ?? 0) + 1);
  let name: string | undefined;
  for (const [n, c] of counts) if (name === undefined || c > counts.get(name)!) name = n;
  const npi = subjects.map((s) => s.npi).find((v): v is string => typeof v === 'string' && /^\d{10}$/.test(v));
  return { did, ...(name !== undefined ? { name } : {}), ...(npi !== undefined ? { npi } : {}) };
}
