import type { Db } from './open-db.js';
import { type ReportAuthor, reportable } from './report-rows.js';

export interface QueryTopAuthorsInput {
  db: Db;
  since: string;
  /** Own brands in scope, exactly as stored. */
  brands: readonly string[];
  limit: number;
}

/**
 * The authors with the largest reach who wrote about an own brand in the period, walking posts
 * from the most followed down; authors whose followers are unknown come after, by mentions.
 */
export function queryTopAuthors({ db, since, brands, limit }: QueryTopAuthorsInput): ReportAuthor[] {
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

