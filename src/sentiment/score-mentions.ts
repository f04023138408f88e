import type { Match, Post, ScoredMention } from '../types.js';
import { priorityOf } from '../report/priority.js';
import { detectIntents } from './intents.js';
import { analyzeWith, modelFor } from './score-post.js';
import { sentimentAt, textSentiment } from './score-text.js';

/**
 * Each match gets a sentiment and a priority for the actionable list. With one brand in the post
 * the whole post speaks about it; with several, each takes the sentiment of its own clause. The
 * post's language picks the lexicon and cue words (`fallback` when unknown or unsupported:
 * the first configured language, else English). The post's intents (churn risk, complaint,
 * question, purchase) raise the priority: found once per post, weighed against each mention's
 * own sentiment by `priorityOf`.
 */
export function scoreMatches(post: Post, matches: Match[], fallback = 'en'): ScoredMention[] {
  if (matches.length === 0) return [];
  const model = modelFor(post.language, fallback);
  const text = feelingText(post);
  const clauses = analyzeWith(model, text);
  const whole = textSentiment(clauses, model);
  // Neutral: do not let the whole post's sentiment drop a complaint one clause of it makes.
  const intents = detectIntents({ text, language: model.language, sentiment: 'neutral' }).map((i) => i.intent);
  const followers = post.authorFollowers ?? null;
  return matches.map((m) => {
    const s = matches.length === 1 ? whole : sentimentAt(clauses, m.start, model);
    // Fields written out rather than spread: a spread copy was a tenth of scoring time.
    return {
      brand: m.brand,
      competitor: m.competitor,
      kind: m.kind,
      variant: m.variant,
      matched: m.matched,
      start: m.start,
      end: m.end,
      distance: m.distance,
      tagged: m.tagged,
      sentiment: s.label,
      sentimentScore: s.score,
      priority: priorityOf({ sentiment: s.label, tagged: m.tagged, followers, intents }),
    };
  });
}

/** A reply's subject in the languages of the mail clients: Re, Aw (German), Sv (Nordic), Antw (Dutch), Odp (Polish), Vs (Finnish). */
const REPLY_SUBJECT = /^\s*(?:re|aw|sv|antw|odp|vs)(?:\[\d+\])?\s*:/i;

/**
 * The text whose sentiment and intents are the writer's: a reply's subject ("Re: Missing items") is the
 * thread's, written by whoever opened it, and is left out, as spaces so that every match keeps
 * its place. Its words still name brands: only the scoring skips them.
 */
function feelingText(post: Post): string {
  const title = post.title;
  if (!title || !REPLY_SUBJECT.test(title) || !post.text.startsWith(title)) return post.text;
  return ' '.repeat(title.length) + post.text.slice(title.length);
}
