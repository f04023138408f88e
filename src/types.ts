/** Where a post was said: drives SLA defaults and report splits. */
export type Channel = 'social' | 'forum' | 'news' | 'email' | 'call';
export const CHANNELS: readonly Channel[] = ['social', 'forum', 'news', 'email', 'call'];

/** A post as every source hands it over after normalising: plain text, ISO-8601 UTC time. */
export interface Post {
  /** Configured source name (unique within a config). */
  source: string;
  /** The source's own id for the post; unique per source. */
  id: string;
  channel: Channel;
  createdAt: string;
  text: string;
  title?: string | null;
  url?: string | null;
  author?: string | null;
  /** Author's reach where the source tells it (followers, karma). */
  authorFollowers?: number | null;
  /** Likes, points, reposts …: whatever single number the source gives. */
  engagement?: number | null;
  language?: string | null;
  /** Native id of the post this one replies to, for threading. */
  replyTo?: string | null;
  /** Other ids the source gave this post (X gives each edit one): a reply to one is a reply to it. */
  aliases?: readonly string[];
}

/** A source's incremental state, stored as JSON beside the posts it produced. */
export type Cursor = Record<string, unknown>;

export type MatchKind = 'handle' | 'hashtag' | 'domain' | 'name' | 'alias' | 'fuzzy' | 'topic';

/** Why a brand matched a post: enough to explain it to a user. */
export interface Match {
  brand: string;
  competitor: boolean;
  kind: MatchKind;
  /** The configured term (folded) that matched. */
  variant: string;
  /** The text as written in the post. */
  matched: string;
  /** Character offsets into the post's text (title excluded). */
  start: number;
  end: number;
  distance: number;
  tagged: boolean;
}

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface Sentiment {
  label: SentimentLabel;
  /** In [-1, 1]. */
  score: number;
  /** In [0, 1]: how far the score is from the neutral band's edge; near it, the label is a guess. */
  confidence?: number;
  /** A side too close to call (confidence under 0.2), reported as neutral instead. */
  uncertain?: boolean;
}

/** A match with its score and priority: what a scan stores. */
export interface ScoredMention extends Match {
  sentiment: SentimentLabel;
  sentimentScore: number;
  priority: number;
}

export type MentionStatus = 'open' | 'responded' | 'ignored';
