import type { SlaTargets } from '../triage/sla.js';
import type { Channel, MentionStatus, SentimentLabel } from '../types.js';
import type { Db } from './open-db.js';

/** Reportable mentions (no false positives, no topics) that share every field but `n`. */
export interface CountRow {
  day: string;
  brand: string;
  competitor: boolean;
  source: string;
  channel: Channel;
  sentiment: SentimentLabel;
  tagged: boolean;
  status: MentionStatus;
  assigned: boolean;
  n: number;
}

/** First-response figures of one brand's answered mentions in the period (ignored ones left out). */
export interface AnsweredStats {
  brand: string;
  segment: 'all' | 'tagged' | 'untagged';
  answered: number;
  medianMinutes: number;
  /** Nearest rank. */
  p90Minutes: number;
  withinSla: number;
}

export interface OverdueMention {
  id: number;
  brand: string;
  author: string | null;
  created_at: string;
  ageMinutes: number;
}

export interface ReportAuthor {
  author: string;
  followers: number | null;
  mentions: number;
}

/** What `earshot report` reads from the database: running totals and a few short lists. */
export interface ReportData {
  /** Mentions since `since`, competitors included. */
  window: CountRow[];
  /** Open mentions of own brands in scope, however old. */
  open: CountRow[];
  /** Per brand, how many of its open mentions are past their first-response target. */
  overdueCount: Map<string, number>;
  /** The oldest overdue open mentions, oldest first. */
  overdue: OverdueMention[];
  answered: AnsweredStats[];
  topAuthors: ReportAuthor[];
}

export interface QueryReportInput {
  since: string;
  now: Date;
  targets: SlaTargets;
  /** Own brands to report on, as the user typed them (any case); all when empty. */
  brands?: readonly string[];
  topAuthors?: number;
  overdueListed?: number;
}

/** Mentions the report counts: no false positives, no topics (`m` is the table's alias). */
const reportable = (m: string) => `${m}.verdict IS NOT 'false-positive' AND ${m}.match_kind != 'topic'`;
const COUNT_FIELDS = 'brand, competitor, source, channel, sentiment, tagged, status, assigned';

/**
 * Everything the report counts, from mention_counts (migration 6) wherever whole days will do,
 * so a report over a million mentions reads thousands of rows, not a million. Only the first,
 * partial day of the period, the open mentions not yet due and the listed ones are read one by one.
 */
export function queryReportData(db: Db, input: QueryReportInput): ReportData {
  const { since, now, targets, topAuthors = 10, overdueListed = 10 } = input;
  const wanted = input.brands?.length ? new Set(input.brands.map((b) => b.toLowerCase())) : null;
  const ownInScope = (brand: string, competitor: boolean) => !competitor && (!wanted || wanted.has(brand.toLowerCase()));

  const window = windowCounts(db, since);
  const open = (
    db
      .prepare(`SELECT '' AS day, ${COUNT_FIELDS}, SUM(n) AS n FROM mention_counts WHERE status = 'open' AND competitor = 0 AND n > 0
                GROUP BY brand, source, channel, sentiment, tagged, assigned`)
      .all() as Record<string, unknown>[]
  )
    .map(toCountRow)
    .filter((r) => ownInScope(r.brand, false));
  const scope = [...new Set(window.filter((r) => ownInScope(r.brand, r.competitor)).map((r) => r.brand).concat(open.map((r) => r.brand)))];

  const ageOf = (createdAt: string) => (now.getTime() - Date.parse(createdAt)) / 60_000;
  const isOverdue = (r: { brand: string; channel: Channel; created_at: string }) => ageOf(r.created_at) > targets(r.brand, r.channel);

  // Overdue = open − not yet due; only mentions younger than the longest target can be not yet due.
  const overdueCount = new Map<string, number>();
  for (const r of open) overdueCount.set(r.brand, (overdueCount.get(r.brand) ?? 0) + r.n);
  const longest = Math.max(0, ...open.map((r) => targets(r.brand, r.channel)));
  const recent = db
    .prepare(
      `SELECT brand, channel, created_at FROM mentions m INDEXED BY mentions_open_age
       WHERE status = 'open' AND competitor = 0 AND created_at >= ? AND ${reportable('m')}`,
    )
    .all(new Date(now.getTime() - longest * 60_000 - 1).toISOString()) as { brand: string; channel: Channel; created_at: string }[];
  for (const r of recent) {
    if (overdueCount.has(r.brand) && !isOverdue(r)) overdueCount.set(r.brand, overdueCount.get(r.brand)! - 1);
  }

  const overdue: OverdueMention[] = [];
  const oldest = db.prepare(
    `SELECT m.id, m.brand, m.channel, p.author, m.created_at FROM mentions m INDEXED BY mentions_open_age JOIN posts p ON p.pk = m.post_pk
     WHERE m.status = 'open' AND m.competitor = 0 AND ${reportable('m')} ORDER BY m.created_at, m.id`,
  );
  // Oldest first; targets differ by brand and channel, so stop only where even the shortest has not passed.
  const shortest = Math.min(...open.map((r) => targets(r.brand, r.channel)));
  for (const r of oldest.iterate() as IterableIterator<{ id: number; brand: string; channel: Channel; author: string | null; created_at: string }>) {
    if (overdue.length >= overdueListed || ageOf(r.created_at) <= shortest) break;
    if (isOverdue(r) && ownInScope(r.brand, false)) {
      overdue.push({ id: r.id, brand: r.brand, author: r.author, created_at: r.created_at, ageMinutes: Math.floor(ageOf(r.created_at)) });
    }
  }

  return {
    window,
    open,
    overdueCount,
    overdue,
    answered: answeredStats(db, since, targets, window.filter((r) => ownInScope(r.brand, r.competitor))),
    topAuthors: queryTopAuthors(db, since, scope, topAuthors),
  };
}

