// `npm run bench [-- --json] [-- --posts N]`: earshot's speed, each figure beside a baseline
// measured in the same run, so machine noise cancels in the ratios.
import { benchMatch } from './match.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const postsArg = args.indexOf('--posts');
const posts = postsArg !== -1 ? Number(args[postsArg + 1]) : 200_000;

process.stderr.write(`matching: ${posts} posts, 100 brands × 10 variants\n`);
const match = benchMatch({ posts, brands: 100, variants: 10 });

if (json) {
  process.stdout.write(JSON.stringify({ node: process.version, match }, null, 2) + '\n');
} else {
  const l = match.lookup;
  const m = match.matchText;
  const rows = [
    ['fuzzy lookup, symmetric-delete index', `${l.index_ms.toFixed(0)} ms`, `${l.speedup_vs_naive.toFixed(0)}× faster than naive pairwise OSA (${l.naive_osa_ms.toFixed(0)} ms), same ${l.sample_words} words`],
    ['  results identical to naive', String(l.identical_results), `${l.candidate_pairs} word–term pairs`],
    ['  fuzzy lookup over every word', `${l.index_all_words_ms.toFixed(0)} ms`, `${l.index_vs_exact_speed.toFixed(2)}× the speed of an exact hash lookup per word (${l.exact_ms.toFixed(0)} ms)`],
    ['  fuzzy lookup, distinct words only', `${l.distinct_index_ms.toFixed(0)} ms`, `${(l.distinct_exact_ms / l.distinct_index_ms).toFixed(2)}× exact lookups of the same ${l.distinct_words} words (${l.distinct_exact_ms.toFixed(0)} ms): the worst case, no repeats`],
    ['  naive with fast-levenshtein', `${l.naive_levenshtein_ms.toFixed(0)} ms`, `misses ${l.transpositions_missed_by_levenshtein} transposition pairs`],
    ['matchText with fuzzy', `${Math.round(m.fuzzy_posts_per_s)} posts/s`, `${(m.fuzzy_vs_exact_speed).toFixed(2)}× the speed of exact-only (${Math.round(m.exact_posts_per_s)} posts/s)`],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  const w2 = Math.max(...rows.map((r) => r[1].length));
  process.stdout.write(`node ${process.version}; ${posts} posts, ${match.setup.words} words, ${match.setup.fuzzyTerms} fuzzy terms\n`);
  for (const r of rows) process.stdout.write(`${r[0].padEnd(w)}  ${r[1].padStart(w2)}  ${r[2]}\n`);
}
