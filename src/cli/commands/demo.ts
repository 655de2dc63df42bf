// demo [--dir DIR]: the whole credential story on the fixtures, run through the real commands in
// separate homes (issuers, ledger operator, holder, credentialing office), with no prompts. This
// file runs the commands; the story itself, a Pennsylvania hospital's reappointment, is
// demo-story.ts and its chapters.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RadcredError } from '../../errors.js';
import { fixturePath } from '../../fixtures.js';
import { isoTime, parseTime } from '../../util/time.js';
import { checkOutputDir } from '../../util/output.js';
import { outputWidth, shellCommandLines } from '../render/text.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit.js';
import { bufferedIo } from '../io.js';
import { demoParties, everyoneHasAnIdentity, issueEverything } from './demo-issuing.js';
import { officeAsks } from './demo-office.js';
import { afterSuspension, oneRuleAtATime } from './demo-failing.js';
import { RECORD, type RunOptions, type Story } from './demo-story.js';
import type { CommandResult } from '../result.js';
import type { Style } from '../style.js';

const DEMO_CLOCK = '2026-11-27T18:00:00Z';
const DEMO_PASSPHRASE = 'correct horse battery staple (demo only)';

interface Step {
  party: string;
  args: string[];
  exitCode: number;
}

const shellQuote = (arg: string) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`);

export async function demo(ctx: CliContext, _args: string[], opts: Record<string, unknown>): Promise<CommandResult> {
  const dir = demoDirectory(ctx, opts);
  const t0 = typeof opts.now === 'string' ? parseTime(opts.now, '--now') : parseTime(DEMO_CLOCK);
  const steps: Step[] = [];
  const say = (text: string) => {
    if (!ctx.json) ctx.io.stdout.write(text + '\n');
  };
  const radcred = await commandRunner(ctx, dir, t0, say, steps);
  const json = async (party: string, args: string[]) =>
    JSON.parse(await radcred(party, ['--json', ...args], { show: 0, quiet: true })) as Record<string, unknown>;
  const fixtureCopy = (from: string[], to: string) => {
    writeFileSync(join(dir, to), readFileSync(fixturePath(...from)));
    return to;
  };
  const story: Story = { dir, did: {}, say, s: ctx.style, radcred, json, fixtureCopy };

  const parties = demoParties();
  say(ctx.style.bold(`radcred demo — in ${dir} (clock ${isoTime(t0)})`));
  await everyoneHasAnIdentity(story, parties);
  const vkey = await issueEverything(story);
  await officeAsks(story, vkey);
  await oneRuleAtATime(story);
  await afterSuspension(story);

  return {
    data: {
      dir,
      clock: isoTime(t0),
      vkey,
      steps: steps.map(({ party, args, exitCode }) => ({ party, command: ['radcred', ...args].join(' '), exitCode })),
      verified: true,
      tamperedDetected: true,
      suspensionDetected: true,
      record: RECORD,
      recordChecked: true,
    },
    human: () => completed(ctx.style, dir),
  };
}

/** A new or empty directory: the story starts from nothing, and never mixes with other files. */
function demoDirectory(ctx: CliContext, opts: Record<string, unknown>): string {
  const dir =
    typeof opts.dir === 'string'
      ? checkOutputDir(ctx.resolvePath(opts.dir), '--dir', {
          empty: true,
          emptyHint: 'the demo starts from nothing: give a new or empty directory',
        })
      : mkdtempSync(join(tmpdir(), 'radcred-demo-'));
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Runs one radcred command in-process as a party (its home is DIR/PARTY), echoes it and the part of
 * its output the story shows, records the step, and throws if it did not exit as the story expects.
 */
async function commandRunner(
  ctx: CliContext,
  dir: string,
  t0: number,
  say: (text: string) => void,
  steps: Step[],
): Promise<Story['radcred']> {
  const { run } = await import('../main.js');
  const s = ctx.style;
  return async (party: string, args: string[], options: RunOptions = {}): Promise<string> => {
    // 96 columns: the demo indents each command's output by four
    const captured = bufferedIo({ ...ctx.io.env, RADCRED_PASSPHRASE: DEMO_PASSPHRASE, NO_COLOR: '1' }, dir, 96);
    const at = t0 + (options.at ?? 0);
    const exitCode = await run(['--home', party, '--no-input', '--now', String(at), ...args], captured.io);
    const [stdout, stderr] = [captured.stdout(), captured.stderr()];
    steps.push({ party, args, exitCode });
    if (!options.quiet) {
      const words = ['--home', party, ...(options.at ? ['--now', isoTime(at)] : []), ...args].map(shellQuote);
      const echo = shellCommandLines(['$', 'radcred', ...words], 2, outputWidth(ctx.io.stdout.columns));
      say(echo.map((line) => s.dim(line)).join('\n'));
    }
    const lines = (stderr + stdout)
      .trimEnd()
      .split('\n')
      .filter((l) => l.length > 0);
    const show = options.show ?? 40;
    const shown = typeof show === 'number' ? lines.slice(0, show) : lines.filter(show);
    if (shown.length) say(shown.map((l) => '    ' + l).join('\n'));
    const expect = options.expect ?? EXIT.ok;
    if (exitCode !== expect) {
      throw new RadcredError(
        'DEMO_FAILED',
        `demo step \`radcred ${args.join(' ')}\` exited ${exitCode}, expected ${expect}`,
      );
    }
    return stdout;
  };
}

const completed = (s: Style, dir: string) =>
  [
    '',
    `${s.ok(s.bold('demo complete'))}: the reappointment VERIFIED against Northbay's bylaws; NOT VERIFIED when`,
    'tampered, with coverage below the minimum, with the board certificate not meeting continuing',
    `certification, and after the license was suspended. Northbay's signed record is ${RECORD}`,
    `(its printable page northbay-record.html). Files are in ${dir}`,
  ].join('\n');
