import { describe, expect, it } from 'vitest';
import { LANGUAGE_CUES, cuesFor } from '../../src/sentiment/cues-languages.js';
import { detectIntents } from '../../src/sentiment/intents.js';
import { TRAINED_LANGUAGES } from '../../src/sentiment/load-lexicon.js';
import { scoreMatches } from '../../src/sentiment/score-mentions.js';
import { createSentimentScorer, explainSentiment } from '../../src/sentiment/score-post.js';
import { analyzeSentiment, textSentiment, toSentiment } from '../../src/sentiment/score-text.js';
import type { Match, SentimentLabel } from '../../src/types.js';
import { makePost } from '../helpers/builders.js';

/** A two-word lexicon in each language, so these tests check the cue words, not the training. */
const WORDS: Record<string, { good: string; bad: string; not: string; but: string }> = {
  en: { good: 'good', bad: 'bad', not: 'not', but: 'but' },
  de: { good: 'gut', bad: 'schlecht', not: 'nicht', but: 'aber' },
  es: { good: 'bueno', bad: 'malo', not: 'no', but: 'pero' },
  fr: { good: 'bon', bad: 'mauvais', not: 'pas', but: 'mais' },
  it: { good: 'buono', bad: 'cattivo', not: 'non', but: 'ma' },
  pt: { good: 'bom', bad: 'ruim', not: 'não', but: 'mas' },
  nl: { good: 'goed', bad: 'slecht', not: 'niet', but: 'maar' },
  pl: { good: 'dobry', bad: 'zły', not: 'nie', but: 'ale' },
  sl: { good: 'dober', bad: 'slab', not: 'ni', but: 'ampak' },
  hr: { good: 'dobar', bad: 'loš', not: 'nije', but: 'ali' },
  sr: { good: 'dobar', bad: 'loš', not: 'nije', but: 'ali' },
  bs: { good: 'dobar', bad: 'loš', not: 'nije', but: 'ali' },
  hu: { good: 'jó', bad: 'rossz', not: 'nem', but: 'de' },
};

function verdict(text: string, lang: string): SentimentLabel {
  const w = WORDS[lang]!;
  const lexicon = new Map([
    [w.good, 2],
    [w.bad, -2],
  ]);
  return textSentiment(analyzeSentiment(text, lexicon, cuesFor(lang))).label;
}

describe.each(Object.keys(WORDS))('cue words in %s', (lang) => {
  const w = WORDS[lang]!;

  it('has negators, boosters and contrast words', () => {
    const cues = LANGUAGE_CUES[lang]!;
    expect(cues.negators.size).toBeGreaterThan(3);
    expect(Object.keys(cues.boosters).length).toBeGreaterThan(3);
    expect(cues.contrast.has(w.but)).toBe(true);
  });

  it('flips a negated word', () => {
    expect(verdict(`${w.good}`, lang)).toBe('positive');
    expect(verdict(`${w.not} ${w.good}`, lang)).toBe('negative');
    expect(verdict(`${w.not} ${w.bad}`, lang)).toBe('positive');
  });

  it('lets the clause after "but" outweigh the one before', () => {
    expect(verdict(`${w.good} ${w.but} ${w.bad}`, lang)).toBe('negative');
    expect(verdict(`${w.bad} ${w.but} ${w.good}`, lang)).toBe('positive');
  });
});

describe('negation in real sentences', () => {
  it.each<[string, string, SentimentLabel]>([
    ['de', 'Das Essen war nicht schlecht', 'positive'],
    ['es', 'La comida no es mala', 'positive'],
    ['pl', 'Jedzenie nie jest złe', 'positive'],
    ['fr', "Ce n'est pas mauvais", 'positive'],
  ])('%s: %j is %s', (lang, text, label) => {
    const w = WORDS[lang]!;
    const lexicon = new Map([
      [w.bad, -2],
      ['mala', -2],
      ['złe', -2],
    ]);
    expect(textSentiment(analyzeSentiment(text, lexicon, cuesFor(lang))).label).toBe(label);
  });
});

