import { linkStoredReplies } from '../store/link-replies.js';
import { pendingTotals, type PendingTotals } from '../store/mention-totals.js';
import { mentionIds } from '../store/save-scan.js';
import type { Db } from '../store/open-db.js';
import type { HandleIndex } from '../triage/brand-handles.js';
import type { Channel, Post, ScoredMention } from '../types.js';
import type { AnalyzedPost } from './analyze.js';
import { MAX_WAITING_CHARS, type ChunkAnalyzer } from './chunk-analyzer.js';

/** A stored post's columns as PostRow holds them. */
const POST_COLUMNS = 'pk, source, native_id, channel, created_at, author, author_followers, language, text, title';

/** Posts read and re-matched per page: bounded memory over millions of stored posts. */
const PAGE_POSTS = 5_000;

export interface RematchInput {
  db: Db;
  analyzer: ChunkAnalyzer;
  at: string;
  /** Only these brands' mentions change; others are left alone. */
  brands?: string[];
  dryRun?: boolean;
  /** Brands' own handles now: their stored replies close what they answered. */
  handles?: HandleIndex;
}

export interface RematchResult {
  posts: number;
  added: number;
  removed: number;
  changed: number;
  /** Mentions closed by a stored reply from a brand's own account (handles added since). */
  responded: number;
}

/** A stored post's columns, in the order `page` selects them: rows as arrays cost half as much to read. */
type PostRow = [
  pk: number,
  source: string,
  nativeId: string,
  channel: Channel,
  createdAt: string,
  author: string | null,
  authorFollowers: number | null,
  language: string | null,
  text: string,
  /** A mail's subject: a reply's is left out of its sentiment. */
  title: string | null,
];

interface StoredMention {
  post_pk: number;
  id: number;
  brand: string;
  competitor: number;
  verdict: string | null;
  match_kind: string;
  variant: string;
  matched: string;
  span_start: number;
  span_end: number;
  distance: number;
  tagged: number;
  sentiment: string;
  sentiment_score: number;
  priority: number;
}

/**
 * Re-applies the current rules to every stored post, in one transaction, so history follows the
 * rules. A mention that still matches keeps its id, status and verdict; one that no longer
 * matches is removed unless a person confirmed it relevant; a new one takes any verdict, status
 * and assignee recorded earlier for that post and brand.
 */
