import { slaTargets, viewSla, type SlaState, type SlaTargets } from '../triage/sla.js';
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
  /** Time of the first 'responded' event (a person's mark or the brand's own reply). */
  first_response_at: string | null;
  age_minutes: number;
  sla_state: SlaState | null;
  first_response_minutes: number | null;
}

/** What the SLA columns are computed against. */
export interface MentionView {
  now: Date;
  targets: SlaTargets;
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
         p.native_id, m.found_at, m.verdict, m.assigned_to, m.first_response_at
  FROM mentions m JOIN posts p ON p.pk = m.post_pk`;

/** Mentions matching the filter; parameters only, never interpolated text. */
export function queryMentions(db: Db, f: MentionFilter, view: MentionView = defaultView()): MentionRow[] {
  return [...iterateMentions(db, f, view)];
}

/**
 * The same mentions one at a time, as SQLite reads them: an export of a million mentions never
 * holds them all. The caller must finish (or return from) the iteration before writing to the
 * database.
 */
export function* iterateMentions(db: Db, f: MentionFilter, view: MentionView = defaultView()): Generator<MentionRow> {
  const { sql, params } = mentionQuery(f);
  // Rows as arrays: better-sqlite3 builds an object a property at a time, which cost more than the row's SQL.
  for (const r of db.prepare(sql).raw().iterate(...params) as IterableIterator<unknown[]>) yield toRow(r, view);
}

/** The SQL behind queryMentions, apart so its query plan can be checked. */
export function mentionQuery(f: MentionFilter): { sql: string; params: unknown[] } {
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
    // By id over a recent window: the window's ids come from the created_at index alone, sorted
    // as SQLite collects them, and each row is then read in id order: no scan of every mention
    // in id order, and no sort of whole rows with their post text (~20% of an export's reading).
    where.push(f.order === 'id' ? `m.id IN (SELECT id FROM mentions WHERE created_at >= ?)` : `m.created_at >= ?`);
    params.push(f.since);
  }
  const order = f.order === 'priority' ? `m.priority DESC, m.created_at DESC, m.id` : `m.id`;
  const sql = `${SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order}${
    f.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(f.limit))}` : ''
  }`;
  return { sql, params };
}

export function getMention(db: Db, id: number, view: MentionView = defaultView()): MentionRow | undefined {
  const row = db.prepare(`${SELECT} WHERE m.id = ?`).raw().get(id) as unknown[] | undefined;
  return row ? toRow(row, view) : undefined;
}

function defaultView(): MentionView {
  return { now: new Date(), targets: slaTargets([]) };
}

/** A row of SELECT's columns, in their order, with the SLA columns computed. */
function toRow(r: unknown[], { now, targets }: MentionView): MentionRow {
  const row: MentionRow = {
    id: r[0] as number,
    created_at: r[1] as string,
    source: r[2] as string,
    channel: r[3] as Channel,
    brand: r[4] as string,
    competitor: r[5] === 1,
    match_kind: r[6] as MatchKind,
    variant: r[7] as string,
    matched: r[8] as string,
    span_start: r[9] as number,
    span_end: r[10] as number,
    distance: r[11] as number,
    tagged: r[12] === 1,
    sentiment: r[13] as SentimentLabel,
    sentiment_score: r[14] as number,
    language: r[15] as string | null,
    priority: r[16] as number,
    status: r[17] as MentionStatus,
    author: r[18] as string | null,
    author_followers: r[19] as number | null,
    url: r[20] as string | null,
    title: r[21] as string | null,
    text: r[22] as string,
    native_id: r[23] as string,
    found_at: r[24] as string,
    verdict: r[25] as MentionRow['verdict'],
    assigned_to: r[26] as string | null,
    first_response_at: r[27] as string | null,
    age_minutes: 0,
    sla_state: null,
    first_response_minutes: null,
  };
  const sla = viewSla({
    createdAt: row.created_at,
    firstResponseAt: row.first_response_at,
    status: row.status,
    competitor: row.competitor,
    falsePositive: row.verdict === 'false-positive',
    targetMinutes: targets(row.brand, row.channel),
    now,
  });
  row.age_minutes = sla.ageMinutes;
  row.sla_state = sla.slaState;
  row.first_response_minutes = sla.firstResponseMinutes;
  return row;
}
