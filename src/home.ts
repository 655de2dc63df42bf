// Where a radcred home keeps its files (DESIGN.md "Files").
import { join } from 'node:path';

export const homePaths = (home: string) => ({
  identities: join(home, 'identities'),
  identity: (name: string) => join(home, 'identities', `${name}.json`),
  credentials: join(home, 'credentials'),
  disclosures: join(home, 'disclosures.jsonl'),
  /** the issuer register: every credential this home issued (src/issued/register.ts) */
  issued: join(home, 'issued.jsonl'),
  trust: join(home, 'trust.json'),
  pins: join(home, 'pins'),
  /** evidence of forks a pull found (src/ledger/fork-evidence.ts) */
  forks: join(home, 'forks'),
  /** what this home cosigned as a witness, per ledger (src/ledger/cosign.ts) */
  witness: join(home, 'witness'),
});

/** The files and directories radcred keeps in a home, which no output may replace. */
export const homeFiles = (home: string): string[] => {
  const p = homePaths(home);
  return [
    p.identities,
    p.credentials,
    p.disclosures,
    p.issued,
    p.trust,
    p.pins,
    p.forks,
    p.witness,
    `${p.issued}.lock`,
    `${p.disclosures}.lock`,
  ];
};
