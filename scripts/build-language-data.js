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
const ngrams = {};
for (const [ngram, scores] of Object.entries(ngramsData.ngrams)) {
  const own = Object.fromEntries(Object.entries(scores).filter(([i]) => kept.has(i)));
  if (Object.keys(own).length > 0) ngrams[ngram] = own;
}
const out = new URL('../dist/language/eld-small.json', import.meta.url);
mkdirSync(new URL('.', out), { recursive: true });
writeFileSync(out, JSON.stringify({ ...ngramsData, ngrams }));
