// Misuse, systematically: the real binary over the whole command table, read from commander (so a
// new command or option is covered the moment it is declared). From a valid command line for each
// command (which must succeed), one thing at a time goes wrong: each path an option or argument
// takes becomes missing, a directory where a file belongs, a file where a directory belongs, a
// FIFO, an empty file...; each pair of flags the table declares conflicting is given, in both
// orders. Every such run must exit 2 or 3 (never 0 for a mistake, never 70), print a `hint:` line
// and no stack trace, and leave every stored file byte-identical.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { availableParallelism } from 'node:os';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argument, Command, Option } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathKindOf, type PathKind } from '../../src/cli/options.js';
import { buildProgram } from '../../src/cli/program.js';
import { BIN, cleanup, NOW, PASSPHRASE, radcredProcess, tempDir, type RunResult } from '../helpers.js';
import { buildWorld, changes, copyWorld, snapshot, type World } from './world.js';

/** A valid command line: who runs it, its arguments, its options, whether it unlocks a key. */
interface Baseline {
  home: keyof World['homes'];
  args: string[];
  options: [string, ...string[]][];
  unlocks?: boolean;
  /** the run itself is too slow for this test (the demo): only its misuses are run */
  skipRun?: boolean;
}

const P = (w: World) => w.files;
const BASELINES: Record<string, (w: World) => Baseline[]> = {
  'id create': () => [{ home: 'issuer', args: ['newid'], options: [], unlocks: true }],
  'id import': (w) => [
    { home: 'issuer', args: ['from-seed'], options: [['--seed-file', P(w).seed]], unlocks: true },
    { home: 'issuer', args: ['from-jwk'], options: [['--jwk', P(w).jwk]], unlocks: true },
  ],
  'id export': () => [
    { home: 'issuer', args: ['tmb'], options: [['--out', 'exported.jwk'], ['--yes']], unlocks: true },
  ],
  'id passwd': (w) => [
    { home: 'issuer', args: ['tmb'], options: [['--new-passphrase-file', P(w).newPassphrase]], unlocks: true },
  ],
  'id list': () => [{ home: 'issuer', args: [], options: [] }],
  'id show': () => [{ home: 'issuer', args: ['tmb'], options: [] }],
  types: () => [{ home: 'issuer', args: [], options: [] }],
  'types show': () => [{ home: 'issuer', args: ['MedicalLicenseCredential'], options: [] }],
  issue: (w) => [
    {
      home: 'issuer',
      args: ['MedicalLicenseCredential'],
      unlocks: true,
      options: [
        ['--issuer', 'tmb'],
        ['--subject', w.dids.priya!],
        ['--data', P(w).data],
        ['--ledger', P(w).ledger],
        ['--out', 'new.jwt'],
      ],
    },
    {
      home: 'issuer',
      args: ['MedicalLicenseCredential'],
      unlocks: true,
      options: [
        ['--issuer', 'tmb'],
        ['--batch', P(w).roster],
        ['--out-dir', 'certs'],
        ['--ledger', P(w).ledger],
      ],
    },
  ],
  'issued list': () => [{ home: 'issuer', args: [], options: [] }],
  revoke: (w) => [
    {
      home: 'issuer',
      args: [P(w).license],
      options: [
        ['--issuer', 'tmb'],
        ['--ledger', P(w).ledger],
        ['--reason', 'misuse test'],
      ],
      unlocks: true,
    },
  ],
  suspend: (w) => [
    {
      home: 'issuer',
      args: [P(w).license],
      options: [
        ['--issuer', 'tmb'],
        ['--ledger', P(w).ledger],
        ['--reason', 'misuse test'],
      ],
      unlocks: true,
    },
  ],
  reinstate: (w) => [
    {
      home: 'issuer',
      args: [P(w).suspended],
      options: [
        ['--issuer', 'tmb'],
        ['--ledger', P(w).ledger],
      ],
      unlocks: true,
    },
  ],
  'wallet add': (w) => [{ home: 'holder', args: [P(w).license], options: [] }],
  'wallet list': () => [{ home: 'holder', args: [], options: [] }],
  'wallet show': (w) => [{ home: 'holder', args: [P(w).license], options: [] }],
  'wallet remove': (w) => [{ home: 'holder', args: [P(w).license], options: [] }],
  'request create': () => [
    {
      home: 'verifier',
      args: [],
      options: [
        ['--verifier', 'northbay'],
        ['--cme', 'abr'],
        ['--out', 'new-request.jwt'],
      ],
      unlocks: true,
    },
  ],
  'request show': (w) => [{ home: 'verifier', args: [P(w).request], options: [] }],
  present: (w) => [
    {
      home: 'holder',
      args: [],
      options: [['--holder', 'priya'], ['--request', P(w).request], ['--all'], ['--out', 'new.vp.jwt']],
      unlocks: true,
    },
    {
      home: 'holder',
      args: [],
      options: [
        ['--holder', 'priya'],
        ['--request', P(w).request],
        ['--select', P(w).license],
        ['--out', 'new.vp.jwt'],
      ],
      unlocks: true,
    },
  ],
  disclosures: () => [{ home: 'holder', args: [], options: [] }],
  verify: (w) => [
    {
      home: 'verifier',
      args: [P(w).vp],
      options: [
        ['--request', P(w).request],
        ['--ledger', P(w).copy],
      ],
    },
    {
      home: 'verifier',
      args: [P(w).vp],
      options: [
        ['--request', P(w).request],
        ['--ledger', P(w).copy],
        ['--record', 'new-record.jwt'],
        ['--signer', 'northbay'],
        ['--report', 'new-report.html'],
      ],
      unlocks: true,
    },
  ],
  'record check': (w) => [{ home: 'verifier', args: [P(w).record], options: [['--vkey', P(w).vkey]] }],
  'record show': (w) => [{ home: 'verifier', args: [P(w).record], options: [['--html', 'new-record.html']] }],
  'trust add': (w) => [
    {
      home: 'verifier',
      args: [w.dids.tmb!],
      options: [
        ['--name', 'Texas Medical Board'],
        ['--types', 'MedicalLicenseCredential'],
        ['--file', P(w).trust],
      ],
    },
  ],
  'trust list': (w) => [{ home: 'verifier', args: [], options: [['--file', P(w).trust]] }],
  'trust remove': (w) => [{ home: 'verifier', args: [w.dids.tmb!], options: [['--file', P(w).trust]] }],
  'ledger init': () => [
    {
      home: 'issuer',
      args: ['new-ledger'],
      options: [
        ['--origin', 'new.example/log'],
        ['--operator', 'registry'],
      ],
      unlocks: true,
    },
  ],
  'ledger status': (w) => [{ home: 'issuer', args: [P(w).ledger], options: [] }],
  'ledger audit': (w) => [{ home: 'verifier', args: [P(w).copy], options: [['--vkey', P(w).vkey]] }],
  'ledger integrate': (w) => [
    { home: 'issuer', args: [P(w).ledger], options: [['--operator', 'registry']], unlocks: true },
  ],
  'ledger pull': (w) => [{ home: 'verifier', args: [P(w).ledger, P(w).copy], options: [] }],
  'ledger prove': (w) => [{ home: 'issuer', args: [P(w).ledger, P(w).license], options: [['--out', 'new.proof']] }],
  'ledger witness-key': () => [{ home: 'verifier', args: ['northbay'], options: [] }],
  'ledger cosign': (w) => [
    {
      home: 'verifier',
      args: [P(w).copy],
      options: [
        ['--witness', 'northbay'],
        ['--out', 'new.cosigned'],
      ],
      unlocks: true,
    },
  ],
  'ledger add-cosignatures': (w) => [{ home: 'issuer', args: [P(w).ledger, P(w).cosigned], options: [] }],
  'ledger entries': (w) => [
    {
      home: 'issuer',
      args: [P(w).ledger],
      options: [
        ['--issuer', w.dids.tmb!],
        ['--vkey', P(w).vkey],
      ],
    },
  ],
  'ledger check-proof': (w) => [
    {
      home: 'verifier',
      args: [P(w).proof],
      options: [
        ['--entry', P(w).entry],
        ['--vkey', P(w).vkey],
      ],
    },
  ],
  demo: () => [{ home: 'issuer', args: [], options: [['--dir', 'new-demo']], skipRun: true }],
};

