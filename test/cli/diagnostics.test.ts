// One diagnostic style for every error (src/cli/main.ts, src/cli/usage-errors.ts): on stderr
// `radcred: error: MESSAGE` then `hint: HINT`, and with --json `{"error":{"code","message","hint"}}`
// on stdout, whether the error is radcred's own, one of commander's parse errors, a non-fatal one
// (ctx.error) or a bug.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { cleanup, importDemoIdentities, radcred, tempDir } from '../helpers.js';

let dir: string;
let home: string;

beforeAll(async () => {
  dir = tempDir('radcred-diagnostics-');
  home = join(dir, 'home');
  await importDemoIdentities(home, ['priya']);
});
afterAll(() => cleanup(dir));

/** Nothing commander would have printed on its own: its suggestion, its pointer to --help. */
function expectNoCommanderText(text: string): void {
  expect(text).not.toMatch(/\(Did you mean|\(run with --help|^error: /m);
}

/** argv, code, message, hint: the whole diagnostic, as printed. */
const USAGE_CASES: [string, string[], string, string, string][] = [
  [
    'an unknown command, with a suggestion',
    ['verfy'],
    'UNKNOWN_COMMAND',
    "radcred has no command 'verfy'",
    'did you mean verify? `radcred --help` lists its commands',
  ],
  [
    'an unknown command, far from every one',
    ['frobnicate'],
    'UNKNOWN_COMMAND',
    "radcred has no command 'frobnicate'",
    '`radcred --help` lists its commands',
  ],
  [
    'an unknown subcommand',
    ['wallet', 'lst'],
    'UNKNOWN_COMMAND',
    "radcred wallet has no command 'lst'",
    'did you mean list? `radcred wallet --help` lists its commands',
  ],
  [
    '--help of an unknown command',
    ['verfy', '--help'],
    'UNKNOWN_COMMAND',
    "radcred has no command 'verfy'",
    'did you mean verify? `radcred --help` lists its commands',
  ],
  [
    'help of an unknown command',
    ['help', 'wallet', 'lst'],
    'UNKNOWN_COMMAND',
    "radcred wallet has no command 'lst'",
    'did you mean list? `radcred wallet --help` lists its commands',
  ],
  [
    'an unknown word after a group that has an action of its own',
    ['types', 'shw'],
    'UNKNOWN_COMMAND',
    "radcred types has no command 'shw'",
    'did you mean show? `radcred types --help` lists its commands',
  ],
  [
    'an unknown option, with a suggestion',
    ['id', 'list', '--jsn'],
    'UNKNOWN_OPTION',
    "radcred id list has no option '--jsn'",
    'did you mean --json? `radcred id list --help` lists its options',
  ],
  [
    'an unknown option before the command',
    ['--frobnicate', 'id', 'list'],
    'UNKNOWN_OPTION',
    "radcred id list has no option '--frobnicate'",
    '`radcred id list --help` lists its options',
  ],
  [
    'an unknown option with a value, never echoed',
    ['id', 'list', '--pasphrase=hunter2'],
    'UNKNOWN_OPTION',
    "radcred id list has no option '--pasphrase=…'",
    '`radcred id list --help` lists its options',
  ],
  [
    'a missing argument',
    ['id', 'show'],
    'ARGUMENT_MISSING',
    'radcred id show needs its argument <name>',
    'usage: radcred id show [options] <name>; `radcred id show --help` says more',
  ],
  [
    'excess arguments',
    ['id', 'show', 'priya', 'extra'],
    'ARGUMENT_EXTRA',
    'radcred id show takes 1 argument, but got 2',
    'usage: radcred id show [options] <name>; quote a value that has spaces',
  ],
  [
    'an argument to a command that takes none',
    ['id', 'list', 'extra'],
    'ARGUMENT_EXTRA',
    'radcred id list takes no arguments, but got 1',
    'usage: radcred id list [options]; quote a value that has spaces',
  ],
  [
    'an invalid choice, near one',
    ['id', 'create', 'x', '--key-type', 'ed2519'],
    'OPTION_INVALID',
    "--key-type takes ed25519, p256 or secp256k1, not 'ed2519'",
    'did you mean ed25519? `radcred id create --help` says what each means',
  ],
  [
    'an invalid choice, near none',
    ['id', 'create', 'x', '--key-type', 'rsa'],
    'OPTION_INVALID',
    "--key-type takes ed25519, p256 or secp256k1, not 'rsa'",
    'give one of ed25519, p256, secp256k1; `radcred id create --help` says what each means',
  ],
  [
    'conflicting options',
    ['verify', 'vp.jwt', '--ledger', 'copy', '--no-ledger'],
    'OPTION_CONFLICT',
    "option '--ledger <dir>' cannot be used with option '--no-ledger'",
    'give one of them, not both; `radcred verify --help` says what each does',
  ],
  [
    'a missing mandatory option',
    ['issue', 'MedicalDegreeCredential'],
    'OPTION_REQUIRED',
    'radcred issue needs --issuer <name>',
    'add --issuer <name>; `radcred issue --help` lists its options',
  ],
  [
    'an option without its value',
    ['trust', 'add', 'did:key:z6Mk', '--name'],
    'OPTION_VALUE_MISSING',
    'option --name needs a value: --name <text>',
    'write --name <text>; `radcred trust add --help` says what it takes',
  ],
  [
    'an option given twice',
    ['wallet', 'list', '--type', 'A', '--type', 'B'],
    'OPTION_REPEATED',
    "option '--type' was given more than once",
    'give it once; a second value would replace the first without a word',
  ],
  [
    'a group without its command',
    ['wallet'],
    'ARGUMENT_MISSING',
    'radcred wallet needs a command: add, list, show, remove',
    '`radcred wallet --help` says what each does',
  ],
  ['no command at all', [], 'ARGUMENT_MISSING', 'radcred needs a command', '`radcred --help` says what each does'],
];

describe('usage errors (commander and radcred): exit 2, one message line, one hint line', () => {
  it.each(USAGE_CASES)('%s', async (_name, args, code, message, hint) => {
    const r = await radcred(['--home', home, ...args]);
    expect(r.code).toBe(2);
    // the help a group prints before its error is commander's; the diagnostic is the last two lines
    expect(r.stderr.endsWith(`radcred: error: ${message}\nhint: ${hint}\n`), r.stderr).toBe(true);
    if (!['a group without its command', 'no command at all'].includes(_name))
      expect(r.stderr).toBe(`radcred: error: ${message}\nhint: ${hint}\n`);
    expect(r.stdout).toBe('');
    expectNoCommanderText(r.stdout + r.stderr);
    expect(code).toMatch(/^[A-Z_]+$/);
  });

  it.each(USAGE_CASES)(
    '%s, with --json at the end: the same error as one JSON document on stdout',
    async (_name, args, code, message, hint) => {
      const r = await radcred(['--home', home, ...args, '--json']);
      expect(r.code).toBe(2);
      expect(r.json()).toEqual({ error: { code, message, hint } });
      expect(r.stderr.endsWith(`radcred: error: ${message}\nhint: ${hint}\n`)).toBe(true);
    },
  );

  it('--json before the command and after an unknown option both give JSON', async () => {
    for (const args of [
      ['--json', 'id', 'list', '--frobnicate'],
      ['id', 'list', '--frobnicate', '--json'],
      ['--frobnicate', '--json'],
    ]) {
      const r = await radcred(['--home', home, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.json().error.code).toBe('UNKNOWN_OPTION');
    }
  });

  it('help that is asked for is not an error (exit 0)', async () => {
    for (const args of [['--help'], ['wallet', '--help'], ['help', 'wallet'], ['help'], ['wallet', 'list', '--help']]) {
      const r = await radcred(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stderr).toBe('');
    }
  });
});

describe('errors of commands, non-fatal errors and bugs: the same two lines', () => {
  it("a command's own error, with its thrower's hint", async () => {
    const r = await radcred(['--home', home, 'id', 'show', 'nobody']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      'radcred: error: no identity named nobody in this home\nhint: see `radcred id list`, or pass --home\n',
    );
  });

  it('a non-fatal error (one refused file of several, through ctx.error) has its hint too, and --json keeps the hint', async () => {
    const bad = join(dir, 'not-a-jwt.jwt');
    writeFileSync(bad, 'not a jwt\n');
    const r = await radcred(['--home', home, 'wallet', 'add', bad]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^radcred: error: .*not-a-jwt\.jwt: .*\nhint: \S.*\n$/);
    const json = await radcred(['--home', home, '--json', 'wallet', 'add', bad]);
    expect(json.json().results[0]).toMatchObject({
      status: 'refused',
      code: 'JWS_MALFORMED',
      hint: expect.any(String),
    });
  });

  it('a bug (exit 70) is `radcred: error: internal error: ...` with the hint to report it, and --json says INTERNAL', async () => {
    const runWithBrokenStdout = async (args: string[]) => {
      let out = '';
      let err = '';
      let writes = 0;
      // the first write of the result fails as no user could cause: a bug in the output path
      const stdout = {
        write: (t: string) => {
          if (writes++ === 0) throw new TypeError('cannot write');
          out += t;
        },
      };
      const code = await run(['--home', home, ...args], {
        stdout,
        stderr: { write: (t: string) => (err += t) },
        stdinIsTTY: false,
        env: { NO_COLOR: '1' },
        cwd: dir,
      });
      return { code, out, err };
    };
    const r = await runWithBrokenStdout(['id', 'list']);
    expect(r.code).toBe(70);
    expect(r.err).toBe(
      'radcred: error: internal error: cannot write\nhint: this is a bug in radcred; rerun with RADCRED_DEBUG=1 for details\n',
    );
    const json = await runWithBrokenStdout(['--json', 'id', 'list']);
    expect(json.code).toBe(70);
    expect(JSON.parse(json.out)).toEqual({
      error: {
        code: 'INTERNAL',
        message: 'internal error: cannot write',
        hint: 'this is a bug in radcred; rerun with RADCRED_DEBUG=1 for details',
      },
    });
  });
});
