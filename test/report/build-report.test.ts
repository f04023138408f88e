import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildReport, type Report } from '../../src/report/build-report.js';
import { renderReportHtml } from '../../src/report/formats/report-html.js';
import { renderReportMarkdown } from '../../src/report/formats/report-text.js';
import { markMentions } from '../../src/store/mark-mentions.js';
import type { Db } from '../../src/store/open-db.js';
import { queryMentionTexts, queryReportData } from '../../src/store/query-report.js';
import { saveScan } from '../../src/store/save-scan.js';
import { indexBrandHandles } from '../../src/triage/brand-handles.js';
import { slaTargets } from '../../src/triage/sla.js';
import type { Post, ScoredMention } from '../../src/types.js';
import { makeBrand, makeMention, makePost } from '../helpers/builders.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';

const brands = [makeBrand({ name: 'Ocado', handles: ['OcadoSupport'], sla: 30 }), makeBrand({ name: 'Tesco', competitor: true })];
const NOW = new Date('2026-03-02T12:00:00Z');
const at = (day: 1 | 2, hh: string, mm = '00') => `2026-03-0${day}T${hh}:${mm}:00.000Z`;

let temp: TempDb;
let db: Db;
beforeEach(() => {
  temp = createTempDb();
  db = temp.db;
});
afterEach(() => temp.cleanup());

type Item = { post: Post; mentions: ScoredMention[] };
const ocado = (id: string, createdAt: string, tagged: boolean, extra: Partial<Post> = {}): Item => ({
  post: makePost({ source: 'tw', id, createdAt, author: `user${id}`, authorFollowers: Number(id) * 100, ...extra }),
  mentions: [makeMention({ tagged, kind: tagged ? 'handle' : 'name', sentiment: Number(id) % 2 ? 'negative' : 'positive' })],
});
const tesco = (id: string, createdAt: string): Item => ({
  post: makePost({ source: 'tw', id, createdAt, author: `t${id}` }),
  mentions: [makeMention({ brand: 'Tesco', competitor: true })],
});
const brandReply = (id: string, to: string, createdAt: string): Item => ({
  post: makePost({ source: 'tw', id, createdAt, author: 'ocadosupport', replyTo: to, text: 'sorry, DM us' }),
  mentions: [],
});

/**
 * Seven Ocado mentions, first responses by hand: tagged 10, 20, 30 minutes; untagged 40, 100,
 * one never answered, one ignored. Two by the brand's own replies, the rest marked by a person.
 */
function seed(): Report {
  saveScan(db, {
    batches: [
      {
        source: 'tw',
        items: [
          ocado('1', at(1, '10'), true),
          ocado('2', at(1, '11'), true),
          ocado('3', at(1, '12'), true),
          ocado('4', at(2, '09'), false),
          ocado('5', at(2, '09', '30'), false, { text: 'Ocado <script>alert(1)</script> & "quotes"' }),
          ocado('6', at(2, '10'), false),
          ocado('7', at(2, '10', '30'), false),
          tesco('8', at(1, '10')),
          tesco('9', at(2, '10')),
          brandReply('r1', '1', at(1, '10', '10')),
          brandReply('r4', '4', at(2, '09', '40')),
        ],
      },
    ],
    failures: [],
    startedAt: NOW.toISOString(),
    at: NOW.toISOString(),
    handles: indexBrandHandles(brands),
  });
  const idOf = (nativeId: string) =>
    (db.prepare(`SELECT m.id FROM mentions m JOIN posts p ON p.pk = m.post_pk WHERE p.native_id = ?`).get(nativeId) as { id: number }).id;
  markMentions(db, { ids: [idOf('2')], status: 'responded', actor: 'ana', at: at(1, '11', '20') });
  markMentions(db, { ids: [idOf('3')], status: 'responded', actor: 'ana', at: at(1, '12', '30') });
  markMentions(db, { ids: [idOf('5')], status: 'responded', actor: 'ana', at: at(2, '11', '10') });
  markMentions(db, { ids: [idOf('7')], status: 'ignored', actor: 'ana', at: at(2, '10', '31') });
  markMentions(db, { ids: [idOf('6')], assign: 'bo', actor: 'ana', at: at(2, '10', '01') });
  return report('2026-02-23T00:00:00.000Z');
}

function report(since: string, only: string[] = [], textsOf?: (ids: number[]) => ReadonlyMap<number, string>): Report {
  return buildReport({
    data: queryReportData(db, { since, now: NOW, targets: slaTargets(brands), brands: only }),
    since,
    now: NOW,
    brands: only,
    textsOf,
  });
}

