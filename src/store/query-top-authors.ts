import type { Db } from './open-db.js';
import { type ReportAuthor, reportable } from './report-rows.js';

export interface QueryTopAuthorsInput {
  db: Db;
  since: string;
  /** Own brands in scope, exactly as stored. */
  brands: readonly string[];
  limit: number;
  /** Own brands' mentions in the period, in scope. */
  periodMentions: number;
  /** Every reportable mention in the period, competitors too (running totals): about what a scan of the period by date reads. */
  periodAll: number;
  /** How much of the stored history, by time, the period covers (0–1). */
  historyShare: number;
  /** Whether the report is on some own brands only (--brand): their mentions may be fewer to read. */
  narrowed: boolean;
}

/** The period's own mentions in scope, as SQL on mentions `m`, and its arguments. */
interface Period {
  sql: string;
  args: unknown[];
}

/**
 * The authors with the largest reach who wrote about an own brand in the period, walking mentions
 * from the most followed author down; authors whose followers are unknown come after, by mentions.
 */
export function queryTopAuthors({ db, since, brands, limit, periodMentions, periodAll, historyShare, narrowed }: QueryTopAuthorsInput): ReportAuthor[] {
  if (limit <= 0 || brands.length === 0) return [];
  // Each mention carries its post's author and followers (migration 11), so no post is read.
  // Without --brand every own brand is in scope, and checking each mention's brand against the
  // list was a fifth of the cost of scanning a week. "+": brands are checked against the list,
  // never looked up one by one.
  const scope = JSON.stringify(brands);
  const period: Period = {
    sql: `m.created_at >= ? AND m.competitor = 0 AND ${reportable('m')}${narrowed ? ' AND +m.brand IN (SELECT value FROM json_each(?))' : ''}`,
    args: narrowed ? [since, scope] : [since],
  };
  // Walking from the most followed down meets an author of the period about once in every
  // 1 / historyShare mentions: for a short period of a long history (an hour of a year) that is
  // more than the period holds, which are then read by date instead.
  const found =
    limit / Math.max(historyShare, Number.MIN_VALUE) > periodAll
      ? scanMostFollowed(db, period, limit)
      : walkMostFollowed(db, period, limit);
  const mentionsOf = db.prepare(
    `SELECT COUNT(*) FROM mentions m INDEXED BY mentions_author WHERE m.author = ? AND ${period.sql}`,
  );
  const authors: ReportAuthor[] = [...found].map(([author, followers]) => ({
    author,
    followers,
    mentions: mentionsOf.pluck().get(author, ...period.args) as number,
  }));
  if (authors.length < limit) {
    authors.push(...topUnknownAuthors({ db, period, scope, count: limit - authors.length, periodMentions, periodAll, historyShare, narrowed }));
  }
  return authors.sort(byReach).slice(0, limit);
}

/**
 * Authors of the period by their largest follower count in it, most followed first: the first
 * `limit`, and past them those tied with the last.
 */
function walkMostFollowed(db: Db, period: Period, limit: number): Map<string, number> {
  const mostFollowed = db.prepare(
    `SELECT m.author, m.author_followers AS followers FROM mentions m INDEXED BY mentions_reach
     WHERE m.author IS NOT NULL AND m.author_followers IS NOT NULL AND ${period.sql}
     ORDER BY m.author_followers DESC`,
  );
  const found = new Map<string, number>();
  let last: number | null = null;
  for (const r of mostFollowed.iterate(...period.args) as IterableIterator<{ author: string; followers: number }>) {
    // Past the limit, keep going only through ties, which mentions then order.
    if (found.size >= limit && r.followers !== last) break;
    if (!found.has(r.author)) found.set(r.author, r.followers);
    last = r.followers;
  }
  return found;
}

/** The same authors as walkMostFollowed, from one read of the period by date. */
function scanMostFollowed(db: Db, period: Period, limit: number): Map<string, number> {
  const mostFollowed = db
    .prepare(
      `SELECT m.author, MAX(m.author_followers) AS followers FROM mentions m INDEXED BY mentions_created
       WHERE m.author IS NOT NULL AND m.author_followers IS NOT NULL AND ${period.sql}
       GROUP BY m.author ORDER BY followers DESC`,
    )
    .raw()
    .all(...period.args) as [string, number][];
  const least = mostFollowed[limit - 1]?.[1] ?? -Infinity;
  return new Map(mostFollowed.filter(([, followers]) => followers >= least));
}

/** Most followed first; authors whose followers are unknown after, by mentions, then by name. */
function byReach(a: ReportAuthor, b: ReportAuthor): number {
  return (b.followers ?? -1) - (a.followers ?? -1) || b.mentions - a.mentions || a.author.localeCompare(b.author);
}

/**
 * Counting an author's mentions reads them through an index and the table; a scan of the period
 * reads each once, in order. Past a quarter of the period's mentions, the scan is the cheaper way.
 */
const WALK_SHARE = 0.25;

/**
 * The walk stops once an author's mentions of all time fall below the last place's in the period,
 * which happens early only when the period covers most of the history. A shorter period (a day, a
 * week of a month's history) is scanned at once: by date, a day of a million mentions takes ~25 ms,
 * where a walk that gives up first took ~110 ms and a scan in author order ~400 ms.
 */
const WALK_FROM_HISTORY_SHARE = 0.5;

interface UnknownAuthorsInput {
  db: Db;
  period: Period;
  /** Own brands in scope, as a JSON array. */
  scope: string;
  count: number;
  periodMentions: number;
  periodAll: number;
  historyShare: number;
  narrowed: boolean;
}

