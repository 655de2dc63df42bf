// @internal (src/codes only)
// The names of the verification pipeline's checks (re-exported by src/codes.ts).
/** The checks of the verification pipeline (DESIGN.md "Verification pipeline"). */
export type CheckName =
  | 'parse'
  | 'shape'
  | 'signature'
  | 'audience'
  | 'challenge'
  | 'validity' // the file itself, and a presentation
  | 'issuer'
  | 'subject'
  | 'schema'
  | 'trust'
  | 'anchor'
  | 'status' // each credential
  | 'required'
  | 'license'
  | 'board'
  | 'coverage'
  | 'privileges'
  | 'registration'
  | 'ecfmg'
  | 'attestation' // policy:
  | 'cme'
  | 'claims'
  | 'source-age'
  | 'volume'
  | 'expiry'
  | 'request'
  | 'freshness' // facts, then rules
  | 'record'
  | 'evidence'
  | 'replay'; // record check: the office's signature, the proofs, the verdict again
