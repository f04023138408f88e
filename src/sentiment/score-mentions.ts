import type { Match, Post, ScoredMention } from '../types.js';
import { priorityOf } from '../report/priority.js';
import { englishLexicon } from './lexicon-en.js';
import { analyzeSentiment, sentimentAt, textSentiment } from './score-text.js';

/**
 * Each match gets a sentiment and a priority for the actionable list. With one brand in the post
 * the whole post speaks about it; with several, each takes the sentiment of its own clause.
 */
export function scoreMatches(post: Post, matches: Match[]): ScoredMention[] {
  if (matches.length === 0) return [];
  const clauses = analyzeSentiment(post.text, englishLexicon());
  const whole = textSentiment(clauses);
  return matches.map((m) => {
    const s = matches.length === 1 ? whole : sentimentAt(clauses, m.start);
    return {
      ...m,
      sentiment: s.label,
      sentimentScore: s.score,
      priority: priorityOf({ sentiment: s.label, tagged: m.tagged, followers: post.authorFollowers ?? null }),
    };
  });
}
