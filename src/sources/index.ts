import type { SourceKind } from '../config/schema.js';
import { feedSource } from './feed.js';
import { fileSource } from './file.js';
import { hackernewsSource } from './hackernews.js';
import type { Source } from './source.js';

/** Every source kind and its connector: adding a source is one file and one line here. */
export const SOURCES = {
  feed: feedSource,
  hackernews: hackernewsSource,
  file: fileSource,
} satisfies { [K in SourceKind]: Source<K> };

export function getSource<K extends SourceKind>(kind: K): Source<K> {
  return SOURCES[kind] as Source<K>;
}