/** Values for options a conflict case adds that the baseline does not have. */
const VALUES: Record<string, (w: World) => string | undefined> = {
  '--audience': (w) => w.dids.northbay,
  '--challenge': () => 'misuse-challenge',
  '--any-audience': () => undefined,
  '--trust': (w) => P(w).trust,
  '--any-issuer': () => undefined,
  '--ledger': (w) => P(w).copy,
  '--no-ledger': () => undefined,
  '--max-ledger-age': () => '30d',
  '--request': (w) => P(w).request,
  '--select': (w) => P(w).license,
  '--all': () => undefined,
  '--seed': () => '22'.repeat(32),
  '--seed-file': (w) => P(w).seed,
  '--jwk': (w) => P(w).jwk,
  '--subject': (w) => w.dids.priya,
  '--data': (w) => P(w).data,
  '--out': () => 'new.jwt',
  '--batch': (w) => P(w).roster,
  '--out-dir': () => 'certs',
  '--valid-until': () => '2027-08-31',
};

/**
 * A file its reader may not read (mode 000). Root reads anything, so a case naming it runs as
 * `nobody` (setpriv, util-linux), in a world that nobody owns.
 */
const UNREADABLE = 'unreadable.txt';
const NOBODY = 65534;
const asNobody = process.getuid?.() === 0;

