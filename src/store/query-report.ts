import type { SlaTargets } from '../triage/sla.js';
import type { Channel, MentionStatus, SentimentLabel } from '../types.js';
import type { Db } from './open-db.js';
import { queryAnsweredStats } from './query-answered.js';
import { queryTopAuthors } from './query-top-authors.js';
import { type AnsweredStats, type CountRow, type DayCount, type OverdueMention, type ReportAuthor, reportable } from './report-rows.js';

export type { AnsweredStats, CountRow, DayCount, OverdueMention, ReportAuthor } from './report-rows.js';

/** What `earshot report` reads from the database: running totals and a few short lists. */
export interface ReportData {
  /** Mentions since `since`, competitors included, summed over the period (`day` empty). */
  period: CountRow[];
  /** The same mentions per day, brand and sentiment: what the report draws over time. */
  daily: DayCount[];
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

const COUNT_FIELDS = 'brand, competitor, source, channel, sentiment, tagged, status, assigned';

/**
 * Everything the report counts, from the running totals (mention_counts per day, migration 6;
 * mention_totals of all time, migration 12) wherever whole days will do, so a report over a
 * million mentions reads thousands of rows, not a million. Only the first, partial day of the
 * period, the open mentions not yet due and the listed ones are read one by one.
 * All in one read transaction: a scan committing meanwhile cannot make the figures disagree.
 */
export function queryReportData(db: Db, input: QueryReportInput): ReportData {
  return db.transaction(() => readReportData(db, input))();
}

function readReportData(db: Db, input: QueryReportInput): ReportData {
  const { since, now, targets, topAuthors = 10, overdueListed = 10 } = input;
  const wanted = input.brands?.length ? new Set(input.brands.map((b) => b.toLowerCase())) : null;
  const ownInScope = (brand: string, competitor: boolean) => !competitor && (!wanted || wanted.has(brand.toLowerCase()));

  const share = historyShare(db, since, now);
  const { period, daily } = windowCounts(db, since, share);
  const open = (
    db
      .prepare(`SELECT '' AS day, ${COUNT_FIELDS}, n FROM mention_totals WHERE status = 'open' AND competitor = 0 AND n > 0`)
      .raw()
      .all() as unknown[][]
  )
    .map(fromColumns)
    .filter((r) => ownInScope(r.brand, false));
  const own = period.filter((r) => ownInScope(r.brand, r.competitor));
  const scope = [...new Set(own.map((r) => r.brand).concat(open.map((r) => r.brand)))];

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
  // Reopened after an answer: its first response was met or missed, so it is not overdue (those
  // not yet past their target were taken off just above).
  const reopened = db
    .prepare(
      `SELECT brand, channel, created_at FROM mentions m INDEXED BY mentions_reopened
       WHERE status = 'open' AND response_ms IS NOT NULL AND competitor = 0 AND ${reportable('m')}`,
    )
    .all() as { brand: string; channel: Channel; created_at: string }[];
  for (const r of reopened) {
    if (overdueCount.has(r.brand) && isOverdue(r)) overdueCount.set(r.brand, overdueCount.get(r.brand)! - 1);
  }

  const overdue: OverdueMention[] = [];
  const oldest = db.prepare(
    `SELECT m.id, m.brand, m.channel, p.author, m.created_at FROM mentions m INDEXED BY mentions_open_age JOIN posts p ON p.pk = m.post_pk
     WHERE m.status = 'open' AND m.competitor = 0 AND m.response_ms IS NULL AND ${reportable('m')} ORDER BY m.created_at, m.id`,
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
    period,
    daily,
    open,
    overdueCount,
    overdue,
    answered: queryAnsweredStats({ db, since, targets, own }),
    topAuthors: queryTopAuthors({
      db,
      since,
      brands: scope,
      limit: topAuthors,
      periodMentions: own.reduce((n, r) => n + r.n, 0),
      periodAll: period.reduce((n, r) => n + r.n, 0),
      historyShare: share,
      narrowed: wanted !== null,
    }),
  };
}

/**
 * How much of the stored history, by time, the period covers (0–1): the first day with mentions
 * to now. It decides how the period is read: one that covers most of the history as the totals of
 * all time less the days before it (and its top authors by walking), a shorter one by date.
 */
function historyShare(db: Db, since: string, now: Date): number {
  const first = db.prepare(`SELECT day FROM mention_counts WHERE n > 0 ORDER BY day LIMIT 1`).pluck().get() as string | undefined;
  const span = first ? now.getTime() - Date.parse(`${first}T00:00:00.000Z`) : 0;
  return span > 0 ? Math.min(1, Math.max(0, (now.getTime() - Date.parse(since)) / span)) : 1;
}

/** From this share of the history on, the period's totals are all time's less the days before it. */
const WHOLE_HISTORY_SHARE = 0.5;

/**
 * Whole days after the first from the running totals; the first, partial day from the mentions.
 * SQLite sums the totals into the two shapes the report uses (a month of a hundred brands is tens
 * of thousands of rows, a few thousand once summed): per day in the order of the table's key,
 * so without a sort, and over the period.
 */
function windowCounts(db: Db, since: string, share: number): { period: CountRow[]; daily: DayCount[] } {
  const firstDay = since.slice(0, 10);
  const daily = (
    db
      .prepare(
        `SELECT day, brand, competitor, sentiment, SUM(n) FROM mention_counts WHERE day > ? AND n > 0
         GROUP BY day, brand, competitor, source, channel, sentiment`,
      )
      .raw()
      .all(firstDay) as [string, string, number, SentimentLabel, number][]
  ).map(([day, brand, competitor, sentiment, n]): DayCount => ({ day, brand, competitor: competitor === 1, sentiment, n }));
  const period = wholeDays(db, firstDay, share);
  const partial = firstDayCounts(db, firstDay, since);
  for (const r of partial) daily.push({ day: r.day, brand: r.brand, competitor: r.competitor, sentiment: r.sentiment, n: r.n });
  // The first day's rows may repeat a key of the period's: every figure is a sum, so both count.
  return { period: period.concat(partial.map((r) => ({ ...r, day: '' }))), daily };
}

/**
 * The totals of the days after `firstDay`, summed over them. A period that covers most of the
 * history is the totals of all time (mention_totals, a row per key) less the days up to its
 * first, which are then the fewer to read and sort (a month of 1M mentions, side by side:
 * 25 → 3 ms); a shorter one sums its own days.
 */
function wholeDays(db: Db, firstDay: string, share: number): CountRow[] {
  const summed = (days: string) =>
    (
      db
        .prepare(`SELECT '' AS day, ${COUNT_FIELDS}, SUM(n) FROM mention_counts WHERE ${days} AND n > 0 GROUP BY ${COUNT_FIELDS}`)
        .raw()
        .all(firstDay) as unknown[][]
    ).map(fromColumns);
  if (share < WHOLE_HISTORY_SHARE) return summed(AFTER_FIRST_DAY);
  const rows = new Map(
    (db.prepare(`SELECT '' AS day, ${COUNT_FIELDS}, n FROM mention_totals WHERE n > 0`).raw().all() as unknown[][]).map(fromColumns).map((r) => [countKey(r), r]),
  );
  for (const before of summed(UP_TO_FIRST_DAY)) {
    const r = rows.get(countKey(before));
    if (r) r.n -= before.n;
  }
  return [...rows.values()].filter((r) => r.n > 0);
}

const AFTER_FIRST_DAY = 'day > ?';
const UP_TO_FIRST_DAY = 'day <= ?';

/** The fields that make a row of the totals one group. */
const countKey = (r: CountRow) => [r.brand, r.competitor, r.source, r.channel, r.sentiment, r.tagged, r.status, r.assigned].join('\u0000');

/**
 * The first day's mentions from `since` on, read from whichever side of `since` holds fewer:
 * the mentions after it, or the day's running totals less the mentions before it. Only that
 * side is sorted and summed, at most half a day's mentions (the costliest part of a report).
 */
function firstDayCounts(db: Db, firstDay: string, since: string): CountRow[] {
  const dayStart = Date.parse(`${firstDay}T00:00:00.000Z`);
  const iso = (ms: number) => new Date(ms).toISOString();
  // The totals file a time by its UTC day, as SQLite's date() reads it, offsets included; so
  // does this. Times with an offset (±14 h at most) sort textually within 14 h of their UTC day.
  // Grouped by one key made of every field: SQLite sorts one string faster than eight columns.
  const grouped = (from: string, to: string) =>
    (
      db
        .prepare(
          `SELECT ? AS day, brand, competitor, source, channel, sentiment, tagged, status, assigned_to IS NOT NULL AS assigned, COUNT(*) AS n
           FROM mentions m WHERE created_at >= ? AND created_at < ? AND COALESCE(date(created_at), substr(created_at, 1, 10)) = ?
             AND ${reportable('m')}
           GROUP BY brand || char(0) || competitor || char(0) || source || char(0) || channel || char(0) || sentiment || char(0) || tagged
             || char(0) || status || char(0) || (assigned_to IS NOT NULL)`,
        )
        .raw()
        .all(firstDay, from, to, firstDay) as unknown[][]
    ).map(fromColumns);
  const between = db.prepare(`SELECT COUNT(*) FROM mentions WHERE created_at >= ? AND created_at < ?`).pluck();
  const dayEnd = dayStart + 86_400_000;
  const margin = 15 * 3_600_000;
  const after = between.get(since, iso(dayEnd)) as number;
  if (after <= (between.get(iso(dayStart), since) as number)) return grouped(since, iso(dayEnd + margin));
  // The day's totals less what came before `since`.
  const rows = new Map(
    (db.prepare(`SELECT day, ${COUNT_FIELDS}, n FROM mention_counts WHERE day = ? AND n > 0`).raw().all(firstDay) as unknown[][])
      .map(fromColumns)
      .map((r) => [countKey(r), r]),
  );
  for (const before of grouped(iso(dayStart - margin), since)) {
    const r = rows.get(countKey(before));
    if (r) r.n -= before.n;
  }
  return [...rows.values()].filter((r) => r.n > 0);
}

/** A row of `day` and COUNT_FIELDS and `n`, in that order. */
function fromColumns(r: unknown[]): CountRow {
  return {
    day: r[0] as string,
    brand: r[1] as string,
    competitor: r[2] === 1,
    source: r[3] as string,
    channel: r[4] as Channel,
    sentiment: r[5] as SentimentLabel,
    tagged: r[6] === 1,
    status: r[7] as MentionStatus,
    assigned: r[8] === 1,
    n: r[9] as number,
  };
}

/** Post texts of a few mentions, by mention id. */
export function queryMentionTexts(db: Db, ids: readonly number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  const rows = db
    .prepare(`SELECT m.id, p.text FROM mentions m JOIN posts p ON p.pk = m.post_pk WHERE m.id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(ids)) as { id: number; text: string }[];
  return new Map(rows.map((r) => [r.id, r.text]));
}
