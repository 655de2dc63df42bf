// The project's fixtures (Dr. Priya N. Halvorsen's data), shipped with the package and read by
// `types show` and `demo`. Found by walking up from this module to the package root, so it works
// from src/ (tests), dist/ (tsc output) and dist/bundle/ (the executable's bundle).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findFixtures(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'fixtures', 'demo-identities.json'))) return join(dir, 'fixtures');
    dir = dirname(dir);
  }
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
}

export const FIXTURES_DIR = findFixtures();

export const fixturePath = (...parts: string[]) => join(FIXTURES_DIR, ...parts);
