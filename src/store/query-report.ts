import type { Channel, MentionStatus, SentimentLabel } from '../types.js';
import type { Db } from './open-db.js';

/**
 * One mention as the report needs it: no match details and no post text (the report lists only
 * a few texts: see queryMentionTexts), its first response time joined in.
 */
export interface ReportFact {
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

/** Post texts of a few mentions, by mention id. */
export function queryMentionTexts(db: Db, ids: readonly number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  const rows = db
    .prepare(`SELECT m.id, p.text FROM mentions m JOIN posts p ON p.pk = m.post_pk WHERE m.id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(ids)) as { id: number; text: string }[];
  return new Map(rows.map((r) => [r.id, r.text]));
}
