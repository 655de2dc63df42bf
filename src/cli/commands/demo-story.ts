// The demo's story (src/cli/commands/demo.ts runs it): Northbay General, a Pennsylvania hospital,
// reappoints Dr. Priya Halvorsen under its bylaws (fixtures/policies/pa-reappointment.json).
// Everyone gets an identity, her issuers issue and log, she stores what she receives
// (demo-issuing.ts); Northbay trusts and pins, asks, she presents exactly what is asked, Northbay
// verifies offline from its pinned ledger copy and files a record (demo-office.ts); then the same
// presentation fails one rule at a time, each with its code, and after her license is suspended
// (demo-failing.ts). This file holds what those chapters share.
import type { Style } from '../style.js';

export const DAY = 86400;

/** Northbay's verification record of Dr. Halvorsen (and northbay-record.html, its printable page). */
export const RECORD = 'northbay-record.jwt';

export interface RunOptions {
  expect?: number;
  /** seconds after the demo clock at which this step runs */
  at?: number;
  /** how much of the output to show: all of it, the first n lines, or the lines a filter keeps */
  show?: number | ((line: string) => boolean);
  /** run without echoing the command (the demo reads the result itself) */
  quiet?: boolean;
}

export interface Story {
  dir: string;
  /** each party's DID by its name (filled in by the first chapter) */
  did: Record<string, string>;
  say: (text: string) => void;
  s: Style;
  radcred: (party: string, args: string[], options?: RunOptions) => Promise<string>;
  json: (party: string, args: string[]) => Promise<Record<string, unknown>>;
  /** copies a fixture into the demo directory; returns its name there */
  fixtureCopy: (from: string[], to: string) => string;
}

/** Verification output trimmed to what the story needs: the ledger used, failures and verdicts. */
export const verdictLines = (line: string) => /FAIL|VERIFIED|^ledger /.test(line.trim());
/** The verdict with the policy: every policy line, and each credential's failures only. */
export const policyLines = (line: string) =>
  !/^\s+pass {2}(parse|signature|issuer|subject|validity|schema|trust|anchor|status)\b/.test(line);

/** Northbay verifies a presentation against its request, offline, with its pinned ledger copy. */
export const northbayVerifies = (
  { radcred }: Story,
  file: string,
  at: number,
  expect: number,
  show: RunOptions['show'],
) =>
  radcred('northbay', ['verify', file, '--request', 'northbay-request.jwt', '--ledger', 'northbay-ledger'], {
    at,
    expect,
    show,
  });

/** An issuer issues one credential to Dr. Halvorsen from a data file in the demo directory, and logs it. */
export const issueToPriya = (
  { radcred, did }: Story,
  issuer: string,
  type: string,
  dataFile: string,
  out: string,
  extra: string[] = [],
) =>
  radcred(
    issuer,
    [
      'issue',
      type,
      '--issuer',
      issuer,
      '--subject',
      did.priya!,
      '--data',
      dataFile,
      ...extra,
      '--ledger',
      'ledger',
      '--out',
      out,
    ],
    { show: 1 },
  );

/** The registry (the ledger operator) sequences what the issuers queued in ledger/pending/. */
export const registryIntegrates = ({ radcred }: Story, options?: RunOptions) =>
  radcred('registry', ['ledger', 'integrate', 'ledger', '--operator', 'registry'], options);