/** The bad values for each kind of path: [what it is, the path, the code it must draw if one] (made in every case's world). */
const BAD: Record<PathKind, [string, string, string?][]> = {
  in: [
    ['missing', 'no-such-file'],
    ['a directory', 'adir'],
    ['a FIFO', 'afifo'],
    ['empty', 'empty.txt'],
    ['unreadable', UNREADABLE],
  ],
  out: [
    ['a directory', 'adir'],
    ['under a missing directory', 'no/such/out.txt'],
    ['under a file', 'license.jwt/out.txt'],
    ['a FIFO', 'afifo'],
    ['an existing file', 'existing.txt'],
  ],
  dir: [
    ['missing', 'no-such-dir'],
    ['a file', 'license.jwt'],
    ['an empty directory', 'adir'],
  ],
  'dir-out': [
    ['a file', 'license.jwt'],
    ['under a file', 'license.jwt/sub'],
  ],
  // text that may be a file: a file name that names none is said to be missing (not "no such credential", "not a vkey")
  'text-or-file': [
    ['a directory', 'adir'],
    ['a FIFO', 'afifo'],
    ['empty', 'empty.txt'],
    ['a missing file', 'no/such/file.jwt', 'FILE_NOT_FOUND'],
  ],
};

/** Cases that are not mistakes, and why: they must succeed instead. */
const NOT_A_MISTAKE: Record<string, string> = {
  'trust add --file missing': 'trust add creates the list it is given',
};

/** Leaves of the table that run something (the `types` group runs too). */
function actionable(program: Command): { path: string; cmd: Command }[] {
  const out: { path: string; cmd: Command }[] = [];
  const visit = (cmd: Command, prefix: string[]) => {
    for (const sub of cmd.commands) {
      const path = [...prefix, sub.name()];
      if ((sub as unknown as { _actionHandler: unknown })._actionHandler) out.push({ path: path.join(' '), cmd: sub });
      visit(sub, path);
    }
  };
  visit(program, []);
  return out;
}

interface Case {
  name: string;
  home: string;
  argv: string[];
  /** the exit statuses allowed */
  exits: number[];
  code?: string;
}

const program = buildProgram(
  { stdout: { write: () => true }, stderr: { write: () => true }, stdinIsTTY: false, env: {}, cwd: '/' },
  () => async () => undefined,
);
const commands = actionable(program);
const globalPaths = program.options.filter((o) => pathKindOf(o) !== undefined);

const argvOf = (path: string, b: { args: string[]; options: [string, ...string[]][] }) => [
  ...path.split(' '),
  ...b.args,
  ...b.options.flat(),
];
const longOf = (o: Option) => o.long!;

