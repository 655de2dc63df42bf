// @internal (src/record only)
// The CME part of the record's page: for each CME rule of the request, its requirements and what
// counted toward them, and the certificates not counted with the reason why.
import type { CmeTally, ExclusionReason } from '../policy/cme-tally.js';
import type { RecordContent } from './content.js';
import { type Numbered, itemRef } from './html-items.js';
import { badge, html, type Html, none, table } from './html-markup.js';

const REASONS: Record<ExclusionReason, string> = {
  'outside-window': 'ended outside the window',
  duplicate: 'the same activity from the same provider is already counted',
  'earned-exceeds-available': 'claims more credits than the activity offered',
};

function towardText(t: CmeTally, toward: number[]): string {
  const given = t.requirements.flatMap((r, i) => ((toward[i] ?? 0) > 0 ? [`${r.label} ${toward[i]}`] : []));
  return given.length ? given.join(' · ') : 'nothing';
}

function cmeTally(t: CmeTally, byDigest: Map<string, Numbered>): Html {
  const requirements = table(
    [
      { label: 'Requirement', width: 52 },
      { label: 'Required', width: 12, numeric: true },
      { label: 'Earned', width: 12, numeric: true },
      { label: 'Short', width: 12, numeric: true },
      { label: '', width: 12 },
    ],
    t.requirements.map((r) => [r.label, r.required, r.earned, r.short, badge(r.short > 0 ? 'short' : 'met')]),
  );
  const counted = table(
    [
      { label: 'Ended', width: 12 },
      { label: 'Credits', width: 9, numeric: true },
      { label: 'Counts toward', width: 36 },
      { label: 'Activity', width: 43 },
    ],
    t.counted.map((k) => [
      k.activityEndDate,
      k.credits,
      towardText(t, k.toward),
      html`${k.activityTitle}<br><span class="small">${k.activityId} · ${itemRef(k.digest, byDigest)}</span>`,
    ]),
  );
  const excluded = table(
    [
      { label: 'Activity ID', width: 22 },
      { label: 'Credential', width: 33 },
      { label: 'Why not counted', width: 45 },
    ],
    t.excluded.map((x) => [x.activityId, itemRef(x.digest, byDigest), REASONS[x.reason] ?? x.reason]),
  );
  return html`<section class="cme-tally"><h3>${t.rule}: ${t.description} ${badge(t.met ? 'met' : 'not met', t.met ? 'met' : 'short')}</h3>
<p>${t.summary}</p><p class="small">Counts certificates ending after ${t.windowFrom} and on or before ${t.windowTo}.${t.citation ? html` ${t.citation}` : ''}</p>
${requirements}<h4>Counted (${t.counted.length})</h4>${t.counted.length ? counted : none('No certificate counted.')}
${t.excluded.length ? html`<h4>Not counted (${t.excluded.length})</h4>${excluded}` : ''}</section>\n`;
}

export function cme(c: RecordContent, byDigest: Map<string, Numbered>): Html {
  return c.cme.length ? html`<h2>CME</h2>${c.cme.map((t) => cmeTally(t, byDigest))}` : html``;
}
