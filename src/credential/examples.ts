// Example subject data for each built-in type: the fixture files of Dr. Halvorsen.
import { readFileSync } from 'node:fs';
import { fixturePath } from '../fixtures.js';

export function exampleSubject(type: string): unknown {
  try {
    return JSON.parse(readFileSync(fixturePath('subjects', `${type}.json`), 'utf8'));
  } catch {
    return undefined;
  }
}
