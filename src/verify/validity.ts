// @internal (src/verify only)
// Validity windows (nbf/iat .. exp) with a bounded clock skew.
import { isoTime } from '../util/time.js';
import { CLOCK_SKEW_SECONDS, outcome, type Check, type Step } from './types.js';

export function checkValidity(
  who: string,
  times: { nbf?: number | undefined; iat?: number | undefined; exp?: number | undefined },
  now: number,
  step: Step,
): Check {
  const from = times.nbf ?? times.iat;
  if (from !== undefined && from > now + CLOCK_SKEW_SECONDS)
    return outcome(step, 'NOT_YET_VALID', `${who} is not valid until ${isoTime(from)}`);
  if (times.exp !== undefined && times.exp <= now - CLOCK_SKEW_SECONDS)
    return outcome(step, 'EXPIRED', `${who} expired ${isoTime(times.exp)}`);
  if (times.exp === undefined)
    return outcome(
      step,
      'VALIDITY_OK',
      `${who} is valid${from !== undefined ? ` from ${isoTime(from)}` : ''}, no expiry`,
    );
  return outcome(step, 'VALIDITY_OK', `${who} is valid until ${isoTime(times.exp)}`);
}
