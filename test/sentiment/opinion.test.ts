import { describe, expect, it } from 'vitest';
import { cuesFor } from '../../src/sentiment/cues-languages.js';
import { englishLexicon } from '../../src/sentiment/lexicon-en.js';
import { loadLanguageModel } from '../../src/sentiment/load-lexicon.js';
import { scoreMatches } from '../../src/sentiment/score-mentions.js';
import { createSentimentScorer, explainSentiment } from '../../src/sentiment/score-post.js';
import {
  analyzeSentiment,
  opinionCues,
  opinionTerms,
  opinionVerdict,
  textSentiment,
  toSentiment,
  type Calibration,
  type OpinionModel,
} from '../../src/sentiment/score-text.js';
import { makePost, seededRandom } from '../helpers/builders.js';

/** The sum whose normalised score is `score` (the inverse of toSentiment's normalisation). */
const sumFor = (score: number) => (score * Math.sqrt(15)) / Math.sqrt(1 - score * score);

const words = new Map([
  ['report', -2],
  ['today', -0.5],
  ['i', 1],
  ["don't", 0.25],
  ['<link>', -1.5],
  ['<handle>', 0.5],
  ['<tag>', -0.25],
]);
const model: OpinionModel = { bias: 0, score: 0, magnitude: 2, words };
const calibration: Calibration = { band: 0.1, bias: 0, center: 0, opinion: model };

describe('opinion weights', () => {
  it('sum in the scorer exactly as the trainer counts them', () => {
    const random = seededRandom(11);
    const pool = ['Report', 'today', 'I', 'don’t', 'love', 'it', 'https://x.example/a', '@shop', '#news', 'but', 'not', 'very', '!', ',', '😡'];
    for (let n = 0; n < 200; n++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 12) }, () => pool[Math.floor(random() * pool.length)]).join(' ');
      const clauses = analyzeSentiment(text, englishLexicon(), cuesFor('en'), { opinion: words });
      const scored = clauses.reduce((sum, c) => sum + c.opinion, 0);
      let counted = 0;
      for (const [term, count] of opinionTerms(text)) counted += count * (words.get(term) ?? 0);
      expect(scored, text).toBeCloseTo(counted, 9);
    }
  });

  it('count words lowercased with plain apostrophes, and links, handles and tags as marks, with a tag’s words', () => {
    expect(Object.fromEntries(opinionTerms('I don’t like it, I said @shop #BadNews https://x.example/a'))).toEqual({
      i: 2,
      "don't": 1,
      like: 1,
      it: 1,
      said: 1,
      '<handle>': 1,
      '<tag>': 1,
      bad: 1,
      news: 1,
      '<link>': 1,
    });
  });

  it('are explained strongest first', () => {
    expect(opinionCues('Report today https://x.example/a', model)).toEqual(['report -2.00', '<link> -1.50', 'today -0.50']);
  });
});

describe('opinionVerdict', () => {
  it('never gives a side that the band does not', () => {
    // "I I I" weighs heavily toward taking a side, but a score inside the band stays neutral.
    expect(opinionVerdict(sumFor(0.05), 10, calibration)).toMatchObject({ label: 'neutral', score: 0.05 });
    expect(opinionVerdict(0, 10, calibration).label).toBe('neutral');
  });

  it('keeps a side when the model thinks the text takes one', () => {
    expect(opinionVerdict(sumFor(0.6), 0, calibration)).toMatchObject({ label: 'positive', score: 0.6 });
    expect(opinionVerdict(sumFor(-0.6), 0, calibration)).toMatchObject({ label: 'negative', score: -0.6 });
  });

  it('turns a side into neutral when the words read as a report, keeping the score', () => {
    // z = -3 + 2 × 0.6 < 0.
    const s = opinionVerdict(sumFor(0.6), -3, calibration);
    expect(s).toMatchObject({ label: 'neutral', score: 0.6 });
    expect(s.confidence).toBeGreaterThan(0.5);
  });

  it('calls a side near even odds a guess: neutral, flagged', () => {
    // z = -1.2 + 2 × 0.6 = 0: probability one half.
    expect(opinionVerdict(sumFor(0.6), -1.2, calibration)).toEqual({ label: 'neutral', score: 0.6, confidence: 0, uncertain: true });
    // z = -1.3 + 1.2 = -0.1: a veto it is not sure of is flagged too.
    expect(opinionVerdict(sumFor(0.6), -1.3, calibration)).toMatchObject({ label: 'neutral', uncertain: true });
    // z = 1.2: sure of the side.
    expect(opinionVerdict(sumFor(0.6), 0, calibration)).toEqual({ label: 'positive', score: 0.6, confidence: 1 });
  });

  it('is the band alone without a model', () => {
    for (const score of [-0.9, -0.3, -0.05, 0, 0.05, 0.3, 0.9]) {
      expect(opinionVerdict(sumFor(score), -5, { band: 0.1, bias: 0 })).toEqual(toSentiment(sumFor(score), 0.1));
    }
  });

  it('decides whole texts through textSentiment', () => {
    const lexicon = new Map([['awful', -4]]);
    const cues = cuesFor('en');
    const read = (text: string) => textSentiment(analyzeSentiment(text, lexicon, cues, { opinion: words }), calibration);
    expect(read('I think it is awful').label).toBe('negative');
    expect(read('Report: awful weather today https://x.example/a').label).toBe('neutral');
  });
});

describe('the German opinion model', () => {
  const de = loadLanguageModel('de')!;
  const texts = [
    'Ocado Lieferung schon wieder zu spät, echt schlecht',
    'Danke Ocado, super Service und ein sehr freundlicher Fahrer',
    'Ocado eröffnet ein neues Lager in Leipzig https://t.co/abc',
    'Wie ich sehe, hat Ocado heute die Preise gesenkt. Gut so!',
    'Die Zeitung berichtet: Ocado schlecht bewertet http://x.example',
  ];

  it('is part of the shipped German lexicon', () => {
    expect(de.opinion).toBeDefined();
    expect(de.opinion!.words.size).toBeGreaterThan(0);
  });

  it('gives the same verdict through every way of scoring', async () => {
    const score = await createSentimentScorer();
    for (const text of texts) {
      const whole = score(text, 'de');
      expect(explainSentiment(text, 'de')).toMatchObject({ label: whole.label, score: whole.score });
      const post = makePost({ text, language: 'de' });
      const [mention] = scoreMatches(post, [{ brand: 'Ocado', competitor: false, kind: 'name', variant: 'ocado', matched: 'Ocado', start: text.indexOf('Ocado'), end: text.indexOf('Ocado') + 5, distance: 0, tagged: false }]);
      expect(mention!.sentiment, text).toBe(whole.label);
    }
  });

  it('is asked only where the band gives a side, and explains itself then', () => {
    for (const text of texts) {
      const e = explainSentiment(text, 'de');
      const banded = textSentiment(analyzeSentiment(text, de.lexicon, de.cues, { stem: de.stem }), { ...de, opinion: undefined });
      expect(e.opinion !== undefined, text).toBe(banded.label !== 'neutral');
      if (banded.label === 'neutral') expect(e.label).toBe('neutral');
    }
  });
});
