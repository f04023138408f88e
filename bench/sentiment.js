// Sentiment speed: earshot's scorer (language cues, negation, clauses, per-language lexicons)
// against natural's AFINN analyzer with its word tokenizer on the same English posts.
import { createRequire } from 'node:module';
import { scoreMatches } from '../dist/sentiment/score-mentions.js';
import { makeBrands, makePosts } from './corpus.js';
import { time } from './timing.js';

const require = createRequire(import.meta.url);

export function benchSentiment({ posts: count }) {
  const posts = makePosts(count, makeBrands(10, 3), 5);
  const mention = [{ brand: 'X', competitor: false, kind: 'name', variant: 'x', matched: 'x', start: 0, end: 1, distance: 0, tagged: false }];
  const all = time(`earshot, ${count} posts in five languages`, () => posts.reduce((n, p) => n + scoreMatches(p, mention)[0].sentimentScore, 0));
  const english = posts.filter((p) => p.language === 'en');
  const ours = time(`earshot, ${english.length} English posts`, () => english.reduce((n, p) => n + scoreMatches(p, mention)[0].sentimentScore, 0));
  // Submodules only: natural's index loads database drivers and dotenv.
  const SentimentAnalyzer = require('natural/lib/natural/sentiment/SentimentAnalyzer');
  const { WordTokenizer } = require('natural/lib/natural/tokenizers/regexp_tokenizer');
  const analyzer = new SentimentAnalyzer('English', null, 'afinn');
  const tokenizer = new WordTokenizer();
  const natural = time(`natural, ${english.length} English posts`, () => english.reduce((n, p) => n + analyzer.getSentiment(tokenizer.tokenize(p.text)), 0));
  return {
    posts: count,
    posts_per_s: count / (all.ms / 1000),
    english_posts: english.length,
    english_posts_per_s: english.length / (ours.ms / 1000),
    natural_posts_per_s: english.length / (natural.ms / 1000),
    speed_vs_natural: natural.ms / ours.ms,
  };
}