/** Whole days after the first from the running totals; the first, partial day from the mentions. */
function windowCounts(db: Db, since: string): CountRow[] {
  const firstDay = since.slice(0, 10);
  const nextDay = new Date(Date.parse(`${firstDay}T00:00:00.000Z`) + 86_400_000).toISOString();
  const whole = db.prepare(`SELECT day, ${COUNT_FIELDS}, n FROM mention_counts WHERE day > ? AND n > 0`).all(firstDay) as Record<string, unknown>[];
  const partial = db
    .prepare(
      `SELECT ? AS day, brand, competitor, source, channel, sentiment, tagged, status, assigned_to IS NOT NULL AS assigned, COUNT(*) AS n
       FROM mentions m WHERE created_at >= ? AND created_at < ? AND ${reportable('m')}
       GROUP BY brand, competitor, source, channel, sentiment, tagged, status, assigned`,
    )
    .all(firstDay, since, nextDay) as Record<string, unknown>[];
  return partial.concat(whole).map(toCountRow);
}

function toCountRow(r: Record<string, unknown>): CountRow {
  return { ...(r as unknown as CountRow), competitor: r.competitor === 1, tagged: r.tagged === 1, assigned: r.assigned === 1 };
}

/**
 * Median, p90 (nearest rank) and answers within target, per own brand and segment, computed in
 * SQLite: the answered mentions of a busy period number in the hundreds of thousands.
 */
