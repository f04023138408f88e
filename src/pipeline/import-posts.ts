import type { Db } from '../store/open-db.js';
import type { HandleIndex } from '../triage/brand-handles.js';
import { saveBatches } from '../store/save-scan.js';
import type { Post } from '../types.js';
import type { AnalyzedPost, Analyzer } from './analyze.js';

/** Rows per transaction: big enough to be fast, small enough that a crash loses little work. */
const CHUNK_POSTS = 5_000;
/** Text per transaction too, so that 5,000 long e-mails do not fill memory. */
const CHUNK_CHARS = 8_000_000;

export interface ImportInput<P> {
  db: Db;
  analyzer: Analyzer;
  source: string;
  posts: P;
  now: () => Date;
  /** Brands' own handles, so their replies mark what they answer responded. */
  handles?: HandleIndex;
  /** Called after each stored chunk with the posts read so far. */
  onChunk?: (read: number) => void;
}

export interface ImportResult {
  read: number;
  newPosts: number;
  newMentions: number;
}

/**
 * Stores posts through the same match → score → store path as a scan. Each chunk is one
 * transaction and posts are unique per source and id, so an interrupted import is finished by
 * running it again, without duplicates. Posts may come as a stream (a file read as it is
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
}: ImportInput<Iterable<Post> | AsyncIterable<Post> | AsyncIterable<readonly Post[]>>): Promise<ImportResult> {
  const result: ImportResult = { read: 0, newPosts: 0, newMentions: 0 };
  const flush = db.transaction((items: AnalyzedPost[]) => {
    const saved = saveBatches(db, [{ source, items }], now().toISOString(), handles);
    result.newPosts += saved.newPosts;
    result.newMentions += saved.newMentions.length;
  });
  let chunk: Post[] = [];
  let chars = 0;
  const store = async () => {
    await analyzer.prepare(chunk);
    // Analysed before the write lock is taken: the lock is held only while storing, so another
    // earshot writing to the same database gets its turn between chunks.
    const items = chunk.map((p) => analyzer.analyze(p));
    // IMMEDIATE: take the write lock before reading, so an overlapping scan waits its turn.
    flush.immediate(items);
    chunk = [];
    chars = 0;
    onChunk?.(result.read);
  };
  // One at a time, or in blocks as a file is read (one await per block, not per post).
  for await (const item of posts) {
    for (const post of Array.isArray(item) ? (item as readonly Post[]) : [item as Post]) {
      result.read++;
      chunk.push(post);
      chars += post.text.length;
      if (chunk.length >= CHUNK_POSTS || chars >= CHUNK_CHARS) await store();
    }
  }
  if (chunk.length > 0) await store();
  return result;
}
