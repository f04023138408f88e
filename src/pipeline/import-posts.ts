import type { Db } from '../store/open-db.js';
import type { HandleIndex } from '../triage/brand-handles.js';
import { saveBatches } from '../store/save-scan.js';
import type { Post, ScoredMention } from '../types.js';
import type { Analyzer } from './analyze.js';

/** Rows per transaction: big enough to be fast, small enough that a crash loses little work. */
const CHUNK_POSTS = 5_000;

export interface ImportInput {
  db: Db;
  analyzer: Analyzer;
  source: string;
  posts: Iterable<Post>;
  now: () => Date;
  /** Brands' own handles, so their replies mark what they answer responded. */
  handles?: HandleIndex;
}

export interface ImportResult {
  read: number;
  newPosts: number;
  newMentions: ScoredMention[];
}

/**
 * Stores posts from a file through the same match → score → store path as a scan. Each chunk is
 * one transaction and posts are unique per source and id, so an interrupted import is finished
 * by running it again, without duplicates.
 */
export function importPosts({ db, analyzer, source, posts, now, handles }: ImportInput): ImportResult {
  const result: ImportResult = { read: 0, newPosts: 0, newMentions: [] };
  const flush = db.transaction((chunk: Post[]) => {
    const saved = saveBatches(db, [{ source, items: chunk.map((p) => analyzer.analyze(p)) }], now().toISOString(), handles);
    result.newPosts += saved.newPosts;
    result.newMentions.push(...saved.newMentions);
  });
  let chunk: Post[] = [];
  for (const post of posts) {
    result.read++;
    chunk.push(post);
    if (chunk.length >= CHUNK_POSTS) {
      flush.immediate(chunk);
      chunk = [];
    }
  }
  if (chunk.length > 0) flush.immediate(chunk);
  return result;
}
