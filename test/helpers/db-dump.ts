import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';

/** What a database holds, minus the times a run stamps on rows: equal for equal content. */
export interface CanonicalDump {
  posts: number;
  mentions: number;
  /** sha256 of every post, ordered by source and native id, without pk and fetched_at. */
  postsHash: string;
  /** sha256 of every mention keyed by its post's source and native id and the brand, without found_at. */
  mentionsHash: string;
  /** sha256 of the report's running totals (empty rows left out: a deleted mention may leave one). */
  countsHash: string;
  /** source_state without the times of the last success and error. */
  sourceState: { source: string; cursor: string | null; last_error: string | null }[];
  duplicatePosts: number;
  duplicateMentions: number;
  integrity: string;
}

/** Reads a database file (read-only) into a dump two runs can be compared by. */
export function canonicalDump(path: string): CanonicalDump {
  const db = new Database(path, { readonly: true });
  try {
    const hashRows = (sql: string): string => {
      const h = createHash('sha256');
      for (const row of db.prepare(sql).raw().iterate()) h.update(JSON.stringify(row) + '\n');
      return h.digest('hex');
    };
    return {
      posts: db.prepare('SELECT COUNT(*) FROM posts').pluck().get() as number,
      mentions: db.prepare('SELECT COUNT(*) FROM mentions').pluck().get() as number,
      postsHash: hashRows(
        `SELECT source, native_id, channel, created_at, author, author_followers, engagement, language, reply_to, url, title, text
         FROM posts ORDER BY source, native_id`,
      ),
      mentionsHash: hashRows(
        `SELECT p.source, p.native_id, m.brand, m.competitor, m.match_kind, m.variant, m.matched, m.span_start, m.span_end,
           m.distance, m.tagged, m.sentiment, m.sentiment_score, m.priority, m.status, m.created_at, m.source, m.channel,
           m.first_response_at
         FROM mentions m JOIN posts p ON p.pk = m.post_pk ORDER BY p.source, p.native_id, m.brand`,
      ),
      countsHash: hashRows(`SELECT * FROM mention_counts WHERE n > 0 ORDER BY day, brand, competitor, source, channel, sentiment, tagged, status, assigned`),
      sourceState: db.prepare('SELECT source, cursor, last_error FROM source_state ORDER BY source').all() as CanonicalDump['sourceState'],
      duplicatePosts: db
        .prepare('SELECT COUNT(*) FROM (SELECT 1 FROM posts GROUP BY source, native_id HAVING COUNT(*) > 1)')
        .pluck()
        .get() as number,
      duplicateMentions: db
        .prepare('SELECT COUNT(*) FROM (SELECT 1 FROM mentions GROUP BY post_pk, brand HAVING COUNT(*) > 1)')
        .pluck()
        .get() as number,
      integrity: db.pragma('integrity_check', { simple: true }) as string,
    };
  } finally {
    db.close();
  }
}
