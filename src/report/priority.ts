import type { SentimentLabel } from '../types.js';

export interface PriorityInput {
  sentiment: SentimentLabel;
  tagged: boolean;
  followers: number | null;
}

const SENTIMENT_WEIGHT: Record<SentimentLabel, number> = { negative: 200, neutral: 100, positive: 0 };
/** Untagged posts first: the brand's own notifications will never show them. */
const UNTAGGED_WEIGHT = 50;
const MAX_REACH_POINTS = 49;

/**
 * A number that sorts mentions as a social-care team triages them: negative before neutral before
 * positive, then untagged before tagged, then by the author's reach (log scale). Recency breaks
 * ties at query time. Bands never overlap, so the order is strictly in that sequence.
 */
export function priorityOf({ sentiment, tagged, followers }: PriorityInput): number {
  const reach = followers && followers > 0 ? Math.min(MAX_REACH_POINTS, Math.round(8 * Math.log10(1 + followers))) : 0;
  return SENTIMENT_WEIGHT[sentiment] + (tagged ? 0 : UNTAGGED_WEIGHT) + reach;
}
