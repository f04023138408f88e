import type { SourceKind } from '../config/schema.js';
import { feedSource } from './feed.js';
import { fileSource } from './file.js';
import { hackernewsSource } from './hackernews.js';
import { mastodonSource } from './mastodon.js';
import { blueskySource } from './bluesky.js';
import { redditSource } from './reddit.js';
import { xSource } from './x.js';
import { emailSource } from './email.js';
import { githubSource } from './github.js';
import { stackexchangeSource } from './stackexchange.js';
import { transcriptSource } from './transcript.js';
import { youtubeSource } from './youtube.js';
import type { Source } from './source.js';

/** Every source kind and its connector: adding a source is one file and one line here. */
export const SOURCES = {
  feed: feedSource,
  hackernews: hackernewsSource,
  file: fileSource,
  mastodon: mastodonSource,
  bluesky: blueskySource,
  reddit: redditSource,
  x: xSource,
  stackexchange: stackexchangeSource,
  github: githubSource,
  youtube: youtubeSource,
  email: emailSource,
  transcript: transcriptSource,
} satisfies { [K in SourceKind]: Source<K> };

export function getSource<K extends SourceKind>(kind: K): Source<K> {
  return SOURCES[kind] as Source<K>;
}
