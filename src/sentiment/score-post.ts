import type { Sentiment } from '../types.js';
import { loadLanguageModel, type LanguageModel } from './load-lexicon.js';
import { analyzeSentiment, opinionCues, textSentiment, type Clause } from './score-text.js';

/** Scores a whole text in its language (English, or the scorer's fallback, when unknown or unsupported). */
export type TextScorer = (text: string, language?: string | null) => Sentiment;

/** A verdict with what decided it, for `--explain`. */
export interface ExplainedSentiment extends Sentiment {
  /** The language whose lexicon and cue words scored the text. */
  language: string;
  /** Words and emoji that carried a score, per clause ("not good" when negated). */
  cues: string[];
  /**
   * Where the language's opinion model was asked (the band gave the text a side): the words and
   * marks that weighed on whether it takes one.
   */
  opinion?: string[];
}

export interface SentimentScorerInput {
  /** Used when a text's language is unknown or has no sentiment resources; default en. */
  fallback?: string;
}

/**
 * The model for a language, falling back when it has none. Each language's lexicon is read the
 * first time a text in it is scored.
 */
export function modelFor(language: string | null | undefined, fallback = 'en'): LanguageModel {
  return (language && loadLanguageModel(language)) || loadLanguageModel(fallback) || loadLanguageModel('en')!;
}

/** The text's clauses as the language's model reads them. */
export function analyzeWith(model: LanguageModel, text: string): Clause[] {
  return analyzeSentiment(text, model.lexicon, model.cues, { stem: model.stem, opinion: model.opinion?.words });
}

/** Scores a text and says which words decided it. */
export function explainSentiment(text: string, language?: string | null, fallback = 'en'): ExplainedSentiment {
  const model = modelFor(language, fallback);
  const clauses = analyzeWith(model, text);
  const out: ExplainedSentiment = { ...textSentiment(clauses, model), language: model.language, cues: clauses.flatMap((c) => c.cues) };
  if (model.opinion && textSentiment(clauses, { ...model, opinion: undefined }).label !== 'neutral') {
    out.opinion = opinionCues(text, model.opinion);
  }
  return out;
}

/** A scorer for whole texts (`earshot score`, evaluation). */
export async function createSentimentScorer({ fallback = 'en' }: SentimentScorerInput = {}): Promise<TextScorer> {
  return (text, language) => {
    const model = modelFor(language, fallback);
    return textSentiment(analyzeWith(model, text), model);
  };
}
