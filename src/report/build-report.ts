import type { AnsweredStats, CountRow, ReportData } from '../store/query-report.js';
import type { SentimentLabel } from '../types.js';

export interface BuildReportInput {
  /** What the database holds for the period (src/store/query-report.ts). */
  data: ReportData;
  since: string;
  now: Date;
  /**
   * Own brands to report on; all when empty. Share of voice always shows every brand. Named
   * brands are reported even without mentions in the period: as zeros, not left out.
   */
  brands?: string[];
  /** Post texts of the few mentions the report lists, by id; none when absent. */
  textsOf?: (ids: number[]) => ReadonlyMap<number, string>;
}

export interface SentimentCounts {
  negative: number;
  neutral: number;
  positive: number;
  total: number;
}

export interface ResponseStats {
  brand: string;
  segment: 'all' | 'tagged' | 'untagged';
  /** Mentions that needed an answer (not ignored). */
  mentions: number;
  answered: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
  /** Answered within the brand's target, as a share of `mentions`. */
  withinSla: number | null;
  neverAnswered: number | null;
}

export interface Report {
  generatedAt: string;
  since: string;
  brands: string[];
  days: string[];
  /** Mentions per day per own brand, aligned with `days`. */
  volumeByDay: { brand: string; counts: number[] }[];
  bySource: { brand: string; source: string; channel: string; count: number }[];
  bySentiment: ({ brand: string } & SentimentCounts)[];
  untagged: { brand: string; total: number; untagged: number; share: number | null }[];
  shareOfVoice: { brand: string; competitor: boolean; count: number; share: number | null }[];
  /** Own brands in scope together, aligned with `days`; net = (positive − negative) / total. */
  sentimentTrend: ({ day: string; net: number | null } & SentimentCounts)[];
  topAuthors: { author: string; followers: number | null; mentions: number }[];
  backlog: { brand: string; open: number; new: number; assigned: number; overdue: number }[];
  /** Oldest overdue open mentions first, for the reader to act on. */
  overdue: { id: number; brand: string; author: string | null; createdAt: string; ageMinutes: number; text: string }[];
  responseTimes: ResponseStats[];
}

const SEGMENTS = ['all', 'tagged', 'untagged'] as const;

