import type { Statement } from 'better-sqlite3';
import type { HandleIndex } from '../triage/brand-handles.js';
import type { Cursor, Post, ScoredMention } from '../types.js';
import { createReplyLinker } from './link-replies.js';
import { pendingTotals, type PendingTotals } from './mention-totals.js';
import type { Db } from './open-db.js';

/** One source's share of a scan: what it fetched and the cursor to store with it. */
export interface SourceBatch {
  source: string;
  items: { post: Post; mentions: ScoredMention[] }[];
  /** Undefined leaves the stored cursor alone (imports have none). */
  cursor?: Cursor | null;
}

export interface SourceFailure {
  source: string;
  error: string;
}

export interface SaveScanInput {
  batches: SourceBatch[];
  failures: SourceFailure[];
  startedAt: string;
  at: string;
  /** Brands' own handles: their replies mark the mentions they answer responded. */
  handles?: HandleIndex;
  /** Each source's identity (renamed-sources.ts), kept with its state. */
  identities?: ReadonlyMap<string, string>;
}

export interface SavedCounts {
  newPosts: number;
  newMentions: ScoredMention[];
  /** The ids the new mentions took: from `from`, up to but not including `to`. */
  newMentionIds: { from: number; to: number };
  /** The native ids of posts not stored because their source already had them. */
  skippedIds: string[];
}

/**
 * Stores a whole scan in one transaction: posts, mentions, cursors and source health advance
 * together, so a scan that dies leaves the database exactly as it was. Posts already stored
 * (same source and id) are skipped with their mentions: re-running a scan adds nothing.
 */
