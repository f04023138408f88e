import type { Report } from './build-report.js';

/** One titled table of the report: the shape the table, Markdown and HTML renderers share. */
export interface ReportSection {
  id: string;
  title: string;
  head: string[];
  rows: string[][];
  note?: string;
}

/** 12.5m, 3.2h, 1.5d: minutes as a person reads them; "–" when there is nothing to show. */
export function formatMinutes(m: number | null): string {
  if (m === null) return '–';
  if (m < 60) return `${round1(m)}m`;
  if (m < 48 * 60) return `${round1(m / 60)}h`;
  return `${round1(m / 1440)}d`;
}

export function formatShare(r: number | null): string {
  return r === null ? '–' : `${round1(r * 100)}%`;
}

function round1(n: number): string {
  return (Math.round(n * 10) / 10).toFixed(1).replace(/\.0$/, '');
}

/** The report as tables, in reading order: what needs doing first, then how things went. */
export function reportSections(r: Report): ReportSection[] {
  return [
    {
      id: 'backlog',
      title: 'Open backlog',
      head: ['brand', 'open', 'new', 'assigned', 'overdue'],
      rows: r.backlog.map((b) => [b.brand, String(b.open), String(b.new), String(b.assigned), String(b.overdue)]),
      note: 'Open mentions of any age; overdue: older than the brand’s first-response target.',
    },
    {
      id: 'response',
      title: 'First response',
      head: ['brand', 'mentions', 'answered', 'median', 'p90', 'within SLA', 'never answered'],
      rows: r.responseTimes.map((s) => [
        s.segment === 'all' ? s.brand : `${s.brand} (${s.segment})`,
        String(s.mentions),
        String(s.answered),
        formatMinutes(s.medianMinutes),
        formatMinutes(s.p90Minutes),
        formatShare(s.withinSla),
        formatShare(s.neverAnswered),
      ]),
      note: 'From the post to its first response (a reply by the brand’s own handle, or marked responded). Ignored mentions are left out.',
    },
    {
      id: 'volume',
      title: 'Mentions per day',
      head: ['day', ...r.volumeByDay.map((v) => v.brand)],
      rows: r.days.map((d, i) => [d, ...r.volumeByDay.map((v) => String(v.counts[i] ?? 0))]),
    },
    {
      id: 'sentiment',
      title: 'Sentiment',
      head: ['brand', 'negative', 'neutral', 'positive', 'total', 'untagged'],
      rows: r.bySentiment.map((s, i) => [
        s.brand,
        String(s.negative),
        String(s.neutral),
        String(s.positive),
        String(s.total),
        formatShare(r.untagged[i]?.share ?? null),
      ]),
    },
    {
      id: 'trend',
      title: 'Sentiment trend',
      head: ['day', 'negative', 'neutral', 'positive', 'net'],
      rows: r.sentimentTrend.map((t) => [t.day, String(t.negative), String(t.neutral), String(t.positive), t.net === null ? '–' : t.net.toFixed(2)]),
      note: 'net = (positive − negative) / mentions, own brands together.',
    },
    {
      id: 'voice',
      title: 'Share of voice',
      head: ['brand', 'mentions', 'share'],
      rows: r.shareOfVoice.map((v) => [v.competitor ? `${v.brand} (competitor)` : v.brand, String(v.count), formatShare(v.share)]),
    },
    {
      id: 'sources',
      title: 'By source',
      head: ['brand', 'source', 'channel', 'mentions'],
      rows: r.bySource.map((s) => [s.brand, s.source, s.channel, String(s.count)]),
    },
    {
      id: 'authors',
      title: 'Top authors by reach',
      head: ['author', 'followers', 'mentions'],
      rows: r.topAuthors.map((a) => [a.author, a.followers === null ? '–' : String(a.followers), String(a.mentions)]),
    },
    {
      id: 'overdue',
      title: 'Oldest overdue',
      head: ['id', 'brand', 'age', 'author', 'text'],
      rows: r.overdue.map((o) => [String(o.id), o.brand, formatMinutes(o.ageMinutes), o.author ?? '', o.text]),
    },
  ];
}
