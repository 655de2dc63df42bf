// radcred's version: printed by --version, and written into every verification record.
export const VERSION = '0.1.0';