export function saveScan(db: Db, input: SaveScanInput): SavedCounts {
  const run = db.transaction((): SavedCounts => {
    const saved = saveBatches(db, input.batches, input.at, input.handles);
    const identity = (source: string) => input.identities?.get(source) ?? null;
    const cursorStmt = db.prepare(
      `INSERT INTO source_state (source, cursor, last_success_at, identity) VALUES (?, ?, ?, ?)
       ON CONFLICT (source) DO UPDATE SET cursor = excluded.cursor, last_success_at = excluded.last_success_at,
         identity = COALESCE(excluded.identity, identity)`,
    );
    const successStmt = db.prepare(
      `INSERT INTO source_state (source, last_success_at, identity) VALUES (?, ?, ?)
       ON CONFLICT (source) DO UPDATE SET last_success_at = excluded.last_success_at, identity = COALESCE(excluded.identity, identity)`,
    );
    for (const b of input.batches) {
      if (b.cursor === undefined) successStmt.run(b.source, input.at, identity(b.source));
      else cursorStmt.run(b.source, b.cursor === null ? null : JSON.stringify(b.cursor), input.at, identity(b.source));
    }
    const failStmt = db.prepare(
      `INSERT INTO source_state (source, last_error, last_error_at, identity) VALUES (?, ?, ?, ?)
       ON CONFLICT (source) DO UPDATE SET last_error = excluded.last_error, last_error_at = excluded.last_error_at,
         identity = COALESCE(excluded.identity, identity)`,
    );
    for (const f of input.failures) failStmt.run(f.source, f.error, input.at, identity(f.source));
    db.prepare(
      `INSERT INTO scans (started_at, finished_at, fetched, new_posts, new_mentions, failures) VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(
      input.startedAt,
      input.at,
      input.batches.reduce((n, b) => n + b.items.length, 0),
      saved.newPosts,
      saved.newMentions.length,
      input.failures.length,
    );
    return saved;
  });
  // IMMEDIATE: take the write lock before reading, so overlapping runs queue instead of failing mid-way.
  return run.immediate();
}

/**
 * Inserts posts and their mentions, linking brand replies; the caller owns the transaction. New
 * mentions are added to the running totals before returning, or, given the caller's `totals`,
 * when the caller flushes them (once per transaction, before it commits).
 */
export function saveBatches(
  db: Db,
  batches: SourceBatch[],
  at: string,
  handles: HandleIndex = new Map(),
  pending?: PendingTotals,
): SavedCounts {
  const totals = pending ?? pendingTotals(db);
  const linker = createReplyLinker(db, handles, totals);
  // Positional parameters: binding an object by name costs a third more per row.
  const insertPost = db.prepare(
    `INSERT INTO posts (source, native_id, channel, created_at, fetched_at, author, author_followers,
       engagement, language, reply_to, url, title, text)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (source, native_id) DO NOTHING`,
  );
  const insertMention = db.prepare(
    `INSERT INTO mentions (id, post_pk, brand, competitor, match_kind, variant, matched, span_start, span_end,
       distance, tagged, sentiment, sentiment_score, priority, created_at, found_at, source, channel, author, author_followers)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (post_pk, brand) DO NOTHING`,
  );
  // Prepared when first needed: few posts have other ids.
  let insertAlias: Statement | undefined;
  /** The aliases not known before, now stored. */
  const addAliases = (source: string, pk: number, aliases: readonly string[]): string[] => {
    insertAlias ??= db.prepare(`INSERT INTO post_aliases (source, native_id, post_pk) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`);
    return aliases.filter((alias) => insertAlias!.run(source, alias, pk).changes > 0);
  };
  const ids = mentionIds(db);
  const firstId = ids.peek();
  let newPosts = 0;
  const newMentions: ScoredMention[] = [];
  const skippedIds: string[] = [];
  for (const batch of batches) {
    for (const { post, mentions } of batch.items) {
      const res = insertPost.run(
        batch.source,
        post.id,
        post.channel,
        post.createdAt,
        at,
        post.author ?? null,
        post.authorFollowers ?? null,
        post.engagement ?? null,
        post.language ?? null,
        post.replyTo ?? null,
        post.url ?? null,
        post.title ?? null,
        post.text,
      );
      if (res.changes === 0) {
        skippedIds.push(post.id);
        // An edit of a post stored before: replies to the edit answer the stored post.
        if (post.aliases?.length) {
          const pk = db.prepare(`SELECT pk FROM posts WHERE source = ? AND native_id = ?`).pluck().get(batch.source, post.id) as number;
          const added = addAliases(batch.source, pk, post.aliases);
          if (added.length > 0) {
            const brands = db.prepare(`SELECT brand FROM mentions WHERE post_pk = ?`).pluck().all(pk) as string[];
            linker.link({ pk, source: batch.source, ids: added, author: post.author ?? null, createdAt: post.createdAt, replyTo: null, brands });
          }
        }
        continue;
      }
      newPosts++;
      const brands: string[] = [];
      for (const m of mentions) {
        const r = insertMention.run(
          ids.peek(),
          res.lastInsertRowid,
          m.brand,
          m.competitor ? 1 : 0,
          m.kind,
          m.variant,
          m.matched,
          m.start,
          m.end,
          m.distance,
          m.tagged ? 1 : 0,
          m.sentiment,
          m.sentimentScore,
          m.priority,
          post.createdAt,
          at,
          batch.source,
          post.channel,
          post.author ?? null,
          post.authorFollowers ?? null,
        );
        if (r.changes > 0) {
          ids.taken();
          newMentions.push(m);
          brands.push(m.brand);
        }
      }
      const pk = Number(res.lastInsertRowid);
      const aliases = post.aliases?.length ? addAliases(batch.source, pk, post.aliases) : [];
      linker.link({
        pk,
        source: batch.source,
        ids: [post.id, ...aliases],
        author: post.author ?? null,
        createdAt: post.createdAt,
        replyTo: post.replyTo ?? null,
        brands,
      });
    }
  }
  if (!pending) totals.flush();
  return { newPosts, newMentions, newMentionIds: { from: firstId, to: ids.peek() }, skippedIds };
}

/**
 * Ids for new mentions, given explicitly: one past the largest ever given, removed mentions
 * included (migration 14), since SQLite alone would reuse the ids of removed newest mentions. The
 * caller holds the write lock, so nobody takes one meanwhile.
 */
export function mentionIds(db: Db): { peek(): number; taken(): void } {
  let next =
    (db.prepare(`SELECT MAX(COALESCE((SELECT MAX(id) FROM mentions), 0), COALESCE((SELECT MAX(id) FROM removed_mentions), 0))`).pluck().get() as number) + 1;
  return {
    peek: () => next,
    taken: () => {
      next++;
    },
  };
}

/** Each source with a stored state, and the identity it was last scanned with (null before schema 17). */
export function loadIdentities(db: Db): Map<string, string | null> {
  const rows = db.prepare(`SELECT source, identity FROM source_state`).raw().all() as [string, string | null][];
  return new Map(rows);
}

export function loadCursors(db: Db): Map<string, Cursor | null> {
  const rows = db.prepare(`SELECT source, cursor FROM source_state`).all() as { source: string; cursor: string | null }[];
  return new Map(rows.map((r) => [r.source, r.cursor ? (JSON.parse(r.cursor) as Cursor) : null]));
}