describe('trained lexicons', () => {
  it.each<[string, string, SentimentLabel]>([
    ['en', 'Worst delivery ever, still waiting 😡', 'negative'],
    ['en', 'Thank you, great service! 😍', 'positive'],
    ['de', 'Leider wieder zu spät :(', 'negative'],
    ['de', 'Danke, super Service :)', 'positive'],
    ['es', 'Me encanta, increíble 😍', 'positive'],
    ['pl', 'Dziękuję, polecam :)', 'positive'],
    ['sl', 'Hvala, bravo :)', 'positive'],
    ['hr', 'Hvala, odlično :)', 'positive'],
    ['hu', 'Sajnos megint késik :(', 'negative'],
  ])('%s: %j is %s', async (lang, text, label) => {
    const score = await createSentimentScorer();
    expect(score(text, lang).label).toBe(label);
  });

  it('reads emoji in every language', async () => {
    const score = await createSentimentScorer();
    for (const lang of TRAINED_LANGUAGES) {
      expect(score('😍😍', lang).score, lang).toBeGreaterThan(0);
      expect(score('😡😭', lang).score, lang).toBeLessThan(0);
    }
  });

  it('scores a text with no sentiment word neutral, at exactly 0, in every language', async () => {
    const score = await createSentimentScorer();
    for (const lang of TRAINED_LANGUAGES) expect(score('', lang), lang).toMatchObject({ label: 'neutral', score: 0 });
  });

  it('gives a confidence that grows with distance from the neutral band', () => {
    const band = 0.4;
    const at = (score: number) => toSentiment((score * Math.sqrt(15)) / Math.sqrt(1 - score * score), band);
    // Just past the band: a guess, reported as neutral and flagged.
    expect(at(0.42)).toMatchObject({ label: 'neutral', uncertain: true });
    expect(at(0.42).confidence).toBeLessThan(0.2);
    expect(at(0.5)).toMatchObject({ label: 'positive', confidence: 0.4 });
    expect(at(0.5).uncertain).toBeUndefined();
    expect(at(0.38)).toMatchObject({ label: 'neutral' });
    expect(at(0.38).confidence).toBeLessThan(0.2);
    expect(at(-0.9)).toMatchObject({ label: 'negative', confidence: 1 });
    expect(at(0)).toMatchObject({ label: 'neutral', confidence: 1 });
    expect(at(0.6).confidence).toBeGreaterThan(at(0.5).confidence!);
  });

  it('says which words decided', () => {
    const e = explainSentiment('Nie polecam, ale kurier był miły', 'pl');
    expect(e.language).toBe('pl');
    expect(e.cues.length).toBeGreaterThan(0);
  });

  it('falls back to English for a language without resources', () => {
    expect(explainSentiment('I love it', 'ja').language).toBe('en');
    expect(explainSentiment('I love it', null).language).toBe('en');
    expect(explainSentiment('I love it', 'ja', 'de').language).toBe('de');
  });
});

describe('scoreMatches in the post\'s language', () => {
  const match = (start: number, brand: string): Match => ({
    brand, competitor: false, kind: 'name', variant: brand.toLowerCase(), matched: brand, start, end: start + brand.length, distance: 0, tagged: false,
  });

  it('uses the language\'s contrast word to split mentions', () => {
    const text = 'Ocado ist super :) aber Tesco ist leider schlecht :(';
    const post = makePost({ text, language: 'de' });
    const scored = scoreMatches(post, [match(0, 'Ocado'), match(text.indexOf('Tesco'), 'Tesco')]);
    expect(scored.map((m) => m.sentiment)).toEqual(['positive', 'negative']);
  });
});

describe('intents', () => {
  it.each<[string, string, SentimentLabel, string[]]>([
    ['en', 'How do I cancel my subscription?', 'neutral', ['question', 'churn']],
    ['en', 'Still waiting for my refund, unacceptable', 'negative', ['complaint']],
    ['en', 'Thanks, great job!', 'positive', ['praise']],
    ['en', 'How much is the family plan?', 'neutral', ['question', 'purchase']],
    ['de', 'Ich will kündigen, funktioniert nicht', 'negative', ['complaint', 'churn']],
    ['es', '¿Cuánto cuesta el plan?', 'neutral', ['question', 'purchase']],
    ['pl', 'Dziękuję, polecam', 'positive', ['praise']],
    ['hu', 'Nem működik, felmondom', 'negative', ['complaint', 'churn']],
  ])('%s: %j → %j', (language, text, sentiment, intents) => {
    expect(detectIntents({ text, language, sentiment }).map((i) => i.intent)).toEqual(intents);
  });

  it('does not count a negated phrase', () => {
    expect(detectIntents({ text: 'Nie polecam', language: 'pl', sentiment: 'neutral' })).toEqual([]);
    expect(detectIntents({ text: "I don't love it", language: 'en', sentiment: 'neutral' })).toEqual([]);
  });

  it('does not call a negative post praise', () => {
    expect(detectIntents({ text: 'thanks for nothing', language: 'en', sentiment: 'negative' })).toEqual([]);
  });
});