function answeredStats(db: Db, since: string, targets: SlaTargets, own: readonly CountRow[]): AnsweredStats[] {
  const brands = [...new Set(own.map((r) => r.brand))];
  if (brands.length === 0) return [];
  const answered = `m.first_response_at IS NOT NULL AND m.competitor = 0 AND ${reportable('m')} AND m.created_at >= ? AND m.status != 'ignored'`;
  const minutes = `max(0, round((unixepoch(m.first_response_at, 'subsec') - unixepoch(m.created_at, 'subsec')) * 1000)) / 60000.0`;

  // One pass for the counts: per brand, tagged and channel, answered within each distinct target.
  const limits = [...new Set(own.map((r) => targets(r.brand, r.channel)))];
  const counted = db
    .prepare(
      `SELECT m.brand, m.tagged, m.channel, COUNT(*) AS n, ${limits.map((_, i) => `SUM(${minutes} <= ?) AS w${i}`).join(', ')}
       FROM json_each(?) b JOIN mentions m INDEXED BY mentions_answered ON m.brand = b.value
       WHERE ${answered} GROUP BY m.brand, m.tagged, m.channel`,
    )
    .all(...limits, JSON.stringify(brands), since) as ({ brand: string; tagged: number; channel: Channel; n: number } & Record<string, number>)[];
  const totals = new Map<string, { n: number; within: number }>();
  for (const c of counted) {
    const within = c[`w${limits.indexOf(targets(c.brand, c.channel))}`] ?? 0;
    for (const segment of ['all', c.tagged ? 'tagged' : 'untagged']) {
      const key = `${c.brand}\u0000${segment}`;
      const t = totals.get(key) ?? { n: 0, within: 0 };
      t.n += c.n;
      t.within += within;
      totals.set(key, t);
    }
  }

  // SQLite's percentile_disc(Y, P) is the value at index floor(P × (n − 1)); nearest rank is at
  // ceil(0.9 × n) − 1. So each group gets the P that lands there (the half keeps the floor clear
  // of rounding), joined in brand by brand.
  const groups = [...totals].map(([key, { n }]) => {
    const rank = Math.max(1, Math.ceil(0.9 * n));
    return [...key.split('\u0000'), n === 1 ? 1 : Math.min(1, (rank - 0.5) / (n - 1))];
  });
  const spread = db
    .prepare(
      `WITH grp(brand, segment, p) AS MATERIALIZED (SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?))
       SELECT g.brand, g.segment, median(${minutes}) AS medianMinutes, percentile_disc(${minutes}, g.p) AS p90Minutes
       FROM grp g JOIN mentions m INDEXED BY mentions_answered
         ON m.brand = g.brand AND (g.segment = 'all' OR m.tagged = (g.segment = 'tagged'))
       WHERE ${answered} GROUP BY g.brand, g.segment`,
    )
    .all(JSON.stringify(groups), since) as { brand: string; segment: AnsweredStats['segment']; medianMinutes: number; p90Minutes: number }[];
  return spread.map((s) => {
    const t = totals.get(`${s.brand}\u0000${s.segment}`)!;
    return { ...s, answered: t.n, withinSla: t.within };
  });
}

/**
 * The authors with the largest reach who wrote about an own brand in the period, walking posts
 * from the most followed down; authors whose followers are unknown come after, by mentions.
 */
function queryTopAuthors(db: Db, since: string, brands: readonly string[], limit: number): ReportAuthor[] {
  if (limit <= 0 || brands.length === 0) return [];
  const inPeriod = `m.created_at >= ? AND m.competitor = 0 AND ${reportable('m')}
                    AND m.brand IN (SELECT value FROM json_each(?))`;
  const scope = JSON.stringify(brands);
  const byReach = db.prepare(
    `SELECT p.author, p.author_followers AS followers FROM posts p INDEXED BY posts_reach
     WHERE p.author IS NOT NULL AND p.author_followers IS NOT NULL
       AND EXISTS (SELECT 1 FROM mentions m WHERE m.post_pk = p.pk AND ${inPeriod})
     ORDER BY p.author_followers DESC`,
  );
  const found = new Map<string, number>();
  let last: number | null = null;
  for (const r of byReach.iterate(since, scope) as IterableIterator<{ author: string; followers: number }>) {
    // Past the limit, keep going only through ties, which mentions then order.
    if (found.size >= limit && r.followers !== last) break;
    if (!found.has(r.author)) found.set(r.author, r.followers);
    last = r.followers;
  }
  const mentionsOf = db.prepare(
    `SELECT COUNT(*) FROM posts p INDEXED BY posts_author JOIN mentions m ON m.post_pk = p.pk WHERE p.author = ? AND ${inPeriod}`,
  );
  const authors: ReportAuthor[] = [...found].map(([author, followers]) => ({
    author,
    followers,
    mentions: mentionsOf.pluck().get(author, since, scope) as number,
  }));
  if (authors.length < limit) {
    // Sources without follower counts (feeds, forums): a scan of the period, only then.
    const unknown = db
      .prepare(
        `SELECT p.author, NULL AS followers, COUNT(*) AS mentions FROM mentions m JOIN posts p ON p.pk = m.post_pk
         WHERE p.author IS NOT NULL AND ${inPeriod}
         GROUP BY p.author HAVING MAX(p.author_followers) IS NULL`,
      )
      .all(since, scope) as ReportAuthor[];
    authors.push(...unknown);
  }
  return authors
    .sort((a, b) => (b.followers ?? -1) - (a.followers ?? -1) || b.mentions - a.mentions || a.author.localeCompare(b.author))
    .slice(0, limit);
}

/** Post texts of a few mentions, by mention id. */
export function queryMentionTexts(db: Db, ids: readonly number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  const rows = db
    .prepare(`SELECT m.id, p.text FROM mentions m JOIN posts p ON p.pk = m.post_pk WHERE m.id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(ids)) as { id: number; text: string }[];
  return new Map(rows.map((r) => [r.id, r.text]));
}
