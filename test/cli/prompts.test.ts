// What a confirmation line means: y/yes and n/no in any case, Enter alone the default, anything
// else asked again (the prompts themselves are driven in a real terminal, test/cli/terminal.test.ts).
import { describe, expect, it } from 'vitest';
import { parseAnswer } from '../../src/cli/prompts.js';

describe('parseAnswer', () => {
  it.each([
    ['y', true],
    ['Y', true],
    ['yes', true],
    [' YES ', true],
    ['n', false],
    ['No', false],
    ['no\n', false],
  ])('%j is %s', (line, answer) => {
    expect(parseAnswer(line, false)).toBe(answer);
    expect(parseAnswer(line, true)).toBe(answer);
  });

  it('an empty line is the default', () => {
    expect(parseAnswer('', false)).toBe(false);
    expect(parseAnswer('  ', true)).toBe(true);
  });

  it.each(['ye', 'yess', 'nope', 'true', '1', 'y n'])('%j is no answer (asked again)', (line) => {
    expect(parseAnswer(line, false)).toBeUndefined();
  });
});
