import { describe, expect, it } from 'vitest';
import { cuesFor } from '../../src/sentiment/cues-languages.js';
import { analyzeSentiment, sentimentAt, stripMarks, textFeatures, textSentiment, textSum, toSentiment } from '../../src/sentiment/score-text.js';

/** The sum whose normalised score is `score` (the inverse of toSentiment's normalisation). */
const sumFor = (score: number) => (score * Math.sqrt(15)) / Math.sqrt(1 - score * score);

describe('prefix stems', () => {
  const hr = cuesFor('hr');

  it('adds the weights of every prefix length to the word\'s own', () => {
    const lexicon = new Map([
      ['zado*', 1],
      ['zadovo*', 0.5],
      ['zadovoljna', 0.25],
    ]);
    expect(textSum(analyzeSentiment('zadovoljna', lexicon, hr, { stem: [4, 6] }))).toBeCloseTo(1.75);
    // An inflected form never seen whole still counts through its prefixes.
    expect(textSum(analyzeSentiment('zadovoljni', lexicon, hr, { stem: [4, 6] }))).toBeCloseTo(1.5);
    // A single length as before; 0 means whole words only.
    expect(textSum(analyzeSentiment('zadovoljni', lexicon, hr, { stem: 4 }))).toBeCloseTo(1);
    expect(textSum(analyzeSentiment('zadovoljni', lexicon, hr, { stem: 0 }))).toBe(0);
  });

  it('keys prefixes without diacritics, so a tweet that drops them still matches', () => {
    const lexicon = new Map([['uzas*', -2]]);
    expect(textSentiment(analyzeSentiment('Užasno', lexicon, hr, { stem: 4 })).label).toBe('negative');
    expect(textSentiment(analyzeSentiment('uzasno', lexicon, hr, { stem: 4 })).label).toBe('negative');
  });

  it('trains on the same prefixes the scorer looks up', () => {
    const features = textFeatures(analyzeSentiment('Užasno', new Map(), hr, { features: true, stem: [3, 5] }));
    expect([...features.keys()].sort()).toEqual(['uza*', 'uzasn*', 'užasno']);
  });

  it('folds marks, including letters that do not decompose', () => {
    expect(stripMarks('ništa')).toBe('nista');
    expect(stripMarks('złe')).toBe('zle');
    expect(stripMarks('đak')).toBe('dak');
    expect(stripMarks('szép')).toBe('szep');
    expect(stripMarks('good')).toBe('good');
  });
});

describe('neutral band with a center', () => {
  it('moves the band without changing the score', () => {
    expect(toSentiment(sumFor(0.3), 0.1, 0.25)).toMatchObject({ label: 'neutral', score: 0.3 });
    expect(toSentiment(sumFor(0.4), 0.1, 0.25)).toMatchObject({ label: 'positive', score: 0.4 });
    expect(toSentiment(sumFor(-0.1), 0.1, -0.2)).toMatchObject({ label: 'neutral' });
    expect(toSentiment(sumFor(-0.35), 0.1, -0.2)).toMatchObject({ label: 'negative' });
  });

  it('never calls a negative score positive, or a positive one negative', () => {
    // The band 0.2 ± 0.1 lies above 0: any negative score is negative, 0 is neutral.
    expect(toSentiment(sumFor(-0.05), 0.1, 0.2).label).toBe('negative');
    expect(toSentiment(0, 0.1, 0.2).label).toBe('neutral');
    expect(toSentiment(sumFor(0.05), 0.1, -0.2).label).toBe('positive');
  });

  it('is the symmetric band when the center is 0', () => {
    for (const s of [-0.9, -0.3, -0.05, 0, 0.05, 0.3, 0.9]) expect(toSentiment(sumFor(s), 0.2, 0)).toEqual(toSentiment(sumFor(s), 0.2));
  });

  it('scores no text neutral at exactly 0 even with a zero-width band', () => {
    expect(toSentiment(0, 0)).toMatchObject({ label: 'neutral', score: 0 });
  });
});

describe('sentence marks with weights of their own', () => {
  const en = cuesFor('en');
  const marks = new Map([
    ['?', -1],
    ['!', 0.5],
    ['...', -0.5],
    ['good', 2],
  ]);

  it('adds a question mark, an exclamation mark and a trailing ellipsis once per sentence end, as cues', () => {
    const clauses = analyzeSentiment('Where is my order?? It was due at noon... Thanks!', marks, en);
    expect(clauses.flatMap((c) => c.cues)).toEqual(['?', '...', '!']);
    // -1, -0.5 and 0.5: a mark is added outside the "!" emphasis, which multiplies words only.
    expect(textSum(clauses)).toBeCloseTo(-1);
  });

  it('reads two dots and the single-character ellipsis as "...", and one full stop as no mark', () => {
    expect(analyzeSentiment('Well.. ok', marks, en).flatMap((c) => c.cues)).toEqual(['...']);
    expect(analyzeSentiment('Well… ok', marks, en).flatMap((c) => c.cues)).toEqual(['...']);
    expect(analyzeSentiment('Well. ok', marks, en).flatMap((c) => c.cues)).toEqual([]);
  });

  it('takes a "…" glued to the last word for a cut-off, not an ellipsis', () => {
    expect(analyzeSentiment('RT @ocado: the new depot opens on Mon…', marks, en).flatMap((c) => c.cues)).toEqual([]);
    expect(analyzeSentiment('Feed summary ends here… ', marks, en).flatMap((c) => c.cues)).toEqual([]);
    expect(analyzeSentiment('RT @ocado: the new depot opens on Mon… https://t.co/x1', marks, en).flatMap((c) => c.cues)).toEqual([]);
    expect(analyzeSentiment('Wait… https://t.co/x1 really', marks, en).flatMap((c) => c.cues)).toEqual(['...']);
    expect(analyzeSentiment('Well … ', marks, en).flatMap((c) => c.cues)).toEqual(['...']);
    expect(analyzeSentiment('Well… then', marks, en).flatMap((c) => c.cues)).toEqual(['...']);
  });

  it('leaves a brand whose clause holds only a mark to the whole post', () => {
    const text = 'Tesco? Good, good!';
    const clauses = analyzeSentiment(text, marks, en);
    expect(clauses[0]!.cues).toEqual(['?']);
    expect(sentimentAt(clauses, text.indexOf('Tesco')).label).toBe('positive');
    expect(sentimentAt(clauses, text.indexOf('Tesco')).score).toBe(textSentiment(clauses).score);
  });

  it('is not negated or boosted by the words before it', () => {
    const plain = textSum(analyzeSentiment('Really?', marks, en));
    const negated = textSum(analyzeSentiment('Not really?', marks, en));
    expect(plain).toBeCloseTo(-1);
    expect(negated).toBeCloseTo(-1);
  });

  it('trains on the same marks the scorer adds', () => {
    const features = textFeatures(analyzeSentiment('Good?! Hmm...', new Map(), en, { features: true }));
    expect([...features.keys()].sort()).toEqual(['!', '...', '?', 'good', 'hmm']);
    // The emphasis of "!" multiplies the words of its sentence, not the marks.
    expect(features.get('!')).toBe(1);
    expect(features.get('good')).toBeCloseTo(1.15);
  });
});
