// @internal (src/record only)
// One check of a record itself (not of the pipeline: no step, no credential).
import { checkOf, type CheckCode } from '../codes.js';
import type { Check } from '../verify/types.js';

export type RecordCheckLine = Pick<Check, 'check' | 'status' | 'code' | 'message'>;

export const line = (code: CheckCode, message: string): RecordCheckLine => ({ ...checkOf(code), code, message });
