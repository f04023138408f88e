import type { Report, ResponseStats, SentimentCounts } from '../../src/report/build-report.js';
import type { Db } from '../../src/store/open-db.js';
import type { SlaTargets } from '../../src/triage/sla.js';
import type { Channel, MentionStatus, SentimentLabel } from '../../src/types.js';

/*
 * The report as earshot computed it before running totals (migration 6): every mention in the
 * period read back and counted in JavaScript. Slow, and plainly right: test/store/report-counts
 * checks that the totals-based report gives exactly the same answer on random databases.
 */


/**
 * One mention as the report needs it: no match details and no post text (the report lists only
 * a few texts: see queryMentionTexts), its first response time joined in.
 */
interface ReportFact {
  id: number;
  brand: string;
  competitor: boolean;
  created_at: string;
  source: string;
  channel: Channel;
  sentiment: SentimentLabel;
  tagged: boolean;
  status: MentionStatus;
  assigned_to: string | null;
  author: string | null;
  author_followers: number | null;
  first_response_at: string | null;
}

const SELECT = `
  SELECT m.id, m.brand, m.competitor, m.created_at, p.source, p.channel, m.sentiment, m.tagged, m.status,
         m.assigned_to, p.author, p.author_followers,
         (SELECT MIN(e.at) FROM mention_events e
           WHERE e.post_pk = m.post_pk AND e.brand = m.brand AND e.action = 'status' AND e.value = 'responded') AS first_response_at
  FROM mentions m JOIN posts p ON p.pk = m.post_pk
  WHERE m.verdict IS NOT 'false-positive' AND m.match_kind != 'topic'`;

/** Every mention (competitors too, false positives and topics left out) whose post is since `since`. */
export function queryReportFacts(db: Db, { since }: { since: string }): ReportFact[] {
  return (db.prepare(`${SELECT} AND m.created_at >= ? ORDER BY m.created_at, m.id`).all(since) as Record<string, unknown>[]).map(toFact);
}

/** The open backlog of own brands, however old: what the team still owes. */
export function queryOpenFacts(db: Db): ReportFact[] {
  return (db.prepare(`${SELECT} AND m.status = 'open' AND m.competitor = 0 ORDER BY m.created_at, m.id`).all() as Record<string, unknown>[]).map(toFact);
}

function toFact(r: Record<string, unknown>): ReportFact {
  return { ...(r as unknown as ReportFact), competitor: r.competitor === 1, tagged: r.tagged === 1 };
}


interface ReferenceReportInput {
  /** Mentions in the window, competitors included. */
  facts: ReportFact[];
  /** Open mentions of own brands, any age. */
  open: ReportFact[];
  since: string;
  now: Date;
  targets: SlaTargets;
  /** Own brands to report on; all when empty. Share of voice always shows every brand. */
  brands?: string[];
  topAuthors?: number;
  /** Post texts of the few mentions the report lists, by id; none when absent. */
  textsOf?: (ids: number[]) => ReadonlyMap<number, string>;
}

const OVERDUE_LISTED = 10;

