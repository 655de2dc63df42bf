// A policy in words, one rule per row ([label, rule]): for `request create`, verify's header, the
// verification record and its printable page.
import { isoTime } from '../util/time.js';
import { usd } from '../util/money.js';
import { describeWindow } from './cme-rules.js';
import type { Policy } from './policy.js';

export function policyRules(p: Policy): [string, string][] {
  const day = (t: number) => isoTime(t).slice(0, 10);
  const rows: [string, string][] = [];
  if (p.name !== undefined) rows.push(['policy', p.name]);
  rows.push(['requires', p.require.length ? p.require.join(', ') : 'no particular types']);
  for (const r of p.cme) rows.push(['CME', `${r.name}: ${r.description} (${describeWindow(r.window)})`]);
  if (p.license) rows.push(['license', `active and unrestricted in ${p.license.jurisdictions.join(', ')}`]);
  if (p.board)
    rows.push([
      'board',
      `status ${p.board.status.join(' or ')}${p.board.continuingCertification ? `; continuing certification ${p.board.continuingCertification.join(' or ')}` : ''}`,
    ]);
  if (p.coverage) {
    rows.push([
      'coverage',
      [
        p.coverage.minPerClaimUSD !== undefined ? `at least ${usd(p.coverage.minPerClaimUSD)} per claim` : '',
        p.coverage.minAggregateUSD !== undefined ? `${usd(p.coverage.minAggregateUSD)} aggregate` : '',
        p.coverage.throughAppointment ? 'in force through the appointment' : '',
      ]
        .filter(Boolean)
        .join(', '),
    ]);
  }
  if (p.claims) rows.push(['claims', `a history of at least ${p.claims.minLookbackYears} years`]);
  if (p.maxSourceAgeDays !== undefined)
    rows.push(['sources', `vouched within ${p.maxSourceAgeDays} days of the decision`]);
  if (p.interpretationVolume)
    rows.push([
      'volume',
      `${p.interpretationVolume.minExams} mammography interpretations in ${p.interpretationVolume.months} months`,
    ]);
  if (p.appointmentFrom !== undefined || p.appointmentUntil !== undefined) {
    rows.push([
      'appointment',
      `${p.appointmentFrom !== undefined ? `from ${day(p.appointmentFrom)} ` : ''}${p.appointmentUntil !== undefined ? `until ${day(p.appointmentUntil)}` : ''}`.trimEnd(),
    ]);
  }
  return rows;
}
