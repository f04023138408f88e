import type { Db } from '../store/open-db.js';
import type { HandleIndex } from '../triage/brand-handles.js';
import { pendingTotals, type PendingTotals } from '../store/mention-totals.js';
import { saveBatches } from '../store/save-scan.js';
import type { Post } from '../types.js';
import type { AnalyzedPost } from './analyze.js';
import { cleanText } from './clean-text.js';
import { MAX_WAITING_CHARS, type ChunkAnalyzer } from './chunk-analyzer.js';

/** Posts analysed and stored per step: big enough to be fast, small enough to bound memory. */
const CHUNK_POSTS = 5_000;
/** Text per step too, so that 5,000 long e-mails do not fill memory. */
const CHUNK_CHARS = 8_000_000;
/**
 * A transaction spans steps until it has been open this long. A commit writes every page the
 * transaction changed to the WAL, and the indexes keyed by author and rank change a page per
 * post, so committing every 5,000 posts rewrote most of them each time: storing 1,000,000
 * analysed posts took 22 s that way, 17 s with five steps per commit and 15 s with ten. Another
 * writer (a cron scan) waits at most about this long, plus one step.
 */
const COMMIT_AFTER_MS = 2_000;
/**
 * Input that pauses this long (a pipe from `tail -f`, a slow export) has the posts read so far
 * analysed and stored, rather than held until a step's worth has come.
 */
const IDLE_INPUT_MS = 1_000;
/** Stored posts met again with the same text, in a row, after which an input is taken for one run again. */
const SAME_IN_A_ROW = 1_000;

export interface ImportInput<P> {
  db: Db;
  analyzer: ChunkAnalyzer;
  source: string;
  posts: P;
  now: () => Date;
  /** Brands' own handles, so their replies mark what they answer responded. */
  handles?: HandleIndex;
  /** Called after each stored chunk with the posts read so far. */
  onChunk?: (read: number) => void;
  /** How long a transaction may span steps (tests make it commit every step). */
  commitAfterMs?: number;
  /**
   * Posts stored with a key above this are this run's: a post skipped as stored that is one of
   * them repeats an id. Default: the last post stored when this import starts; a run of several
   * files gives the one from before its first.
   */
  storedUpTo?: number;
}

export interface ImportResult {
  read: number;
  newPosts: number;
  newMentions: number;
  /**
   * Posts not stored because an earlier post of this import had their id (a file that repeats
   * ids, or an id column that is not unique), and the first such id.
   */
  repeated: number;
  firstRepeatedId?: string;
  /**
   * Posts not stored because the source had their id from before this import, with other text:
   * most likely another file stored under the same source name (two `export.csv`s, two dumps
   * piped in), and the first such id.
   */
  conflicting: number;
  firstConflictingId?: string;
}

/**
 * An import stopped by `cause` after some of its steps were committed: those stay stored, and
 * running the same import again finishes it without storing anything twice.
 */
export class ImportStoppedError extends Error {
  constructor(
    readonly cause: unknown,
    /** What the committed steps hold: `read` is the posts of the input they cover. */
    readonly committed: ImportResult,
  ) {
    super((cause as Error)?.message ?? String(cause));
  }
}

/**
 * Stores posts through the same match → score → store path as a scan. Commits come between
 * whole steps of 5,000 posts and posts are unique per source and id, so an interrupted import is
 * finished by running it again, without duplicates. Posts may come as a stream (a file read as it is
 * imported); only counts are kept, so memory stays flat however many posts pass through.
 */
