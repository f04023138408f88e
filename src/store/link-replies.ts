import { brandsOwning, foldHandle, type HandleIndex } from '../triage/brand-handles.js';
import type { PendingTotals } from './mention-totals.js';
import type { Db } from './open-db.js';

/** A post just stored, as the reply linker needs it. */
export interface StoredPost {
  pk: number;
  source: string;
  /** The ids a reply may name it by that are new here: its own when it is new, an edit's (aliases). */
  ids: readonly string[];
  author: string | null;
  createdAt: string;
  replyTo: string | null;
  /** Brands of the mentions stored with it. */
  brands: readonly string[];
}

export interface ReplyLinker {
  /** Call once per newly stored post, inside the caller's transaction; returns mentions marked. */
  link(post: StoredPost): number;
}

/**
 * Marks a mention responded when the brand's own account replied to its post. Each pair is seen
 * once, when the later of the two is stored: a reply to a post stored earlier finds the post;
 * a post whose reply was stored earlier (a later page, the same file further up) finds the reply.
 * Replies are looked up within the same source, where native ids are unique; a post's other ids
 * (an edited X post's) lead to it too.
 */
export function createReplyLinker(db: Db, handles: HandleIndex, totals: PendingTotals): ReplyLinker {
  if (handles.size === 0) return { link: () => 0 };
  const parent = db.prepare(
    `SELECT pk FROM posts WHERE source = ? AND native_id = ?
     UNION ALL SELECT post_pk FROM post_aliases WHERE source = ? AND native_id = ? LIMIT 1`,
  );
  const replies = db.prepare(
    `SELECT author, created_at FROM posts WHERE source = ? AND reply_to IN (SELECT value FROM json_each(?)) AND author IS NOT NULL ORDER BY created_at`,
  );
  const mention = db.prepare(`SELECT id, status FROM mentions WHERE post_pk = ? AND brand = ?`);
  const earlier = db.prepare(
    `SELECT 1 FROM mention_events WHERE post_pk = ? AND brand = ? AND action = 'status' AND value = 'responded' AND at <= ? LIMIT 1`,
  );
  const event = db.prepare(
    `INSERT INTO mention_events (post_pk, brand, at, actor, action, value) VALUES (?, ?, ?, ?, 'status', 'responded')`,
  );
  const close = db.prepare(`UPDATE mentions SET status = 'responded' WHERE id = ? AND status = 'open'`);

  const respond = (postPk: number, brand: string, at: string, author: string): number => {
    const m = mention.get(postPk, brand) as { id: number; status: string } | undefined;
    if (!m || earlier.get(postPk, brand, at)) return 0;
    // The mention may have been stored a moment ago: counted first, so its update moves its counts.
    totals.flush();
    event.run(postPk, brand, at, `auto:${foldHandle(author)}`);
    close.run(m.id);
    return 1;
  };

  return {
    link(post) {
      let marked = 0;
      const owners = brandsOwning(post.author, handles);
      if (post.replyTo && owners.length > 0) {
        const p = parent.get(post.source, post.replyTo, post.source, post.replyTo) as { pk: number } | undefined;
        if (p) for (const brand of owners) marked += respond(p.pk, brand, post.createdAt, post.author!);
      }
      if (post.brands.length > 0) {
        // Replies to every id at once, in time order: the first answer is the one recorded.
        for (const r of replies.all(post.source, JSON.stringify(post.ids)) as { author: string; created_at: string }[]) {
          for (const brand of brandsOwning(r.author, handles)) {
            if (post.brands.includes(brand)) marked += respond(post.pk, brand, r.created_at, r.author);
          }
        }
      }
      return marked;
    },
  };
}

/**
 * Links every stored reply by a brand's own account to the mention it answers, as a scan does
 * when it stores them: after the handles changed (rematch), replies stored earlier by an account
 * only now known as the brand's close what they answered. Mentions already answered at or before
 * the reply are left alone. Returns the mentions marked responded.
 */
export function linkStoredReplies(db: Db, handles: HandleIndex, totals: PendingTotals): number {
  if (handles.size === 0) return 0;
  const linker = createReplyLinker(db, handles, totals);
  // Only replies (a partial index), and only the brands' own, their authors folded by foldHandle
  // itself (SQLite's lower() and trim() know ASCII only): a database without replies costs
  // nothing, and the rows are read whole before any is linked.
  db.function('earshot_fold_handle', { deterministic: true }, (author: unknown) => (typeof author === 'string' ? foldHandle(author) : null));
  const replies = db
    .prepare(
      `SELECT pk, source, native_id, author, created_at, reply_to FROM posts INDEXED BY posts_reply_to
       WHERE reply_to IS NOT NULL AND earshot_fold_handle(author) IN (SELECT value FROM json_each(?))`,
    )
    .raw()
    .all(JSON.stringify([...handles.keys()])) as [number, string, string, string, string, string][];
  let marked = 0;
  for (const [pk, source, nativeId, author, createdAt, replyTo] of replies) {
    marked += linker.link({ pk, source, ids: [nativeId], author, createdAt, replyTo, brands: [] });
  }
  return marked;
}
