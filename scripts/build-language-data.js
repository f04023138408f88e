// Writes the language detector's n-grams (eld's "small" database) as JSON, run by `npm run build`.
// Parsed from JSON they cost about a third of the memory that importing eld's JavaScript module of
// the same data does (measured: +48 MB against +152 MB resident), which keeps a large import
// under its memory budget. The data is eld's (Apache-2.0), kept only for the languages earshot
// lets the detector choose (CANDIDATES): eld drops every other language's score before picking
// one anyway, so the answers are the same (checked by test/language/detect-language.test.ts),
// and a third of the n-grams, those of other scripts, need not be loaded at all.
import { mkdirSync, writeFileSync } from 'node:fs';
import { CANDIDATES } from '../dist/language/detect-language.js';

const { ngramsData } = await import(new URL('../ngrams/small.js', import.meta.resolve('eld')).href);
const kept = new Set(Object.keys(ngramsData.languages).filter((i) => CANDIDATES.includes(ngramsData.languages[i])));
// Each n-gram names its row of `scores`: 55,000 n-grams share 10,500 distinct rows, and one
// object per n-gram would cost the detector ~10 MB more once loaded.
const ngrams = {};
const scores = [];
const rows = new Map();
for (const [ngram, all] of Object.entries(ngramsData.ngrams)) {
  const own = Object.fromEntries(Object.entries(all).filter(([i]) => kept.has(i)));
  if (Object.keys(own).length === 0) continue;
  const key = JSON.stringify(own);
  let row = rows.get(key);
  if (row === undefined) {
    rows.set(key, (row = scores.length));
    scores.push(own);
  }
  ngrams[ngram] = row;
}
const out = new URL('../dist/language/eld-small.json', import.meta.url);
mkdirSync(new URL('.', out), { recursive: true });
writeFileSync(out, JSON.stringify({ ...ngramsData, ngrams, scores }));