export async function rematch({ db, analyzer, at, brands, dryRun = false, handles = new Map() }: RematchInput): Promise<RematchResult> {
  const only = brands?.length ? new Set(brands.map((b) => b.toLowerCase())) : null;
  const inScope = (brand: string) => !only || only.has(brand.toLowerCase());
  const page = db.prepare(`SELECT ${POST_COLUMNS} FROM posts WHERE pk > ? ORDER BY pk LIMIT ?`).raw();
  // A page's stored mentions in one read: a query per post cost more than matching most posts.
  const existing = db.prepare(
    `SELECT post_pk, id, brand, competitor, verdict, match_kind, variant, matched, span_start, span_end, distance, tagged, sentiment,
            sentiment_score, priority FROM mentions WHERE post_pk > ? AND post_pk <= ?`,
  );
  const insert = db.prepare(
    `INSERT INTO mentions (id, post_pk, brand, competitor, match_kind, variant, matched, span_start, span_end, distance,
       tagged, sentiment, sentiment_score, priority, created_at, found_at, status, verdict, assigned_to, source, channel,
       author, author_followers, first_response_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
       (SELECT MIN(at) FROM mention_events WHERE post_pk = ? AND brand = ? AND action = 'status' AND value = 'responded'))`,
  );
  // A mention a rule took away and gives back keeps its id: ids in notes and webhooks stay right.
  const removedId = db.prepare(`SELECT id FROM removed_mentions WHERE post_pk = ? AND brand = ?`).pluck();
  const forget = db.prepare(`DELETE FROM removed_mentions WHERE id = ?`);
  const update = db.prepare(
    `UPDATE mentions SET competitor = ?, match_kind = ?, variant = ?, matched = ?, span_start = ?, span_end = ?,
       distance = ?, tagged = ?, sentiment = ?, sentiment_score = ?, priority = ? WHERE id = ?`,
  );
  const remove = db.prepare(`DELETE FROM mentions WHERE id = ?`);
  const lastEvent = db.prepare(
    `SELECT value FROM mention_events WHERE post_pk = ? AND brand = ? AND action = ? ORDER BY at DESC, id DESC LIMIT 1`,
  );
  const setLanguage = db.prepare(`UPDATE posts SET language = ? WHERE pk = ? AND language IS NULL`);
  // Posts stored before texts were cleaned: the new spans point into the cleaned text.
  const setText = db.prepare(`UPDATE posts SET text = ? WHERE pk = ?`);
  const moveSpan = db.prepare(`UPDATE mentions SET matched = ?, span_start = ?, span_end = ? WHERE id = ?`);

  const result: RematchResult = { posts: 0, added: 0, removed: 0, changed: 0, responded: 0 };
  // Only mentions stored before are updated or removed below: the new ones are counted at the end.
  let totals: PendingTotals | undefined;
  let ids: ReturnType<typeof mentionIds> | undefined;

  /** One page's posts analysed, compared with what is stored for them, and the differences written. */
  const apply = (rows: PostRow[], analyzed: AnalyzedPost[]) => {
    const first = rows[0]![0];
    const last = rows[rows.length - 1]![0];
    const storedOf = new Map<number, StoredMention[]>();
    for (const m of existing.all(first - 1, last) as StoredMention[]) {
      const list = storedOf.get(m.post_pk);
      if (list) list.push(m);
      else storedOf.set(m.post_pk, [m]);
    }
    for (let i = 0; i < rows.length; i++) {
      const [pk, source, , channel, createdAt, author, authorFollowers, language, text] = rows[i]!;
      const { post, mentions } = analyzed[i]!;
      result.posts++;
      const stored = new Map((storedOf.get(pk) ?? []).map((m) => [m.brand, m]));
      const fresh = new Map(mentions.filter((m) => inScope(m.brand)).map((m) => [m.brand, m]));
      for (const [brand, m] of fresh) {
        const old = stored.get(brand);
        if (!old) {
          result.added++;
          if (dryRun) continue;
          const verdict = (lastEvent.get(pk, brand, 'verdict') as { value: string } | undefined)?.value ?? null;
          const status = (lastEvent.get(pk, brand, 'status') as { value: string } | undefined)?.value ?? 'open';
          const assigned = (lastEvent.get(pk, brand, 'assign') as { value: string | null } | undefined)?.value ?? null;
          const before = removedId.get(pk, brand) as number | undefined;
          insert.run(before ?? ids!.peek(), pk, brand, m.competitor ? 1 : 0, ...matchFields(m), createdAt, at, status, verdict, assigned, source, channel, author, authorFollowers, pk, brand);
          if (before === undefined) ids!.taken();
          else {
            forget.run(before);
            totals!.addRestored(before);
          }
        } else if (differs(old, m)) {
          result.changed++;
          if (!dryRun) update.run(m.competitor ? 1 : 0, ...matchFields(m), old.id);
        }
      }
      // A cleaned text moves the spans of every mention on the post, in scope or not.
      if (!dryRun && post.text !== text) {
        for (const m of mentions) {
          const old = stored.get(m.brand);
          if (old && !inScope(m.brand)) moveSpan.run(m.matched, m.start, m.end, old.id);
        }
      }
      for (const [brand, old] of stored) {
        if (!inScope(brand) || fresh.has(brand) || old.verdict === 'relevant') continue;
        result.removed++;
        if (!dryRun) remove.run(old.id);
      }
      if (!dryRun && post.language && !language) setLanguage.run(post.language, pk);
      if (!dryRun && post.text !== text) setText.run(post.text, pk);
    }
  };

  const toPost = ([, source, id, channel, createdAt, author, authorFollowers, language, text, title]: PostRow): Post => ({ source, id, channel, createdAt, author, authorFollowers, language, text, title });
  // The analyzers start (rules, spell checker, language detector, workers) before the write lock
  // is taken, on a post that needs the detector if one does: a scan waiting for the lock does not
  // wait for them too.
  const sample = (db.prepare(`SELECT ${POST_COLUMNS} FROM posts WHERE language IS NULL LIMIT 1`).raw().get() ??
    db.prepare(`SELECT ${POST_COLUMNS} FROM posts LIMIT 1`).raw().get()) as PostRow | undefined;
  const pages = db.prepare('SELECT 1 FROM posts ORDER BY pk LIMIT 1 OFFSET ?').get(PAGE_POSTS) !== undefined;
  if (sample) await analyzer.analyze([toPost(sample)], pages);

  // One transaction, held while pages are analysed (in worker threads with --jobs): all of it
  // commits, or none. Pages are read ahead of the one being written, and written in order.
  db.exec('BEGIN IMMEDIATE');
  try {
    totals = pendingTotals(db);
    ids = mentionIds(db);
    const pending: { rows: PostRow[]; items: Promise<AnalyzedPost[]>; chars: number }[] = [];
    let pendingChars = 0;
    for (let after = 0; ; ) {
      const rows = page.all(after, PAGE_POSTS) as PostRow[];
      if (rows.length > 0) {
        after = rows[rows.length - 1]![0];
        const items = analyzer.analyze(rows.map(toPost), rows.length === PAGE_POSTS);
        // Awaited in turn below; one that fails meanwhile is thrown there, not as unhandled.
        items.catch(() => {});
        const chars = rows.reduce((n, r) => n + r[8].length, 0);
        pending.push({ rows, items, chars });
        pendingChars += chars;
      }
      const waiting = rows.length > 0 ? analyzer.depth : 0;
      while (pending.length > waiting || (pending.length > 1 && pendingChars > MAX_WAITING_CHARS)) {
        const next = pending.shift()!;
        pendingChars -= next.chars;
        apply(next.rows, await next.items);
      }
      if (rows.length === 0) break;
    }
    // The mentions as they now stand answered by replies stored earlier, as a scan links them;
    // a dry run links them too, to count them, and takes it back.
    if (dryRun) db.exec('SAVEPOINT rematch_dry_run');
    result.responded = linkStoredReplies(db, inScopeHandles(handles, inScope), totals);
    if (dryRun) db.exec('ROLLBACK TO rematch_dry_run; RELEASE rematch_dry_run');
    else totals.flush();
    db.exec('COMMIT');
  } catch (err) {
    // SQLite may already have rolled back (a full disk does that): only an open one is ended.
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
  return result;
}

/** The handles of the brands in scope only: rematch --brand leaves the others' mentions alone. */
function inScopeHandles(handles: HandleIndex, inScope: (brand: string) => boolean): HandleIndex {
  const kept = new Map<string, readonly string[]>();
  for (const [handle, brands] of handles) {
    const mine = brands.filter(inScope);
    if (mine.length > 0) kept.set(handle, mine);
  }
  return kept;
}

function matchFields(m: ScoredMention): (string | number)[] {
  return [m.kind, m.variant, m.matched, m.start, m.end, m.distance, m.tagged ? 1 : 0, m.sentiment, m.sentimentScore, m.priority];
}

function differs(old: StoredMention, m: ScoredMention): boolean {
  return (
    old.competitor !== (m.competitor ? 1 : 0) ||
    old.match_kind !== m.kind ||
    old.variant !== m.variant ||
    old.matched !== m.matched ||
    old.span_start !== m.start ||
    old.span_end !== m.end ||
    old.distance !== m.distance ||
    old.tagged !== (m.tagged ? 1 : 0) ||
    old.sentiment !== m.sentiment ||
    old.sentiment_score !== m.sentimentScore ||
    old.priority !== m.priority
  );
}
