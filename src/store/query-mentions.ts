import type { Channel, MatchKind, MentionStatus, SentimentLabel } from '../types.js';
import type { Db } from './open-db.js';

/** A stored mention joined with its post: one row of `list`, `export` and `show`. */
export interface MentionRow {
  id: number;
  created_at: string;
  source: string;
  channel: Channel;
  brand: string;
  competitor: boolean;
  match_kind: MatchKind;
  variant: string;
  matched: string;
  span_start: number;
  span_end: number;
  distance: number;
  tagged: boolean;
  sentiment: SentimentLabel;
  sentiment_score: number;
  language: string | null;
  priority: number;
  status: MentionStatus;
  author: string | null;
  author_followers: number | null;
  url: string | null;
  title: string | null;
  text: string;
  native_id: string;
  found_at: string;
  verdict: 'relevant' | 'false-positive' | null;
  assigned_to: string | null;
}

export interface MentionFilter {
  brands?: string[];
  sentiments?: SentimentLabel[];
  tagged?: boolean;
  sources?: string[];
  /** ISO-8601 UTC; mentions whose post is at least this recent. */
  since?: string;
  /** Include competitors, mentions no longer open and those marked false positives. */
  all?: boolean;
  limit?: number;
  order: 'priority' | 'id';
}

const SELECT = `
  SELECT m.id, m.created_at, p.source, p.channel, m.brand, m.competitor, m.match_kind, m.variant,
         m.matched, m.span_start, m.span_end, m.distance, m.tagged, m.sentiment, m.sentiment_score,
         p.language, m.priority, m.status, p.author, p.author_followers, p.url, p.title, p.text,
         p.native_id, m.found_at, m.verdict, m.assigned_to
  FROM mentions m JOIN posts p ON p.pk = m.post_pk`;

/** Mentions matching the filter; parameters only, never interpolated text. */
export function queryMentions(db: Db, f: MentionFilter): MentionRow[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (!f.all) where.push(`m.status = 'open' AND m.competitor = 0 AND m.verdict IS NOT 'false-positive'`);
  if (f.brands?.length) {
    where.push(`m.brand COLLATE NOCASE IN (${f.brands.map(() => "?").join(",")})`);
    params.push(...f.brands);
  }
  if (f.sentiments?.length) {
    where.push(`m.sentiment IN (${f.sentiments.map(() => '?').join(',')})`);
    params.push(...f.sentiments);
  }
  if (f.tagged !== undefined) {
    where.push(`m.tagged = ?`);
    params.push(f.tagged ? 1 : 0);
  }
  if (f.sources?.length) {
    where.push(`p.source IN (${f.sources.map(() => '?').join(',')})`);
    params.push(...f.sources);
  }
  if (f.since) {
    where.push(`m.created_at >= ?`);
    params.push(f.since);
  }
  const order = f.order === 'priority' ? `m.priority DESC, m.created_at DESC, m.id` : `m.id`;
  const sql = `${SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order}${
    f.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(f.limit))}` : ''
  }`;
  return (db.prepare(sql).all(...params) as Record<string, unknown>[]).map(toRow);
}

export function getMention(db: Db, id: number): MentionRow | undefined {
  const row = db.prepare(`${SELECT} WHERE m.id = ?`).get(id) as Record<string, unknown> | undefined;
  return row ? toRow(row) : undefined;
}

function toRow(r: Record<string, unknown>): MentionRow {
  return { ...(r as unknown as MentionRow), competitor: r.competitor === 1, tagged: r.tagged === 1 };
}