/** Every misuse case of one command, from its baselines and its declared options and arguments. */
function casesFor(path: string, cmd: Command, world: World): Case[] {
  const cases: Case[] = [];
  const baselines = BASELINES[path]!(world);
  const options = cmd.options.filter((o) => pathKindOf(o) !== undefined);
  const parentOptions = (cmd.parent?.options ?? []).filter(
    (o) => pathKindOf(o) !== undefined && cmd.parent !== program,
  );
  for (const option of [...options, ...parentOptions]) {
    const flag = longOf(option);
    // the baseline that has this option, or else one it can be added to
    const b =
      baselines.find((x) => x.options.some(([f]) => f === flag)) ??
      baselines.find(
        (x) =>
          !x.options.some(([f]) =>
            option.conflictsWith.some((c) => longOf(cmd.options.find((o) => o.attributeName() === c)!) === f),
          ),
      );
    if (b === undefined) throw new Error(`${path}: no baseline can take ${flag}`);
    for (const [what, bad, code] of BAD[pathKindOf(option)!]) {
      const opts = b.options.some(([f]) => f === flag)
        ? b.options.map((o) => (o[0] === flag ? ([flag, bad] as [string, string]) : o))
        : [...b.options, [flag, bad] as [string, string]];
      const name = `${path} ${flag} ${what}`;
      cases.push({
        name,
        home: world.homes[b.home],
        argv: argvOf(path, { args: b.args, options: opts }),
        exits: NOT_A_MISTAKE[name] ? [0] : [2, 3],
        ...(code ? { code } : {}),
      });
    }
  }
  cmd.registeredArguments.forEach((arg: Argument, i: number) => {
    const kind = pathKindOf(arg);
    if (kind === undefined) return;
    const b = baselines[0]!;
    for (const [what, bad, code] of BAD[kind]) {
      const args = b.args.map((a, j) => (j === i ? bad : a));
      cases.push({
        name: `${path} <${arg.name()}> ${what}`,
        home: world.homes[b.home],
        argv: argvOf(path, { args, options: b.options }),
        exits: [2, 3],
        ...(code ? { code } : {}),
      });
    }
  });
  const b = baselines[0]!;
  for (const option of globalPaths) {
    const flag = longOf(option);
    if (flag === '--passphrase-file' && !b.unlocks) continue; // only commands that read a passphrase read it
    for (const [what, bad] of BAD[pathKindOf(option)!]) {
      const argv =
        flag === '--home'
          ? ['--home', bad, ...argvOf(path, b)]
          : [flag, bad, '--home', world.homes[b.home], ...argvOf(path, b)];
      cases.push({ name: `${path} ${flag} ${what}`, home: '', argv, exits: [2, 3] });
    }
  }
  for (const option of cmd.options) {
    for (const other of option.conflictsWith) {
      const peer = cmd.options.find((o) => o.attributeName() === other)!;
      const base =
        baselines.find((x) => !x.options.some(([f]) => f === longOf(option) || f === longOf(peer))) ?? baselines[0]!;
      const stripped = base.options.filter(([f]) => f !== longOf(option) && f !== longOf(peer));
      const given = (o: Option): [string, ...string[]] => {
        const inBaseline = baselines.flatMap((x) => x.options).find(([f]) => f === longOf(o));
        const value = inBaseline
          ? inBaseline.slice(1)
          : VALUES[longOf(o)]
            ? [VALUES[longOf(o)]!(world)].filter((v): v is string => v !== undefined)
            : undefined;
        if (value === undefined) throw new Error(`${path}: no value for ${longOf(o)} in VALUES`);
        return [longOf(o), ...value];
      };
      for (const [first, second] of [
        [option, peer],
        [peer, option],
      ] as const) {
        cases.push({
          name: `${path} ${longOf(first)} then ${longOf(second)}`,
          home: world.homes[base.home],
          argv: argvOf(path, { args: base.args, options: [...stripped, given(first), given(second)] }),
          exits: [2],
          code: 'OPTION_CONFLICT',
        });
      }
    }
  }
  return cases;
}

/** Makes the bad paths every case may name. */
function prepare(w: World, c: Case): void {
  mkdirSync(join(w.dir, 'adir'));
  writeFileSync(join(w.dir, 'empty.txt'), '');
  writeFileSync(join(w.dir, 'existing.txt'), 'kept\n');
  execFileSync('mkfifo', [join(w.dir, 'afifo')]);
  writeFileSync(join(w.dir, UNREADABLE), 'secret\n', { mode: 0o000 });
  if (asNobody && c.argv.includes(UNREADABLE)) execFileSync('chown', ['-R', `${NOBODY}:${NOBODY}`, w.dir]);
}