/**
 * The `count` authors with most mentions in the period among those whose followers are unknown
 * (feeds, forums, e-mail), ties kept in name order. Authors are walked by their mentions of own
 * brands of all time (author_totals), which no period can exceed: once the next author's total
 * is below the last place's count in the period, no one further down can enter. Where that bound
 * is loose (a period that is a small part of the history, a report on one brand) the period is
 * scanned instead, by whichever way reads fewer mentions.
 */
function topUnknownAuthors(input: UnknownAuthorsInput): ReportAuthor[] {
  const { db, period, count, periodMentions, historyShare } = input;
  if (historyShare < WALK_FROM_HISTORY_SHARE) return scanUnknownAuthors(input, cheaperScan(input));
  const budget = periodMentions * WALK_SHARE;
  const inPeriodOf = db.prepare(
    `SELECT COUNT(*) AS mentions, MAX(m.author_followers) AS followers
     FROM mentions m INDEXED BY mentions_author WHERE m.author = ? AND ${period.sql}`,
  );
  const best: ReportAuthor[] = [];
  let walked = 0;
  const byTotal = db.prepare(`SELECT author, n FROM author_totals INDEXED BY author_totals_top WHERE n > 0 ORDER BY n DESC`);
  for (const { author, n } of byTotal.iterate() as IterableIterator<{ author: string; n: number }>) {
    if (best.length === count && n < best[count - 1]!.mentions) return best;
    if ((walked += n) > budget) return scanUnknownAuthors(input, input.narrowed ? cheaperScan(input) : 'by author');
    const r = inPeriodOf.get(author, ...period.args) as { mentions: number; followers: number | null };
    if (r.mentions === 0 || r.followers !== null) continue;
    best.push({ author, followers: null, mentions: r.mentions });
    best.sort(byReach);
    if (best.length > count) best.pop();
  }
  return best;
}

type ScanOrder = 'by date' | 'by brand' | 'by author';

/**
 * A report on some brands only reads their mentions of all time through mentions_brand_rank when
 * those are fewer than the period's mentions of every brand (a month of a hundred brands: one
 * brand's ~10,000 mentions against ~1,000,000).
 */
function cheaperScan({ db, scope, periodAll, narrowed }: UnknownAuthorsInput): ScanOrder {
  if (!narrowed) return 'by date';
  const brandHistory = db.prepare(`SELECT SUM(n) FROM mention_totals WHERE brand IN (SELECT value FROM json_each(?))`).pluck().get(scope) as number | null;
  return (brandHistory ?? 0) < periodAll ? 'by brand' : 'by date';
}

const SCANS: Record<ScanOrder, string> = {
  'by date': 'INDEXED BY mentions_created WHERE',
  // The index's brand is case-blind; the exact brand is checked as part of the period.
  'by brand': 'INDEXED BY mentions_brand_rank WHERE m.brand COLLATE NOCASE IN (SELECT value FROM json_each(?)) AND',
  'by author': 'INDEXED BY mentions_author WHERE',
};

/**
 * The `count` authors without follower counts with most mentions in the period. Read by date or
 * by brand, and grouped in memory; a period that holds most of the history is read in author
 * order (mentions_author), already grouped, rather than sorting most of the table.
 */
function scanUnknownAuthors({ db, period, scope, count, periodAll }: UnknownAuthorsInput, order: ScanOrder): ReportAuthor[] {
  const authors =
    order === 'by date' && periodAll <= COUNTED_IN_MEMORY
      ? countUnknownAuthors(db, period)
      : (db
          .prepare(
            `SELECT m.author, NULL AS followers, COUNT(*) AS mentions FROM mentions m ${SCANS[order]}
             m.author IS NOT NULL AND ${period.sql}
             GROUP BY m.author HAVING MAX(m.author_followers) IS NULL`,
          )
          .all(...(order === 'by brand' ? [scope, ...period.args] : period.args)) as ReportAuthor[]);
  // Only authors with at least the count-th largest number of mentions can place: a day has
  // thousands of authors, and comparing names in locale order is the costly part of sorting them.
  const least = Float64Array.from(authors, (a) => a.mentions).sort()[authors.length - count] ?? 0;
  return authors
    .filter((a) => a.mentions >= least)
    .sort(byReach)
    .slice(0, count);
}

/**
 * Up to this many mentions in the period, a scan by date counts authors in memory (about 60 B a
 * mention while counting); past it, SQLite groups them, which holds less but sorts them all.
 */
const COUNTED_IN_MEMORY = 1_000_000;

/**
 * Mentions per author in the period, for the authors none of whose mentions in it has a follower
 * count: the same as grouping by author in SQL, without sorting the period's mentions (a week of
 * 1M mentions: ~50 of a report's ~290 ms). SQLite hands the authors over as two JSON arrays,
 * every mention's author without followers and, once each, the authors with them.
 */
function countUnknownAuthors(db: Db, period: Period): ReportAuthor[] {
  const [unknown, known] = db
    .prepare(
      `SELECT json_group_array(m.author) FILTER (WHERE m.author_followers IS NULL),
              json_group_array(DISTINCT m.author) FILTER (WHERE m.author_followers IS NOT NULL)
       FROM mentions m INDEXED BY mentions_created WHERE m.author IS NOT NULL AND ${period.sql}`,
    )
    .raw()
    .get(...period.args) as [string, string];
  const counts = new Map<string, number>();
  for (const author of JSON.parse(unknown) as string[]) counts.set(author, (counts.get(author) ?? 0) + 1);
  for (const author of JSON.parse(known) as string[]) counts.delete(author);
  return Array.from(counts, ([author, mentions]) => ({ author, followers: null, mentions }));
}
