// The project's fixtures (Dr. Priya N. Halvorsen's data), shipped with the package and read by
// `types show` and `demo`. Located relative to this module, so it works from dist/ and src/.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

export const fixturePath = (...parts: string[]) => join(FIXTURES_DIR, ...parts);
