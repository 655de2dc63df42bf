// @internal (src/record only)
// Who signed a record, and whether this home knows them: a record is only worth the office that
// stands behind it, and the name inside is whatever the signer wrote. The office is known when
// --office names it, when it is an identity of this home (an office checking its own file), or
// when this home's trust list trusts it for VerificationRecordCredential (a surveyor, another
// hospital). A record whose request was made by another office than its signer is refused too:
// the verification it records answered someone else.
import { homePaths } from '../home.js';
import { findIdentityByDid } from '../identity/store.js';
import type { CredentialRequest } from '../request/request.js';
import { decideTrust, loadTrustList } from '../trust/trust-list.js';
import { exists } from '../util/files.js';
import { parseTime } from '../util/time.js';
import { line, type RecordCheckLine } from './lines.js';
import type { ParsedRecord } from './record.js';
import { RECORD_TYPE } from './record.js';

/** The office's name as this home knows it, and how; undefined when it does not. */
function knownOffice(home: string, did: string, at: number): { name: string; how: string } | undefined {
  const own = findIdentityByDid(home, did);
  if (own !== undefined) return { name: own.label ?? own.name, how: `this home's identity ${own.name}` };
  const path = homePaths(home).trust;
  if (!exists(path)) return undefined;
  // named for records in so many words: an issuer trusted for "*" is trusted for credentials
  const decision = decideTrust(loadTrustList(path), did, RECORD_TYPE, at);
  return decision.trusted && decision.issuer.types.includes(RECORD_TYPE)
    ? { name: decision.issuer.name, how: `trusted for ${RECORD_TYPE}` }
    : undefined;
}

export function officeCheck(
  record: ParsedRecord,
  home: string,
  office: string | undefined,
  request: CredentialRequest | undefined,
): RecordCheckLine {
  const did = record.office;
  const claimed = record.content.office.name;
  if (request !== undefined && request.verifier !== did) {
    return line(
      'RECORD_NOT_REQUESTER',
      `the record is signed by ${did}, but the request it answers was made by ${request.verifier} (${request.verifierName})`,
    );
  }
  if (office !== undefined) {
    return office === did
      ? line('RECORD_SIGNED', `signed by ${claimed} (${did}), the office --office names`)
      : line('RECORD_OFFICE_MISMATCH', `signed by ${did}, not by ${office}`);
  }
  const known = knownOffice(home, did, parseTime(record.content.verifiedAt));
  if (known === undefined) {
    return line(
      'RECORD_OFFICE_UNKNOWN',
      `signed by ${did}, which calls itself "${claimed}" but is neither an identity of this home nor trusted for ${RECORD_TYPE}`,
    );
  }
  const also = known.name === claimed ? '' : ` (it calls itself "${claimed}")`;
  return line('RECORD_SIGNED', `signed by ${known.name}${also}, ${known.how} (${did})`);
}
