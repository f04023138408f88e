import type { Rules } from '../match/compile-rules.js';
import { matchText } from '../match/match-post.js';
import { scoreMatches } from '../sentiment/score-mentions.js';
import type { Post, ScoredMention } from '../types.js';

export interface AnalyzedPost {
  post: Post;
  mentions: ScoredMention[];
}

/** match → score for one post: the pure middle of the pipeline. */
export function analyzePost(post: Post, rules: Rules): AnalyzedPost {
  return { post, mentions: scoreMatches(post, matchText(post.text, rules)) };
}
