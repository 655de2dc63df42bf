// Validity windows (nbf/iat .. exp) with a bounded clock skew.
import { isoTime } from '../util/time.js';
import { CLOCK_SKEW_SECONDS, type Check } from './types.js';

export function checkValidity(
  who: string,
  times: { nbf?: number | undefined; iat?: number | undefined; exp?: number | undefined },
  now: number,
  requireExp = false,
): Check {
  const from = times.nbf ?? times.iat;
  if (from !== undefined && from > now + CLOCK_SKEW_SECONDS) {
    return { check: 'validity', status: 'fail', code: 'NOT_YET_VALID', message: `${who} is not valid until ${isoTime(from)}` };
  }
  if (times.exp !== undefined && times.exp <= now - CLOCK_SKEW_SECONDS) {
    return { check: 'validity', status: 'fail', code: 'EXPIRED', message: `${who} expired ${isoTime(times.exp)}` };
  }
  if (times.exp === undefined) {
    return requireExp
      ? { check: 'validity', status: 'fail', code: 'EXPIRY_MISSING', message: `${who} has no expiry` }
      : { check: 'validity', status: 'pass', code: 'VALIDITY_OK', message: `${who} is valid${from !== undefined ? ` from ${isoTime(from)}` : ''}, no expiry` };
  }
  return { check: 'validity', status: 'pass', code: 'VALIDITY_OK', message: `${who} is valid until ${isoTime(times.exp)}` };
}
