// The VC Data Model shape of a VC-JWT or VP-JWT payload, as did-jwt-vc checks it (its own payload
// validators: the base context, the VerifiableCredential / VerifiablePresentation type, a
// non-empty credential subject, NumericDates in seconds), each failure one radcred code. radcred's
// stricter rules (the base context first, integer dates no later than 9999-12-31, one subject
// object) are claims.ts's, on top.
import { validateJwtCredentialPayload, validateJwtPresentationPayload } from 'did-jwt-vc';

export type ShapeCode = 'CONTEXT_INVALID' | 'TYPE_MISSING' | 'SUBJECT_EMPTY' | 'DATE_NOT_SECONDS' | 'CLAIMS_INVALID';
export interface ShapeProblem {
  code: ShapeCode;
  message: string;
}

/** did-jwt-vc says what is wrong in its message; this turns it into a code. */
function problemOf(e: unknown): ShapeProblem {
  const message = e instanceof Error ? e.message.replace(/^schema_error: /, '') : String(e);
  const code: ShapeCode = /@context/.test(message)
    ? 'CONTEXT_INVALID'
    : /type is missing/.test(message)
      ? 'TYPE_MISSING'
      : /credentialSubject/.test(message)
        ? 'SUBJECT_EMPTY'
        : /timestamp|valid time/.test(message)
          ? 'DATE_NOT_SECONDS'
          : 'CLAIMS_INVALID';
  return { code, message: `${message.slice(0, 200)} (did-jwt-vc)` };
}

/** What did-jwt-vc refuses in a VC-JWT payload whose `vc` is an object, or undefined. */
export function credentialShapeProblem(payload: Record<string, unknown>): ShapeProblem | undefined {
  try {
    validateJwtCredentialPayload(payload as never);
    return undefined;
  } catch (e) {
    return problemOf(e);
  }
}

/**
 * What did-jwt-vc refuses in a VP-JWT payload whose `vp` is an object, or undefined. The
 * credentials inside are left out: each is checked on its own, so one bad credential does not
 * hide what is right or wrong with the others.
 */
export function presentationShapeProblem(payload: Record<string, unknown>): ShapeProblem | undefined {
  const { verifiableCredential: _inside, ...vp } = payload.vp as Record<string, unknown>;
  try {
    validateJwtPresentationPayload({ ...payload, vp } as never);
    return undefined;
  } catch (e) {
    return problemOf(e);
  }
}