describe('buildReport on a real database', () => {
  it('computes first-response figures by hand-checkable numbers, split tagged and untagged', () => {
    const r = seed();
    expect(r.responseTimes).toEqual([
      { brand: 'Ocado', segment: 'all', mentions: 6, answered: 5, medianMinutes: 30, p90Minutes: 100, withinSla: 0.5, neverAnswered: 0.167 },
      { brand: 'Ocado', segment: 'tagged', mentions: 3, answered: 3, medianMinutes: 20, p90Minutes: 30, withinSla: 1, neverAnswered: 0 },
      { brand: 'Ocado', segment: 'untagged', mentions: 3, answered: 2, medianMinutes: 70, p90Minutes: 100, withinSla: 0, neverAnswered: 0.333 },
    ]);
  });

  it('counts volume per day, sentiment, untagged share and share of voice', () => {
    const r = seed();
    expect(r.brands).toEqual(['Ocado']);
    expect(r.days).toEqual(['2026-03-01', '2026-03-02']);
    expect(r.volumeByDay).toEqual([{ brand: 'Ocado', counts: [3, 4] }]);
    expect(r.bySentiment).toEqual([{ brand: 'Ocado', negative: 4, neutral: 0, positive: 3, total: 7 }]);
    expect(r.untagged).toEqual([{ brand: 'Ocado', total: 7, untagged: 4, share: 0.571 }]);
    expect(r.shareOfVoice).toEqual([
      { brand: 'Ocado', competitor: false, count: 7, share: 0.778 },
      { brand: 'Tesco', competitor: true, count: 2, share: 0.222 },
    ]);
    expect(r.sentimentTrend.map((t) => [t.day, t.negative, t.positive, t.net])).toEqual([
      ['2026-03-01', 2, 1, -0.333],
      ['2026-03-02', 2, 2, 0],
    ]);
    expect(r.bySource).toEqual([{ brand: 'Ocado', source: 'tw', channel: 'social', count: 7 }]);
    expect(r.topAuthors[0]).toEqual({ author: 'user7', followers: 700, mentions: 1 });
  });

  it('draws no days after today: a post dated 9999 counts, and adds no millions of empty days', () => {
    seed();
    saveScan(db, {
      batches: [{ source: 'tw', items: [ocado('90', '9999-12-31T00:00:00.000Z', false)] }],
      failures: [],
      startedAt: NOW.toISOString(),
      at: NOW.toISOString(),
    });
    const r = report('2026-02-23T00:00:00.000Z');
    expect(r.days).toEqual(['2026-03-01', '2026-03-02']);
    expect(r.bySentiment).toEqual([{ brand: 'Ocado', negative: 4, neutral: 0, positive: 4, total: 8 }]);
  });

  it('shows the open backlog: new, assigned and overdue', () => {
    const r = seed();
    // Open: only 6 (assigned to bo, 2 hours old, past its 30 minutes).
    expect(r.backlog).toEqual([{ brand: 'Ocado', open: 1, new: 0, assigned: 1, overdue: 1 }]);
    expect(r.overdue.map((o) => [o.brand, o.ageMinutes])).toEqual([['Ocado', 120]]);
  });

  it('escapes post text in HTML and Markdown, and the page loads nothing from outside', () => {
    const r = seed();
    // Open and never answered, so overdue (one answered and reopened would not be).
    db.prepare(
      `UPDATE mentions SET status = 'open', first_response_at = NULL WHERE id = (SELECT m.id FROM mentions m JOIN posts p ON p.pk = m.post_pk WHERE p.native_id = '5')`,
    ).run();
    const again = report(r.since, [], (ids) => queryMentionTexts(db, ids));
    expect(again.overdue.map((o) => o.text)).toEqual([expect.stringContaining('<script>'), expect.any(String)]);
    const html = renderReportHtml(again);
    expect(html).toContain('Ocado &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(html).not.toMatch(/<script|src=|href=|@import|url\(/i);
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(renderReportMarkdown(again)).toContain('Ocado &lt;script&gt;alert(1)&lt;/script&gt; &amp; "quotes"');
  });

  it('quotes Markdown in post text as text: no live link, no remote image, no emphasis', () => {
    const r = seed();
    db.prepare(
      `UPDATE posts SET text = 'Ocado [click](http://evil.example) ![t](http://track.example/p.gif) *x* _y_ \`z\` ~~w~~' WHERE native_id = '5'`,
    ).run();
    db.prepare(
      `UPDATE mentions SET status = 'open', first_response_at = NULL WHERE id = (SELECT m.id FROM mentions m JOIN posts p ON p.pk = m.post_pk WHERE p.native_id = '5')`,
    ).run();
    const md = renderReportMarkdown(report(r.since, [], (ids) => queryMentionTexts(db, ids)));
    expect(md).toContain('Ocado \\[click\\](http://evil.example) !\\[t\\](http://track.example/p.gif) \\*x\\* \\_y\\_ \\`z\\` \\~\\~w\\~\\~');
    // Dates and figures outside post text stay as they were.
    expect(md).toMatch(/^# earshot report: Ocado since \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  });

  it('limits own-brand sections to --brand but keeps competitors in share of voice', () => {
    seed();
    const r = report('2026-01-01T00:00:00.000Z', ['nobody']);
    expect(r.brands).toEqual(['nobody']);
    expect(r.bySentiment).toEqual([{ brand: 'nobody', negative: 0, neutral: 0, positive: 0, total: 0 }]);
    expect(r.shareOfVoice.map((v) => v.brand)).toEqual(['Tesco']);
  });

  it('reports a brand named by --brand as zeros when it has no mentions, and once when the data spells it otherwise', () => {
    // Nothing stored yet: before, the report said "no brands" though one was asked for.
    const quiet = report('2026-03-01T00:00:00.000Z', ['Ocado']);
    expect(quiet.brands).toEqual(['Ocado']);
    expect(quiet.backlog).toEqual([{ brand: 'Ocado', open: 0, new: 0, assigned: 0, overdue: 0 }]);
    expect(quiet.responseTimes.map((t) => [t.segment, t.mentions, t.medianMinutes])).toEqual([
      ['all', 0, null],
      ['tagged', 0, null],
      ['untagged', 0, null],
    ]);
    seed();
    const busy = report('2026-02-23T00:00:00.000Z', ['ocado']);
    expect(busy.brands).toEqual(['Ocado']);
    expect(busy.bySentiment[0]!.total).toBeGreaterThan(0);
  });
});