export async function importPosts({
  db,
  analyzer,
  source,
  posts,
  now,
  handles,
  onChunk,
  commitAfterMs = COMMIT_AFTER_MS,
  storedUpTo = lastPostKey(db),
}: ImportInput<Iterable<Post> | AsyncIterable<Post> | AsyncIterable<readonly Post[]>>): Promise<ImportResult> {
  const result: ImportResult = { read: 0, newPosts: 0, newMentions: 0, repeated: 0, conflicting: 0 };
  const committed: ImportResult = { read: 0, newPosts: 0, newMentions: 0, repeated: 0, conflicting: 0 };
  const storedPk = db.prepare(`SELECT pk FROM posts WHERE source = ? AND native_id = ?`).pluck();
  const storedText = db.prepare(`SELECT text FROM posts WHERE pk = ?`).pluck();
  // A source with posts already (an import run again to finish it) skips those before analysis,
  // which costs ~20 times the lookup. A new source does not pay for the lookups, and a step's
  // worth of posts not stored in a row ends them: what an import stored is a prefix of its input,
  // and a file of new posts for a source that has others (next month's export) pays only for those.
  let resuming = db.prepare(`SELECT 1 FROM posts WHERE source = ? LIMIT 1`).get(source) !== undefined;
  let notStored = 0;
  const repeats = (id: string) => {
    result.repeated++;
    result.firstRepeatedId ??= id;
  };
  // A post met again as it was stored is no news; one with other text under a stored id is
  // (another file under the same source name). Texts are compared until SAME_IN_A_ROW posts in a
  // row were the same: the same input run again, whose re-run then costs no more than the lookup.
  // An id met twice in this input was told about by the run that stored it, as a repeat.
  let comparing = true;
  let sameInARow = 0;
  const met = new Set<string>();
  const conflicts = (id: string, pk: number, text: string) => {
    if (!comparing || met.has(id)) return;
    met.add(id);
    const stored = storedText.get(pk) as string;
    if (stored === text || stored === cleanText(text)) {
      if (++sameInARow >= SAME_IN_A_ROW) {
        comparing = false;
        met.clear();
      }
      return;
    }
    sameInARow = 0;
    result.conflicting++;
    result.firstConflictingId ??= id;
  };
  let skippedSince = 0;
  let storedRead = 0;
  const tx = spanningTransaction(db, commitAfterMs, () => Object.assign(committed, result, { read: storedRead }));
  // Chunks given to the analyzer and not yet stored, oldest first, each with the posts read up
  // to its end; stored strictly in order, so what is committed is always a prefix of the input.
  const pending: { items: Promise<AnalyzedPost[]>; read: number; chars: number }[] = [];
  let pendingChars = 0;
  let chunk: Post[] = [];
  let chars = 0;
  const submit = (more: boolean) => {
    const items = analyzer.analyze(chunk, more);
    // Awaited in turn below; one that fails meanwhile is thrown there, not as unhandled.
    items.catch(() => {});
    pending.push({ items, read: result.read, chars });
    pendingChars += chars;
    chunk = [];
    chars = 0;
  };
  const full = () => pending.length > analyzer.depth || (pending.length > 1 && pendingChars > MAX_WAITING_CHARS);
  const storeOldest = async () => {
    const { items, read, chars: done } = pending.shift()!;
    pendingChars -= done;
    // Analysed before the write lock is taken (unless a transaction spans steps already).
    const analyzed = await items;
    const totals = tx.begin();
    const saved = saveBatches(db, [{ source, items: analyzed }], now().toISOString(), handles, totals);
    result.newPosts += saved.newPosts;
    result.newMentions += saved.newMentions.length;
    if (saved.skippedIds.length > 0) {
      const texts = new Map(analyzed.map((a) => [a.post.id, a.post.text]));
      for (const id of saved.skippedIds) {
        const pk = storedPk.get(source, id) as number;
        if (pk > storedUpTo) repeats(id);
        else if (texts.has(id)) conflicts(id, pk, texts.get(id)!);
      }
    }
    storedRead = read;
    tx.commitIfDue();
    onChunk?.(read);
  };
  try {
    // One at a time, or in blocks as a file is read (one await per block, not per post).
    // Between steps, input that pauses has its posts so far stored (committed by the timer).
    const flushWhileWaiting = async () => {
      if (chunk.length > 0) submit(true);
      while (pending.length > 0) await storeOldest();
    };
    for await (const item of whileWaiting<Post | readonly Post[]>(posts, IDLE_INPUT_MS, flushWhileWaiting)) {
      for (const post of Array.isArray(item) ? (item as readonly Post[]) : [item as Post]) {
        result.read++;
        if (resuming) {
          const pk = storedPk.get(source, post.id) as number | undefined;
          if (pk === undefined && ++notStored >= CHUNK_POSTS) resuming = false;
          // A stored post met again with new ids (an edit) goes on to record them.
          if (pk !== undefined && !post.aliases?.length) {
            notStored = 0;
            if (pk > storedUpTo) repeats(post.id);
            else conflicts(post.id, pk, post.text);
            // Progress moves through a long stretch of stored posts too.
            if (++skippedSince >= CHUNK_POSTS && pending.length === 0 && chunk.length === 0) {
              skippedSince = 0;
              onChunk?.(result.read);
            }
            continue;
          }
        }
        chunk.push(post);
        chars += post.text.length;
        if (chunk.length >= CHUNK_POSTS || chars >= CHUNK_CHARS) {
          submit(true);
          while (full()) await storeOldest();
        }
      }
    }
    if (chunk.length > 0) submit(false);
    while (pending.length > 0) await storeOldest();
    tx.commit();
  } catch (err) {
    // Back to the last commit: whole steps, a prefix of the input, which a re-run completes.
    tx.rollback();
    throw committed.read > 0 ? new ImportStoppedError(err, { ...committed }) : err;
  }
  return result;
}

