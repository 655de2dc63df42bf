// Limits of a presentation, shared by the one who makes it and the one who verifies it (without
// loading what makes one).

/** The most credentials one presentation carries; a verifier refuses more before checking any. */
export const MAX_CREDENTIALS_PER_PRESENTATION = 1000;