/** Everything `earshot report` shows, from plain rows: no database, no clock, no I/O. */
export function referenceReport({ facts, open, since, now, targets, brands = [], topAuthors = 10, textsOf }: ReferenceReportInput): Report {
  const wanted = brands.length ? new Set(brands.map((b) => b.toLowerCase())) : null;
  const inScope = (f: ReportFact) => !f.competitor && (!wanted || wanted.has(f.brand.toLowerCase()));
  const own = facts.filter(inScope);
  const ownOpen = open.filter(inScope);
  const brandNames = unique(own.map((f) => f.brand).concat(ownOpen.map((f) => f.brand))).sort();
  const days = dayRange(own.map((f) => f.created_at));

  const dayIndex = new Map(days.map((d, i) => [d, i]));
  const volume = new Map(brandNames.map((b) => [b, days.map(() => 0)]));
  const perDay = days.map((): SentimentCounts => ({ negative: 0, neutral: 0, positive: 0, total: 0 }));
  for (const f of own) {
    const i = dayIndex.get(day(f.created_at))!;
    volume.get(f.brand)![i]!++;
    perDay[i]![f.sentiment]++;
    perDay[i]!.total++;
  }
  const volumeByDay = brandNames.map((brand) => ({ brand, counts: volume.get(brand)! }));

  const bySource = [...countBy(own, (f) => `${f.brand}\u0000${f.source}\u0000${f.channel}`)]
    .map(([key, count]) => {
      const [brand = '', source = '', channel = ''] = key.split('\u0000');
      return { brand, source, channel, count };
    })
    .sort((a, b) => a.brand.localeCompare(b.brand) || b.count - a.count || a.source.localeCompare(b.source) || a.channel.localeCompare(b.channel));

  // Grouped once: filtering every fact per brand is brands × facts, slow on a big database.
  const ownByBrand = groupBy(own, (f) => f.brand);
  const openByBrand = groupBy(ownOpen, (f) => f.brand);
  const mineOf = (groups: Map<string, ReportFact[]>, brand: string) => groups.get(brand) ?? [];
  const bySentiment = brandNames.map((brand) => ({ brand, ...sentimentCounts(mineOf(ownByBrand, brand)) }));

  const untagged = brandNames.map((brand) => {
    const mine = mineOf(ownByBrand, brand);
    const n = mine.filter((f) => !f.tagged).length;
    return { brand, total: mine.length, untagged: n, share: ratio(n, mine.length) };
  });

  const all = facts.filter((f) => f.competitor || !wanted || wanted.has(f.brand.toLowerCase()));
  const competitors = new Map(all.map((f) => [f.brand, f.competitor]));
  const shareOfVoice = [...countBy(all, (f) => f.brand)]
    .map(([brand, count]) => ({ brand, competitor: competitors.get(brand)!, count, share: ratio(count, all.length) }))
    .sort((a, b) => b.count - a.count || a.brand.localeCompare(b.brand));

  const sentimentTrend = days.map((d, i) => {
    const c = perDay[i]!;
    return { day: d, ...c, net: c.total ? round((c.positive - c.negative) / c.total, 3) : null };
  });

  const authors = new Map<string, { author: string; followers: number | null; mentions: number }>();
  for (const f of own) {
    if (!f.author) continue;
    const a = authors.get(f.author) ?? { author: f.author, followers: null, mentions: 0 };
    a.mentions++;
    if (f.author_followers !== null && (a.followers === null || f.author_followers > a.followers)) a.followers = f.author_followers;
    authors.set(f.author, a);
  }
  const top = [...authors.values()]
    .sort((a, b) => (b.followers ?? -1) - (a.followers ?? -1) || b.mentions - a.mentions || a.author.localeCompare(b.author))
    .slice(0, topAuthors);

  const ageOf = (f: ReportFact) => (now.getTime() - Date.parse(f.created_at)) / 60_000;
  // The target is for the first response: a mention answered and reopened is never overdue.
  const isOverdue = (f: ReportFact) => f.first_response_at === null && ageOf(f) > targets(f.brand, f.channel);
  const backlog = brandNames.map((brand) => {
    const mine = mineOf(openByBrand, brand);
    return {
      brand,
      open: mine.length,
      new: mine.filter((f) => !f.assigned_to).length,
      assigned: mine.filter((f) => f.assigned_to).length,
      overdue: mine.filter(isOverdue).length,
    };
  });
  const oldestOverdue = ownOpen.filter(isOverdue).slice(0, OVERDUE_LISTED);
  const texts = textsOf?.(oldestOverdue.map((f) => f.id)) ?? new Map<number, string>();
  const overdue = oldestOverdue.map((f) => ({
    id: f.id,
    brand: f.brand,
    author: f.author,
    createdAt: f.created_at,
    ageMinutes: Math.floor(ageOf(f)),
    text: texts.get(f.id) ?? '',
  }));

  const responseTimes = brandNames.flatMap((brand) => {
    const mine = mineOf(ownByBrand, brand).filter((f) => f.status !== 'ignored');
    return [
      responseStats(brand, 'all', mine, targets),
      responseStats(brand, 'tagged', mine.filter((f) => f.tagged), targets),
      responseStats(brand, 'untagged', mine.filter((f) => !f.tagged), targets),
    ];
  });

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
    topAuthors: top,
    backlog,
    overdue,
    responseTimes,
  };
}

/** First-response figures of one group of mentions; minutes to one decimal. */
function responseStats(brand: string, segment: ResponseStats['segment'], mentions: ReportFact[], targets: SlaTargets): ResponseStats {
  const answered = mentions.filter((f) => f.first_response_at !== null);
  const minutes = answered.map((f) => Math.max(0, (Date.parse(f.first_response_at!) - Date.parse(f.created_at)) / 60_000));
  const within = answered.filter((f, i) => minutes[i]! <= targets(f.brand, f.channel)).length;
  const med = median(minutes);
  const p90 = percentile(minutes, 0.9);
  return {
    brand,
    segment,
    mentions: mentions.length,
    answered: answered.length,
    medianMinutes: med === null ? null : round(med, 1),
    p90Minutes: p90 === null ? null : round(p90, 1),
    withinSla: ratio(within, mentions.length),
    neverAnswered: ratio(mentions.length - answered.length, mentions.length),
  };
}

/** The middle value; the mean of the two middle ones for an even count. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile: the smallest value with at least p of the values at or below it. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(p * s.length) - 1)]!;
}

function sentimentCounts(facts: ReportFact[]): SentimentCounts {
  const c: SentimentCounts = { negative: 0, neutral: 0, positive: 0, total: facts.length };
  for (const f of facts) c[f.sentiment as SentimentLabel]++;
  return c;
}

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = m.get(k);
    if (list) list.push(item);
    else m.set(k, [item]);
  }
  return m;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** The UTC day; stored times are canonical ISO in UTC, so most need no Date. */
function day(iso: string): string {
  return iso.length === 24 && iso.endsWith('Z') ? iso.slice(0, 10) : new Date(iso).toISOString().slice(0, 10);
}

/** Every UTC day from the first mention to the last, so quiet days show as zero. */
function dayRange(times: string[]): string[] {
  if (times.length === 0) return [];
  const ms = times.map((t) => Date.parse(day(t)));
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
