import type { TopicConfig } from '../config/schema.js';
import type { Match } from '../types.js';
import { foldTerm } from './fold.js';
import type { MatchContext } from './match-post.js';
import { evaluateQuery, parseTopicQuery, type QueryNode } from './topic-query.js';
import { tokenize } from './tokenize.js';

export interface CompiledTopic {
  name: string;
  query: string;
  tree: QueryNode;
  languages: string[];
}

export function compileTopics(topics: readonly TopicConfig[]): CompiledTopic[] {
  return topics.map((t) => ({ name: t.name, query: t.query, tree: parseTopicQuery(t.query, foldTerm), languages: t.languages }));
}

/** Topic rules that hold for a text, as matches whose span is the first words that satisfied them. */
export function matchTopics(text: string, topics: readonly CompiledTopic[], ctx: MatchContext): Match[] {
  if (topics.length === 0) return [];
  // Hashtags and handles count by their words too: #pizza and @tesco are pizza and tesco.
  const words = tokenize(text).filter((t) => t.type === 'word' || t.type === 'hashtag' || t.type === 'handle');
  const norms = words.map((w) => w.norm);
  const out: Match[] = [];
  for (const topic of topics) {
    const result = evaluateQuery(topic.tree, norms);
    if (!result.ok) continue;
    const lang = topic.languages.length > 0 ? ctx.language() : null;
    if (lang && !topic.languages.includes(lang)) {
      ctx.rejected?.push({ brand: topic.name, kind: 'topic', matched: '', variant: topic.query, reason: `post is in ${lang}, topic allows ${topic.languages.join(', ')}` });
      continue;
    }
    const [first] = [...result.spans].sort((a, b) => a[0] - b[0]);
    const start = first ? words[first[0]]!.start : 0;
    const end = first ? words[first[1] - 1]!.end : 0;
    out.push({ brand: topic.name, competitor: false, kind: 'topic', variant: topic.query, matched: text.slice(start, end), start, end, distance: 0, tagged: false });
  }
  return out;
}