/** Runs `tasks` with at most `limit` at once. */
async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (let i = next++; i < tasks.length; i = next++) results[i] = await tasks[i]!();
    }),
  );
  return results;
}

let root: string;
let world: World;
let n = 0;
beforeAll(async () => {
  root = tempDir('radcred-misuse-');
  if (asNobody) chmodSync(root, 0o755); // nobody must reach the worlds inside
  world = await buildWorld(join(root, 'world'));
}, 120_000);
afterAll(() => cleanup(root));

const runIn = (w: World, home: string, argv: string[]): Promise<RunResult> => {
  const full = [...(home ? ['--home', home] : []), '--now', NOW, '--json', ...argv];
  if (!asNobody || !argv.includes(UNREADABLE)) return radcredProcess(full, { cwd: w.dir });
  return runAs(NOBODY, full, w.dir);
};

/** The real binary as another user (only root can do this). */
async function runAs(uid: number, args: string[], cwd: string): Promise<RunResult> {
  const env = { ...process.env, RADCRED_PASSPHRASE: PASSPHRASE, NO_COLOR: '1' } as NodeJS.ProcessEnv;
  try {
    const { stdout, stderr } = await promisify(execFile)(
      'setpriv',
      [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', process.execPath, BIN, ...args],
      { cwd, env },
    );
    return { code: 0, stdout, stderr, json: () => JSON.parse(stdout) };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr, json: () => JSON.parse(err.stdout) };
  }
}

describe('misuse over the whole command table', () => {
  it('every command that runs has a valid baseline, and each baseline succeeds', async () => {
    const missing = commands.filter((c) => BASELINES[c.path] === undefined).map((c) => c.path);
    expect(missing, 'add a baseline for each new command').toEqual([]);
    const runs = commands.flatMap(({ path }) =>
      BASELINES[path]!(world)
        .filter((b) => !b.skipRun)
        .map((b) => async () => {
          const w = copyWorld(world, join(root, `ok-${++n}`));
          const r = await runIn(w, w.homes[b.home], argvOf(path, b));
          return { path, code: r.code, stderr: r.stderr };
        }),
    );
    const results = await pool(runs, Math.max(2, availableParallelism()));
    expect(results.filter((r) => r.code !== 0).map((r) => `${r.path}: ${r.code} ${r.stderr}`)).toEqual([]);
  }, 120_000);

  it('every path option and argument, and every conflicting pair both ways: exit 2 or 3, a hint, nothing changed', async () => {
    const cases = commands.flatMap(({ path, cmd }) => casesFor(path, cmd, world));
    expect(cases.length).toBeGreaterThan(150);
    const runs = cases.map((c) => async () => {
      const w = copyWorld(world, join(root, `case-${++n}`));
      prepare(w, c);
      const before = snapshot(w.dir);
      const r = await runIn(w, c.home, c.argv);
      const problems: string[] = [];
      if (!c.exits.includes(r.code)) problems.push(`exit ${r.code}`);
      if (c.exits.includes(0))
        return problems.length ? `${c.name}: ${problems.join('; ')}: ${r.stderr.split('\n')[0]}` : undefined;
      if (!/^hint: /m.test(r.stderr)) problems.push('no hint line');
      if (/^\s+at /m.test(r.stderr) || /internal error/.test(r.stderr))
        problems.push('a stack trace or internal error');
      let code: string | undefined;
      try {
        code = JSON.parse(r.stdout).error?.code;
      } catch {
        problems.push('--json printed no error document');
      }
      if (c.code !== undefined && code !== c.code) problems.push(`code ${code}, expected ${c.code}`);
      const changed = changes(before, snapshot(w.dir));
      if (changed.length > 0) problems.push(`changed ${changed.slice(0, 3).join(', ')}`);
      return problems.length
        ? `${c.name} [radcred ${c.argv.join(' ')}]: ${problems.join('; ')}: ${r.stderr.split('\n')[0]}`
        : undefined;
    });
    const failures = (await pool(runs, Math.max(2, availableParallelism()))).filter((f) => f !== undefined);
    expect(failures).toEqual([]);
  }, 240_000);
});