/** Everything `earshot report` shows, from the counts the database keeps: no database, no clock, no I/O. */
export function buildReport({ data, since, now, brands = [], textsOf }: BuildReportInput): Report {
  const wanted = brands.length ? new Set(brands.map((b) => b.toLowerCase())) : null;
  const inScope = (r: { brand: string; competitor: boolean }) => !r.competitor && (!wanted || wanted.has(r.brand.toLowerCase()));
  const own = data.period.filter(inScope);
  // Days after today are left out of the days drawn: a post dated 9999 (a typo in an export)
  // made millions of them, and the report ran out of stack or memory. It still counts in the totals.
  const today = now.toISOString().slice(0, 10);
  const ownDaily = data.daily.filter((r) => inScope(r) && r.day <= today);
  const ownOpen = data.open.filter(inScope);
  const found = unique(own.map((r) => r.brand).concat(ownOpen.map((r) => r.brand)));
  const foundNames = new Set(found.map((b) => b.toLowerCase()));
  const brandNames = unique(found.concat(brands.filter((b) => !foundNames.has(b.toLowerCase())))).sort();
  const days = dayRange(ownDaily.filter((r) => r.n > 0).map((r) => r.day));

  const dayIndex = new Map(days.map((d, i) => [d, i]));
  const volume = new Map(brandNames.map((b) => [b, days.map(() => 0)]));
  const perDay = days.map((): SentimentCounts => ({ negative: 0, neutral: 0, positive: 0, total: 0 }));
  for (const r of ownDaily) {
    const i = dayIndex.get(r.day)!;
    volume.get(r.brand)![i]! += r.n;
    perDay[i]![r.sentiment] += r.n;
    perDay[i]!.total += r.n;
  }
  const bySentimentOf = new Map(brandNames.map((b): [string, SentimentCounts] => [b, { negative: 0, neutral: 0, positive: 0, total: 0 }]));
  const untaggedOf = new Map<string, number>();
  const needingAnswer = new Map<string, number>();
  const sourceCounts = new Map<string, number>();
  for (const r of own) {
    const s = bySentimentOf.get(r.brand)!;
    s[r.sentiment as SentimentLabel] += r.n;
    s.total += r.n;
    if (!r.tagged) untaggedOf.set(r.brand, (untaggedOf.get(r.brand) ?? 0) + r.n);
    if (r.status !== 'ignored') {
      for (const segment of [SEGMENTS[0], r.tagged ? SEGMENTS[1] : SEGMENTS[2]]) {
        const key = `${r.brand}\u0000${segment}`;
        needingAnswer.set(key, (needingAnswer.get(key) ?? 0) + r.n);
      }
    }
    const key = `${r.brand}\u0000${r.source}\u0000${r.channel}`;
    sourceCounts.set(key, (sourceCounts.get(key) ?? 0) + r.n);
  }
  const volumeByDay = brandNames.map((brand) => ({ brand, counts: volume.get(brand)! }));

  const bySource = [...sourceCounts]
    .map(([key, count]) => {
      const [brand = '', source = '', channel = ''] = key.split('\u0000');
      return { brand, source, channel, count };
    })
    .sort((a, b) => a.brand.localeCompare(b.brand) || b.count - a.count || a.source.localeCompare(b.source) || a.channel.localeCompare(b.channel));

  const bySentiment = brandNames.map((brand) => ({ brand, ...bySentimentOf.get(brand)! }));
  const untagged = brandNames.map((brand) => {
    const total = bySentimentOf.get(brand)!.total;
    const n = untaggedOf.get(brand) ?? 0;
    return { brand, total, untagged: n, share: ratio(n, total) };
  });

  const all = data.period.filter((r) => r.competitor || !wanted || wanted.has(r.brand.toLowerCase()));
  const voice = new Map<string, { competitor: boolean; count: number }>();
  let voiceTotal = 0;
  for (const r of all) {
    const v = voice.get(r.brand) ?? { competitor: r.competitor, count: 0 };
    v.competitor = r.competitor;
    v.count += r.n;
    voice.set(r.brand, v);
    voiceTotal += r.n;
  }
  const shareOfVoice = [...voice]
    .filter(([, v]) => v.count > 0)
    .map(([brand, v]) => ({ brand, competitor: v.competitor, count: v.count, share: ratio(v.count, voiceTotal) }))
    .sort((a, b) => b.count - a.count || a.brand.localeCompare(b.brand));

  const sentimentTrend = days.map((d, i) => {
    const c = perDay[i]!;
    return { day: d, ...c, net: c.total ? round((c.positive - c.negative) / c.total, 3) : null };
  });

  const backlog = brandNames.map((brand) => {
    const mine = ownOpen.filter((r) => r.brand === brand);
    const open = sum(mine);
    const assigned = sum(mine.filter((r) => r.assigned));
    return { brand, open, new: open - assigned, assigned, overdue: data.overdueCount.get(brand) ?? 0 };
  });
  const listed = data.overdue.filter((o) => !wanted || wanted.has(o.brand.toLowerCase()));
  const texts = textsOf?.(listed.map((o) => o.id)) ?? new Map<number, string>();
  const overdue = listed.map((o) => ({
    id: o.id,
    brand: o.brand,
    author: o.author,
    createdAt: o.created_at,
    ageMinutes: o.ageMinutes,
    text: texts.get(o.id) ?? '',
  }));

  const answered = new Map(data.answered.map((a) => [`${a.brand}\u0000${a.segment}`, a]));
  const responseTimes = brandNames.flatMap((brand) =>
    SEGMENTS.map((segment) => {
      const key = `${brand}\u0000${segment}`;
      return responseStats(brand, segment, needingAnswer.get(key) ?? 0, answered.get(key));
    }),
  );

  return {
    generatedAt: now.toISOString(),
    since,
    brands: brandNames,
    days,
    volumeByDay,
    bySource,
    bySentiment,
    untagged,
    shareOfVoice,
    sentimentTrend,
    topAuthors: data.topAuthors,
    backlog,
    overdue,
    responseTimes,
  };
}

/** First-response figures of one group of mentions; minutes to one decimal. */
function responseStats(brand: string, segment: ResponseStats['segment'], mentions: number, a: AnsweredStats | undefined): ResponseStats {
  const answered = a?.answered ?? 0;
  return {
    brand,
    segment,
    mentions,
    answered,
    medianMinutes: a ? round(a.medianMinutes, 1) : null,
    p90Minutes: a ? round(a.p90Minutes, 1) : null,
    withinSla: ratio(a?.withinSla ?? 0, mentions),
    neverAnswered: ratio(mentions - answered, mentions),
  };
}

function sum(rows: readonly CountRow[]): number {
  let n = 0;
  for (const r of rows) n += r.n;
  return n;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** Every UTC day from the first to the last, so quiet days show as zero. */
function dayRange(daysSeen: string[]): string[] {
  if (daysSeen.length === 0) return [];
  const ms = daysSeen.map((d) => Date.parse(`${d}T00:00:00.000Z`));
  const days: string[] = [];
  const first = ms.reduce((a, b) => Math.min(a, b));
  const last = ms.reduce((a, b) => Math.max(a, b));
  for (let t = first; t <= last; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

function ratio(n: number, d: number): number | null {
  return d === 0 ? null : round(n / d, 3);
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