/**
 * The items of `items`, with `onIdle` run once whenever the next is slower than `ms` to come
 * (the wait goes on after it). Synchronous iterables never wait.
 */
async function* whileWaiting<T>(items: Iterable<T> | AsyncIterable<T>, ms: number, onIdle: () => Promise<void>): AsyncGenerator<T> {
  if (!(Symbol.asyncIterator in items)) {
    yield* items;
    return;
  }
  const iterator = items[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      const next = iterator.next();
      let timer: NodeJS.Timeout | undefined;
      const idle = new Promise<'idle'>((resolve) => (timer = setTimeout(() => resolve('idle'), ms)));
      let result = await Promise.race([next, idle]);
      clearTimeout(timer);
      if (result === 'idle') {
        // A failure here leaves `next` pending: the iterator is not awaited on the way out.
        await onIdle();
        result = await next;
      }
      if (result.done) {
        finished = true;
        return;
      }
      yield result.value;
    }
  } finally {
    if (!finished) void iterator.return?.();
  }
}

/** The key of the last post stored; posts stored later have larger ones. */
export function lastPostKey(db: Db): number {
  return db.prepare(`SELECT COALESCE(MAX(pk), 0) FROM posts`).pluck().get() as number;
}

interface SpanningTransaction {
  /**
   * Opens a write transaction (IMMEDIATE: an overlapping writer waits its turn) unless one is
   * open; returns its running totals, added once, before it commits.
   */
  begin(): PendingTotals;
  /** Commits when the transaction has been open long enough. */
  commitIfDue(): void;
  commit(): void;
  rollback(): void;
}

/**
 * A write transaction left open across awaits and committed after `ms`: by the caller between
 * steps, or by a timer while the caller waits for input (a slow disk or pipe), so the lock is
 * never held for the input's sake. The timer can only run while no statement is running.
 */
function spanningTransaction(db: Db, ms: number, onCommit: () => void): SpanningTransaction {
  let openedAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let totals: PendingTotals | undefined;
  // A commit by the timer that failed (a full disk): thrown to the caller at its next call.
  let failed: unknown;
  const stopTimer = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  const commit = () => {
    if (failed) throw failed;
    stopTimer();
    if (!db.inTransaction) return;
    totals?.flush();
    db.exec('COMMIT');
    onCommit();
  };
  return {
    begin() {
      if (failed) throw failed;
      if (db.inTransaction) return (totals ??= pendingTotals(db));
      db.exec('BEGIN IMMEDIATE');
      const opened = pendingTotals(db);
      totals = opened;
      openedAt = performance.now();
      timer = setTimeout(() => {
        try {
          commit();
        } catch (err) {
          failed = err;
        }
      }, ms);
      return opened;
    },
    commitIfDue() {
      if (performance.now() - openedAt >= ms) commit();
    },
    commit,
    rollback() {
      stopTimer();
      // SQLite may already have rolled back (a full disk does that): only an open one is ended.
      if (db.inTransaction) db.exec('ROLLBACK');
      totals = undefined;
    },
  };
}
