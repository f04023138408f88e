import type { Intent } from '../sentiment/intents.js';
import type { SentimentLabel } from '../types.js';

export interface PriorityInput {
  sentiment: SentimentLabel;
  tagged: boolean;
  followers: number | null;
  /** What the post's text asks for (src/sentiment/intents.ts); none when omitted. */
  intents?: readonly Intent[];
}

/** The triage bands, lowest first; a mention sits in the highest band it qualifies for. */
const BAND_WIDTH = 100;
const BANDS = ['positive', 'neutral', 'lead', 'negative', 'question', 'complaint', 'churn'] as const;
type Band = (typeof BANDS)[number];
const BAND_BASE = Object.fromEntries(BANDS.map((b, i) => [b, i * BAND_WIDTH])) as Record<Band, number>;

/** Untagged posts first: the brand's own notifications will never show them. */
const UNTAGGED_WEIGHT = 50;
const MAX_REACH_POINTS = 49;

/**
 * A number that sorts mentions as a social-care team triages them. First by band (each 100 wide,
 * so bands never overlap), highest first:
 *
 * | band | base | when |
 * |---|---|---|
 * | churn | 600 | churn or escalation risk (cancel, switching to, lawyer …), sentiment not positive |
 * | complaint | 500 | a complaint phrase (refund, not working, still waiting …), sentiment not positive |
 * | question | 400 | a question phrase or "?", any sentiment: someone waits for an answer |
 * | negative | 300 | negative, none of the above |
 * | lead | 200 | purchase intent (how much is, want to buy …), any sentiment but negative |
 * | neutral | 100 | neutral chatter |
 * | positive | 0 | positive; praise never raises a mention |
 *
 * A positive post with a churn or complaint phrase is mostly someone arriving ("switched to
 * @brand, love it") or a resolved issue, so it takes the band its other intents give it. Within a
 * band: untagged before tagged (+50), then the author's reach (0–49, log scale). Recency breaks
 * ties at query time.
 */
export function priorityOf({ sentiment, tagged, followers, intents = [] }: PriorityInput): number {
  const reach = followers && followers > 0 ? Math.min(MAX_REACH_POINTS, Math.round(8 * Math.log10(1 + followers))) : 0;
  return BAND_BASE[bandOf(sentiment, intents)] + (tagged ? 0 : UNTAGGED_WEIGHT) + reach;
}

function bandOf(sentiment: SentimentLabel, intents: readonly Intent[]): Band {
  const unhappy = sentiment !== 'positive';
  if (unhappy && intents.includes('churn')) return 'churn';
  if (unhappy && intents.includes('complaint')) return 'complaint';
  if (intents.includes('question')) return 'question';
  if (sentiment === 'negative') return 'negative';
  if (intents.includes('purchase')) return 'lead';
  return sentiment;
}
