// Sentiment speed: earshot's scorer (language cues, negation, clauses, per-language lexicons)
// against natural's AFINN analyzer with its word tokenizer on the same English posts.
import { createRequire } from 'node:module';
import { scoreMatches } from '../dist/sentiment/score-mentions.js';
import { makeBrands, makePosts } from './corpus.js';

const require = createRequire(import.meta.url);

/** Timed rounds per figure: this machine's speed drifts by a third between minutes. */
const ROUNDS = 3;

export function benchSentiment({ posts: count }) {
  const posts = makePosts(count, makeBrands(10, 3), 5);
  const mention = [{ brand: 'X', competitor: false, kind: 'name', variant: 'x', matched: 'x', start: 0, end: 1, distance: 0, tagged: false }];
  const english = posts.filter((p) => p.language === 'en');
  // Submodules only: natural's index loads database drivers and dotenv.
  const SentimentAnalyzer = require('natural/lib/natural/sentiment/SentimentAnalyzer');
  const { WordTokenizer } = require('natural/lib/natural/tokenizers/regexp_tokenizer');
  const analyzer = new SentimentAnalyzer('English', null, 'afinn');
  const tokenizer = new WordTokenizer();
  const runs = {
    all: () => posts.reduce((n, p) => n + scoreMatches(p, mention)[0].sentimentScore, 0),
    ours: () => english.reduce((n, p) => n + scoreMatches(p, mention)[0].sentimentScore, 0),
    natural: () => english.reduce((n, p) => n + analyzer.getSentiment(tokenizer.tokenize(p.text)), 0),
  };
  // Each once to warm up, then rounds that take turns, so a slow spell hits all three alike; the
  // median of each figure's rounds is reported.
  for (const run of Object.values(runs)) run();
  const ms = { all: [], ours: [], natural: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(runs)) {
      const t = performance.now();
      run();
      ms[name].push(performance.now() - t);
    }
  }
  const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const all = median(ms.all);
  const ours = median(ms.ours);
  const natural = median(ms.natural);
  process.stderr.write(`  earshot, ${count} posts in five languages: ${all.toFixed(0)} ms (median of ${ms.all.map((x) => x.toFixed(0)).join(', ')})\n`);
  process.stderr.write(`  earshot, ${english.length} English posts: ${ours.toFixed(0)} ms (median of ${ms.ours.map((x) => x.toFixed(0)).join(', ')})\n`);
  process.stderr.write(`  natural, ${english.length} English posts: ${natural.toFixed(0)} ms (median of ${ms.natural.map((x) => x.toFixed(0)).join(', ')})\n`);
  return {
    posts: count,
    posts_per_s: count / (all / 1000),
    english_posts: english.length,
    english_posts_per_s: english.length / (ours / 1000),
    natural_posts_per_s: english.length / (natural / 1000),
    speed_vs_natural: natural / ours,
  };
}
