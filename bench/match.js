// Matching speed: the symmetric-delete fuzzy index against the naive pairwise approach and
// against exact-only matching, over the same tokens in the same run.
import levenshtein from 'fast-levenshtein';
import { compileRules } from '../dist/match/compile-rules.js';
import { matchText } from '../dist/match/match-post.js';
import { tokenize } from '../dist/match/tokenize.js';
import { makeBrands, makePosts } from './corpus.js';
import { time } from './timing.js';


/** Full-matrix optimal string alignment: the textbook DP with transpositions, no shortcuts. */
function naiveOsa(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

export function benchMatch({ posts: postCount, brands: brandCount, variants, naiveSample = 100_000 }) {
  const brands = makeBrands(brandCount, variants);
  const posts = makePosts(postCount, brands);
  const rules = compileRules(brands);
  const words = posts.flatMap((p) => tokenize(p.text).filter((t) => t.type === 'word').map((t) => t.norm));
  const terms = rules.fuzzy.terms;
  // Pairwise is too slow for every word of 200k posts: compare both on the same sample.
  const sample = words.slice(0, naiveSample);

  const lookupNaive = (distance) => () => {
    const out = [];
    for (const w of sample) {
      for (const t of terms) {
        if (Math.abs(w.length - t.term.length) > t.maxDistance) continue;
        if (distance(w, t.term) <= t.maxDistance) out.push(`${w}:${t.term}`);
      }
    }
    return out;
  };
  // A fresh index per run: its word cache starts empty, as in a new scan.
  const lookupIndex = (list) => () => {
    const fuzzy = compileRules(brands).fuzzy;
    const out = [];
    for (const w of list) for (const h of fuzzy.lookup(w)) out.push(`${w}:${h.term.term}`);
    return out;
  };
  const index = time(`fuzzy index, ${sample.length} words`, lookupIndex(sample));
  const indexAll = time(`fuzzy index, all ${words.length} words`, lookupIndex(words));
  const naive = time('naive pairwise, OSA distance', lookupNaive(naiveOsa));
  const naiveLev = time('naive pairwise, fast-levenshtein', lookupNaive((a, b) => levenshtein.get(a, b)));
  const exact = time(`exact only (hash lookup per word), all ${words.length} words`, () => {
    let n = 0;
    for (const w of words) if (rules.byFirstWord.has(w) || rules.byFused.has(w)) n++;
    return n;
  });
  const same = JSON.stringify([...index.result].sort()) === JSON.stringify([...naive.result].sort());
  const lostToLevenshtein = naive.result.length - naiveLev.result.filter((x) => naive.result.includes(x)).length;

  const unique = [...new Set(words)];
  const uniqueIndex = time(`fuzzy index, ${unique.length} distinct words (no cache help)`, lookupIndex(unique));
  const uniqueExact = time(`exact only, ${unique.length} distinct words`, () => unique.filter((w) => rules.byFirstWord.has(w) || rules.byFused.has(w)).length);

  const matchAll = (brandList) => () => {
    const r = compileRules(brandList);
    return posts.reduce((n, p) => n + matchText(p.text, r).length, 0);
  };
  const full = time('matchText, fuzzy auto', matchAll(brands));
  const fullExact = time('matchText, fuzzy off', matchAll(brands.map((b) => ({ ...b, fuzzy: 'off' }))));

  return {
    setup: { posts: postCount, brands: brandCount, variantsPerBrand: variants, words: words.length, fuzzyTerms: terms.length },
    lookup: {
      sample_words: sample.length,
      index_ms: index.ms,
      index_all_words_ms: indexAll.ms,
      index_vs_exact_speed: exact.ms / indexAll.ms,
      naive_osa_ms: naive.ms,
      naive_levenshtein_ms: naiveLev.ms,
      exact_ms: exact.ms,
      speedup_vs_naive: naive.ms / index.ms,
      identical_results: same,
      distinct_words: unique.length,
      distinct_index_ms: uniqueIndex.ms,
      distinct_exact_ms: uniqueExact.ms,
      candidate_pairs: index.result.length,
      transpositions_missed_by_levenshtein: lostToLevenshtein,
    },
    matchText: {
      fuzzy_posts_per_s: postCount / (full.ms / 1000),
      exact_posts_per_s: postCount / (fullExact.ms / 1000),
      fuzzy_vs_exact_speed: fullExact.ms / full.ms,
      mentions_fuzzy: full.result,
      mentions_exact: fullExact.result,
    },
  };
}
