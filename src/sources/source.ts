import type { HttpClient } from '../http/client.js';
import type { Logger } from '../log.js';
import type { Cursor, Post } from '../types.js';
import type { NamedSourceConfig, SourceKind } from '../config/schema.js';
import type { BrandAccount } from '../match/compile-rules.js';

/** Everything a source needs for one fetch; nothing else is read from the outside world. */
export interface SourceContext<C extends NamedSourceConfig = NamedSourceConfig> {
  config: C;
  /** What the last successful scan of this source left behind, or null on a first scan. */
  cursor: Cursor | null;
  http: HttpClient;
  log: Logger;
  /** Brand terms (names, aliases, hashtags …) for sources that build a search query. */
  terms: string[];
  /**
   * The brands' handles without their @, own brands' marked: for sources whose search tells an
   * account's posts and posts addressed to it from words (X's `from:` and `@`).
   */
  accounts?: readonly BrandAccount[];
  /** Directory that relative paths in the config resolve against. */
  baseDir: string;
  now: Date;
}

/** Posts new since the cursor, and the cursor to store with them in the same transaction. */
export interface FetchResult {
  posts: Post[];
  cursor: Cursor | null;
}

export interface Source<K extends SourceKind = SourceKind> {
  kind: K;
  fetch(ctx: SourceContext<Extract<NamedSourceConfig, { type: K }>>): Promise<FetchResult>;
}
